import { describe, expect, it } from 'vitest';
import { visibleRange } from './virtual';

describe('visibleRange', () => {
  it('shows the first screen plus the margin at the top', () => {
    expect(visibleRange(0, 400, 40, 10_000, 5)).toEqual({ start: 0, end: 16, padTop: 0, padBottom: 9984 * 40 });
  });
  it('follows the scroll position', () => {
    const w = visibleRange(40 * 1000, 400, 40, 10_000, 5);
    expect(w.start).toBe(995);
    expect(w.end).toBe(1016);
    expect(w.padTop + (w.end - w.start) * 40 + w.padBottom).toBe(10_000 * 40);
  });
  it('clamps at the end and for short lists', () => {
    expect(visibleRange(1e9, 400, 40, 50, 5).end).toBe(50);
    expect(visibleRange(0, 400, 40, 3, 5)).toEqual({ start: 0, end: 3, padTop: 0, padBottom: 0 });
    expect(visibleRange(0, 400, 40, 0)).toEqual({ start: 0, end: 0, padTop: 0, padBottom: 0 });
  });
});
