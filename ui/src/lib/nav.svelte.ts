// Which screen is shown. Kept as plain state (no router library): the app has a handful of
// screens and one sub-screen (the live walk). The last main screen is remembered across starts.

export const SCREENS = [
  { id: 'dashboard', label: '工作台' },
  { id: 'walks', label: '体验记录' },
  { id: 'problems', label: '问题清单' },
  { id: 'ledger', label: '整改台账' },
  { id: 'stats', label: '统计' },
  { id: 'export', label: '导出' },
  { id: 'settings', label: '设置' },
] as const;

export type ScreenId = (typeof SCREENS)[number]['id'];

const STORAGE_KEY = 'walklog.lastScreen';

export function isScreenId(v: unknown): v is ScreenId {
  return typeof v === 'string' && SCREENS.some((s) => s.id === v);
}

export function screenLabel(id: ScreenId): string {
  return SCREENS.find((s) => s.id === id)?.label ?? id;
}

function restore(): ScreenId {
  try {
    const v = globalThis.localStorage?.getItem(STORAGE_KEY);
    return isScreenId(v) ? v : 'dashboard';
  } catch {
    return 'dashboard';
  }
}

export interface Route {
  screen: ScreenId;
  /** Set when a walk is open in the live screen or the editor (sub-screens of 体验记录);
   *  'new' opens an empty editor. */
  walkId?: string;
  view?: 'edit' | 'live';
  /** Filters handed over by a click-through (e.g. from a figure on 统计 to the ledger). */
  filter?: Record<string, string>;
}

export const route: Route = $state({ screen: restore() });

export function go(screen: ScreenId, extra: Omit<Route, 'screen'> = {}): void {
  route.screen = screen;
  route.walkId = extra.walkId;
  route.view = extra.view;
  route.filter = extra.filter;
  try {
    globalThis.localStorage?.setItem(STORAGE_KEY, screen);
  } catch {
    // Storage can be unavailable (private mode); remembering the screen is only a convenience.
  }
}
