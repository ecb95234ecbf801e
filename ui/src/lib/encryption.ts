// 数据加密 in the window: what the form can say before asking the core (which checks again and
// has the last word), and which error belongs beside which box.
import type { ApiError } from './errors';

export const PASSWORD_MIN_CHARS = 8;

/** The words every screen shows before encryption is turned on or a password changed. */
export const NO_RECOVERY_ZH =
  '密码遗失后，数据库、附件和备份都无法打开，任何人（包括本系统的开发者和党建办）都无法找回。请把密码交由本单位按保密规定保管。';

/** A new password typed twice: null when the form may be sent, else the Chinese reason. */
export function newPasswordProblem(password: string, again: string): string | null {
  if (password.trim() === '') return '请输入新密码';
  if ([...password].length < PASSWORD_MIN_CHARS) return `密码至少 ${PASSWORD_MIN_CHARS} 个字符`;
  if (password !== again) return '两次输入的新密码不一致';
  return null;
}

/** A local problem shown like the core's own field error. */
export function localError(field: string, message_zh: string): ApiError {
  return { code: 'validation', message_zh, field };
}
