// Many installs, one programme, without a window: when the first-run screen shows, what the
// set-up form must have before it is sent, how a 报送包's contents and an import's report read,
// who has not reported this month, and a conflict's fields and values in Chinese.
import type { ApiError } from './errors';
import type {
  BundleReport, BundleSummary, Conflict, DeptLevel, InitRequest, InstallRole, InstallState, PeerStatus, Role,
} from './types';

/** The first-run screen shows on a database with no identity and nothing in it yet. */
export function needsFirstRun(s: InstallState | null): boolean {
  return !!s && s.identity === null && s.empty;
}

/** Stand-alone: no identity (the demo, or data from before 本机身份 existed): nothing to report. */
export function isStandalone(s: InstallState | null): boolean {
  return !!s && s.identity === null;
}

/** The small banner of a stand-alone install ('' when it has an identity or is on first run). */
export function standaloneBanner(s: InstallState | null): string {
  if (!isStandalone(s) || needsFirstRun(s)) return '';
  return s!.demo ? '演示数据 · 单机模式，不能报送' : '单机模式 · 未设置本机身份，不能报送';
}

/** The first-run form as it is typed: the unit chosen from the list or typed as a new one. */
export interface InitDraft {
  role: InstallRole | '';
  /** '' = a new unit (name and level below). */
  department_id: string;
  department_name: string;
  department_level: DeptLevel;
  /** '' = a new person (name and title below), or nobody when no name is typed either. */
  user_id: string;
  user_name: string;
  user_title: string;
}

export function emptyInitDraft(role: InstallRole | '' = ''): InitDraft {
  return {
    role, department_id: '', department_name: '', department_level: role === 'office' ? 'district' : 'city_department',
    user_id: '', user_name: '', user_title: '',
  };
}

/** The level a new unit gets by default for a role (the office: a district's or the city's). */
export function defaultLevel(role: InstallRole | ''): DeptLevel {
  return role === 'office' ? 'district' : 'city_department';
}

const fieldError = (field: string, message_zh: string): ApiError => ({ code: 'validation', field, message_zh });

/** What must be chosen before the request is sent (the core checks the rest, e.g. the unit's name). */
export function checkInit(d: InitDraft): ApiError | null {
  if (!d.role) return fieldError('role', '请选择这台电脑是单位端还是党建办端');
  if (!d.department_id && !d.department_name.trim()) return fieldError('department_name', '请填写单位名称');
  if (!d.user_id && !d.user_name.trim()) return fieldError('user_name', '请填写使用人姓名');
  return null;
}

/** The request for `init_identity`: the user's role follows the install's (一把手 / 党建办). */
export function initRequest(d: InitDraft): InitRequest {
  const userRole: Role = d.role === 'office' ? 'office' : 'head';
  return {
    role: d.role || null,
    department_id: d.department_id || null,
    department_name: d.department_id ? '' : d.department_name.trim(),
    department_level: d.department_id ? null : d.department_level,
    user_id: d.user_id || null,
    user_name: d.user_id ? '' : d.user_name.trim(),
    user_title: d.user_id ? '' : d.user_title.trim(),
    user_role: d.user_id ? null : userRole,
  };
}

