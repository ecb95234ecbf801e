// Which screen is shown. Kept as plain state (no router library): the app has a handful of
// screens and two sub-screens of 体验记录 (editor, live walk). The last main screen is kept in
// the database's UI settings (per database, so each test database starts fresh).
import { api } from './api';

export const SCREENS = [
  { id: 'dashboard', label: '工作台' },
  { id: 'reminders', label: '提醒' },
  { id: 'plans', label: '计划' },
  { id: 'walks', label: '体验记录' },
  { id: 'problems', label: '问题清单' },
  { id: 'ledger', label: '整改台账' },
  { id: 'chart', label: '挂图推进' },
  { id: 'stats', label: '统计' },
  { id: 'exchange', label: '报送与接收' },
  { id: 'conflicts', label: '冲突' },
  { id: 'export', label: '导出' },
  { id: 'import', label: '导入' },
  { id: 'verify', label: '核验' },
  { id: 'settings', label: '设置' },
  { id: 'help', label: '帮助' },
] as const;

export type ScreenId = (typeof SCREENS)[number]['id'];

const LAST_SCREEN = 'last_screen';

export function isScreenId(v: unknown): v is ScreenId {
  return typeof v === 'string' && SCREENS.some((s) => s.id === v);
}

export function screenLabel(id: ScreenId): string {
  return SCREENS.find((s) => s.id === id)?.label ?? id;
}

export interface Route {
  screen: ScreenId;
  /** Set when a walk is open in the live screen or the editor; 'new' opens an empty editor. */
  walkId?: string;
  view?: 'edit' | 'live';
  /** Filters handed over by a click-through (e.g. from a figure on 统计 to the ledger). */
  filter?: Record<string, string>;
}

export const route: Route = $state({ screen: 'dashboard' });

/** What a screen keeps while another is shown, so coming back finds it as it was left. */
export const kept: {
  ledger: { f: { department_id: string; status: string; overdue: boolean; due_within: string; period: string; sort: string; text: string }; task: string | null } | null;
} = { ledger: null };

export function go(screen: ScreenId, extra: Omit<Route, 'screen'> = {}): void {
  route.screen = screen;
  route.walkId = extra.walkId;
  route.view = extra.view;
  route.filter = extra.filter;
  // Remembering the screen is a convenience; a failed save must not disturb navigation.
  api.setUiState(LAST_SCREEN, screen).catch(() => undefined);
}

/** Opens the screen that was shown when the app last closed on this database. */
export async function restoreScreen(): Promise<void> {
  try {
    const last = await api.uiState(LAST_SCREEN);
    if (isScreenId(last) && route.screen === 'dashboard' && !route.walkId) route.screen = last;
  } catch {
    // Nothing remembered: stay on 工作台.
  }
}
