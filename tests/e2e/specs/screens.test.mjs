// Every screen on the demo data, as the 党建办 sees it: each opens without an error, and a
// screenshot of each is saved (into docs/screenshots with `make screenshots`).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { choose, click, goTo, screenshot, seedDemo, textOf, waitText, withApp } from '../lib.mjs';

async function noError(browser, where) {
  const errors = await browser.$$('[data-testid="error"]').map((e) => e.getText());
  assert.deepEqual(errors, [], `${where} 显示了错误`);
}

test('every screen opens on the demo data', async () => {
  await withApp('screens', async ({ browser }) => {
    await goTo(browser, 'settings');
    await waitText(browser, '[data-testid="current-user"]', '党建办');
    await choose(browser, '[data-testid="current-user"]', '党建办');
    await waitText(browser, '[data-testid="current-role"]', '党建办');
    await noError(browser, '设置');
    await screenshot(browser, '07-settings');

    await goTo(browser, 'dashboard');
    await waitText(browser, '[data-testid="fig-walks"]', (t) => Number(t) > 0);
    await noError(browser, '工作台');
    await screenshot(browser, '01-dashboard');

    await goTo(browser, 'walks');
    await waitText(browser, '[data-testid="walk-list"]', '已归档');
    await noError(browser, '体验记录');
    await screenshot(browser, '02-walks');

    // An ongoing walk in the live screen, if the demo has one; else the newest walk.
    const live = (await browser.$('//tr[.//span[normalize-space(.)="进行中"]]//button[contains(@class,"link")]')).isExisting();
    const link = (await live)
      ? '//tr[.//span[normalize-space(.)="进行中"]]//button[contains(@class,"link")]'
      : '[data-testid="walk-list"] tbody tr button.link';
    await click(browser, link);
    await waitText(browser, '[data-testid="steps"]', (t) => t.length > 0);
    await noError(browser, '体验现场');
    await screenshot(browser, '03-live-walk');

    await goTo(browser, 'walks');
    await click(browser, '[data-testid="new-walk"]');
    await waitText(browser, 'main h1', '开始新的体验');
    await screenshot(browser, '03b-walk-editor');

    await goTo(browser, 'problems');
    await waitText(browser, '[data-testid="problem-list"]', '复杂共性');
    await noError(browser, '问题清单');
    await screenshot(browser, '04-problems');

    await goTo(browser, 'ledger');
    await waitText(browser, '[data-testid="ledger-total"]', (t) => /共 [1-9]\d* 项/.test(t));
    await click(browser, '[data-testid="ledger-overdue"]');
    await click(browser, '[data-testid="ledger-rows"] [data-task-id]');
    await waitText(browser, '[data-testid="task-detail"]', '整改措施');
    await noError(browser, '整改台账');
    await screenshot(browser, '05-ledger');

    await goTo(browser, 'stats');
    await waitText(browser, '[data-testid="stats-sentence"]', '发现问题');
    await browser.pause(600); // ECharts animates its bars in
    await noError(browser, '统计');
    await screenshot(browser, '06-stats');
    // 纪实真实性: the demo's housing fund centre types its walks in afterwards and stands out first.
    const evidence = await waitText(browser, '[data-testid="stats-evidence"]', '现场记录');
    assert.match(evidence, /完成的 \d+ 次体验中，现场记录 \d+ 次/, evidence);
    const first = await textOf(browser, '[data-testid="evidence-row"]');
    assert.match(first, /郑州住房公积金管理中心\s*多为事后补录/, first);
    await browser.execute(() => document.querySelector('[data-testid="stats-evidence"]')?.scrollIntoView());
    await screenshot(browser, '06b-stats-evidence');

    await goTo(browser, 'export');
    await click(browser, '[data-testid="run-export"]');
    await waitText(browser, '[data-testid="export-result"]', '已导出');
    await screenshot(browser, '08-export');
  }, { seed: seedDemo });
});
