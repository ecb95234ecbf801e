// The 设置 forms for people and matters, without a window: which unit a form points at as the
// unit list changes, and what must be chosen before a save is sent.
import type { ApiError } from './api';
import type { Person, Role } from './types';

/** A person being typed in 设置: no role until one is chosen. */
export type PersonDraft = Omit<Person, 'role'> & { role: Role | '' };

/**
 * The unit a form should show: its own choice while that unit still exists, otherwise the first
 * unit (so a newcomer who has just added the only unit sees it chosen), or '' when there is none.
 */
export function unitChoice(current: string, departments: { id: string }[]): string {
  if (current && departments.some((d) => d.id === current)) return current;
  return departments[0]?.id ?? '';
}

const fieldError = (field: string, message_zh: string): ApiError => ({ code: 'validation', field, message_zh });

/** What a person needs before saving: a role (no default, so nobody becomes 一把手 by mistake) and a unit. */
export function checkPerson(p: Pick<PersonDraft, 'role' | 'department_id'>): ApiError | null {
  if (!p.role) return fieldError('role', '请选择角色。');
  if (!p.department_id) return fieldError('department_id', '请选择所在单位。');
  return null;
}

/** A matter needs its unit. */
export function checkMatter(m: { department_id: string }): ApiError | null {
  return m.department_id ? null : fieldError('department_id', '请选择所属单位。');
}
