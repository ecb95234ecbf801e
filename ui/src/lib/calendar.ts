// The 计划 screen's calendar without a window: month grids (Monday first), quarter months, the
// day a walk made from a plan defaults to, and what is left of a plan.
import type { PlanProgress, WalkKind } from './types';

const pad = (n: number) => String(n).padStart(2, '0');
export const iso = (y: number, m: number, d: number) => `${y}-${pad(m)}-${pad(d)}`;

export function daysIn(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** Weeks of a month, Monday first; days outside the month are null. */
export function monthGrid(year: number, month: number): (string | null)[][] {
  const first = new Date(Date.UTC(year, month - 1, 1)).getUTCDay(); // 0 = Sunday
  const lead = (first + 6) % 7;
  const cells: (string | null)[] = Array(lead).fill(null);
  for (let d = 1; d <= daysIn(year, month); d++) cells.push(iso(year, month, d));
  while (cells.length % 7) cells.push(null);
  const weeks: (string | null)[][] = [];
  for (let i = 0; i < cells.length; i += 7) weeks.push(cells.slice(i, i + 7));
  return weeks;
}

export function quarterOf(month: number): number {
  return Math.floor((month - 1) / 3) + 1;
}

export function quarterMonths(quarter: number): number[] {
  return [quarter * 3 - 2, quarter * 3 - 1, quarter * 3];
}

/** The days a view shows: a month, or the quarter of that month. */
export function viewRange(view: 'month' | 'quarter', year: number, month: number): { from: string; to: string } {
  if (view === 'month') return { from: iso(year, month, 1), to: iso(year, month, daysIn(year, month)) };
  const ms = quarterMonths(quarterOf(month));
  return { from: iso(year, ms[0], 1), to: iso(year, ms[2], daysIn(year, ms[2])) };
}

/** One step back or forward: a month, or three. */
export function shift(view: 'month' | 'quarter', year: number, month: number, by: -1 | 1): { year: number; month: number } {
  const step = view === 'month' ? 1 : 3;
  const m0 = (view === 'quarter' ? quarterMonths(quarterOf(month))[0] : month) - 1 + by * step;
  return { year: year + Math.floor(m0 / 12), month: ((m0 % 12) + 12) % 12 + 1 };
}

/** A walk made from a plan falls on today when today is in the plan's period, else its first day. */
export function defaultPlanDay(p: Pick<PlanProgress, 'period_start' | 'period_end'>, today: string): string {
  return today >= p.period_start && today <= p.period_end ? today : p.period_start;
}

/** Planned minus done per kind, the kinds still owed first in the programme's order. */
export function kindsOwed(p: PlanProgress): { kind: WalkKind; owed: number }[] {
  const rows: { kind: WalkKind; owed: number }[] = [
    { kind: 'daily', owed: p.plan.daily - p.done_daily },
    { kind: 'cross', owed: p.plan.cross - p.done_cross },
    { kind: 'acceptance', owed: p.plan.acceptance - p.done_acceptance },
  ];
  return rows.filter((r) => r.owed > 0);
}

/** 「完成 2/3」 and the share for a bar. */
export function progressText(p: Pick<PlanProgress, 'counted' | 'planned'>): { text: string; share: number } {
  return { text: `完成 ${p.counted}/${p.planned}`, share: p.planned ? Math.min(1, p.counted / p.planned) : 1 };
}

/** 计划完成率 of plans (counted / planned), as the core computes it; null when nothing is planned. */
export function planRate(plans: Pick<PlanProgress, 'counted' | 'planned'>[]): number | null {
  const planned = plans.reduce((n, p) => n + p.planned, 0);
  const counted = plans.reduce((n, p) => n + p.counted, 0);
  return planned ? counted / planned : null;
}
