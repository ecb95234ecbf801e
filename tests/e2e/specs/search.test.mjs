// Search everywhere (issue 14, item 5): a two-character word from the demo's problems finds its
// task from 整改台账's search box and its problem from the global search (Ctrl+K), and each opens
// the record. Coming back to 整改台账 finds the task that was open (item 6).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { click, goTo, screenshot, seedDemo, textOf, typeInto, until, waitText, withApp } from '../lib.mjs';

const WORD = '推诿'; // 「首问窗口对非本部门事项推诿」, one of the demo's problems

test('a two-character word finds a problem from 整改台账 and from the global search', async () => {
  await withApp('search', async ({ browser }) => {
    await goTo(browser, 'ledger');
    const all = Number((await waitText(browser, '[data-testid="ledger-total"]', (t) => /共 [1-9]\d* 项/.test(t))).match(/\d+/)[0]);
    await typeInto(browser, '[data-testid="ledger-search"]', WORD);
    const found = await until(browser, async () => {
      const n = Number((await textOf(browser, '[data-testid="ledger-total"]')).match(/\d+/)[0]);
      return n > 0 && n < all ? n : 0;
    }, { msg: `整改台账搜索“${WORD}”应找到部分任务` });
    // Every task found addresses a problem (or says in its measure or notes) with the word.
    const rows = await browser.$$('[data-testid="ledger-rows"] [data-task-id]');
    assert.ok(rows.length > 0 && rows.length <= found);
    await rows[0].click();
    const taskId = await rows[0].getAttribute('data-task-id');
    await waitText(browser, '[data-testid="task-detail"]', WORD);
    await screenshot(browser, '33-ledger-search');

    // Away and back through the menu: the task is still open, the search still typed.
    await goTo(browser, 'dashboard');
    await goTo(browser, 'ledger');
    await waitText(browser, '[data-testid="task-detail"]', WORD);
    assert.equal(await (await browser.$('[data-testid="ledger-search"]')).getValue(), WORD);
    await until(browser, async () => (await browser.$(`[data-testid="ledger-rows"] [data-task-id="${taskId}"].sel`)).isExisting(),
      { msg: '回到整改台账后，原先打开的任务应仍被选中' });

    // Ctrl+K from anywhere: the global search over every kind of record.
    await goTo(browser, 'dashboard');
    await browser.keys(['Control', 'k']);
    const input = await browser.$('[data-testid="global-search-input"]');
    await input.waitForDisplayed({ timeout: 5000 });
    assert.equal(await browser.execute(() => document.activeElement?.dataset.testid), 'global-search-input', 'the box has the focus');
    await input.addValue(WORD);
    await until(browser, async () => (await browser.$$('[data-testid="global-search-hits"] [data-kind="problem"]')).length > 0,
      { msg: `全局搜索“${WORD}”应找到问题` });
    const kinds = await browser.$$('[data-testid="global-search-hits"] [data-kind]').map((e) => e.getAttribute('data-kind'));
    assert.ok(kinds.includes('task') || kinds.includes('problem'), kinds.join(','));
    await screenshot(browser, '34-global-search');
    const hit = await browser.$('[data-testid="global-search-hits"] [data-kind="problem"]');
    const problemId = await hit.getAttribute('data-id');
    await hit.click();
    // The problem opens in 问题清单, marked, with the list searched for the same word.
    const row = await browser.$(`[data-testid="problem-list"] tr[data-problem-id="${problemId}"]`);
    await row.waitForExist({ timeout: 10000 });
    assert.equal(await row.getAttribute('aria-current'), 'true');
    assert.match(await browser.execute((n) => n.textContent, row), new RegExp(WORD));
    assert.equal(await (await browser.$('[data-testid="problem-search"]')).getValue(), WORD);
    const listed = await browser.$$('[data-testid="problem-list"] tr[data-problem-id]').map((r) => browser.execute((n) => n.textContent, r));
    assert.ok(listed.length > 0 && listed.every((t) => t.includes(WORD)), '问题清单只列出含该词的问题');

    // A task hit opens the task in 整改台账; Escape closes the box without a jump.
    await browser.keys(['Control', 'k']);
    await (await browser.$('[data-testid="global-search-input"]')).waitForDisplayed({ timeout: 5000 });
    await until(browser, async () => (await browser.$$('[data-testid="global-search-hits"] [data-kind]')).length > 0,
      { msg: '再次打开时保留上次的搜索' });
    await browser.keys(['Escape']);
    await until(browser, async () => !(await (await browser.$('[data-testid="global-search"]')).isExisting()), { msg: 'Esc 关闭搜索' });
    await waitText(browser, 'main h1', '问题清单');
    await click(browser, '[data-testid="global-search-open"]');
    const box = await browser.$('[data-testid="global-search-input"]');
    await box.waitForDisplayed({ timeout: 5000 });
    await box.clearValue();
    await box.addValue('兜底');
    const taskHit = await until(browser, async () => {
      const el = await browser.$('[data-testid="global-search-hits"] [data-kind="task"], [data-testid="global-search-hits"] [data-kind="note"]');
      return (await el.isExisting()) ? el : null;
    }, { msg: '全局搜索“兜底”应找到整改任务' });
    await taskHit.click();
    await waitText(browser, 'main h1', '整改台账');
    await waitText(browser, '[data-testid="task-detail"]', '整改措施');
  }, { seed: seedDemo });
});
