// The live screen's times are the core's: with the app's clock set to a known morning, the
// steps show that morning's times, not the test machine's; and a save that arrives after
// 下一环节 (a slow save or an old draft, carrying the step's stale times) cannot reopen it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { click, completeFirstRun, goTo, invoke, planWalk, textOf, typeInto, until, waitText, withApp } from '../lib.mjs';

const CLOCK = '2026-03-05T09:30:00+08:00';

test('live times come from the core and a late save cannot reopen a step', async () => {
  await withApp('live-clock', async ({ browser }) => {
    // A 单位端 install: the first-run screen makes the unit and its head, the current user.
    await completeFirstRun(browser, { role: 'unit', unit: '市政务服务中心', user: '周强', title: '主任' });
    await planWalk(browser, '体验企业开办一件事', '2026-03-05');

    await goTo(browser, 'walks');
    await click(browser, '//button[normalize-space(.)="体验企业开办一件事"]');
    await click(browser, '[data-testid="start-walk"]');
    await waitText(browser, '[data-testid="walk-status"]', '进行中');
    for (const name of ['取号', '综合窗口受理']) {
      await typeInto(browser, '[data-testid="next-name"]', name);
      await click(browser, '[data-testid="next-step"]');
      await waitText(browser, '[data-testid="steps"]', name);
    }
    // The steps read 09:30 on the core's clock, whatever the machine's clock says.
    const list = await textOf(browser, '[data-testid="steps"]');
    assert.match(list, /取号\s*09:30–09:3\d/, list);
    assert.match(list, /综合窗口受理\s*09:3\d 进行中/, list);

    // A late save of the first step with its draft's times: the core keeps its record.
    const detail = await invoke(browser, 'walk_detail', { walk_id: (await invoke(browser, 'walks', {}))[0].id });
    const first = detail.steps[0];
    assert.ok(first.ended_at, 'the first step was closed by 下一环节');
    const saved = await invoke(browser, 'save_step', { step: { ...first, ended_at: null, started_at: '2026-01-01T08:00:00+08:00', observations: '迟到的保存' } });
    assert.equal(saved.ended_at, first.ended_at);
    assert.equal(saved.started_at, first.started_at);
    const again = await invoke(browser, 'walk_detail', { walk_id: detail.walk.id });
    assert.equal(again.steps.filter((s) => !s.ended_at).length, 1, 'only the current step is open');
    await until(browser, async () => (await textOf(browser, '[data-testid="steps"]')).includes('取号'));

    // Correcting a time is its own act: 修改时间 on the first step, on its own day and offset.
    await click(browser, '//button[contains(@class,"step-btn")][.//span[normalize-space(.)="取号"]]');
    await click(browser, '[data-testid="retime-open"]');
    await typeInto(browser, '[data-testid="retime-start"]', '09:20');
    await click(browser, '[data-testid="retime-save"]');
    // The corrected step is marked 事后修改 in the list; the core keeps the time first recorded.
    await waitText(browser, '[data-testid="steps"]', (t) => /取号\s*事后修改\s*09:20–09:3\d/.test(t));
    const retimed = (await invoke(browser, 'walk_detail', { walk_id: detail.walk.id })).steps[0];
    assert.equal(retimed.started_at, '2026-03-05T09:20:00+08:00');
    assert.equal(retimed.ended_at, first.ended_at, 'the end stays as recorded');
    assert.equal(retimed.capture.original_started_at, first.started_at);
  }, { args: ['--clock', CLOCK] });
});
