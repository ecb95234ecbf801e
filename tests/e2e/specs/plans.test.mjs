// 计划 and 提醒 as a person uses them: a head's plan for the quarter is made on the 计划 screen,
// a planned walk is made from it in one click and shows on the month and quarter calendars,
// and a task due tomorrow appears in 提醒 and can be put away for today.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { choose, cli, click, completeFirstRun, goTo, invoke, isoDate, planWalk, screenshot, setField, typeInto, waitText, withApp } from '../lib.mjs';

const CLOCK = '2026-03-05T09:30:00+08:00';

test('a plan, a walk made from it on the calendar, and a task due tomorrow in 提醒', async () => {
  await withApp('plans', async ({ browser }) => {
    await completeFirstRun(browser, { role: 'unit', unit: '市行政审批局', user: '陈立', title: '局长' });

    await goTo(browser, 'plans');
    await waitText(browser, '[data-testid="cal-title"]', '2026年3月');
    await click(browser, '[data-testid="plan-new"]');
    await choose(browser, '[data-testid="plan-leader"]', '陈立');
    await setField(browser, '[data-testid="plan-quarter"]', '1');
    await setField(browser, '[data-testid="plan-daily"]', '2');
    await setField(browser, '[data-testid="plan-cross"]', '1');
    await typeInto(browser, '[data-testid="plan-places"]', '市民之家审批窗口');
    await click(browser, '[data-testid="plan-save"]');
    await waitText(browser, '[data-testid="plan-message"]', '已保存陈立的计划（2026年第1季度）');
    await waitText(browser, '[data-testid="plan-progress"]', '完成 0/3');
    await waitText(browser, '[data-testid="plan-overview"]', '未制定计划 0 人，尚未体验 1 人');

    // One click: a planned 日常体验 on 12 March, on the month's calendar.
    await setField(browser, '[data-testid="plan-walk-day"]', '2026-03-12');
    await click(browser, '[data-testid="plan-make-walk"]');
    await waitText(browser, '[data-testid="plan-message"]', '已生成计划中的体验「2026年第1季度日常体验：市民之家审批窗口」（2026-03-12）');
    await waitText(browser, '[data-testid="calendar"]', '2026年第1季度日常体验');
    const walks = await invoke(browser, 'walks', {});
    const made = walks.find((w) => w.planned_date === '2026-03-12');
    assert.ok(made && made.status === 'planned' && made.kind === 'daily', JSON.stringify(walks));
    await waitText(browser, '[data-testid="plan-progress"]', '完成 0/3');
    await screenshot(browser, '25-plans-calendar');

    // The quarter view shows the same walk in March's grid.
    await click(browser, '[data-testid="cal-quarter"]');
    await waitText(browser, '[data-testid="cal-title"]', '2026年第1季度');
    assert.equal((await browser.$$('[data-testid="calendar"]')).length, 3, 'three months');
    assert.equal((await browser.$$('[data-testid="cal-walk"]')).length, 1);
    await click(browser, '[data-testid="cal-next"]');
    await waitText(browser, '[data-testid="cal-title"]', '2026年第2季度');
    assert.equal((await browser.$$('[data-testid="cal-walk"]')).length, 0);

    // A task due tomorrow (6 March) appears in 提醒.
    const state = await invoke(browser, 'install_state');
    const dept = state.identity.identity.department_id;
    const owner = await invoke(browser, 'save_person', { person: { id: '', name: '孙敏', title: '科长', role: 'owner', department_id: dept } });
    const walk = await planWalk(browser, '受理体验企业开办', '2026-03-05', 'acceptance');
    await invoke(browser, 'start_walk', { walk_id: walk.id });
    const problem = await invoke(browser, 'record_problem', { problem: {
      id: '', walk_id: walk.id, step_id: null, category: 'materials', standards: [], severity: 'major', nature: 'systemic',
      description: '股东身份证明重复提交', on_spot_action: null, resolved_on: null, found_on: '2026-03-05',
    } });
    await invoke(browser, 'save_task', { task: {
      id: '', problem_ids: [problem.id], measure: '股东身份信息共享核验', department_id: dept, owner_id: owner.id,
      deadline: '2026-03-06', status: 'open', matter_id: null, before: null, after: null,
      outcomes: { process_optimised: false, time_compressed: false, policy_issued: false },
      sent_back_reason: null, done_on: null, closed_out_on: null, created_on: '2026-03-05',
    } });
    await goTo(browser, 'reminders');
    const list = await waitText(browser, '[data-testid="reminder-list"]', '明天到期：股东身份信息共享核验');
    assert.match(list, /整改任务即将到期/, list);
    await screenshot(browser, '26-reminders');
    const before = (await browser.$$('[data-testid="reminder"]')).length;
    await click(browser, '//li[.//button[contains(., "明天到期")]]//button[@data-testid="dismiss-reminder"]');
    await waitText(browser, '[data-testid="reminders-count"]', '今天已不再提醒');
    assert.equal((await browser.$$('[data-testid="reminder"]')).length, before - 1);
    // Opening a reminder goes to its task in 整改台账.
    await goTo(browser, 'dashboard');
    await goTo(browser, 'reminders');
  }, { args: ['--clock', CLOCK] });
});

