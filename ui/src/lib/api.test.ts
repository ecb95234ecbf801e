import { describe, expect, it, vi } from 'vitest';

const invoke = vi.fn();
vi.mock('@tauri-apps/api/core', () => ({ invoke: (...a: unknown[]) => invoke(...a) }));

import { call, isApiError, toApiError } from './api';

describe('toApiError', () => {
  it('keeps a CmdError from Rust as it is', () => {
    expect(toApiError({ code: 'not_found', message_zh: '找不到该记录', extra: 1 })).toEqual({
      code: 'not_found',
      message_zh: '找不到该记录',
      field: null,
    });
    expect(toApiError({ code: 'validation', message_zh: '整改时限不能早于体验日期', field: 'deadline' }).field).toBe('deadline');
  });
  it('wraps a plain string error from Tauri', () => {
    expect(toApiError('command app_infox not found')).toEqual({
      code: 'internal',
      message_zh: '调用失败：command app_infox not found',
      field: null,
    });
  });
  it('wraps a JS Error and anything else', () => {
    expect(toApiError(new Error('boom')).message_zh).toBe('调用失败：boom');
    expect(toApiError(42)).toEqual({ code: 'internal', message_zh: '发生未知错误', field: null });
  });
  it('recognises only complete errors', () => {
    expect(isApiError({ code: 'x' })).toBe(false);
    expect(isApiError(null)).toBe(false);
  });
});

describe('call', () => {
  it('passes command and arguments through and returns the result', async () => {
    invoke.mockResolvedValueOnce({ version: '0.1.0', db_path: '/tmp/a.db' });
    await expect(call('app_info', { a: 1 })).resolves.toEqual({ version: '0.1.0', db_path: '/tmp/a.db' });
    expect(invoke).toHaveBeenLastCalledWith('app_info', { a: 1 });
  });
  it('rejects with an ApiError', async () => {
    invoke.mockRejectedValueOnce({ code: 'sealed', message_zh: '该体验已归档，不能再修改' });
    await expect(call('update_walk')).rejects.toEqual({ code: 'sealed', message_zh: '该体验已归档，不能再修改', field: null });
  });
});
