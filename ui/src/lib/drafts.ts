// Save-as-you-go for the live walk: every keystroke is kept in localStorage until the core has
// stored it, so a closed window or a crash between two saves loses nothing. On reopening, a
// draft newer than the stored step is applied and saved.

const PREFIX = 'walklog.draft.';

export interface Draft<T> {
  savedAt: number;
  value: T;
}

function storage(): Storage | null {
  try {
    return globalThis.localStorage ?? null;
  } catch {
    return null;
  }
}

export function keepDraft<T>(key: string, value: T, now = Date.now()): void {
  storage()?.setItem(PREFIX + key, JSON.stringify({ savedAt: now, value } satisfies Draft<T>));
}

export function readDraft<T>(key: string): Draft<T> | null {
  const raw = storage()?.getItem(PREFIX + key);
  if (!raw) return null;
  try {
    const d = JSON.parse(raw) as Draft<T>;
    return typeof d?.savedAt === 'number' ? d : null;
  } catch {
    return null;
  }
}

export function dropDraft(key: string): void {
  storage()?.removeItem(PREFIX + key);
}

/** Calls `fn` once `ms` have passed without another call; `flush()` runs a pending call now. */
export function debounce<A extends unknown[]>(fn: (...a: A) => void, ms: number) {
  let timer: ReturnType<typeof setTimeout> | null = null;
  let pending: A | null = null;
  const run = () => {
    timer = null;
    const a = pending;
    pending = null;
    if (a) fn(...a);
  };
  const call = (...a: A) => {
    pending = a;
    if (timer) clearTimeout(timer);
    timer = setTimeout(run, ms);
  };
  call.flush = () => {
    if (timer) clearTimeout(timer);
    run();
  };
  return call;
}
