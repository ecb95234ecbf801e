// Formatting of dates, times, durations and figures, the way Chinese office documents write them.

const pad = (n: number) => String(n).padStart(2, '0');

/** Today's date in local time as YYYY-MM-DD (what the core's `Date` serialises to). */
export function todayIso(now: Date = new Date()): string {
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}

/** The current moment as RFC 3339 with the local offset (what the core's `Timestamp` expects). */
export function nowRfc3339(now: Date = new Date()): string {
  const off = -now.getTimezoneOffset();
  const sign = off >= 0 ? '+' : '-';
  const abs = Math.abs(off);
  return (
    `${todayIso(now)}T${pad(now.getHours())}:${pad(now.getMinutes())}:${pad(now.getSeconds())}` +
    `${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`
  );
}

/** "2026-03-05" → "2026年3月5日"; anything unparsable is returned unchanged. */
export function fmtDateZh(iso: string | null | undefined): string {
  if (!iso) return '';
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(iso);
  if (!m) return iso;
  return `${m[1]}年${Number(m[2])}月${Number(m[3])}日`;
}

/**
 * An RFC 3339 timestamp shown as "HH:MM" (or "YYYY-MM-DD HH:MM") on the clock of the place it was
 * recorded, i.e. as written before its offset — the way the PDF record prints it, so screen and
 * paper agree even when this machine's time zone differs from the walk's.
 */
export function fmtTime(ts: string | null | undefined, withDate = false): string {
  if (!ts) return '';
  const m = /^(\d{4}-\d{2}-\d{2})T(\d{2}):(\d{2})/.exec(ts);
  if (!m) return ts;
  return withDate ? `${m[1]} ${m[2]}:${m[3]}` : `${m[2]}:${m[3]}`;
}

/** A duration in milliseconds as "1小时5分" / "12分30秒" / "45秒". Negative counts as zero. */
export function fmtDuration(ms: number): string {
  const total = Math.max(0, Math.floor(ms / 1000));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  if (h > 0) return `${h}小时${m}分`;
  if (m > 0) return s > 0 ? `${m}分${s}秒` : `${m}分`;
  return `${s}秒`;
}

/** A running timer: "05:07", or "1:05:07" past an hour. */
export function fmtClock(ms: number): string {
  const total = Math.max(0, Math.floor(ms / 1000));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  return h > 0 ? `${h}:${pad(m)}:${pad(s)}` : `${pad(m)}:${pad(s)}`;
}

/** Whole days from `today` to `date` (both YYYY-MM-DD); negative when `date` has passed. */
export function daysBetween(today: string, date: string): number {
  const a = Date.UTC(+today.slice(0, 4), +today.slice(5, 7) - 1, +today.slice(8, 10));
  const b = Date.UTC(+date.slice(0, 4), +date.slice(5, 7) - 1, +date.slice(8, 10));
  return Math.round((b - a) / 86_400_000);
}

export type DeadlineState = 'closed' | 'overdue' | 'soon' | 'normal';

/**
 * How a task's deadline is shown: overdue (red) when past and not closed out, soon (amber) when
 * due within `soonDays`, closed when closed out. Mirrors the core's `is_overdue`.
 */
export function deadlineState(deadline: string, status: string, today: string, soonDays = 7): DeadlineState {
  if (status === 'closed_out') return 'closed';
  const d = daysBetween(today, deadline);
  if (d < 0) return 'overdue';
  if (d <= soonDays) return 'soon';
  return 'normal';
}

/** "还剩 3 天" / "今天到期" / "逾期 5 天". */
export function deadlineText(deadline: string, today: string): string {
  const d = daysBetween(today, deadline);
  if (d > 0) return `还剩 ${d} 天`;
  if (d === 0) return '今天到期';
  return `逾期 ${-d} 天`;
}

/** A rate as a whole percentage, "—" when there is nothing to divide by. */
export function pct(part: number, whole: number): string {
  if (!whole) return '—';
  return `${Math.round((part / whole) * 100)}%`;
}

/** A rate in [0,1] (as the core reports it) as a percentage; null → "—". */
export function pctOf(rate: number | null | undefined): string {
  if (rate === null || rate === undefined || Number.isNaN(rate)) return '—';
  return `${Math.round(rate * 100)}%`;
}

/**
 * A `<select>`'s value as one of the core's codes: '' (nothing chosen) is null. The options
 * come from the `vocab` command, so a chosen value is always a code of that vocabulary.
 */
export function chosen<T extends string>(value: string | null | undefined): T | null {
  return value ? (value as T) : null;
}
