// The sync server's state for the status bar and 设置: the status, a sync running, what the last
// one did. Syncs run once at start and every five minutes while a server is configured; a
// background failure only updates the status, a 同步 the user pressed says why it failed.
import { api, type ApiError } from './api';
import { changed, loadBasics } from './app.svelte';
import { loadInstall } from './install.svelte';
import { AUTO_SYNC_MS, pulledAnything, syncReportText } from './server';
import type { SyncReport, SyncStatus } from './types';

export const server = $state({
  status: null as SyncStatus | null,
  syncing: false,
  /** The last sync's report (its conflicts stay linked until the next sync). */
  report: null as SyncReport | null,
  /** After a 同步 the user pressed: what it did, or why it failed. */
  message: '',
  error: null as ApiError | null,
});

export async function loadSyncStatus(): Promise<void> {
  try {
    server.status = await api.syncStatus();
  } catch {
    // The status bar stays as it was; the next sync or start asks again.
  }
}

/** Saves (or with null removes) the address; a new one is synced with at once. */
export async function saveServerUrl(url: string | null): Promise<void> {
  server.status = await api.setServerUrl(url);
  server.report = null;
  server.message = '';
  server.error = null;
  if (server.status.configured) void syncNow(false);
}

/**
 * One sync. `manual`: the user pressed 同步, so the outcome is said beside the button. Returns
 * the report, or null when it failed or another sync was running.
 */
export async function syncNow(manual: boolean): Promise<SyncReport | null> {
  if (server.syncing) return null;
  server.syncing = true;
  // What the last press said is stale once another sync starts.
  server.message = '';
  server.error = null;
  try {
    const report = await api.syncNow();
    server.report = report;
    if (manual) server.message = syncReportText(report);
    if (pulledAnything(report)) {
      // Units, people and matters may have come with it; then every screen showing records reloads.
      await Promise.all([loadBasics(), loadInstall()]);
      changed();
    }
    return report;
  } catch (e) {
    if (manual) server.error = e as ApiError;
    return null;
  } finally {
    await loadSyncStatus();
    server.syncing = false;
  }
}

let timer: ReturnType<typeof setInterval> | null = null;

/** Syncs once now (if configured) and then every `every` ms; started once for the window. */
export function startAutoSync(every: number = AUTO_SYNC_MS): void {
  if (timer) return;
  void loadSyncStatus().then(() => {
    if (server.status?.configured) void syncNow(false);
  });
  timer = setInterval(() => {
    if (server.status?.configured && !server.syncing) void syncNow(false);
  }, every);
}

/** For tests: stops the timer so another start begins afresh. */
export function stopAutoSync(): void {
  if (timer) clearInterval(timer);
  timer = null;
}
