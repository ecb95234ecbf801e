// First setup on a new database, as a newcomer does it (issue 8): the first-run screen names the
// unit; the people and matter forms in 设置 then point at it; a person without a role is refused
// beside the role field, and nobody becomes 一把手 by default.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { choose, click, completeFirstRun, goTo, typeInto, waitText, withApp } from '../lib.mjs';

/** The visible text of the selected option of a <select>. */
async function selectedText(browser, selector) {
  const el = await browser.$(selector);
  return browser.execute((node) => node.selectedOptions[0]?.textContent ?? '', el);
}

test('first setup: the new unit is chosen, and the role must be chosen', async () => {
  await withApp('setup', async ({ browser }) => {
    await completeFirstRun(browser, { role: 'unit', unit: '市医疗保障局', user: '李强', title: '局长' });
    await goTo(browser, 'settings');
    await waitText(browser, '[data-testid="dept-tree"]', '市医疗保障局');
    await browser.waitUntil(async () => (await selectedText(browser, '[data-testid="person-dept"]')) === '市医疗保障局', {
      timeout: 5000, timeoutMsg: '所在单位没有跟随新添加的单位',
    });
    assert.equal(await selectedText(browser, '[data-testid="matter-dept"]'), '市医疗保障局');
    assert.equal(await selectedText(browser, '[data-testid="person-role"]'), '请选择角色');

    await typeInto(browser, '[data-testid="person-name"]', '周敏');
    await click(browser, '//button[normalize-space(.)="添加人员"]');
    await waitText(browser, '[data-testid="field-error"][data-field="role"]', '请选择角色');
    assert.equal(await (await browser.$('main table.grid')).getText().then((t) => t.includes('周敏')), false);

    await choose(browser, '[data-testid="person-role"]', '责任人');
    await click(browser, '//button[normalize-space(.)="添加人员"]');
    await waitText(browser, 'main table.grid', '周敏');
    await waitText(browser, 'main table.grid', '责任人');
  });
});
