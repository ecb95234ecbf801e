import { describe, expect, it } from 'vitest';
import { changeText, entryTitle, fmtAt, historySummary, newestFirst } from './history';
import type { HistoryEntry, RecordHistory } from './types';

const entry = (over: Partial<HistoryEntry>): HistoryEntry => ({
  seq: 1, at: '2026-03-10T09:00:00+08:00', actor: '秘书小陈', entity: 'walk', entity_id: 'w1', subject_zh: '体验',
  action: 'update', action_zh: '修改', changes: [], late: false, late_reason_zh: null, ...over,
});

describe('修改记录', () => {
  it('shows times on their own clock', () => {
    expect(fmtAt('2026-03-10T23:05:00-05:00')).toBe('2026-03-10 23:05');
    expect(fmtAt('不是时间')).toBe('不是时间');
  });
  it('writes a change before → after, a first value alone, a cleared one as （空）', () => {
    expect(changeText({ field: 'deadline', field_zh: '整改时限', before: '2026-04-30', after: '2026-05-31' }))
      .toBe('整改时限：2026-04-30 → 2026-05-31');
    expect(changeText({ field: 'measure', field_zh: '整改措施', before: null, after: '精简材料' })).toBe('整改措施：精简材料');
    expect(changeText({ field: 'alias', field_zh: '化名', before: '老王', after: null })).toBe('化名：老王 → （空）');
  });
  it('names the step in a walk history, not the record itself', () => {
    expect(entryTitle(entry({}), 'walk')).toBe('修改');
    expect(entryTitle(entry({ entity: 'step', subject_zh: '第2环节（取号）', action_zh: '修改时间' }), 'walk')).toBe('第2环节（取号） 修改时间');
  });
  it('counts the late edits and lists the newest first', () => {
    const h: RecordHistory = { entity: 'task', entity_zh: '整改任务', id: 't1', entries: [entry({ seq: 3 }), entry({ seq: 7, late: true })], late_count: 1 };
    expect(historySummary(h)).toBe('共 2 条，其中事后修改 1 条');
    expect(historySummary({ ...h, late_count: 0 })).toBe('共 2 条');
    expect(newestFirst(h.entries).map((e) => e.seq)).toEqual([7, 3]);
    expect(h.entries.map((e) => e.seq)).toEqual([3, 7]);
  });
});
