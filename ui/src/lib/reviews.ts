// 好差评 import: the column mapping shown on the 导入 screen, pure so Vitest can test it.
// The same fields and aliases as src/reviews/mod.rs (the core decides; this pre-fills the
// dropdowns and builds the mapping sent to the core as field → header pairs).

export type ReviewField = 'rated_at' | 'matter' | 'department' | 'channel' | 'grade' | 'content' | 'work_order';

export const REVIEW_FIELDS: { field: ReviewField; label: string; required: boolean; aliases: string[] }[] = [
  { field: 'rated_at', label: '评价时间', required: true, aliases: ['评价时间', '评价日期', '时间', '评价提交时间'] },
  { field: 'matter', label: '事项名称', required: false, aliases: ['事项名称', '事项', '服务事项', '办件事项'] },
  { field: 'department', label: '办理部门', required: true, aliases: ['办理部门', '部门', '部门名称', '实施部门', '受理部门', '被评价部门'] },
  { field: 'channel', label: '评价渠道', required: false, aliases: ['评价渠道', '渠道', '评价方式', '来源渠道'] },
  { field: 'grade', label: '评价等级', required: true, aliases: ['评价等级', '等级', '评价结果', '满意度'] },
  { field: 'content', label: '评价内容', required: false, aliases: ['评价内容', '内容', '评价意见', '意见建议', '差评内容'] },
  { field: 'work_order', label: '工单号', required: true, aliases: ['工单号', '工单编号', '编号', '评价编号', '办件编号'] },
];

/** Field → header text ('' = not mapped). */
export type ReviewMapping = Record<ReviewField, string>;

const squeeze = (s: string) => s.replace(/\s+/g, '');

/** Pre-fills each field with the first unused header that is one of its aliases. */
export function detectMapping(headers: string[]): ReviewMapping {
  const used = new Set<number>();
  const mapping = {} as ReviewMapping;
  for (const f of REVIEW_FIELDS) {
    const i = headers.findIndex((h, i) => !used.has(i) && f.aliases.includes(squeeze(h)));
    if (i >= 0) used.add(i);
    mapping[f.field] = i >= 0 ? headers[i] : '';
  }
  return mapping;
}

/** What is wrong with a mapping before it is sent: required fields unmapped, a header used twice. */
export function mappingProblems(mapping: ReviewMapping): string[] {
  const out: string[] = [];
  const missing = REVIEW_FIELDS.filter((f) => f.required && !mapping[f.field]).map((f) => f.label);
  if (missing.length) out.push(`请为${missing.join('、')}选择列`);
  const seen = new Map<string, string>();
  for (const f of REVIEW_FIELDS) {
    const h = mapping[f.field];
    if (!h) continue;
    const other = seen.get(h);
    if (other) out.push(`“${h}”列同时对应${other}和${f.label}`);
    else seen.set(h, f.label);
  }
  return out;
}

/** The explicit pairs for the core (label → header), only where the user chose a column. */
export function mappingPairs(mapping: ReviewMapping): [string, string][] {
  return REVIEW_FIELDS.filter((f) => mapping[f.field]).map((f) => [f.label, mapping[f.field]]);
}

/** 差评整改率 as the reports print it: two decimals, or — when there is no 差评. */
export function rectificationRate(solved: number, bad: number): string {
  if (bad <= 0) return '—';
  return `${((solved / bad) * 100).toFixed(2)}%`;
}
