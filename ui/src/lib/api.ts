// The one place the UI talks to the Rust side. Every command goes through `call`, which turns
// whatever the IPC rejects with into an `ApiError` ({code, message_zh}) so screens can always
// show a Chinese message next to what caused it.
import { invoke } from '@tauri-apps/api/core';

export interface ApiError {
  code: string;
  message_zh: string;
}

export function isApiError(e: unknown): e is ApiError {
  return (
    typeof e === 'object' &&
    e !== null &&
    typeof (e as ApiError).code === 'string' &&
    typeof (e as ApiError).message_zh === 'string'
  );
}

/** Normalises anything thrown by `invoke` (our `CmdError`, a Tauri string error, an Error). */
export function toApiError(e: unknown): ApiError {
  if (isApiError(e)) return { code: e.code, message_zh: e.message_zh };
  if (typeof e === 'string') return { code: 'ipc', message_zh: `调用失败：${e}` };
  if (e instanceof Error) return { code: 'ipc', message_zh: `调用失败：${e.message}` };
  return { code: 'unknown', message_zh: '发生未知错误' };
}

export async function call<T>(cmd: string, args?: Record<string, unknown>): Promise<T> {
  try {
    return await invoke<T>(cmd, args);
  } catch (e) {
    throw toApiError(e);
  }
}

// ---- typed commands -------------------------------------------------------------------------

export interface AppInfo {
  version: string;
  db_path: string;
}

export const api = {
  appInfo: () => call<AppInfo>('app_info'),
};
