import { describe, expect, it } from 'vitest';
import { defaultPlanDay, kindsOwed, monthGrid, planRate, progressText, shift, viewRange } from './calendar';
import type { PlanProgress } from './types';

const progress = (over: Partial<PlanProgress> = {}): PlanProgress => ({
  plan: { id: 'p', department_id: 'd', leader_id: 'h', year: 2026, quarter: 4, daily: 2, cross: 1, acceptance: 0,
    matter_ids: [], places: '', note: '' },
  period_zh: '2026年第4季度', period_start: '2026-10-01', period_end: '2026-12-31', leader_name: '张局长',
  department_name: '市人社局', planned: 3, done_daily: 1, done_cross: 1, done_acceptance: 0, counted: 2, scheduled: 0,
  ...over,
});

describe('calendar', () => {
  it('lays a month out Monday first', () => {
    // 2026-12-01 is a Tuesday.
    const weeks = monthGrid(2026, 12);
    expect(weeks[0]).toEqual([null, '2026-12-01', '2026-12-02', '2026-12-03', '2026-12-04', '2026-12-05', '2026-12-06']);
    expect(weeks.at(-1)?.filter(Boolean).at(-1)).toBe('2026-12-31');
    expect(weeks.every((w) => w.length === 7)).toBe(true);
    // February of a leap year has 29 days.
    expect(monthGrid(2028, 2).flat().filter(Boolean)).toHaveLength(29);
  });

  it('gives the range of a month or its quarter and steps through them', () => {
    expect(viewRange('month', 2026, 2)).toEqual({ from: '2026-02-01', to: '2026-02-28' });
    expect(viewRange('quarter', 2026, 11)).toEqual({ from: '2026-10-01', to: '2026-12-31' });
    expect(shift('month', 2026, 12, 1)).toEqual({ year: 2027, month: 1 });
    expect(shift('month', 2026, 1, -1)).toEqual({ year: 2025, month: 12 });
    expect(shift('quarter', 2026, 11, 1)).toEqual({ year: 2027, month: 1 });
    expect(shift('quarter', 2026, 2, -1)).toEqual({ year: 2025, month: 10 });
  });

  it('puts a walk from a plan on today inside the period, else on its first day', () => {
    expect(defaultPlanDay(progress(), '2026-12-02')).toBe('2026-12-02');
    expect(defaultPlanDay(progress(), '2026-09-30')).toBe('2026-10-01');
  });

  it('says what a plan still owes and how far it is', () => {
    expect(kindsOwed(progress())).toEqual([{ kind: 'daily', owed: 1 }]);
    expect(progressText(progress())).toEqual({ text: '完成 2/3', share: 2 / 3 });
    // Done beyond the plan is not counted twice: the core's counted is what the bar shows.
    expect(kindsOwed(progress({ done_daily: 5, counted: 3 }))).toEqual([]);
    expect(planRate([progress(), progress({ planned: 1, counted: 1 })])).toBe(3 / 4);
    expect(planRate([])).toBeNull();
  });
});