/** Bytes as a person reads them. */
export function fmtSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} 字节`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(bytes < 10 * 1024 ? 1 : 0)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

/** What a bundle holds, in one line (nothing new says so). */
export function summaryText(s: BundleSummary): string {
  const parts: string[] = [];
  if (s.walks) parts.push(`体验 ${s.walks} 次`);
  if (s.steps) parts.push(`环节 ${s.steps} 个`);
  if (s.problems) parts.push(`问题 ${s.problems} 个`);
  if (s.tasks) parts.push(`整改任务 ${s.tasks} 项`);
  if (s.notes) parts.push(`进展 ${s.notes} 条`);
  if (s.photos) parts.push(`照片 ${s.photos} 张（${fmtSize(s.photo_bytes)}）`);
  if (!parts.length) return s.entries ? `其他变更 ${s.entries} 条` : '没有新的变更';
  return parts.join('、');
}

/** An import's report: 新增/更新/未变/冲突. */
export function reportText(r: BundleReport): string {
  if (r.already_received) return `这个报送包（第 ${r.counter} 号）已接收过，没有新内容`;
  return `新增 ${r.inserted} 条，更新 ${r.updated} 条，未变 ${r.unchanged} 条，冲突 ${r.conflicts.length} 条`;
}

/** The reasons a refused bundle names, each on its own line. */
export function refusalReasons(e: ApiError | null): string[] {
  if (!e || e.code !== 'bundle_refused') return [];
  if (e.reasons && e.reasons.length) return e.reasons;
  return [e.message_zh];
}

/** The units (approved) the office has no bundle from this calendar month. */
export function notReported(peers: PeerStatus[]): PeerStatus[] {
  return peers.filter((p) => p.role === 'unit' && p.status === 'approved' && !p.reported_this_month);
}

// ---- conflicts ------------------------------------------------------------------------------

const FIELD_ZH: Record<string, string> = {
  // tasks
  measure: '整改措施', department_id: '单位', owner_id: '责任人', deadline: '整改时限', status: '状态',
  matter_id: '涉及事项', before: '整改前', after: '整改后', outcomes: '整改成效', problem_ids: '针对问题',
  sent_back_reason: '退回理由', sent_back_by: '退回人', sent_back_at: '退回时间', done_on: '完成日期',
  closed_out_by: '销号人', closed_out_on: '销号日期', created_on: '创建日期',
  // walks
  title: '体验名称', leader_id: '体验人', kind: '体验方式', manner: '办理方式', ways: '走法', channel: '渠道',
  place_level: '地点层级', place_name: '地点', matter_ids: '事项', companion_ids: '同行人员', incognito: '三不',
  alias: '化名', planned_date: '计划日期', started_at: '开始时间', ended_at: '结束时间', reflection: '体会',
  suggestions: '征集建议', questionnaires: '问卷', coordinated: '协调办事', seal_code: '核验码',
  // steps, problems, notes, directory
  name: '名称', place: '地点', observations: '观察记录', waiting_minutes: '等候（分钟）', materials_count: '材料数',
  materials_names: '材料', trips: '跑动次数', rating: '评价', seq: '序号', walk_id: '所属体验', step_id: '所属环节',
  category: '问题类别', standards: '服务标准', severity: '严重程度', nature: '问题性质', description: '问题描述',
  on_spot_action: '立行立改措施', resolved_on: '解决日期', found_on: '发现日期', text: '内容', author: '记录人',
  noted_on: '日期', recorded_at: '记录时间', role: '角色', level: '层级', parent_id: '上级单位',
  legal_days: '法定时限', promised_days: '承诺时限', steps_count: '环节数', caption: '说明', file_name: '文件名',
};

export function fieldLabel(entity: string, field: string): string {
  if (entity === 'person' && field === 'title') return '职务';
  if (entity === 'person' && field === 'name') return '姓名';
  return FIELD_ZH[field] ?? field;
}

/** The vocabulary a coded field's values come from. */
const VOCAB_OF: Record<string, string> = {
  kind: 'walk_kind', manner: 'manner', channel: 'channel', place_level: 'place_level', category: 'problem_category',
  severity: 'severity', nature: 'nature', role: 'role', level: 'dept_level',
};

export interface Lookups {
  label: (kind: string, code: string) => string;
  dept: (id: string) => string;
  person: (id: string) => string;
}

const PERSON_FIELDS = new Set(['owner_id', 'leader_id', 'sent_back_by', 'closed_out_by']);

/** A value as the core gives it (text of JSON), shown in Chinese where it is a code or an id. */
export function conflictValue(entity: string, field: string, value: string, look: Lookups): string {
  if (value === '（空）' || value === '') return '（空）';
  if (field === 'status') return look.label(entity === 'walk' ? 'walk_status' : 'task_status', value) || value;
  if (VOCAB_OF[field]) return look.label(VOCAB_OF[field], value) || value;
  if (field === 'department_id' || field === 'parent_id') return look.dept(value) || value;
  if (PERSON_FIELDS.has(field)) return look.person(value) || value;
  return value;
}

const ACTION_ZH: Record<string, string> = {
  plan: '计划', update: '修改', save: '保存', start: '开始', complete: '完成体验', archive: '归档', retime: '修改时间',
  record: '记录问题', resolve: '处理', raise: '生成整改任务', done: '完成', close_out: '销号', send_back: '退回',
  add: '添加', attach: '添加附件', detach: '移除附件', delete: '删除', finish: '结束环节',
};

export function actionLabel(action: string): string {
  return ACTION_ZH[action] ?? action;
}

/**
 * The picks for `resolve_conflict`: for each field chosen from a version other than the one
 * kept whole. Fields left unchosen follow the kept version.
 */
export function resolution(keep: string, chosen: Record<string, string>): Record<string, string> {
  const picks: Record<string, string> = {};
  for (const [field, version] of Object.entries(chosen)) {
    if (version && version !== keep) picks[field] = version;
  }
  return picks;
}

/** The version shown in the row now (the one marked current), else the first. */
export function currentVersion(c: Conflict): string {
  return (c.versions.find((v) => v.current) ?? c.versions[0])?.version ?? '';
}
