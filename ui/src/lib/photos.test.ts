import { describe, expect, it } from 'vitest';
import { durationZh, presenceFlag, takenZh } from './photos';

describe('photo presence', () => {
  it('says how far outside the step a photo was taken', () => {
    expect(presenceFlag({ kind: 'before', minutes: 130 })).toBe('拍摄时间不在本环节内（早 2 小时 10 分）');
    expect(presenceFlag({ kind: 'after', minutes: 45 }, '本次体验')).toBe('拍摄时间不在本次体验内（晚 45 分）');
    expect(presenceFlag({ kind: 'no_capture_time' })).toBe('照片无拍摄时间');
  });

  it('stays quiet when the photo is in its window or there is none', () => {
    expect(presenceFlag({ kind: 'in_window' })).toBe('');
    expect(presenceFlag({ kind: 'no_window' })).toBe('');
    expect(presenceFlag(null)).toBe('');
  });

  it('words durations and capture times like the PDF', () => {
    expect(durationZh(1500)).toBe('1 天 1 小时');
    expect(durationZh(60)).toBe('1 小时');
    expect(durationZh(0)).toBe('0 分');
    expect(takenZh('2026-11-14T09:42:10+08:00')).toBe('拍摄于 11月14日 09:42');
    expect(takenZh(null)).toBe('');
    // On the step's clock: a camera time read in UTC shows in the step's +08:00.
    expect(takenZh('2026-03-05T01:31:00+00:00', '2026-03-05T09:30:00+08:00')).toBe('拍摄于 3月5日 09:31');
    expect(takenZh('2026-03-04T22:30:00Z', '2026-03-05T09:30:00+08:00')).toBe('拍摄于 3月5日 06:30');
    expect(takenZh('2026-03-05T09:31:00+08:00', '2026-03-05T01:30:00Z')).toBe('拍摄于 3月5日 01:31');
  });
});
