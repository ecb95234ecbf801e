import { describe, expect, it } from 'vitest';
import { answer, confirmAction, confirmState } from './confirm.svelte';

describe('confirmAction', () => {
  it('opens, and resolves with the answer', async () => {
    const p = confirmAction('删除？', '删除');
    expect(confirmState.open).toBe(true);
    expect(confirmState.okLabel).toBe('删除');
    answer(true);
    await expect(p).resolves.toBe(true);
    expect(confirmState.open).toBe(false);
  });
  it('a new question cancels the pending one', async () => {
    const first = confirmAction('一');
    const second = confirmAction('二');
    await expect(first).resolves.toBe(false);
    answer(false);
    await expect(second).resolves.toBe(false);
  });
});
