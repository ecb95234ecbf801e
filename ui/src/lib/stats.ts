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

/** The period the 统计 screen asks for, from its controls. */
export function statsPeriod(kind: PeriodKind, year: number, part: number, from: string, to: string): { from: string; to: string } {
  const pad = (n: number) => String(n).padStart(2, '0');
  const last = (y: number, m: number) => new Date(Date.UTC(y, m, 0)).getUTCDate();
  switch (kind) {
    case 'year':
      return { from: `${year}-01-01`, to: `${year}-12-31` };
    case 'quarter': {
      const m0 = (part - 1) * 3 + 1;
      return { from: `${year}-${pad(m0)}-01`, to: `${year}-${pad(m0 + 2)}-${pad(last(year, m0 + 2))}` };
    }
    case 'month':
      return { from: `${year}-${pad(part)}-01`, to: `${year}-${pad(part)}-${pad(last(year, part))}` };
    default:
      return { from, to };
  }
}
