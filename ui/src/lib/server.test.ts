import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

// The commands the sync state calls, answered per test.
const handlers: Record<string, (args: unknown) => unknown> = {};
const invoke = vi.fn(async (cmd: string, args?: unknown) => {
  const h = handlers[cmd];
  if (!h) throw { code: 'internal', message_zh: `未模拟的命令 ${cmd}` };
  return h(args);
});
vi.mock('@tauri-apps/api/core', () => ({ invoke: (cmd: string, args?: unknown) => invoke(cmd, args) }));

import { app } from './app.svelte';
import { isOffline, pulledAnything, syncLine, syncReportText, syncTime, syncTitle, syncTone } from './server';
import { saveServerUrl, server, startAutoSync, stopAutoSync, syncNow } from './server.svelte';
import type { SyncReport, SyncStatus } from './types';

const TODAY = '2026-05-06';
const status = (over: Partial<SyncStatus> = {}): SyncStatus => ({
  configured: true, server: 'wl_abc@10.0.0.5:5432/walklog', last_sync_at: '2026-05-06T14:20:31+08:00',
  last_attempt_at: '2026-05-06T14:20:31+08:00', last_error: null, unsynced: 0, ...over,
});
const report = (over: Partial<SyncReport> = {}): SyncReport => ({
  pushed: 0, forwarded: 0, pulled: 0, inserted: 0, updated: 0, conflicts: [], photos_sent: 0, photos_received: 0,
  at: '2026-05-06T14:25:00+08:00', ...over,
});
const OFFLINE = { code: 'server_unreachable', message_zh: '未连上同步服务器（服务器拒绝连接，可能未启动），记录已保存在本机，稍后会再同步', field: null };

describe('the status bar words', () => {
  it('says nothing without a server', () => {
    expect(syncLine(null, TODAY)).toBe('');
    expect(syncLine(status({ configured: false }), TODAY)).toBe('');
    expect(syncTitle(status({ configured: false }), TODAY)).toBe('');
  });
  it('says 已同步 HH:MM, with the date when not today', () => {
    expect(syncLine(status(), TODAY)).toBe('已同步 14:20');
    expect(syncLine(status({ last_sync_at: '2026-03-05T09:05:00+08:00' }), TODAY)).toBe('已同步 3月5日 09:05');
    expect(syncTime(null, TODAY)).toBe('');
  });
  it('says 未同步 N 条 while own changes wait, 尚未同步 before the first sync', () => {
    expect(syncLine(status({ unsynced: 3 }), TODAY)).toBe('未同步 3 条');
    expect(syncLine(status({ last_sync_at: null, unsynced: 0 }), TODAY)).toBe('尚未同步');
  });
  it('puts the server and the last failure in the tooltip', () => {
    const t = syncTitle(status({ unsynced: 2, last_attempt_at: '2026-05-06T15:00:00+08:00', last_error: OFFLINE.message_zh }), TODAY);
    expect(t.split('\n')).toEqual([
      '同步服务器：wl_abc@10.0.0.5:5432/walklog',
      '上次同步：14:20',
      '本机有 2 条变更尚未上传到服务器',
      `15:00 未能同步：${OFFLINE.message_zh}`,
    ]);
    expect(syncTitle(status({ last_sync_at: null }), TODAY)).toContain('还没有成功同步过');
  });
  it('colours the dot by what matters most', () => {
    expect(syncTone(status())).toBe('ok');
    expect(syncTone(status({ unsynced: 1 }))).toBe('pending');
    expect(syncTone(status({ unsynced: 1, last_error: '连接超时' }))).toBe('failed');
  });
});

describe('a sync report', () => {
  it('says what moved', () => {
    expect(syncReportText(report())).toBe('同步完成：没有新的变更');
    expect(syncReportText(report({ pushed: 4, pulled: 3, inserted: 2, updated: 1, photos_received: 1 })))
      .toBe('同步完成：上传 4 条，收到 3 条（新增 2，更新 1），照片收到 1 张');
    expect(syncReportText(report({ forwarded: 7, conflicts: [{ entity: 'task', entity_zh: '整改任务', id: 't1' }] })))
      .toBe('同步完成：转发各单位的 7 条，冲突 1 条');
  });
  it('knows when the screens must reload', () => {
    expect(pulledAnything(report({ pushed: 5 }))).toBe(false);
    expect(pulledAnything(report({ pulled: 2 }))).toBe(true);
  });
  it('treats offline as offline', () => {
    expect(isOffline(OFFLINE as never)).toBe(true);
    expect(isOffline({ code: 'server_refused', message_zh: 'x' })).toBe(false);
    expect(isOffline(null)).toBe(false);
  });
});

