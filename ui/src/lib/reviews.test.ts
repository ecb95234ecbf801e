import { describe, expect, it } from 'vitest';
import { detectMapping, mappingPairs, mappingProblems, rectificationRate } from './reviews';

describe('detectMapping', () => {
  it('finds the standard headers, blanks and all', () => {
    const m = detectMapping(['评价时间', '事项名称', '办理 部门', '评价渠道', '评价等级', '评价内容', '工单号']);
    expect(m.department).toBe('办理 部门');
    expect(m.work_order).toBe('工单号');
    expect(mappingProblems(m)).toEqual([]);
  });
  it('leaves odd headers unmapped and says which fields need a column', () => {
    const m = detectMapping(['提交于', '服务名称', '受理部门', '星级评价', '流水号']);
    expect(m.department).toBe('受理部门');
    expect(m.rated_at).toBe('');
    expect(mappingProblems(m)).toEqual(['请为评价时间、评价等级、工单号选择列']);
  });
});

describe('mappingProblems and mappingPairs', () => {
  it('refuses one header for two fields and sends only chosen columns', () => {
    const m = detectMapping(['时间', '部门', '等级', '编号']);
    expect(mappingProblems(m)).toEqual([]);
    m.content = '等级';
    expect(mappingProblems(m)).toEqual(['“等级”列同时对应评价等级和评价内容']);
    m.content = '';
    expect(mappingPairs(m)).toEqual([['评价时间', '时间'], ['办理部门', '部门'], ['评价等级', '等级'], ['工单号', '编号']]);
  });
});

describe('rectificationRate', () => {
  it('prints two decimals like the seed and a dash without 差评', () => {
    expect(rectificationRate(2497, 2500)).toBe('99.88%');
    expect(rectificationRate(0, 0)).toBe('—');
  });
});
