// The global search (Ctrl+K): where each kind of hit opens, and the key that opens the box.
import type { Route, ScreenId } from './nav.svelte';
import type { SearchHit, SearchKind } from './types';

export const KIND_LABEL: Record<SearchKind, string> = {
  walk: '体验', step: '环节', problem: '问题', task: '整改任务', note: '进展',
};

/** The screen a hit opens: a walk or step its walk, a problem the 问题清单 searched for the same
 *  words with the problem marked, a task or progress note the task in 整改台账. */
export function hitRoute(hit: SearchHit, query: string): { screen: ScreenId; extra: Omit<Route, 'screen'> } {
  switch (hit.kind) {
    case 'walk':
    case 'step':
      return { screen: 'walks', extra: { walkId: hit.walk_id ?? undefined, view: 'live' } };
    case 'problem':
      return { screen: 'problems', extra: { filter: { problem: hit.id, text: query.trim() } } };
    default:
      return { screen: 'ledger', extra: { filter: { task: hit.task_id ?? hit.id } } };
  }
}

/** Ctrl+K (⌘K on a Mac) opens the search from anywhere, even while typing in a field. */
export function isSearchKey(e: Pick<KeyboardEvent, 'key' | 'ctrlKey' | 'metaKey' | 'altKey' | 'shiftKey'>): boolean {
  return (e.ctrlKey || e.metaKey) && !e.altKey && !e.shiftKey && e.key.toLowerCase() === 'k';
}
