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
    expect(EXPORT_KINDS.map((k) => k.kind)).toEqual(['walk_record', 'problems', 'ledger_pdf', 'ledger_xlsx', 'report', 'chart', 'supervision', 'weekly', 'json']);
  });
  it('sends the scope of a 督办单 and the week of a 周报', () => {
    expect(buildRequest('supervision', { ...base, departmentId: 'd1', from: '2026-01-01' }).request)
      .toEqual({ kind: 'supervision', department_id: 'd1', template: null });
    expect(buildRequest('weekly', { ...base, week: '2026-12-02' }).request)
      .toEqual({ kind: 'weekly', department_id: null, day: '2026-12-02', template: null });
    expect(buildRequest('weekly', base).request).toEqual({ kind: 'weekly', department_id: null, day: null, template: null });
  });
});
