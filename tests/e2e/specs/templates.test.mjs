// Templates as files (issue 14, item 3): on 导出 the shipped 体验纪实表 template is listed from
// the data folder; a copy is edited, refused with its line when broken, previewed on the current
// data, saved under its own name, made the default, and the export then prints with it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { choose, click, goTo, screenshot, seedDemo, setField, textOf, until, waitText, withApp } from '../lib.mjs';

test('a template copy is checked, previewed, saved and becomes the default', async () => {
  await withApp('templates', async ({ browser, dir }) => {
    await goTo(browser, 'export');
    await click(browser, '[data-testid="export-kind-walk_record"]');
    await waitText(browser, '[data-testid="template-choice"]', '体验纪实表（内置） · 默认');
    assert.ok(existsSync(join(dir, '模板', '体验纪实表', '体验纪实表.md')), 'the shipped template is a file in the data folder');

    await click(browser, '[data-testid="template-edit"]');
    await until(browser, async () => (await (await browser.$('[data-testid="template-source"]')).getValue()).includes('一、基本情况'),
      { msg: '编辑器中应是内置模板的内容' });
    await setField(browser, '[data-testid="template-name"]', '市局版');
    // A broken line: refused, the line named and selected in the editor, nothing saved.
    await setField(browser, '[data-testid="template-source"]', '# 市局版纪实\n\n{{ walk.title }\n');
    await click(browser, '[data-testid="template-save"]');
    await waitText(browser, '[data-testid="template-error-line"]', '错误在第 3 行');
    await waitText(browser, '[data-testid="template-editor"] [data-testid="error"]', '模板第 3 行有错误');
    const selected = await browser.execute(() => {
      const a = document.querySelector('[data-testid="template-source"]');
      return a.value.slice(a.selectionStart, a.selectionEnd);
    });
    assert.equal(selected, '{{ walk.title }');
    assert.ok(!existsSync(join(dir, '模板', '体验纪实表', '市局版.md')));

    // Fixed: previewed on the chosen walk, then saved.
    const walkTitle = await browser.execute(() => {
      const s = document.querySelector('[data-testid="export-walk"]');
      return s.options[s.selectedIndex].textContent.replace(/^\S+\s/, '');
    });
    await setField(browser, '[data-testid="template-source"]', '---\ntitle: 市局版\n---\n# 市局版纪实：{{ walk.title }}\n\n体验单位：{{ unit }}\n');
    await click(browser, '[data-testid="template-preview"]');
    await waitText(browser, '[data-testid="template-preview-result"]', `市局版纪实：${walkTitle}`);
    await waitText(browser, '[data-testid="template-preview-result"]', '共 1 页');
    const shown = await textOf(browser, '[data-testid="template-preview-result"] .md');
    assert.ok(!shown.includes('title:'), 'the front matter is not shown as text');
    await screenshot(browser, '35-template-editor');
    await click(browser, '[data-testid="template-save"]');
    await waitText(browser, '[data-testid="notice"]', '模板副本“市局版”已保存');
    await waitText(browser, '[data-testid="template-choice"]', '市局版');
    assert.equal(readFileSync(join(dir, '模板', '体验纪实表', '市局版.md'), 'utf8').split('\n')[3], '# 市局版纪实：{{ walk.title }}');

    // The default: chosen once, used by every export that names no template.
    await click(browser, '[data-testid="template-default"]');
    await waitText(browser, '[data-testid="template-choice"]', '市局版 · 默认');
    await goTo(browser, 'dashboard');
    await goTo(browser, 'export');
    await click(browser, '[data-testid="export-kind-walk_record"]');
    await until(browser, async () => (await browser.execute(() => {
      const s = document.querySelector('[data-testid="template-choice"]');
      return s ? s.options[s.selectedIndex]?.textContent : '';
    })) === '市局版 · 默认', { msg: '回到导出时默认选中市局版' });
    await click(browser, '[data-testid="run-export"]');
    await waitText(browser, '[data-testid="export-result"]', '已导出', 30000);
    const pdf = await textOf(browser, '[data-testid="export-path"]');
    const text = execFileSync('pdftotext', ['-layout', pdf, '-'], { encoding: 'utf8' }).replace(/\s+/g, '');
    assert.ok(text.includes(`市局版纪实：${walkTitle.replace(/\s+/g, '')}`), text.slice(0, 200));
  }, { seed: seedDemo });
});
