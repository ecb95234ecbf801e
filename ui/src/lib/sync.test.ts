import { describe, expect, it } from 'vitest';

import {
  checkInit, conflictValue, currentVersion, emptyInitDraft, fieldLabel, fmtSize, initRequest, isStandalone,
  needsFirstRun, notReported, refusalReasons, reportText, resolution, standaloneBanner, summaryText, type Lookups,
} from './sync';
import type { BundleReport, BundleSummary, Conflict, IdentityView, InstallState, PeerStatus } from './types';

const identity: IdentityView = {
  identity: { install_id: 'i1', role: 'unit', department_id: 'd1', public_key: 'ab', created_at: '2026-05-06T09:00:00+08:00' },
  department_name: '市医疗保障局', fingerprint: '02C5-4680-1E6B-4D41-C256', key_file: '/data/walklog.key',
};
const state = (over: Partial<InstallState> = {}): InstallState => ({ identity: null, empty: true, conflicts: 0, demo: false, ...over });

describe('first run and stand-alone', () => {
  it('shows the first-run screen only on an empty database without identity', () => {
    expect(needsFirstRun(state())).toBe(true);
    expect(needsFirstRun(state({ empty: false }))).toBe(false);
    expect(needsFirstRun(state({ identity }))).toBe(false);
    expect(needsFirstRun(null)).toBe(false);
  });
  it('says stand-alone in a small banner, the demo as the demo', () => {
    expect(isStandalone(state({ empty: false }))).toBe(true);
    expect(standaloneBanner(state({ empty: false, demo: true }))).toBe('演示数据 · 单机模式，不能报送');
    expect(standaloneBanner(state({ empty: false }))).toContain('单机模式');
    expect(standaloneBanner(state({ identity, empty: false }))).toBe('');
    expect(standaloneBanner(state())).toBe('');
  });
});

describe('the set-up form', () => {
  it('asks for the role, the unit and the user, beside each', () => {
    expect(checkInit(emptyInitDraft())?.field).toBe('role');
    expect(checkInit({ ...emptyInitDraft('unit') })?.field).toBe('department_name');
    expect(checkInit({ ...emptyInitDraft('unit'), department_name: '市医保局' })?.field).toBe('user_name');
    expect(checkInit({ ...emptyInitDraft('unit'), department_id: 'd1', user_id: 'p1' })).toBeNull();
  });
  it('makes a new unit and user, the user 一把手 on a unit and 党建办 on the office', () => {
    const unit = initRequest({ ...emptyInitDraft('unit'), department_name: ' 市医疗保障局 ', user_name: '周敏', user_title: '局长' });
    expect(unit).toEqual({
      role: 'unit', department_id: null, department_name: '市医疗保障局', department_level: 'city_department',
      user_id: null, user_name: '周敏', user_title: '局长', user_role: 'head',
    });
    expect(initRequest({ ...emptyInitDraft('office'), department_name: '金水区', user_name: '赵敏' })).toMatchObject({
      department_level: 'district', user_role: 'office',
    });
  });
  it('binds to an existing unit and person without sending the typed names', () => {
    const r = initRequest({ ...emptyInitDraft('unit'), department_id: 'd1', department_name: '旧', user_id: 'p1', user_name: '旧' });
    expect(r).toMatchObject({ department_id: 'd1', department_name: '', department_level: null, user_id: 'p1', user_name: '', user_role: null });
  });
});

