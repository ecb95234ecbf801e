// What every screen needs: the vocabulary, the directory (units, people, matters) and who the
// current user is. Loaded once at start and refreshed after edits in 设置.
import { api, type ApiError } from './api';
import type { Department, LabelledCode, Matter, Person, Vocab } from './types';

export const app = $state({
  vocab: null as Vocab | null,
  me: null as Person | null,
  departments: [] as Department[],
  people: [] as Person[],
  matters: [] as Matter[],
  loadError: null as ApiError | null,
  /** Bumped after any write that changes figures, so screens showing them reload. */
  revision: 0,
});

export async function loadBasics(): Promise<void> {
  try {
    const [vocab, me, departments, people, matters] = await Promise.all([
      api.vocab(), api.currentUser(), api.departments(), api.people(), api.matters(),
    ]);
    Object.assign(app, { vocab, me, departments, people, matters, loadError: null });
  } catch (e) {
    app.loadError = e as ApiError;
  }
}

export function changed(): void {
  app.revision += 1;
}

/** The Chinese label of a code in one of the vocabularies ("" for none). */
export function label(kind: keyof Vocab, code: string | null | undefined): string {
  if (!code) return '';
  return app.vocab?.[kind].find((c: LabelledCode) => c.code === code)?.label ?? code;
}

export function options(kind: keyof Vocab): LabelledCode[] {
  return app.vocab?.[kind] ?? [];
}

export function deptName(id: string | null | undefined): string {
  return app.departments.find((d) => d.id === id)?.name ?? '';
}

export function personName(id: string | null | undefined): string {
  return app.people.find((p) => p.id === id)?.name ?? '';
}

export function matterName(id: string | null | undefined): string {
  return app.matters.find((m) => m.id === id)?.name ?? '';
}

/** Units as a tree, depth-first, with their depth for indentation. */
export function deptTree(depts: Department[]): { dept: Department; depth: number }[] {
  const ids = new Set(depts.map((d) => d.id));
  const children = new Map<string | null, Department[]>();
  for (const d of depts) {
    const parent = d.parent_id && ids.has(d.parent_id) ? d.parent_id : null;
    const list = children.get(parent) ?? [];
    list.push(d);
    children.set(parent, list);
  }
  const out: { dept: Department; depth: number }[] = [];
  const seen = new Set<string>();
  const walk = (parent: string | null, depth: number) => {
    for (const d of (children.get(parent) ?? []).sort((a, b) => a.name.localeCompare(b.name, 'zh-CN'))) {
      if (seen.has(d.id)) continue; // a cycle in parent links must not hang the UI
      seen.add(d.id);
      out.push({ dept: d, depth });
      walk(d.id, depth + 1);
    }
  };
  walk(null, 0);
  return out;
}
