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

/** "拍摄于 11月14日 09:42", on the clock the photo recorded (as written before its offset). */
export function takenZh(ts: string | null | undefined): string {
  const m = ts ? /^\d{4}-(\d{2})-(\d{2})T(\d{2}):(\d{2})/.exec(ts) : null;
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
