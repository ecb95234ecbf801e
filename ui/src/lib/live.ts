// The state of the live walk screen, as pure functions so it can be tested without a window.

import type { Step } from './types';
import { NO_CAPTURE } from './walks';

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

/** The short mark of a step whose times are not its live record (the step list), or null. */
export function captureTag(c: { mode: string; amended_at: string | null }): string | null {
  if (c.amended_at) return '事后修改';
  if (c.mode === 'typed') return '事后补录';
  if (c.mode === 'imported') return '导入';
  return null;
}

/**
 * 补录环节: a step typed in after the fact, on the walk's day and offset. Returns the step to
 * save, or what is wrong with the form. The core stamps its 记录方式 and when it was typed.
 */
export function typedStep(
  walk: { id: string; started_at: string | null; planned_date: string },
  name: string,
  place: string,
  start: string,
  end: string,
): Step | string {
  if (!name.trim()) return '请填写环节名称';
  const base = walk.started_at ?? `${walk.planned_date}T00:00:00+08:00`;
  const started_at = withClock(base, start);
  const ended_at = withClock(base, end);
  if (!started_at || !ended_at) return '时间应写成“时:分”，如 09:30';
  return {
    id: '', walk_id: walk.id, seq: 0, name: name.trim(), place: place.trim(), started_at, ended_at,
    waiting_minutes: 0, materials_count: 0, materials_names: '', trips: 0, observations: '', rating: null,
    capture: { ...NO_CAPTURE },
  };
}