describe('bundles', () => {
  const summary = (over: Partial<BundleSummary> = {}): BundleSummary => ({
    entries: 0, walks: 0, steps: 0, problems: 0, tasks: 0, notes: 0, photos: 0, photo_bytes: 0, ...over,
  });
  it('says what a bundle holds', () => {
    expect(summaryText(summary({ entries: 9, walks: 1, steps: 3, problems: 2, tasks: 1, notes: 1, photos: 2, photo_bytes: 3 * 1024 * 1024 })))
      .toBe('体验 1 次、环节 3 个、问题 2 个、整改任务 1 项、进展 1 条、照片 2 张（3.0 MB）');
    expect(summaryText(summary())).toBe('没有新的变更');
    expect(summaryText(summary({ entries: 2 }))).toBe('其他变更 2 条');
  });
  it('formats sizes', () => {
    expect(fmtSize(512)).toBe('512 字节');
    expect(fmtSize(2048)).toBe('2.0 KB');
    expect(fmtSize(200 * 1024)).toBe('200 KB');
  });
  it('reads the report: 新增、更新、未变、冲突, or already received', () => {
    const r: BundleReport = {
      from: 'u1', from_department: '市医保局', counter: 2, already_received: false, inserted: 5, updated: 1, unchanged: 0,
      conflicts: [{ entity: 'task', entity_zh: '整改任务', id: 't1' }], photos: 0, summary: summary(),
    };
    expect(reportText(r)).toBe('新增 5 条，更新 1 条，未变 0 条，冲突 1 条');
    expect(reportText({ ...r, already_received: true })).toContain('已接收过');
  });
  it('lists each reason of a refused bundle, and nothing for other errors', () => {
    expect(refusalReasons({ code: 'bundle_refused', message_zh: '报送包未被接收：甲；乙', reasons: ['甲', '乙'] })).toEqual(['甲', '乙']);
    expect(refusalReasons({ code: 'bundle_refused', message_zh: '报送包未被接收：甲' })).toEqual(['报送包未被接收：甲']);
    expect(refusalReasons({ code: 'validation', message_zh: '请选择报送包文件', field: 'path' })).toEqual([]);
    expect(refusalReasons(null)).toEqual([]);
  });
  it('finds the approved units that have not reported this month', () => {
    const p = (name: string, over: Partial<PeerStatus>): PeerStatus => ({
      install_id: name, department_name: name, role: 'unit', status: 'approved', fingerprint: '', sent_counter: 0, sent_at: null,
      received_counter: 0, received_at: null, unacknowledged: 0, reported_this_month: false, lines_received: 0, ...over,
    });
    const peers = [
      p('甲', { reported_this_month: true, received_at: '2026-05-02T10:00:00+08:00' }),
      p('乙', {}), p('丙', { status: 'revoked' }), p('丁', { status: 'pending' }),
      p('甲', { install_id: '甲2', received_at: '2026-05-04T10:00:00+08:00' }),
    ];
    expect(notReported(peers).map((x) => x.install_id)).toEqual(['乙', '甲2']);
  });
});

describe('conflicts', () => {
  const look: Lookups = {
    label: (kind, code) => ({ 'task_status:closed_out': '已销号', 'task_status:done': '已完成待销号' } as Record<string, string>)[`${kind}:${code}`] ?? code,
    dept: (id) => (id === 'd1' ? '市医保局' : ''),
    person: (id) => (id === 'p1' ? '王芳' : ''),
  };
  it('names fields and values in Chinese', () => {
    expect(fieldLabel('task', 'measure')).toBe('整改措施');
    expect(fieldLabel('person', 'title')).toBe('职务');
    expect(fieldLabel('task', 'unknown_field')).toBe('unknown_field');
    expect(conflictValue('task', 'status', 'closed_out', look)).toBe('已销号');
    expect(conflictValue('task', 'closed_out_by', 'p1', look)).toBe('王芳');
    expect(conflictValue('task', 'department_id', 'd1', look)).toBe('市医保局');
    expect(conflictValue('task', 'department_id', 'gone', look)).toBe('gone');
    expect(conflictValue('task', 'measure', '（空）', look)).toBe('（空）');
    expect(conflictValue('task', 'measure', '<b>x</b>', look)).toBe('<b>x</b>');
  });
  it('sends only the fields taken from a version other than the one kept', () => {
    expect(resolution('v1', { measure: 'v2', status: 'v1', deadline: '' })).toEqual({ measure: 'v2' });
  });
  it('starts from the version shown now', () => {
    const c: Conflict = {
      entity: 'task', entity_zh: '整改任务', id: 't1', fields: [],
      versions: [
        { version: 'a', origin: 'o', origin_name: '本机', at: '', actor: '', action: 'close_out', current: false },
        { version: 'b', origin: 'u', origin_name: '市医保局', at: '', actor: '', action: 'update', current: true },
      ],
    };
    expect(currentVersion(c)).toBe('b');
    expect(currentVersion({ ...c, versions: c.versions.map((v) => ({ ...v, current: false })) })).toBe('a');
  });
});
