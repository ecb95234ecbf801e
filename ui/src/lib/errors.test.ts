import { describe, expect, it } from 'vitest';

import { CODES, fieldOf, formLevel, isApiError, isConflict, isFieldError, kindOf, needsCurrentUser, toApiError, type ApiError } from './errors';

const e = (code: ApiError['code'], field: string | null = null): ApiError => ({ code, message_zh: '出错了', field });

describe('toApiError', () => {
  it('keeps a CmdError from Rust as it is', () => {
    expect(toApiError({ code: 'sealed', message_zh: '出错了', field: null, extra: 1 })).toEqual(e('sealed'));
  });
  it('keeps the reasons of a refused 报送包, one by one', () => {
    const refused = { code: 'bundle_refused', message_zh: '报送包未被接收：甲；乙', field: null, reasons: ['甲', '乙', 3] };
    expect(toApiError(refused)).toEqual({ code: 'bundle_refused', message_zh: '报送包未被接收：甲；乙', field: null, reasons: ['甲', '乙'] });
  });
  it('turns what Tauri itself rejects with into internal, a code of the core', () => {
    expect(toApiError('invalid args `walk_id` for command `start_walk`')).toEqual({
      code: 'internal', message_zh: '调用失败：invalid args `walk_id` for command `start_walk`', field: null,
    });
    expect(toApiError(new Error('boom'))).toEqual({ code: 'internal', message_zh: '调用失败：boom', field: null });
    expect(toApiError(undefined)).toEqual({ code: 'internal', message_zh: '发生未知错误', field: null });
  });
  it('keeps the words of an error whose code this build does not know', () => {
    expect(toApiError({ code: 'ipc', message_zh: '旧版本的错误' })).toEqual({ code: 'internal', message_zh: '旧版本的错误', field: null });
    expect(isApiError({ code: 'ipc', message_zh: 'x' })).toBe(false);
  });
});

describe('classification', () => {
  it('has no code outside the generated union and no duplicates', () => {
    expect(new Set(CODES).size).toBe(CODES.length);
    expect(CODES).not.toContain('ipc');
    expect(CODES).not.toContain('bad_argument');
    expect(CODES).toContain('internal');
  });
  it('shows validation, authority and wrong-password errors beside their field, nothing else', () => {
    expect(fieldOf(e('validation', 'deadline'))).toBe('deadline');
    expect(fieldOf(e('wrong_password', 'password'))).toBe('password');
    expect(fieldOf(e('authority', 'closed_out_by'))).toBe('closed_out_by');
    expect(fieldOf(e('validation'))).toBeNull();
    // A field on another code is not a field error (the message belongs to the form).
    expect(fieldOf(e('sealed', 'deadline'))).toBeNull();
    expect(isFieldError(e('validation', 'deadline'), ['deadline'])).toBe(true);
    expect(isFieldError(e('validation', 'deadline'), ['measure'])).toBe(false);
  });
  it('keeps at form level what no input of the form shows', () => {
    const beside = e('validation', 'deadline');
    expect(formLevel(beside)).toBeNull();
    expect(formLevel(beside, ['deadline'])).toBeNull();
    expect(formLevel(beside, ['measure'])).toBe(beside);
    expect(formLevel(e('transition'))).toEqual(e('transition'));
    expect(formLevel(null)).toBeNull();
  });
  it('names conflicts, the missing current user and refusals', () => {
    expect(isConflict(e('conflict'))).toBe(true);
    expect(isConflict(e('import'))).toBe(false);
    expect(needsCurrentUser(e('no_current_user'))).toBe(true);
    expect(needsCurrentUser(e('authority', 'actor'))).toBe(false);
    expect(kindOf(e('sealed'))).toBe('refused');
    expect(kindOf(e('validation', 'x'))).toBe('input');
    expect(kindOf(e('not_found'))).toBe('missing');
    expect(kindOf(e('write_failed'))).toBe('failure');
  });
});
