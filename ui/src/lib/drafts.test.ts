import { afterEach, describe, expect, it, vi } from 'vitest';
import { debounce, dropDraft, keepDraft, readDraft } from './drafts';

describe('drafts', () => {
  afterEach(() => localStorage.clear());
  it('keeps, reads and drops a draft', () => {
    keepDraft('s1', { observations: '窗口无人' }, 1000);
    expect(readDraft('s1')).toEqual({ savedAt: 1000, value: { observations: '窗口无人' } });
    dropDraft('s1');
    expect(readDraft('s1')).toBeNull();
  });
  it('ignores broken entries', () => {
    localStorage.setItem('walklog.draft.bad', '{oops');
    expect(readDraft('bad')).toBeNull();
  });
});

describe('debounce', () => {
  it('runs once with the last arguments, or at flush', () => {
    vi.useFakeTimers();
    const fn = vi.fn();
    const d = debounce(fn, 500);
    d(1);
    d(2);
    vi.advanceTimersByTime(499);
    expect(fn).not.toHaveBeenCalled();
    vi.advanceTimersByTime(1);
    expect(fn).toHaveBeenCalledExactlyOnceWith(2);
    d(3);
    d.flush();
    expect(fn).toHaveBeenLastCalledWith(3);
    d.flush();
    expect(fn).toHaveBeenCalledTimes(2);
    vi.useRealTimers();
  });
});
