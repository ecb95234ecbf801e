// 挂图推进: two milestones added through the task detail (one marked done with its 完成佐证),
// then the 挂图 screen shows the task's row with both diamonds; its first screen is timed.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { choose, cli, click, isoDate, screenshot, seedDemo, setField, typeInto, until, waitText, withApp } from '../lib.mjs';

test('a task\'s milestones, added in 整改台账, show on the 挂图', async () => {
  let task;
  const seed = (db) => {
    seedDemo(db);
    const page = JSON.parse(cli('--db', db, '--json', 'tasks', '--status', 'in_progress'));
    task = page.rows[0].task;
  };
  await withApp('chart', async ({ browser }) => {
    await (await browser.$('nav [data-screen="ledger"]')).waitForClickable({ timeout: 15000 });
    await click(browser, 'nav [data-screen="ledger"]');
    await choose(browser, '[data-testid="ledger-status"]', '整改中');
    await click(browser, `[data-testid="ledger-rows"] [data-task-id="${task.id}"]`);
    await waitText(browser, '[data-testid="task-milestones"]', '暂无整改节点');
    // A late one (three days ago, left undone) and one ahead, marked done today.
    await typeInto(browser, '[data-testid="milestone-name"]', '完成调研摸底');
    await setField(browser, '[data-testid="milestone-date"]', isoDate(-3));
    await click(browser, '[data-testid="add-milestone"]');
    await waitText(browser, '[data-testid="task-milestones"]', '完成调研摸底');
    await typeInto(browser, '[data-testid="milestone-name"]', '印发实施方案');
    await setField(browser, '[data-testid="milestone-date"]', isoDate(20));
    await click(browser, '[data-testid="add-milestone"]');
    await waitText(browser, '[data-testid="task-milestones"]', '印发实施方案');
    const items = await browser.$$('[data-testid="milestone"]');
    assert.equal(items.length, 2);
    // Done needs evidence: the core refuses an empty one.
    const doneButtons = await browser.$$('[data-testid="milestone-done"]');
    await doneButtons[1].click();
    await click(browser, '[data-testid="milestone-confirm"]');
    await until(browser, async () => (await browser.$$('[data-testid="field-error"], [data-testid="error"]')).length > 0, { msg: '空佐证未被拒绝' });
    await typeInto(browser, '[data-testid="milestone-evidence"]', '郑政办〔2026〕12号');
    await click(browser, '[data-testid="milestone-confirm"]');
    await waitText(browser, '[data-testid="task-milestones"]', '佐证：郑政办〔2026〕12号');
    await screenshot(browser, '30b-task-milestones');

    const t0 = Date.now();
    await click(browser, 'nav [data-screen="chart"]');
    await (await browser.$('[data-testid="chart-rows"] .crow')).waitForExist({ timeout: 10000 });
    const firstScreen = Date.now() - t0;
    console.log(`挂图首屏（演示数据，含 WebDriver 往返）：${firstScreen} ms`);
    // The task has an undone milestone past its date: 滞后.
    await choose(browser, '[data-testid="chart-status"]', '滞后');
    const row = await browser.$(`[data-testid="chart-rows"] [data-task-id="${task.id}"]`);
    await row.waitForExist({ timeout: 10000 });
    const diamonds = await row.$$('[data-testid="chart-milestone"]');
    assert.equal(diamonds.length, 2, 'both milestones are on the row');
    const classes = [];
    for (const d of diamonds) classes.push(await d.getAttribute('class'));
    assert.ok(classes.some((c) => c.includes('done')) && classes.some((c) => c.includes('late')), classes.join(' / '));
    const behind = Number(await (await browser.$('[data-testid="chart-behind"]')).getText());
    assert.ok(behind >= 1);
    await screenshot(browser, '30-chart');
    // A click opens the task in 整改台账.
    await row.click();
    await waitText(browser, '[data-testid="task-detail"]', '印发实施方案');
  }, { seed });
});
