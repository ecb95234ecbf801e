// 修改记录: how the core's RecordHistory reads in the detail panels. The core already renders
// every value in words; this only lays the lines out.
import type { FieldChange, HistoryEntry, RecordHistory } from './types';

/** A change-log time on the clock it was recorded in: 2026-03-10 09:00. */
export function fmtAt(at: string): string {
  const m = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2})/.exec(at);
  return m ? `${m[1]} ${m[2]}` : at;
}

/** One field's change: "整改时限：2026-04-30 → 2026-05-31"; a first value alone, a cleared one → （空）. */
export function changeText(c: FieldChange): string {
  if (c.before === null) return `${c.field_zh}：${c.after ?? '（空）'}`;
  return `${c.field_zh}：${c.before} → ${c.after ?? '（空）'}`;
}

/** What happened, naming the step when a walk's history shows one of its steps' lines. */
export function entryTitle(e: HistoryEntry, entity: string): string {
  return e.entity === entity ? e.action_zh : `${e.subject_zh} ${e.action_zh}`;
}

/** The line above the list: how many changes, how many of them after the fact. */
export function historySummary(h: RecordHistory): string {
  const late = h.late_count > 0 ? `，其中事后修改 ${h.late_count} 条` : '';
  return `共 ${h.entries.length} 条${late}`;
}

/** Newest first, as a person looking for the latest change expects. */
export function newestFirst(entries: HistoryEntry[]): HistoryEntry[] {
  return [...entries].sort((a, b) => b.seq - a.seq);
}
