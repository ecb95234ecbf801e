import { describe, expect, it } from 'vitest';
import { localError, newPasswordProblem, NO_RECOVERY_ZH } from './encryption';

describe('数据加密 form checks', () => {
  it('asks for a password of at least eight characters, typed the same twice', () => {
    expect(newPasswordProblem('', '')).toBe('请输入新密码');
    expect(newPasswordProblem('   ', '   ')).toBe('请输入新密码');
    expect(newPasswordProblem('七个字的密码吗', '七个字的密码吗')).toBe('密码至少 8 个字符');
    expect(newPasswordProblem('八个字符的密码啊', '八个字符的密码')).toBe('两次输入的新密码不一致');
    expect(newPasswordProblem('八个字符的密码啊', '八个字符的密码啊')).toBeNull();
  });

  it('counts characters, not UTF-16 units', () => {
    // Four astral characters are eight UTF-16 units but four characters.
    expect(newPasswordProblem('𠀀𠀁𠀂𠀃', '𠀀𠀁𠀂𠀃')).toBe('密码至少 8 个字符');
  });

  it('says a lost password cannot be recovered, and shapes local errors like the core', () => {
    expect(NO_RECOVERY_ZH).toContain('无法找回');
    expect(localError('new_password', '两次输入的新密码不一致')).toEqual({
      code: 'validation', message_zh: '两次输入的新密码不一致', field: 'new_password',
    });
  });
});
