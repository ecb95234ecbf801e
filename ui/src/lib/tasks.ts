// Ledger logic that needs no window: a task pre-filled from a problem, which transition buttons
// the current role may see, and row colouring.
import { daysBetween, todayIso } from './format';
import type { Department, InstallRole, Person, Problem, Task } from './types';

/** 生成整改任务: measure from the problem, the walk's unit, its head, a 30-day deadline. */
export function taskFromProblem(
  problem: Problem, departmentId: string, people: Person[], today = todayIso(), days = 30,
): Task {
  const ofDept = people.filter((p) => p.department_id === departmentId);
  const owner = ofDept.find((p) => p.role === 'owner') ?? ofDept.find((p) => p.role === 'head') ?? ofDept[0];
  const d = new Date(`${today}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return {
    id: '', problem_ids: [problem.id], measure: `针对“${problem.description.slice(0, 60)}”的整改措施：`,
    department_id: departmentId, owner_id: owner?.id ?? '', deadline: d.toISOString().slice(0, 10),
    status: 'open', matter_id: null, before: null, after: null,
    outcomes: { process_optimised: false, time_compressed: false, policy_issued: false },
    sent_back_reason: null, sent_back_by: null, sent_back_at: null, done_on: null, closed_out_by: null,
    closed_out_on: null, created_on: today,
  };
}

export interface TaskButtons {
  start: boolean;
  note: boolean;
  done: boolean;
  closeOut: boolean;
  sendBack: boolean;
  edit: boolean;
}

/** Where the task is looked at: the install's role (null = stand-alone) and whether the task is of its own unit. */
export interface TaskPlace {
  install: InstallRole | null;
  own: boolean;
}

/**
 * The transitions offered for a task: 完成 needs evidence (a note or an attachment);
 * 销号 and 退回 only for the 党建办 role and only for a done task, and never on a 单位端 install
 * (销号 and 退回 are the 党建办端's). On the 党建办端, another unit's task takes only the verdicts:
 * its work is the unit's. The core enforces the same.
 */
export function taskButtons(
  status: string,
  role: string | null | undefined,
  hasEvidence: boolean,
  place: TaskPlace = { install: null, own: true },
): TaskButtons {
  const verdicts = role === 'office' && status === 'done' && place.install !== 'unit';
  const work = !(place.install === 'office' && !place.own);
  const active = status === 'open' || status === 'in_progress';
  return {
    start: work && status === 'open',
    note: work && status !== 'closed_out',
    done: work && active && hasEvidence,
    closeOut: verdicts,
    sendBack: verdicts,
    edit: work && status !== 'closed_out',
  };
}

/**
 * The CSS class of a ledger row: red when the core says it is overdue (its `overdue` flag, from
 * the core's clock: the browser's clock may differ, and a screen left open passes midnight),
 * amber when due within `soonDays` of `today` and neither overdue, done nor closed out.
 */
export function rowTone(
  row: { overdue: boolean; task: Pick<Task, 'deadline' | 'status'> }, today: string, soonDays = 7,
): '' | 'overdue' | 'soon' {
  if (row.overdue) return 'overdue';
  const { status, deadline } = row.task;
  if (status === 'closed_out' || status === 'done') return '';
  return daysBetween(today, deadline) <= soonDays ? 'soon' : '';
}

/** The deadline line of a ledger row, consistent with its colour: the core decides overdue. */
export function rowDeadlineText(row: { overdue: boolean; task: Pick<Task, 'deadline'> }, today: string): string {
  const d = daysBetween(today, row.task.deadline);
  if (row.overdue) return d < 0 ? `逾期 ${-d} 天` : '已逾期';
  return d > 0 ? `还剩 ${d} 天` : '今天到期';
}

/** Units sorted by overdue count (the office's ranking), ties by name. */
export function overdueRanking<T extends { department: Department; figures: { tasks_overdue: number } }>(rows: T[]): T[] {
  return rows
    .filter((r) => r.figures.tasks_overdue > 0)
    .sort((a, b) => b.figures.tasks_overdue - a.figures.tasks_overdue || a.department.name.localeCompare(b.department.name, 'zh-CN'));
}


/**
 * 督办 is offered to a 党建办 person, never on a 单位端 install, for a task still being worked on
 * (待整改 or 整改中). Whether it is overdue or stalled the core decides, and says so if not.
 */
export function canSupervise(status: string, role: string | null | undefined, install: InstallRole | null): boolean {
  return role === 'office' && install !== 'unit' && (status === 'open' || status === 'in_progress');
}

/** A date `days` after `today` (YYYY-MM-DD), e.g. the default 督办时限. */
export function daysAfter(today: string, days: number): string {
  const d = new Date(`${today}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}
