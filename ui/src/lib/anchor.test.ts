import { describe, expect, it } from 'vitest';
import { anchorHint, parseAnchor } from './anchor';

describe('a chain head typed in', () => {
  it('takes the printed form and the short one', () => {
    expect(parseAnchor('链头 第 1234 条，1a2b-3c4d-5e6f-7a8b')).toEqual({ seq: 1234, digits: '1A2B3C4D5E6F7A8B' });
    expect(parseAnchor('1234:1A2B-3C4D')).toEqual({ seq: 1234, digits: '1A2B3C4D' });
    expect(parseAnchor(' 88：1A2B3C4D5E ')).toEqual({ seq: 88, digits: '1A2B3C4D5E' });
  });
  it('refuses what cannot be a head, with a hint', () => {
    for (const bad of ['第五条', '1234', '1234:1A2B', '0:1A2B3C4D', '12:XYZ12345', '12:1A2B3C4D5E6F7A8B9']) {
      expect(parseAnchor(bad)).toBeNull();
      expect(anchorHint(bad)).toContain('链头');
    }
    expect(anchorHint('')).toBe('');
    expect(anchorHint('12:1A2B3C4D')).toBe('');
  });
});
