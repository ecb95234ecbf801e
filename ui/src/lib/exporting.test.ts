import { describe, expect, it } from 'vitest';
import { buildRequest, EXPORT_KINDS } from './exporting';

const base = { walkId: '', departmentId: '', from: '', to: '', status: '', overdue: false, template: '' };

describe('buildRequest', () => {
  it('needs a walk for the 纪实表', () => {
    expect(buildRequest('walk_record', base)).toEqual({ request: null, missing: '请选择要导出纪实表的体验。' });
    expect(buildRequest('walk_record', { ...base, walkId: 'w1' }).request).toEqual({ kind: 'walk_record', walk_id: 'w1', template: null });
    expect(buildRequest('walk_record', { ...base, walkId: 'w1', keepGps: true }).request)
      .toEqual({ kind: 'walk_record', walk_id: 'w1', template: null, keep_gps: true });
  });
  it('passes scope, period and the ledger filters', () => {
    const r = buildRequest('ledger_xlsx', { ...base, departmentId: 'd1', from: '2026-01-01', to: '2026-06-30', status: 'open', overdue: true });
    expect(r.request).toEqual({ kind: 'ledger_xlsx', department_id: 'd1', from: '2026-01-01', to: '2026-06-30', template: null, status: 'open', overdue: true });
  });
  it('leaves ledger filters out of other lists and trims the template', () => {
    const r = buildRequest('report', { ...base, status: 'open', template: '  /tmp/我的模板.md ' });
    expect(r.request).toEqual({ kind: 'report', department_id: null, from: null, to: null, template: '/tmp/我的模板.md' });
  });
  it('offers every record of the issue', () => {
    expect(EXPORT_KINDS.map((k) => k.kind)).toEqual(['walk_record', 'problems', 'ledger_pdf', 'ledger_xlsx', 'report', 'json']);
  });
});
