import { describe, expect, it } from 'vitest';
import { evidenceRows, matrix, monthsOf, share, statsSpec } from './stats';

describe('stats helpers', () => {
  it('lists the months of a period across a year end', () => {
    expect(monthsOf('2025-11-15', '2026-02-01')).toEqual(['2025-11', '2025-12', '2026-01', '2026-02']);
    expect(monthsOf('2026-03-01', '2026-03-31')).toEqual(['2026-03']);
    expect(monthsOf('2026-04-01', '2026-03-01')).toEqual([]);
  });
  it('builds the units × months matrix', () => {
    const m = matrix([
      { department_id: 'a', month: '2026-01', walks: 2 },
      { department_id: 'a', month: '2026-03', walks: 1 },
      { department_id: 'b', month: '2026-01', walks: 4 },
    ]);
    expect(m.get('a')?.get('2026-03')).toBe(1);
    expect(m.get('a')?.get('2026-02')).toBeUndefined();
    expect(m.get('b')?.get('2026-01')).toBe(4);
  });
  it('turns the controls into a period', () => {
    // The core turns these into dates (Period::parse); the screen only names the period.
    expect(statsSpec('year', 2026, 0, '', '')).toBe('2026');
    expect(statsSpec('quarter', 2026, 1, '', '')).toBe('2026-Q1');
    expect(statsSpec('month', 2024, 2, '', '')).toBe('2024-02');
    expect(statsSpec('custom', 2026, 0, '2026-01-05', '2026-02-05')).toBe('2026-01-05..2026-02-05');
  });
});

describe('纪实真实性', () => {
  const u = (name: string, walks: number, stands_out: boolean) => ({ department: { name }, evidence: { walks, stands_out } });
  it('lists units that walked, those typed in afterwards first, otherwise in order', () => {
    const rows = evidenceRows([u('甲', 2, false), u('乙', 0, false), u('丙', 3, true), u('丁', 1, false), u('戊', 1, true)]);
    expect(rows.map((r) => r.department.name)).toEqual(['丙', '戊', '甲', '丁']);
  });
  it('shows a share or a dash', () => {
    expect(share(null)).toBe('—');
    expect(share(66.666)).toBe('67%');
  });
});
