import { describe, expect, it } from 'vitest';
import { captureTag, currentStep, defaultStepName, draftFields, liveButtons, shortcut, stepElapsed, typedStep, withClock } from './live';

const steps = [
  { seq: 1, name: '取号', started_at: '2026-05-06T09:00:00+08:00', ended_at: '2026-05-06T09:12:00+08:00' },
  { seq: 2, name: '窗口受理', started_at: '2026-05-06T09:12:00+08:00', ended_at: null },
];

describe('live walk state', () => {
  it('finds the open step', () => {
    expect(currentStep(steps)?.name).toBe('窗口受理');
    expect(currentStep([steps[0]])).toBeNull();
    expect(currentStep([])).toBeNull();
  });
  it('names the next step', () => {
    expect(defaultStepName(steps)).toBe('环节 3');
    expect(defaultStepName([])).toBe('环节 1');
  });
  it('times a step, running or ended', () => {
    expect(stepElapsed(steps[0], Date.parse('2026-05-06T10:00:00+08:00'))).toBe(12 * 60_000);
    expect(stepElapsed(steps[1], Date.parse('2026-05-06T09:15:30+08:00'))).toBe(210_000);
    expect(stepElapsed({ ...steps[1], started_at: 'x' }, 0)).toBe(0);
  });
  it('offers buttons by status', () => {
    expect(liveButtons('planned', false)).toMatchObject({ start: true, next: false, finish: false });
    expect(liveButtons('in_progress', true)).toMatchObject({ start: false, next: true, problem: true, finish: true, endStepOnly: true });
    expect(liveButtons('archived', false)).toMatchObject({ next: false, problem: false, finish: false });
  });
});

describe('shortcuts', () => {
  it('maps N and P outside fields', () => {
    expect(shortcut({ key: 'n', target: { tagName: 'BODY' } })).toBe('next');
    expect(shortcut({ key: 'P', target: { tagName: 'DIV' } })).toBe('problem');
    expect(shortcut({ key: 'x' })).toBeNull();
  });
  it('leaves letters alone while typing', () => {
    expect(shortcut({ key: 'n', target: { tagName: 'TEXTAREA' } })).toBeNull();
    expect(shortcut({ key: 'n', target: { tagName: 'INPUT' } })).toBeNull();
    expect(shortcut({ key: 'p', target: { tagName: 'DIV', isContentEditable: true } })).toBeNull();
    expect(shortcut({ key: 'n', ctrlKey: true })).toBeNull();
  });
  it('saves with Ctrl+S even in a field', () => {
    expect(shortcut({ key: 's', ctrlKey: true, target: { tagName: 'TEXTAREA' } })).toBe('save');
  });
});

describe('step drafts', () => {
  it('never carry times back to the core', () => {
    const draft = { ...steps[0], ended_at: null, observations: '窗口人员耐心' };
    const fields = draftFields(draft);
    expect(fields).not.toHaveProperty('started_at');
    expect(fields).not.toHaveProperty('ended_at');
    expect(fields).toMatchObject({ name: '取号', observations: '窗口人员耐心' });
  });
});

describe('correcting a time', () => {
  it('keeps the day and the offset of the record', () => {
    expect(withClock('2026-05-06T09:12:34.5+08:00', '09:40')).toBe('2026-05-06T09:40:00+08:00');
    expect(withClock('2026-05-06T01:12:00Z', '23:05')).toBe('2026-05-06T23:05:00Z');
  });
  it('refuses what is not a time of day', () => {
    expect(withClock('2026-05-06T09:12:00+08:00', '24:00')).toBeNull();
    expect(withClock('2026-05-06T09:12:00+08:00', '9点')).toBeNull();
    expect(withClock('not a time', '09:00')).toBeNull();
  });
});

describe('记录方式', () => {
  const none = { entered_at: null, original_started_at: null, original_ended_at: null };
  it('marks a step that is not its live record', () => {
    expect(captureTag({ mode: 'live', amended_at: null })).toBeNull();
    expect(captureTag({ mode: 'typed', amended_at: null })).toBe('事后补录');
    expect(captureTag({ mode: 'imported', amended_at: null })).toBe('导入');
    expect(captureTag({ ...none, mode: 'live', amended_at: '2026-05-07T10:00:00+08:00' })).toBe('事后修改');
  });
  it('builds a typed-in step on the walk day and offset, or says what is wrong', () => {
    const walk = { id: 'w1', started_at: '2026-05-06T09:00:00+08:00', planned_date: '2026-05-06' };
    const s = typedStep(walk, ' 窗口受理 ', '', '09:10', '09:40');
    expect(typeof s).toBe('object');
    if (typeof s === 'object') {
      expect([s.id, s.walk_id, s.name, s.started_at, s.ended_at]).toEqual(['', 'w1', '窗口受理', '2026-05-06T09:10:00+08:00', '2026-05-06T09:40:00+08:00']);
    }
    expect(typedStep(walk, '', '', '09:10', '09:40')).toBe('请填写环节名称');
    expect(typedStep(walk, '取号', '', '9点', '09:40')).toBe('时间应写成“时:分”，如 09:30');
    const planned = typedStep({ id: 'w2', started_at: null, planned_date: '2026-05-08' }, '取号', '', '08:00', '08:05');
    expect(typeof planned === 'object' && planned.started_at).toBe('2026-05-08T08:00:00+08:00');
  });
});
