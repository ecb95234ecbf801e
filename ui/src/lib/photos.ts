// 拍摄时间 and the presence flag beside each photo, worded as the PDF record words them
// (src/photo/presence.rs: flag_zh, duration_zh, taken_zh). The verdict itself comes from the core.
import type { Presence } from './types';

/** 130 → "2 小时 10 分"; 1500 → "1 天 1 小时"; 45 → "45 分". */
export function durationZh(minutes: number): string {
  const d = Math.floor(minutes / 1440);
  const h = Math.floor((minutes % 1440) / 60);
  const m = minutes % 60;
  const parts: string[] = [];
  if (d > 0) parts.push(`${d} 天`);
  if (h > 0) parts.push(`${h} 小时`);
  if (m > 0 || parts.length === 0) parts.push(`${m} 分`);
  return parts.join(' ');
}

/**
 * "拍摄于 11月14日 09:42". Shown in the offset of `like` (the step's time) when given, so it reads
 * on the same clock as the step beside it; else as the photo's time is written.
 */
export function takenZh(ts: string | null | undefined, like?: string | null): string {
  if (!ts) return '';
  const off = like ? /(Z|[+-]\d{2}:\d{2})$/.exec(like)?.[1] : null;
  const ms = Date.parse(ts);
  if (off && !Number.isNaN(ms)) {
    const minutes = off === 'Z' ? 0 : (off[0] === '-' ? -1 : 1) * (Number(off.slice(1, 3)) * 60 + Number(off.slice(4, 6)));
    const t = new Date(ms + minutes * 60000);
    const p = (n: number) => String(n).padStart(2, '0');
    return `拍摄于 ${t.getUTCMonth() + 1}月${t.getUTCDate()}日 ${p(t.getUTCHours())}:${p(t.getUTCMinutes())}`;
  }
  const m = /^\d{4}-(\d{2})-(\d{2})T(\d{2}):(\d{2})/.exec(ts);
  return m ? `拍摄于 ${Number(m[1])}月${Number(m[2])}日 ${m[3]}:${m[4]}` : '';
}

/** The warning for a photo, '' when nothing is wrong (or nothing to compare with). */
export function presenceFlag(p: Presence | null | undefined, within = '本环节'): string {
  switch (p?.kind) {
    case 'before': return `拍摄时间不在${within}内（早 ${durationZh(p.minutes)}）`;
    case 'after': return `拍摄时间不在${within}内（晚 ${durationZh(p.minutes)}）`;
    case 'no_capture_time': return '照片无拍摄时间';
    default: return '';
  }
}
