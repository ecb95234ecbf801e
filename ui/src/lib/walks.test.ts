import { describe, expect, it } from 'vitest';
import { emptyWalk, matchesText, normaliseWalk, periodSpec, toggle } from './walks';

describe('walk editing', () => {
  it('starts as a planned incognito daily walk', () => {
    const w = emptyWalk('2026-05-06', 'd1', 'p1');
    expect(w).toMatchObject({ kind: 'daily', status: 'planned', planned_date: '2026-05-06', department_id: 'd1' });
    expect(w.incognito).toEqual({ identity_hidden: true, no_notice: true, no_escort: true });
  });
  it('drops manner and incognito for other kinds, trims text', () => {
    const w = normaliseWalk({ ...emptyWalk('2026-05-06'), kind: 'cross', title: '  走一遍  ', alias: '  ' });
    expect(w.manner).toBeNull();
    expect(w.incognito).toBeNull();
    expect(w.title).toBe('走一遍');
    expect(w.alias).toBeNull();
  });
  it('toggles codes in lists', () => {
    expect(toggle(['a'], 'b', true)).toEqual(['a', 'b']);
    expect(toggle(['a', 'b'], 'a', false)).toEqual(['b']);
    expect(toggle(['a'], 'a', true)).toEqual(['a']);
  });
});

describe('list filters', () => {
  const w = { ...emptyWalk('2026-05-06'), title: '不动产登记体验', place_name: '市民之家' };
  it('matches every word', () => {
    expect(matchesText(w, '不动产 市民')).toBe(true);
    expect(matchesText(w, '不动产 社保')).toBe(false);
    expect(matchesText(w, '  ')).toBe(true);
    expect(matchesText(w, '金水', ['金水区'])).toBe(true);
  });
  it('turns period shortcuts into date ranges', () => {
    expect(periodSpec('month')).toBe('this_month');
    expect(periodSpec('quarter')).toBe('this_quarter');
    expect(periodSpec('year')).toBe('this_year');
    expect(periodSpec('all')).toBeNull();
  });
  it('keeps a daily walk\'s three "no"s as recorded, including one not kept', () => {
    const w = { ...emptyWalk('2026-05-06'), incognito: { identity_hidden: false, no_notice: true, no_escort: false } };
    expect(normaliseWalk(w).incognito).toEqual({ identity_hidden: false, no_notice: true, no_escort: false });
    // A walk switched to 日常体验 starts from the plan: all three kept until unticked.
    expect(normaliseWalk({ ...w, incognito: null }).incognito).toEqual({ identity_hidden: true, no_notice: true, no_escort: true });
  });
});
