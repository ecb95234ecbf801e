import { afterEach, describe, expect, it, vi } from 'vitest';
import { dismiss, notice, notify } from './notice.svelte';

describe('notify', () => {
  afterEach(() => vi.useRealTimers());
  it('shows the message, replaces it with a newer one and hides it after five seconds', () => {
    vi.useFakeTimers();
    notify('已销号');
    expect(notice.text).toBe('已销号');
    vi.advanceTimersByTime(3000);
    notify('已退回');
    vi.advanceTimersByTime(3000);
    expect(notice.text).toBe('已退回');
    vi.advanceTimersByTime(2001);
    expect(notice.text).toBe('');
  });
  it('can be dismissed at once', () => {
    notify('体验已完成');
    dismiss();
    expect(notice.text).toBe('');
  });
});
