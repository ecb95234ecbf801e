// 统计 logic without a window: the months of a period, the units × months matrix, periods.
import type { MonthCount } from './api';

/** "YYYY-MM" of every month from `from` to `to` (inclusive dates). */
export function monthsOf(from: string, to: string, max = 36): string[] {
  let y = Number(from.slice(0, 4));
  let m = Number(from.slice(5, 7));
  const ty = Number(to.slice(0, 4));
  const tm = Number(to.slice(5, 7));
  const out: string[] = [];
  while ((y < ty || (y === ty && m <= tm)) && out.length < max) {
    out.push(`${y}-${String(m).padStart(2, '0')}`);
    m += 1;
    if (m > 12) { m = 1; y += 1; }
  }
  return out;
}

/** unit id → month → walks done. */
export function matrix(counts: MonthCount[]): Map<string, Map<string, number>> {
  const out = new Map<string, Map<string, number>>();
  for (const c of counts) {
    const row = out.get(c.department_id) ?? new Map<string, number>();
    row.set(c.month, (row.get(c.month) ?? 0) + c.walks);
    out.set(c.department_id, row);
  }
  return out;
}

export type PeriodKind = 'year' | 'quarter' | 'month' | 'custom';

/** The period the 统计 screen asks the core for, from its controls, in the core's words. */
export function statsSpec(kind: PeriodKind, year: number, part: number, from: string, to: string): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  switch (kind) {
    case 'year':
      return `${year}`;
    case 'quarter':
      return `${year}-Q${part}`;
    case 'month':
      return `${year}-${pad(part)}`;
    default:
      return `${from}..${to}`;
  }
}

/** 纪实真实性 rows: units that walked, those recording mostly after the fact first. */
export function evidenceRows<T extends { department: { name: string }; evidence: { walks: number; stands_out: boolean } }>(units: T[]): T[] {
  return units
    .filter((u) => u.evidence.walks > 0)
    .map((u, i) => ({ u, i }))
    .sort((a, b) => Number(b.u.evidence.stands_out) - Number(a.u.evidence.stands_out) || a.i - b.i)
    .map(({ u }) => u);
}

/** 89%, or — when there is nothing to divide. */
export const share = (v: number | null) => (v === null ? '—' : `${Math.round(v)}%`);
