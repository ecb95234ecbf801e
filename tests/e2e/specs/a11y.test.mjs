// Accessibility (issue 14, item 6): axe-core, injected through WebDriver, checks every screen on
// the demo data, the open views within them (a walk live and in the editor, a task's detail, the
// global search), and finds no serious or critical violation. The minor ones are printed.
// 帮助 is among the screens: the manual with its screenshots.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { axeReport, axeViolations, choose, click, fieldNameProblems, goTo, isSerious, screenshot, seedDemo, waitText, withApp } from '../lib.mjs';

const SCREENS = [
  ['dashboard', '工作台'], ['reminders', '提醒'], ['plans', '计划'], ['walks', '体验记录'], ['problems', '问题清单'],
  ['ledger', '整改台账'], ['chart', '挂图推进'], ['stats', '统计'], ['exchange', '报送与接收'], ['conflicts', '冲突'],
  ['export', '导出'], ['import', '导入'], ['verify', '核验'], ['settings', '设置'], ['help', '帮助'],
];

test('axe-core finds no serious violation on any screen', async () => {
  await withApp('a11y', async ({ browser }) => {
    const [serious, minor] = [[], []];
    const check = async (where) => {
      // Two frames: the last render is painted before axe reads colours and sizes.
      await browser.executeAsync((done) => requestAnimationFrame(() => requestAnimationFrame(() => done())));
      const found = await axeViolations(browser, where);
      serious.push(...axeReport(where, found.filter(isSerious)));
      // Every form field named, and no two with the same name on one screen (rows of a list aside).
      serious.push(...(await fieldNameProblems(browser)).map((p) => `${where} ${p}`));
      minor.push(...found.filter((v) => !isSerious(v)).map((v) => `${where}：[${v.impact}] ${v.id}（${v.nodes.length} 处）`));
    };
    await goTo(browser, 'settings');
    await choose(browser, '[data-testid="current-user"]', '党建办');
    for (const [id, name] of SCREENS) {
      await goTo(browser, id);
      await waitText(browser, id === 'help' ? '[data-testid="help-manual"] h1' : 'main h1', id === 'help' ? '用户手册' : name);
      await browser.pause(id === 'stats' || id === 'chart' ? 800 : 300); // lists load; ECharts animates in
      await check(name);
    }

    // 设置 → 关于: version, install id, and the records' font with its licence.
    await goTo(browser, 'settings');
    await waitText(browser, '[data-testid="about-version"]', '0.1.0（MIT 许可）');
    await waitText(browser, '[data-testid="about-install-id"]', (t) => t.length >= 8);
    await waitText(browser, '[data-testid="about-font"]', 'SIL Open Font License 1.1');
    await browser.execute(() => document.querySelector('[data-testid="about"]')?.scrollIntoView());
    await screenshot(browser, '38-about');

    // 帮助 shows the manual with every screenshot loaded from the app itself.
    await goTo(browser, 'help');
    const images = await browser.execute(() => [...document.querySelectorAll('[data-testid="help-manual"] img')]
      .map((i) => ({ src: i.getAttribute('src'), ok: i.complete && i.naturalWidth > 0 })));
    assert.ok(images.length >= 8, `手册应有截图：${JSON.stringify(images)}`);
    assert.ok(images.every((i) => i.ok), `截图未能显示：${JSON.stringify(images.filter((i) => !i.ok))}`);
    await screenshot(browser, '36-help');

    await goTo(browser, 'walks');
    await click(browser, '[data-testid="walk-list"] tbody tr button.link');
    await waitText(browser, '[data-testid="steps"]', (t) => t.length > 0);
    await check('体验现场');
    await goTo(browser, 'walks');
    await click(browser, '[data-testid="new-walk"]');
    await waitText(browser, 'main h1', '开始新的体验');
    await check('体验编辑');

    await goTo(browser, 'ledger');
    await click(browser, '[data-testid="ledger-rows"] [data-task-id]');
    await waitText(browser, '[data-testid="task-detail"]', '整改措施');
    await check('整改任务详情');

    await click(browser, '[data-testid="global-search-open"]');
    await (await browser.$('[data-testid="global-search-input"]')).addValue('材料');
    await browser.waitUntil(async () => (await browser.$$('[data-testid="global-search-hits"] [data-kind]')).length > 0, { timeout: 10000 });
    await check('全局搜索');
    console.log(minor.length ? `axe-core 的一般问题：\n${minor.join('\n')}` : 'axe-core：没有一般问题。');
    assert.deepEqual(serious, [], `axe-core 找到严重的无障碍问题：\n${serious.join('\n')}`);
  }, { seed: seedDemo });
});