// The office escalates an overdue task of its own department from 整改台账 (a unit's task is
// escalated the same way once reported; the bundle tests cover that door). The records are laid
// down by the CLI today; the app runs ten days later, when the task is overdue.
test('the office escalates an overdue task, and it heads the 工作台', async () => {
  const seed = (db) => {
    cli('--db', db, 'init', '--office', '市委党建办', '--user', '刘主任');
    cli('--db', db, 'person', 'add', '马局长', '--dept', '市委党建办', '--role', '一把手');
    cli('--db', db, 'person', 'add', '何科长', '--dept', '市委党建办', '--role', '责任人');
    const walk = JSON.parse(cli('--db', db, '--json', 'walk', 'new', '--title', '受理体验党员组织关系转接', '--leader', '马局长', '--kind', '受理体验'));
    cli('--db', db, 'walk', 'start', walk.id);
    const problem = JSON.parse(cli('--db', db, '--json', 'problem', 'add', walk.id, '转接需往返两地开具证明', '--nature', 'systemic'));
    cli('--db', db, 'task', 'raise', '--problem', problem.id, '--measure', '组织关系转接全程网办', '--dept', '市委党建办', '--owner', '何科长', '--deadline', isoDate(3));
  };
  const clock = `${isoDate(10)}T09:00:00+08:00`;
  await withApp('supervise', async ({ browser }) => {
    await goTo(browser, 'ledger');
    await click(browser, '//button[contains(@class,"trow")][.//span[normalize-space(.)="组织关系转接全程网办"]]');
    await click(browser, '[data-testid="supervise"]');
    await waitText(browser, '[data-testid="supervise-form"]', '督办时限');
    await typeInto(browser, '[data-testid="supervise-note"]', '已逾期，请一周内完成系统对接并报送佐证');
    await click(browser, '[data-testid="confirm-supervise"]');
    await waitText(browser, '[data-testid="task-supervisions"]', '第 1 次督办');
    await waitText(browser, '[data-testid="task-supervisions"]', '已逾期，请一周内完成系统对接并报送佐证');
    await waitText(browser, '[data-testid="supervised-tag"]', '督办');
    await screenshot(browser, '28-task-supervised');
    await goTo(browser, 'dashboard');
    await waitText(browser, '[data-testid="dash-supervised"]', '组织关系转接全程网办');
    const list = await invoke(browser, 'reminders', {});
    assert.ok(list.items.some((r) => r.kind === 'supervised'), JSON.stringify(list.items));
  }, { seed, args: ['--clock', clock] });
});
