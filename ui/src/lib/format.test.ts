import { describe, expect, it } from 'vitest';
import {
  daysBetween, deadlineState, deadlineText, fmtClock, fmtDateZh, fmtDuration, fmtTime, nowRfc3339, pct, pctOf, todayIso,
} from './format';

describe('dates', () => {
  it('formats a date the Chinese way', () => {
    expect(fmtDateZh('2026-03-05')).toBe('2026年3月5日');
    expect(fmtDateZh('')).toBe('');
    expect(fmtDateZh('昨天')).toBe('昨天');
  });
  it('gives today and now in local time with the offset', () => {
    const d = new Date(2026, 0, 9, 8, 7, 6);
    expect(todayIso(d)).toBe('2026-01-09');
    expect(nowRfc3339(d)).toMatch(/^2026-01-09T08:07:06[+-]\d{2}:\d{2}$/);
  });
  it('shows a recorded time on the clock of its own offset, as the PDF does', () => {
    expect(fmtTime('2026-03-05T09:07:00+08:00')).toBe('09:07');
    expect(fmtTime('2026-03-05T23:59:30-05:00', true)).toBe('2026-03-05 23:59');
    expect(fmtTime('')).toBe('');
    expect(fmtTime('不是时间')).toBe('不是时间');
  });
  it('counts days across months and years', () => {
    expect(daysBetween('2026-02-27', '2026-03-02')).toBe(3);
    expect(daysBetween('2026-12-31', '2027-01-01')).toBe(1);
    expect(daysBetween('2026-03-10', '2026-03-05')).toBe(-5);
  });
});

describe('durations', () => {
  it('speaks hours, minutes and seconds', () => {
    expect(fmtDuration(45_000)).toBe('45秒');
    expect(fmtDuration(12 * 60_000 + 30_000)).toBe('12分30秒');
    expect(fmtDuration(12 * 60_000)).toBe('12分');
    expect(fmtDuration(3_900_000)).toBe('1小时5分');
    expect(fmtDuration(-5)).toBe('0秒');
  });
  it('shows a running clock', () => {
    expect(fmtClock(307_000)).toBe('05:07');
    expect(fmtClock(3_907_000)).toBe('1:05:07');
  });
});

describe('deadlines', () => {
  const today = '2026-06-10';
  it('marks overdue, soon, normal and closed', () => {
    expect(deadlineState('2026-06-09', 'in_progress', today)).toBe('overdue');
    expect(deadlineState('2026-06-10', 'open', today)).toBe('soon');
    expect(deadlineState('2026-06-17', 'open', today)).toBe('soon');
    expect(deadlineState('2026-06-18', 'open', today)).toBe('normal');
    expect(deadlineState('2026-01-01', 'closed_out', today)).toBe('closed');
    expect(deadlineState('2026-06-12', 'open', today, 1)).toBe('normal');
  });
  it('says how long is left', () => {
    expect(deadlineText('2026-06-13', today)).toBe('还剩 3 天');
    expect(deadlineText('2026-06-10', today)).toBe('今天到期');
    expect(deadlineText('2026-06-05', today)).toBe('逾期 5 天');
  });
});

describe('rates', () => {
  it('rounds to whole percent and guards against zero', () => {
    expect(pct(187, 302)).toBe('62%');
    expect(pct(0, 0)).toBe('—');
    expect(pctOf(0.619)).toBe('62%');
    expect(pctOf(null)).toBe('—');
  });
});
