// The state of the live walk screen, as pure functions so it can be tested without a window.

export interface StepLike {
  seq: number;
  name: string;
  started_at: string;
  ended_at?: string | null;
}

/** The step being walked now: the last one that has not ended. */
export function currentStep<T extends StepLike>(steps: T[]): T | null {
  const open = steps.filter((s) => !s.ended_at);
  if (open.length === 0) return null;
  return open.reduce((a, b) => (b.seq > a.seq ? b : a));
}

/** What the next step is called unless the head types a name. */
export function defaultStepName(steps: StepLike[]): string {
  return `环节 ${steps.length + 1}`;
}

/** Milliseconds since the step started (to its end if it has ended). */
export function stepElapsed(step: StepLike, nowMs: number): number {
  const start = Date.parse(step.started_at);
  if (Number.isNaN(start)) return 0;
  const end = step.ended_at ? Date.parse(step.ended_at) : nowMs;
  return Math.max(0, end - start);
}

export type LiveAction = 'next' | 'problem' | 'save' | null;

interface KeyLike {
  key: string;
  ctrlKey?: boolean;
  metaKey?: boolean;
  altKey?: boolean;
  target?: unknown;
}

function isTyping(target: unknown): boolean {
  if (!target || typeof target !== 'object') return false;
  const el = target as { tagName?: string; isContentEditable?: boolean };
  const tag = (el.tagName ?? '').toUpperCase();
  return tag === 'INPUT' || tag === 'TEXTAREA' || tag === 'SELECT' || el.isContentEditable === true;
}

/**
 * Keyboard shortcuts of the live screen: N = 下一环节, P = 记问题 (only when not typing in a
 * field, so names and notes can contain those letters); Ctrl/⌘+S = save now, anywhere.
 */
export function shortcut(e: KeyLike): LiveAction {
  if ((e.ctrlKey || e.metaKey) && !e.altKey && e.key.toLowerCase() === 's') return 'save';
  if (e.ctrlKey || e.metaKey || e.altKey || isTyping(e.target)) return null;
  const k = e.key.toLowerCase();
  if (k === 'n') return 'next';
  if (k === 'p') return 'problem';
  return null;
}

/** Which buttons the live screen offers for a walk in this status. */
export function liveButtons(status: string, hasOpenStep: boolean) {
  const walking = status === 'in_progress';
  return {
    start: status === 'planned',
    next: walking,
    problem: walking || status === 'completed',
    finish: walking,
    endStepOnly: walking && hasOpenStep,
  };
}

/** The fields of a step draft without its times: times of record belong to the core. */
export function draftFields<T extends Partial<StepLike>>(draft: T): Omit<T, 'started_at' | 'ended_at'> {
  const { started_at: _s, ended_at: _e, ...fields } = draft;
  return fields;
}

/**
 * A time of record with its clock time replaced by `hhmm` ("09:40"), keeping its day and its
 * offset: the secretary corrects a step's time on the day it happened. Null when `hhmm` is not
 * a time of day.
 */
export function withClock(ts: string, hhmm: string): string | null {
  const t = /^([01]\d|2[0-3]):([0-5]\d)$/.exec(hhmm.trim());
  const m = /^(\d{4}-\d{2}-\d{2})T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/.exec(ts);
  if (!t || !m) return null;
  return `${m[1]}T${t[1]}:${t[2]}:00${m[2]}`;
}
