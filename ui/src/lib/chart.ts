// 挂图推进: the wall chart's geometry, pure so it is tested without a DOM. Dates are ISO
// strings (YYYY-MM-DD) as the core sends them; x is in px from the plot's left edge.
import type { ChartStatus, Milestone } from './types';

const DAY = 86_400_000;

/** Days since 1970-01-01 of an ISO date (UTC, so no time zone shifts a day). */
export function dayNumber(iso: string): number {
  const [y, m, d] = iso.split('-').map(Number);
  return Math.round(Date.UTC(y, m - 1, d) / DAY);
}

function iso(day: number): string {
  return new Date(day * DAY).toISOString().slice(0, 10);
}

/** The first of `iso`'s month, and the first of the month after. */
export function monthStart(date: string): string {
  return `${date.slice(0, 7)}-01`;
}
export function nextMonth(date: string): string {
  const [y, m] = date.split('-').map(Number);
  return m === 12 ? `${y + 1}-01-01` : `${y}-${String(m + 1).padStart(2, '0')}-01`;
}

export interface Axis {
  from: string;
  to: string;
  width: number;
}

/** The axis from the first of the start's month to the first of the month after the end. */
export function axisFor(start: string, end: string, width: number): Axis {
  return { from: monthStart(start), to: nextMonth(end), width };
}

/** date → x on the axis, clamped to it. */
export function xOf(axis: Axis, date: string): number {
  const a = dayNumber(axis.from);
  const span = Math.max(1, dayNumber(axis.to) - a);
  const f = (dayNumber(date) - a) / span;
  return Math.max(0, Math.min(1, f)) * axis.width;
}

export interface Tick {
  date: string;
  x: number;
  label: string;
}

/** A tick per month; the label names the year at January and at the first tick. When months
 *  are narrower than `minGap` px only every n-th is labelled. */
export function monthTicks(axis: Axis, minGap = 36): Tick[] {
  const out: { date: string; x: number }[] = [];
  for (let d = monthStart(axis.from); d < axis.to && out.length < 600; d = nextMonth(d)) out.push({ date: d, x: xOf(axis, d) });
  const gap = out.length > 1 ? out[1].x - out[0].x : axis.width;
  const every = Math.max(1, Math.ceil(minGap / Math.max(gap, 1)));
  return out.map((t, i) => {
    const [y, m] = t.date.split('-').map(Number);
    const label = i % every !== 0 ? '' : i === 0 || m === 1 ? `${y}年${m}月` : `${m}月`;
    return { ...t, label };
  });
}

export const STATUS_LABEL: Record<ChartStatus, string> = { on_schedule: '按期', behind: '滞后', done: '已完成' };

/** The bar's colour class of a row. */
export function statusTone(s: ChartStatus): 'ok' | 'late' | 'done' {
  return s === 'done' ? 'done' : s === 'behind' ? 'late' : 'ok';
}

/** A milestone's tone: done (filled green), late (hollow red: past its date, not done) or
 *  planned (hollow). */
export function milestoneTone(m: Milestone, today: string): 'done' | 'late' | 'planned' {
  if (m.done_on) return 'done';
  return m.planned_on < today ? 'late' : 'planned';
}

/** The diamond's points around (cx, cy) for an SVG polygon. */
export function diamondPoints(cx: number, cy: number, r: number): string {
  return `${cx},${cy - r} ${cx + r},${cy} ${cx},${cy + r} ${cx - r},${cy}`;
}

/** `s` cut to `n` characters with 「…」. */
export function abbreviate(s: string, n: number): string {
  const chars = [...s.trim()];
  return chars.length <= n ? chars.join('') : `${chars.slice(0, n - 1).join('')}…`;
}

export { iso as isoOfDay };
