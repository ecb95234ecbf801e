// Logic of the 体验记录 screens that does not need a window: the empty walk, which fields a
// kind needs, and text search over the list.
import type { Walk } from './types';

/** The three "no"s as planned for a 日常体验; the user unticks whichever was not kept. */
export const KEPT_ALL = Object.freeze({ identity_hidden: true, no_notice: true, no_escort: true });

/** What a new record sends as its 记录方式: nothing; the core decides it. */
export const NO_CAPTURE = Object.freeze({
  mode: 'typed', entered_at: null, amended_at: null, original_started_at: null, original_ended_at: null,
} as const);

export function emptyWalk(today: string, departmentId = '', leaderId = ''): Walk {
  return {
    id: '', title: '', department_id: departmentId, leader_id: leaderId,
    kind: 'daily', manner: 'in_person', ways: [], channel: 'hall', place_level: 'city_hall', place_name: '',
    matter_ids: [], companion_ids: [],
    incognito: { ...KEPT_ALL },
    alias: null, planned_date: today, started_at: null, ended_at: null, status: 'planned',
    reflection: '', suggestions: 0, questionnaires: 0, coordinated: 0, seal_code: null,
    capture: { ...NO_CAPTURE },
  };
}

/**
 * Keeps the walk consistent with its kind before saving: manner and the three "no"s belong to
 * 日常体验 only; the core checks the rest and answers in Chinese.
 */
export function normaliseWalk(w: Walk): Walk {
  const daily = w.kind === 'daily';
  return {
    ...w,
    title: w.title.trim(),
    manner: daily ? (w.manner ?? 'in_person') : null,
    // What happened is recorded as is: a head who was recognised leaves a box unticked.
    incognito: daily ? { ...(w.incognito ?? KEPT_ALL) } : null,
    alias: w.alias && w.alias.trim() ? w.alias.trim() : null,
  };
}

/** Whether a list of codes (ways, standards) holds `code`, a vocabulary's option. */
export function has(list: readonly string[], code: string): boolean {
  return list.includes(code);
}

/** Toggles a code in a list (ways, matters, companions). */
export function toggle<T extends string>(list: T[], code: string, on: boolean): T[] {
  // `code` comes from the vocabulary of the same list (or is an id), so it is one of T.
  const has = (list as string[]).includes(code);
  if (on && !has) return [...list, code as T];
  if (!on && has) return list.filter((c) => c !== code);
  return list;
}

/** Case-insensitive match of every word against title, place and alias. */
export function matchesText(w: Walk, text: string, extra: string[] = []): boolean {
  const words = text.trim().toLowerCase().split(/\s+/).filter(Boolean);
  if (words.length === 0) return true;
  const hay = [w.title, w.place_name, w.alias ?? '', ...extra].join(' ').toLowerCase();
  return words.every((word) => hay.includes(word));
}

/**
 * The core's name of a list filter's period shortcut (the core computes its dates from its own
 * calendar and clock); null = every date.
 */
export function periodSpec(choice: string): string | null {
  switch (choice) {
    case 'month':
      return 'this_month';
    case 'quarter':
      return 'this_quarter';
    case 'year':
      return 'this_year';
    default:
      return null;
  }
}
