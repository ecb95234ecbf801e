import { describe, expect, it, vi } from 'vitest';
vi.mock('@tauri-apps/api/core', () => ({ invoke: vi.fn() }));
import { app, deptTree, label } from './app.svelte';
import type { Department } from './types';

const d = (id: string, name: string, parent_id: string | null = null): Department => ({ id, name, level: 'district', parent_id });

describe('deptTree', () => {
  it('orders units depth-first under their parents', () => {
    const tree = deptTree([d('s1', '花园路街道', 'j'), d('j', '金水区'), d('a', '市大数据局'), d('c1', '丰产路社区', 's1')]);
    expect(tree.map((t) => [t.dept.name, t.depth])).toEqual([
      ['金水区', 0], ['花园路街道', 1], ['丰产路社区', 2], ['市大数据局', 0],
    ]);
  });
  it('treats a missing parent as top level and survives cycles', () => {
    expect(deptTree([d('x', '某街道', 'gone')]).map((t) => t.depth)).toEqual([0]);
    expect(deptTree([d('a', 'A', 'b'), d('b', 'B', 'a')])).toEqual([]);
  });
});

describe('label', () => {
  it('uses the vocabulary and falls back to the code', () => {
    app.vocab = { walk_kind: [{ code: 'daily', label: '日常体验' }] } as never;
    expect(label('walk_kind', 'daily')).toBe('日常体验');
    expect(label('walk_kind', 'other')).toBe('other');
    expect(label('walk_kind', null)).toBe('');
  });
});
