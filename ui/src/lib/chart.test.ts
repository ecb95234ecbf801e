import { describe, expect, it } from 'vitest';
import { abbreviate, axisFor, diamondPoints, milestoneTone, monthTicks, nextMonth, statusTone, xOf } from './chart';
import type { Milestone } from './types';

const ms = (planned_on: string, done_on: string | null = null): Milestone =>
  ({ id: 'm', task_id: 't', name: 'n', planned_on, done_on, evidence: '' });

describe('wall chart geometry', () => {
  it('spans whole months and maps dates to x', () => {
    const axis = axisFor('2026-03-15', '2026-04-20', 610);
    expect(axis).toMatchObject({ from: '2026-03-01', to: '2026-05-01' });
    // 61 days from 03-01 to 05-01: 10 px a day.
    expect(xOf(axis, '2026-03-01')).toBe(0);
    expect(xOf(axis, '2026-03-11')).toBeCloseTo(100);
    expect(xOf(axis, '2026-05-01')).toBe(610);
    expect(xOf(axis, '2025-01-01')).toBe(0);
    expect(xOf(axis, '2030-01-01')).toBe(610);
    expect(nextMonth('2026-12-05')).toBe('2027-01-01');
  });
  it('ticks a month each, naming the year at January and the first', () => {
    const ticks = monthTicks(axisFor('2026-11-02', '2027-02-10', 1200));
    expect(ticks.map((t) => t.label)).toEqual(['2026年11月', '12月', '2027年1月', '2月']);
    const dense = monthTicks(axisFor('2020-01-01', '2026-12-31', 840), 36);
    expect(dense.length).toBe(84);
    expect(dense.filter((t) => t.label).length).toBeLessThan(84);
  });
  it('colours rows and milestones by status', () => {
    expect(statusTone('behind')).toBe('late');
    expect(statusTone('done')).toBe('done');
    expect(statusTone('on_schedule')).toBe('ok');
    expect(milestoneTone(ms('2026-03-01', '2026-03-02'), '2026-04-01')).toBe('done');
    expect(milestoneTone(ms('2026-03-01'), '2026-04-01')).toBe('late');
    expect(milestoneTone(ms('2026-05-01'), '2026-04-01')).toBe('planned');
  });
  it('draws diamonds and abbreviates measures', () => {
    expect(diamondPoints(10, 20, 5)).toBe('10,15 15,20 10,25 5,20');
    expect(abbreviate('推行告知承诺制', 4)).toBe('推行告…');
    expect(abbreviate(' 短 ', 4)).toBe('短');
  });
});
