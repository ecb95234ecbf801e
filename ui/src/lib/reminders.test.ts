import { describe, expect, it } from 'vitest';
import { reminderTone } from './reminders';

describe('reminderTone', () => {
  it('marks what is late or escalated red and what is due amber', () => {
    expect(reminderTone('task_overdue')).toBe('red');
    expect(reminderTone('supervised')).toBe('red');
    expect(reminderTone('task_due_soon')).toBe('amber');
    expect(reminderTone('awaiting_close_out')).toBe('amber');
    expect(reminderTone('walk_this_week')).toBe('blue');
  });
});
