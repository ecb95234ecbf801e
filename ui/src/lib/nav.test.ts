import { beforeEach, describe, expect, it, vi } from 'vitest';

const invoke = vi.fn();
vi.mock('@tauri-apps/api/core', () => ({ invoke: (...a: unknown[]) => invoke(...a) }));

import { go, isScreenId, restoreScreen, route, screenLabel } from './nav.svelte';

describe('navigation', () => {
  beforeEach(() => {
    invoke.mockReset();
    invoke.mockResolvedValue(null);
    route.screen = 'dashboard';
    route.walkId = undefined;
  });
  it('knows the seven screens in Chinese', () => {
    expect(screenLabel('ledger')).toBe('整改台账');
    expect(isScreenId('stats')).toBe(true);
    expect(isScreenId('nope')).toBe(false);
  });
  it('goes to a screen and remembers it in the database', () => {
    go('walks', { walkId: 'w1', view: 'live' });
    expect(route).toMatchObject({ screen: 'walks', walkId: 'w1', view: 'live' });
    expect(invoke).toHaveBeenCalledWith('set_ui_state', { key: 'last_screen', value: 'walks' });
  });
  it('restores the last screen, ignoring unknown values', async () => {
    invoke.mockResolvedValueOnce('ledger');
    await restoreScreen();
    expect(route.screen).toBe('ledger');
    route.screen = 'dashboard';
    invoke.mockResolvedValueOnce('<script>');
    await restoreScreen();
    expect(route.screen).toBe('dashboard');
  });
});
