import { describe, expect, it } from 'vitest';
import { overdueRanking, rowDeadlineText, rowTone, taskButtons, taskFromProblem } from './tasks';
import type { Person, Problem, TaskStatus } from './types';

const problem: Problem = {
  id: 'p1', walk_id: 'w1', department_id: 'd1', source: 'walk', work_order_no: null, step_id: null, category: 'materials', standards: [], severity: 'major', nature: 'systemic',
  description: '二手房转移登记需重复提交身份证明材料', on_spot_action: null, resolved_on: null, found_on: '2026-05-06',
};
const people: Person[] = [
  { id: 'h', name: '张局长', title: '局长', role: 'head', department_id: 'd1' },
  { id: 'o', name: '李科长', title: '科长', role: 'owner', department_id: 'd1' },
  { id: 'x', name: '王主任', title: '', role: 'office', department_id: 'd2' },
];

describe('taskFromProblem', () => {
  it('pre-fills from the problem with the unit owner and a deadline 30 days on', () => {
    const t = taskFromProblem(problem, 'd1', people, '2026-05-06');
    expect(t.problem_ids).toEqual(['p1']);
    expect(t.owner_id).toBe('o');
    expect(t.deadline).toBe('2026-06-05');
    expect(t.measure).toContain('二手房转移登记');
    expect(t.status).toBe('open');
  });
  it('falls back to the head, then to nobody', () => {
    expect(taskFromProblem(problem, 'd1', people.filter((p) => p.role !== 'owner'), '2026-05-06').owner_id).toBe('h');
    expect(taskFromProblem(problem, 'd9', people, '2026-05-06').owner_id).toBe('');
  });
});

describe('taskButtons', () => {
  it('needs evidence before 完成', () => {
    expect(taskButtons('in_progress', 'owner', false).done).toBe(false);
    expect(taskButtons('in_progress', 'owner', true).done).toBe(true);
    expect(taskButtons('open', 'owner', false).start).toBe(true);
  });
  it('gives 销号 and 退回 to the office only, for done tasks', () => {
    expect(taskButtons('done', 'owner', true)).toMatchObject({ closeOut: false, sendBack: false });
    expect(taskButtons('done', 'office', true)).toMatchObject({ closeOut: true, sendBack: true, done: false });
    expect(taskButtons('in_progress', 'office', true)).toMatchObject({ closeOut: false, sendBack: false });
  });
  it('never offers 销号 or 退回 on a 单位端 install, even to a 党建办 person', () => {
    expect(taskButtons('done', 'office', true, { install: 'unit', own: true })).toMatchObject({ closeOut: false, sendBack: false });
    expect(taskButtons('done', 'office', true, { install: 'office', own: false })).toMatchObject({ closeOut: true, sendBack: true });
  });
  it("leaves another unit's work to that unit on the 党建办端", () => {
    expect(taskButtons('in_progress', 'office', true, { install: 'office', own: false })).toEqual({
      start: false, note: false, done: false, closeOut: false, sendBack: false, edit: false,
    });
    expect(taskButtons('in_progress', 'office', true, { install: 'office', own: true }).note).toBe(true);
  });
  it('freezes closed-out tasks', () => {
    expect(taskButtons('closed_out', 'office', true)).toEqual({ start: false, note: false, done: false, closeOut: false, sendBack: false, edit: false });
  });
});

describe('rowTone', () => {
  const row = (deadline: string, status: TaskStatus, overdue: boolean) => ({ overdue, task: { deadline, status } });
  it('colours red exactly the rows the core flags overdue, whatever the browser clock says', () => {
    // The browser thinks it is still 2026-05-06; the core (its clock) already says overdue.
    expect(rowTone(row('2026-05-06', 'open', true), '2026-05-06')).toBe('overdue');
    expect(rowTone(row('2026-05-10', 'in_progress', true), '2026-05-06')).toBe('overdue');
    // The browser's clock is ahead; the core says not overdue: not red.
    expect(rowTone(row('2026-05-01', 'open', false), '2026-05-06')).toBe('soon');
    expect(rowTone(row('2026-05-01', 'closed_out', false), '2026-05-06')).toBe('');
  });
  it('colours due-soon amber', () => {
    expect(rowTone(row('2026-05-10', 'in_progress', false), '2026-05-06')).toBe('soon');
    expect(rowTone(row('2026-06-10', 'open', false), '2026-05-06')).toBe('');
    expect(rowTone(row('2026-05-10', 'done', false), '2026-05-06')).toBe('');
  });
  it('says overdue when the core does', () => {
    expect(rowDeadlineText(row('2026-05-06', 'open', true), '2026-05-06')).toBe('已逾期');
    expect(rowDeadlineText(row('2026-05-01', 'open', true), '2026-05-06')).toBe('逾期 5 天');
    expect(rowDeadlineText(row('2026-05-09', 'open', false), '2026-05-06')).toBe('还剩 3 天');
    expect(rowDeadlineText(row('2026-05-05', 'open', false), '2026-05-06')).toBe('今天到期');
  });
});

describe('overdueRanking', () => {
  it('ranks units by overdue tasks', () => {
    const r = (name: string, n: number) => ({ department: { id: name, name, level: 'district' as const, parent_id: null }, figures: { tasks_overdue: n } });
    expect(overdueRanking([r('乙', 1), r('甲', 3), r('丙', 0), r('丁', 1)]).map((x) => x.department.name)).toEqual(['甲', '丁', '乙']);
  });
});
