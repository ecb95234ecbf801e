import { describe, expect, it } from 'vitest';
import { hitRoute, isSearchKey, KIND_LABEL } from './search';
import type { SearchHit } from './types';

const hit = (over: Partial<SearchHit>): SearchHit => ({
  kind: 'walk', id: 'x', walk_id: null, task_id: null, context: '', excerpt: '', ...over,
});

describe('hitRoute', () => {
  it('opens a walk or a step in its walk', () => {
    expect(hitRoute(hit({ kind: 'step', id: 's1', walk_id: 'w1' }), '材料')).toEqual({ screen: 'walks', extra: { walkId: 'w1', view: 'live' } });
    expect(hitRoute(hit({ kind: 'walk', id: 'w2', walk_id: 'w2' }), '材料').extra.walkId).toBe('w2');
  });
  it('opens a problem in 问题清单 searched for the same words, marked', () => {
    expect(hitRoute(hit({ kind: 'problem', id: 'p1' }), ' 排队 ')).toEqual({ screen: 'problems', extra: { filter: { problem: 'p1', text: '排队' } } });
  });
  it('opens a task or a note in 整改台账 with the task open', () => {
    expect(hitRoute(hit({ kind: 'task', id: 't1', task_id: 't1' }), 'a').extra.filter).toEqual({ task: 't1' });
    expect(hitRoute(hit({ kind: 'note', id: 'n1', task_id: 't2' }), 'a')).toEqual({ screen: 'ledger', extra: { filter: { task: 't2' } } });
  });
  it('names every kind in Chinese', () => {
    expect(Object.values(KIND_LABEL)).toEqual(['体验', '环节', '问题', '整改任务', '进展']);
  });
});

describe('isSearchKey', () => {
  const k = (key: string, mods: Partial<KeyboardEvent> = {}) => ({ key, ctrlKey: false, metaKey: false, altKey: false, shiftKey: false, ...mods });
  it('is Ctrl+K or ⌘K, not K or Ctrl+Shift+K', () => {
    expect(isSearchKey(k('k', { ctrlKey: true }))).toBe(true);
    expect(isSearchKey(k('K', { metaKey: true }))).toBe(true);
    expect(isSearchKey(k('k'))).toBe(false);
    expect(isSearchKey(k('k', { ctrlKey: true, shiftKey: true }))).toBe(false);
    expect(isSearchKey(k('j', { ctrlKey: true }))).toBe(false);
  });
});