describe('syncing', () => {
  const basics = () => {
    handlers.vocab = () => ({});
    handlers.current_user = () => null;
    handlers.departments = () => [];
    handlers.people = () => [];
    handlers.matters = () => [];
    handlers.install_state = () => ({ identity: null, empty: false, conflicts: 0, demo: false });
  };
  beforeEach(() => {
    for (const k of Object.keys(handlers)) delete handlers[k];
    invoke.mockClear();
    Object.assign(server, { status: null, syncing: false, report: null, message: '', error: null });
    basics();
  });
  afterEach(() => {
    stopAutoSync();
    vi.useRealTimers();
  });

  it('a pressed 同步 that fails says why; the status is read again', async () => {
    handlers.sync_now = () => { throw OFFLINE; };
    handlers.sync_status = () => status({ last_error: OFFLINE.message_zh });
    expect(await syncNow(true)).toBeNull();
    expect(server.error?.code).toBe('server_unreachable');
    expect(server.status?.last_error).toBe(OFFLINE.message_zh);
    expect(server.syncing).toBe(false);
  });

  it('a background failure only updates the status', async () => {
    handlers.sync_now = () => { throw OFFLINE; };
    handlers.sync_status = () => status({ last_error: OFFLINE.message_zh });
    await syncNow(false);
    expect(server.error).toBeNull();
    expect(server.message).toBe('');
    expect(server.status?.last_error).toBe(OFFLINE.message_zh);
  });

  it('reloads the screens after a sync that brought changes, not after one that only sent', async () => {
    handlers.sync_status = () => status();
    handlers.sync_now = () => report({ pushed: 2 });
    const before = app.revision;
    await syncNow(true);
    expect(app.revision).toBe(before);
    expect(server.message).toBe('同步完成：上传 2 条');
    handlers.sync_now = () => report({ pulled: 1, updated: 1 });
    await syncNow(false);
    expect(app.revision).toBe(before + 1);
    expect(invoke).toHaveBeenCalledWith('install_state', undefined);
    expect(server.message).toBe('');
  });

  it('runs one sync at a time', async () => {
    let release!: () => void;
    handlers.sync_status = () => status();
    handlers.sync_now = () => new Promise((r) => { release = () => r(report()); });
    const first = syncNow(false);
    expect(await syncNow(true)).toBeNull();
    release();
    await first;
    expect(invoke.mock.calls.filter((c) => c[0] === 'sync_now')).toHaveLength(1);
  });

  it('syncs at start and every five minutes while configured', async () => {
    vi.useFakeTimers();
    handlers.sync_status = () => status();
    handlers.sync_now = () => report();
    startAutoSync();
    await vi.advanceTimersByTimeAsync(0);
    const syncs = () => invoke.mock.calls.filter((c) => c[0] === 'sync_now').length;
    expect(syncs()).toBe(1);
    await vi.advanceTimersByTimeAsync(5 * 60 * 1000);
    expect(syncs()).toBe(2);
    // Removed: the timer keeps running but syncs no more.
    handlers.sync_status = () => status({ configured: false, server: '' });
    handlers.set_server_url = () => status({ configured: false, server: '' });
    await saveServerUrl(null);
    await vi.advanceTimersByTimeAsync(10 * 60 * 1000);
    expect(syncs()).toBe(2);
  });

  it('does not sync at start without a server', async () => {
    vi.useFakeTimers();
    handlers.sync_status = () => status({ configured: false, server: '', last_sync_at: null });
    startAutoSync();
    await vi.advanceTimersByTimeAsync(6 * 60 * 1000);
    expect(invoke.mock.calls.some((c) => c[0] === 'sync_now')).toBe(false);
  });

  it('a new address is synced with at once; a refused one is not kept', async () => {
    handlers.set_server_url = () => status({ last_sync_at: null });
    handlers.sync_status = () => status();
    handlers.sync_now = () => report();
    await saveServerUrl('postgres://wl_abc:pw@10.0.0.5:5432/walklog');
    await vi.waitFor(() => expect(invoke).toHaveBeenCalledWith('sync_now', undefined));
    handlers.set_server_url = () => { throw { code: 'validation', field: 'server_url', message_zh: '同步服务器地址缺少主机' }; };
    await expect(saveServerUrl('postgres://x')).rejects.toMatchObject({ field: 'server_url' });
    expect(server.status?.configured).toBe(true);
  });
});
