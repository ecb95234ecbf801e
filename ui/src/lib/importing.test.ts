import { describe, expect, it } from 'vitest';
import { canImport, importSummary } from './importing';

describe('import report', () => {
  const clean = { inserted: 12, unchanged: 3, conflicts: [] };
  const conflicting = { inserted: 2, unchanged: 0, conflicts: [{ location: 'walks[0]', entity: '体验', id: 'w1' }] };
  it('says what the file brings', () => {
    expect(importSummary(clean)).toBe('新增 12 条，未变 3 条');
    expect(importSummary(conflicting)).toBe('新增 2 条，未变 0 条，冲突 1 条');
  });
  it('imports only a file with something new and no conflict', () => {
    expect(canImport(clean)).toBe(true);
    expect(canImport(conflicting)).toBe(false);
    expect(canImport({ inserted: 0, unchanged: 5, conflicts: [] })).toBe(false);
    expect(canImport(null)).toBe(false);
  });
});
