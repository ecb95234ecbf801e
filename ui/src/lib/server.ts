// 同步服务器 without a window: the status bar's words and tooltip, and what a sync did, in Chinese.
import type { ApiError } from './errors';
import { fmtTime } from './format';
import type { SyncReport, SyncStatus } from './types';

/** Every five minutes while a server is configured (and once at start). */
export const AUTO_SYNC_MS = 5 * 60 * 1000;

/** "14:20" today, "3月5日 14:20" on another day (the clock the time was recorded on). */
export function syncTime(ts: string | null | undefined, today: string): string {
  if (!ts) return '';
  const day = ts.slice(0, 10);
  if (day === today) return fmtTime(ts);
  const m = /^\d{4}-(\d{2})-(\d{2})$/.exec(day);
  return m ? `${Number(m[1])}月${Number(m[2])}日 ${fmtTime(ts)}` : fmtTime(ts, true);
}

/** The status bar's words: 未同步 N 条 while own changes wait, else 已同步 HH:MM ('' when no server). */
export function syncLine(s: SyncStatus | null, today: string): string {
  if (!s?.configured) return '';
  if (s.unsynced > 0) return `未同步 ${s.unsynced} 条`;
  if (s.last_sync_at) return `已同步 ${syncTime(s.last_sync_at, today)}`;
  return '尚未同步';
}

/** The tooltip: which server, the last sync, and why the last attempt failed. */
export function syncTitle(s: SyncStatus | null, today: string): string {
  if (!s?.configured) return '';
  const lines = [`同步服务器：${s.server}`];
  lines.push(s.last_sync_at ? `上次同步：${syncTime(s.last_sync_at, today)}` : '还没有成功同步过');
  if (s.unsynced > 0) lines.push(`本机有 ${s.unsynced} 条变更尚未上传到服务器`);
  if (s.last_error) {
    const when = syncTime(s.last_attempt_at, today);
    lines.push(`${when ? `${when} ` : ''}未能同步：${s.last_error}`);
  }
  return lines.join('\n');
}

export type SyncTone = 'ok' | 'pending' | 'failed';

/** The dot beside the words: failed when the last attempt failed, pending while changes wait. */
export function syncTone(s: SyncStatus | null): SyncTone {
  if (s?.last_error) return 'failed';
  if (s && s.unsynced > 0) return 'pending';
  return 'ok';
}

/** What a sync did, in one line. */
export function syncReportText(r: SyncReport): string {
  const parts: string[] = [];
  if (r.pushed) parts.push(`上传 ${r.pushed} 条`);
  if (r.forwarded) parts.push(`转发各单位的 ${r.forwarded} 条`);
  if (r.pulled) parts.push(`收到 ${r.pulled} 条（新增 ${r.inserted}，更新 ${r.updated}）`);
  if (r.photos_sent) parts.push(`照片上传 ${r.photos_sent} 张`);
  if (r.photos_received) parts.push(`照片收到 ${r.photos_received} 张`);
  if (r.conflicts.length) parts.push(`冲突 ${r.conflicts.length} 条`);
  return parts.length ? `同步完成：${parts.join('，')}` : '同步完成：没有新的变更';
}

/** Whether the screens' data may have changed (then they reload). */
export function pulledAnything(r: SyncReport): boolean {
  return r.pulled > 0 || r.inserted > 0 || r.updated > 0 || r.photos_received > 0;
}

/** Offline: normal, the records stay on this machine and the next sync sends them. */
export function isOffline(e: ApiError | null | undefined): boolean {
  return e?.code === 'server_unreachable';
}
