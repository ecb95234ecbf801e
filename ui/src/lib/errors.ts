// How the UI treats each error code: the one place that branches on codes. Every code is a
// variant of the core's `walklog::Error` (the union `ErrorCode` is generated from it, and a
// Rust test checks that the table below lists exactly those codes).
import type { ErrorCode } from './bindings/ErrorCode';

export type { ErrorCode };

/** An error as a command rejects with it (the Rust `CmdError`). */
export interface ApiError {
  code: ErrorCode;
  message_zh: string;
  /** The field a validation or authority error is about (e.g. "deadline"). */
  field?: string | null;
  /** A refused 报送包: each reason on its own (message_zh joins them). */
  reasons?: string[] | null;
  /** A template error's line (1-based). */
  line?: number | null;
}

/**
 * - `input`: the user can fix it in the form (shown beside its field when it names one);
 * - `refused`: a rule refused the act (state, seal, authority), the record is as it was;
 * - `conflict`: records that differ from this install's, kept for a person to resolve;
 * - `needs_user`: choose the current user in 设置 first;
 * - `missing`: the record or file is not there (deleted meanwhile, moved);
 * - `failure`: the system failed (disk, database, font); the message says what to do.
 */
export type ErrorKind = 'input' | 'refused' | 'conflict' | 'needs_user' | 'missing' | 'failure';

const KIND: Record<ErrorCode, ErrorKind> = {
  // codes:begin
  validation: 'input',
  not_found: 'missing',
  transition: 'refused',
  sealed: 'refused',
  schema_too_new: 'failure',
  import: 'input',
  conflict: 'conflict',
  authority: 'refused',
  chain_broken: 'failure',
  bundle_refused: 'refused',
  server_unreachable: 'failure',
  server_refused: 'refused',
  file_unverified: 'failure',
  identity: 'refused',
  tampered: 'failure',
  usage: 'input',
  ambiguous: 'input',
  not_empty: 'refused',
  seal_mismatch: 'failure',
  no_current_user: 'needs_user',
  forbidden_path: 'refused',
  open: 'failure',
  internal: 'failure',
  busy: 'failure',
  locked: 'refused',
  wrong_password: 'input',
  attachments_missing: 'failure',
  font_not_found: 'failure',
  font_invalid: 'input',
  template_error: 'input',
  template_read: 'input',
  image_error: 'failure',
  read_failed: 'failure',
  write_failed: 'failure',
  xlsx_error: 'failure',
  database: 'failure',
  io: 'failure',
  json: 'failure',
  // codes:end
};

/** Every code the UI knows, in the table's order. */
export const CODES = Object.keys(KIND) as ErrorCode[];

export function isErrorCode(code: unknown): code is ErrorCode {
  return typeof code === 'string' && Object.prototype.hasOwnProperty.call(KIND, code);
}

export function isApiError(e: unknown): e is ApiError {
  return (
    typeof e === 'object' &&
    e !== null &&
    isErrorCode((e as ApiError).code) &&
    typeof (e as ApiError).message_zh === 'string'
  );
}

/**
 * Normalises anything a command rejects with. Our `CmdError` passes as it is; what Tauri itself
 * rejects with (a string: unknown command, arguments that do not deserialise) or a JS error is
 * a failure of the program, so it becomes `internal`, a code of the core like every other.
 */
export function toApiError(e: unknown): ApiError {
  if (isApiError(e)) {
    const out: ApiError = { code: e.code, message_zh: e.message_zh, field: e.field ?? null };
    if (Array.isArray(e.reasons)) out.reasons = e.reasons.filter((r): r is string => typeof r === 'string');
    if (typeof e.line === 'number' && Number.isInteger(e.line) && e.line > 0) out.line = e.line;
    return out;
  }
  // A Chinese message under a code this build does not know (an older UI): keep the words.
  if (typeof e === 'object' && e !== null && typeof (e as ApiError).message_zh === 'string') {
    return { code: 'internal', message_zh: (e as ApiError).message_zh, field: null };
  }
  if (typeof e === 'string') return { code: 'internal', message_zh: `调用失败：${e}`, field: null };
  if (e instanceof Error) return { code: 'internal', message_zh: `调用失败：${e.message}`, field: null };
  return { code: 'internal', message_zh: '发生未知错误', field: null };
}

export function kindOf(e: ApiError): ErrorKind {
  return KIND[e.code] ?? 'failure';
}

/** The field to show the error beside: only validation and authority errors name one. */
export function fieldOf(e: ApiError | null | undefined): string | null {
  if (!e || !e.field) return null;
  return e.code === 'validation' || e.code === 'authority' || e.code === 'wrong_password' ? e.field : null;
}

/** Whether `e` belongs beside one of `fields` (the inputs a form shows errors under). */
export function isFieldError(e: ApiError | null | undefined, fields: string[]): boolean {
  const f = fieldOf(e);
  return f !== null && fields.includes(f);
}

/**
 * The error for the form as a whole: null when it is shown beside one of `fields`, or (with
 * no list given) beside any field at all.
 */
export function formLevel(e: ApiError | null | undefined, fields?: string[]): ApiError | null {
  if (!e) return null;
  const f = fieldOf(e);
  if (f === null) return e;
  return fields === undefined || fields.includes(f) ? null : e;
}

export const isConflict = (e: ApiError | null | undefined) => !!e && KIND[e.code] === 'conflict';
export const needsCurrentUser = (e: ApiError | null | undefined) => !!e && KIND[e.code] === 'needs_user';
