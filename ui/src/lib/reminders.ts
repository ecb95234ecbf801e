// 提醒 without a window: the colour of each kind (red for what is late or escalated).
import type { ReminderKind } from './types';

export function reminderTone(kind: ReminderKind): 'red' | 'amber' | 'blue' {
  switch (kind) {
    case 'task_overdue':
    case 'supervised':
      return 'red';
    case 'task_due_soon':
    case 'awaiting_close_out':
    case 'walk_unfinished':
      return 'amber';
    default:
      return 'blue';
  }
}
