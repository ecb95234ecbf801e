import { describe, expect, it } from 'vitest';
import { checkMatter, checkPerson, unitChoice } from './directory';

describe('unitChoice', () => {
  it('follows the unit list: the first unit once one exists, when none was chosen', () => {
    // The screen opened on an empty database, then the first unit was added.
    expect(unitChoice('', [])).toBe('');
    expect(unitChoice('', [{ id: 'd1' }])).toBe('d1');
  });
  it('keeps a chosen unit that still exists, and moves off a deleted one', () => {
    expect(unitChoice('d2', [{ id: 'd1' }, { id: 'd2' }])).toBe('d2');
    expect(unitChoice('gone', [{ id: 'd1' }, { id: 'd2' }])).toBe('d1');
    expect(unitChoice('gone', [])).toBe('');
  });
});

describe('checkPerson', () => {
  it('refuses a person without a role beside the role field', () => {
    expect(checkPerson({ role: '', department_id: 'd1' })).toEqual({ code: 'validation', field: 'role', message_zh: '请选择角色。' });
  });
  it('refuses a person without a unit beside the unit field', () => {
    expect(checkPerson({ role: 'owner', department_id: '' })).toEqual({
      code: 'validation', field: 'department_id', message_zh: '请选择所在单位。',
    });
    expect(checkPerson({ role: 'head', department_id: 'd1' })).toBeNull();
  });
  it('refuses a matter without a unit', () => {
    expect(checkMatter({ department_id: '' })?.field).toBe('department_id');
    expect(checkMatter({ department_id: 'd1' })).toBeNull();
  });
});
