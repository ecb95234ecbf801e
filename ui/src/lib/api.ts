// The one place the UI talks to the Rust side. Every command goes through `call`, which turns
// whatever the IPC rejects with into an `ApiError` ({code, message_zh, field}; see errors.ts)
// so screens can always show a Chinese message next to what caused it.
import { Channel, invoke } from '@tauri-apps/api/core';

import { toApiError } from './errors';

export { isApiError, toApiError, type ApiError } from './errors';

export async function call<T>(cmd: string, args?: Record<string, unknown>): Promise<T> {
  try {
    return await invoke<T>(cmd, args);
  } catch (e) {
    throw toApiError(e);
  }
}

// ---- typed commands -------------------------------------------------------------------------
// Argument names are snake_case, as the Rust commands declare them (rename_all = "snake_case").
// Every argument and result type is generated from the Rust side (./types, ./bindings).

import type {
  AppInfo, AttachmentView, BackupDone, ChainReport, CodeView, Dashboard, Deletable, DemoLoaded, Department, ExportProgress,
  ExportRequest, ExportResult, FiguresView, ImportReport, RestoreDone, LedgerFilter, LedgerPage, Matter, MonthCount, OwnerKind, Period, Person, Problem,
  ProblemFilter, ProblemRow, ProgressNote, RecordHistory, Scope, SearchHit, Step, Task, TaskDetail, UnitFigures, Vocab, Walk,
  WalkDetail, WalkFilter, CaptureSummary, EvidenceView,
  BundleReport, Conflict, ExportedBundle, FileWritten, IdentityView, InitRequest, InstallState, PeerStatus,
  RosterEntry, RosterImport, TablesCheck, SyncReport, SyncStatus, FileCheck, AnchorCheck,
  WalkPlan, PlanProgress, PlanOverview, CalendarWalk, Supervision, SupervisionFigures, SupervisedTask, ReminderList, ReminderSettings, WalkKind,
  ChartData, ChartFilter, Milestone, MilestoneInput, ReviewImport,
  ListOptions, TemplateFile, TemplateKind, TemplatePreview, About, EncryptionDone, EncryptionState,
} from './types';

// Screens import these from here as they always have.
export type {
  BundleReport, BundleSummary, Conflict, ExportedBundle, FileWritten, IdentityView, InitRequest, InstallState,
  PeerStatus, RosterEntry, RosterImport, SyncReport, SyncStatus,
  AppInfo, Dashboard, ExportProgress, ExportRequest, ExportResult, Figures, FiguresView, HeadRef, ListOptions,
  MonthCount, Period, Scope, TaskDetail, UnitFigures, WalkDetail, ImportReport, ChainReport, CodeView, TablesCheck,
  FileCheck, EvidenceView, AnchorCheck,
  WalkPlan, PlanProgress, PlanOverview, HeadPlanLine, CalendarWalk, Supervision, SupervisionFigures, SupervisedTask, Reminder, ReminderList,
  ReminderSettings, ReminderKind,
} from './types';

export const api = {
  appInfo: () => call<AppInfo>('app_info'),
  /** 设置 → 关于: version, licence, data folder, install id, the records' font and its licence. */
  about: () => call<About>('about'),
  vocab: () => call<Vocab>('vocab'),
  uiState: (key: string) => call<string | null>('ui_state', { key }),
  setUiState: (key: string, value: string) => call<void>('set_ui_state', { key, value }),
  reportFont: () => call<string>('report_font'),
  setReportFont: (spec: string) => call<void>('set_report_font', { spec }),
  currentUser: () => call<Person | null>('current_user'),
  setCurrentUser: (person_id: string) => call<Person>('set_current_user', { person_id }),
  loadDemo: () => call<DemoLoaded>('load_demo'),
  backupNow: (path: string | null) => call<BackupDone>('backup_now', { path }),
  /** `backup_password`: an encrypted backup made under another password than the current one. */
  restoreBackup: (path: string, backup_password: string | null = null) =>
    call<RestoreDone>('restore_backup', { path, backup_password }),
  /** 数据加密: is the database file encrypted, and is it open in this window yet. */
  encryptionState: () => call<EncryptionState>('encryption_state'),
  unlock: (password: string) => call<void>('unlock', { password }),
  encryptionEnable: (password: string) => call<EncryptionDone>('encryption_enable', { password }),
  encryptionChange: (old_password: string, new_password: string) =>
    call<void>('encryption_change', { old_password, new_password }),
  encryptionDisable: (password: string) => call<EncryptionDone>('encryption_disable', { password }),

  departments: () => call<Department[]>('departments'),
  saveDepartment: (department: Department) => call<Department>('save_department', { department }),
  people: (department_id?: string) => call<Person[]>('people', { department_id: department_id ?? null }),
  savePerson: (person: Person) => call<Person>('save_person', { person }),
  matters: (department_id?: string) => call<Matter[]>('matters', { department_id: department_id ?? null }),
  saveMatter: (matter: Matter) => call<Matter>('save_matter', { matter }),

  walks: (filter: WalkFilter = {}) => call<Walk[]>('walks', { filter }),
  walkDetail: (walk_id: string) => call<WalkDetail>('walk_detail', { walk_id }),
  /** 记录方式 headlines of the walks a list shows. */
  walkCaptures: (walk_ids: string[]) => call<CaptureSummary[]>('walk_captures', { walk_ids }),
  planWalk: (walk: Walk) => call<Walk>('plan_walk', { walk }),
  updateWalk: (walk: Walk) => call<Walk>('update_walk', { walk }),
  startWalk: (walk_id: string) => call<Walk>('start_walk', { walk_id }),
  completeWalk: (walk_id: string) => call<Walk>('complete_walk', { walk_id }),
  archiveWalk: (walk_id: string) => call<Walk>('archive_walk', { walk_id }),
  nextStep: (walk_id: string, name: string, place: string) => call<Step>('next_step', { walk_id, name, place }),
  saveStep: (step: Step) => call<Step>('save_step', { step }),
  /** 修改时间: the explicit correction of a step's times, logged as such by the core. */
  retimeStep: (step_id: string, started_at: string, ended_at: string | null) =>
    call<Step>('retime_step', { step_id, started_at, ended_at }),

  search: (query: string, limit?: number) => call<SearchHit[]>('search', { query, limit: limit ?? null }),
  problems: (filter: ProblemFilter = {}) => call<ProblemRow[]>('problems', { filter }),
  recordProblem: (problem: Problem) => call<Problem>('record_problem', { problem }),
  updateProblem: (problem: Problem) => call<Problem>('update_problem', { problem }),
  resolveOnSpot: (problem_id: string, action: string) => call<Problem>('resolve_on_spot', { problem_id, action }),

  ledger: (filter: LedgerFilter = {}) => call<LedgerPage>('ledger', { filter }),
  taskDetail: (task_id: string) => call<TaskDetail>('task_detail', { task_id }),
  saveTask: (task: Task) => call<Task>('save_task', { task }),
  startTask: (task_id: string) => call<Task>('start_task', { task_id }),
  addNote: (task_id: string, text: string) => call<ProgressNote>('add_note', { task_id, text }),
  markTaskDone: (task_id: string) => call<Task>('mark_task_done', { task_id }),
  closeOutTask: (task_id: string) => call<Task>('close_out_task', { task_id }),
  sendBackTask: (task_id: string, reason: string) => call<Task>('send_back_task', { task_id, reason }),
  // ---- 走流程计划, 督办, 提醒 ----
  plans: (department_id: string | null, from: string, to: string) => call<PlanProgress[]>('plans', { department_id, from, to }),
  savePlan: (plan: WalkPlan) => call<WalkPlan>('save_plan', { plan }),
  deletePlan: (plan_id: string) => call<void>('delete_plan', { plan_id }),
  /** 按计划生成体验: a planned walk of the plan's head on `day`. */
  walkFromPlan: (plan_id: string, kind: WalkKind, day: string) => call<Walk>('walk_from_plan', { plan_id, kind, day }),
  planOverview: (department_id: string | null, year: number, quarter: number | null) =>
    call<PlanOverview>('plan_overview', { department_id, year, quarter }),
  calendar: (department_id: string | null, from: string, to: string) => call<CalendarWalk[]>('calendar', { department_id, from, to }),
  superviseTask: (task_id: string, note: string, required_by: string) => call<Supervision>('supervise_task', { task_id, note, required_by }),
  supervisionFigures: (department_id: string | null) => call<SupervisionFigures>('supervision_figures', { department_id }),
  supervisedTasks: (department_id: string | null) => call<SupervisedTask[]>('supervised_tasks', { department_id }),
  reminders: () => call<ReminderList>('reminders'),
  dismissReminder: (key: string) => call<void>('dismiss_reminder', { key }),
  reminderSettings: () => call<ReminderSettings>('reminder_settings'),
  saveReminderSettings: (settings: ReminderSettings) => call<ReminderSettings>('save_reminder_settings', { settings }),
  /** 整改节点 (挂图推进). */
  milestones: (task_id: string) => call<Milestone[]>('milestones', { task_id }),
  addMilestone: (task_id: string, milestone: MilestoneInput) => call<Milestone>('add_milestone', { task_id, milestone }),
  markMilestoneDone: (milestone_id: string, evidence: string) => call<Milestone>('mark_milestone_done', { milestone_id, evidence }),
  undoMilestone: (milestone_id: string) => call<Milestone>('undo_milestone', { milestone_id }),
  deleteMilestone: (milestone_id: string) => call<null>('delete_milestone', { milestone_id }),
  chart: (filter: ChartFilter = {}) => call<ChartData>('chart', { filter }),
  /** 修改记录 of a walk (with its steps), a problem or a task, oldest first. */
  recordHistory: (entity: 'walk' | 'problem' | 'task', id: string) => call<RecordHistory>('record_history', { entity, id }),
  dashboard: () => call<Dashboard>('dashboard'),
  figures: (scope: Scope, period: Period) => call<FiguresView>('figures', { scope, period }),
  figuresByUnit: (scope: Scope, period: Period) => call<UnitFigures[]>('figures_by_unit', { scope, period }),
  /** 纪实真实性 per unit: live share, photos, edits after the fact, days to sealing. */
  evidence: (scope: Scope, period: Period) => call<EvidenceView>('evidence', { scope, period }),
  walksByMonth: (scope: Scope, period: Period) => call<MonthCount[]>('walks_by_month', { scope, period }),
  /** A period's dates from its name ("2026-Q3", "this_month", …), by the core's calendar and clock. */
  period: (spec: string) => call<Period>('period', { spec }),
  previewImport: (path: string) => call<ImportReport>('preview_import', { path }),
  importFile: (path: string) => call<ImportReport>('import_file', { path }),
  /** 好差评: the export's header row, for the column-mapping step. */
  reviewHeaders: (path: string) => call<string[]>('review_headers', { path }),
  /** 好差评: what importing would add (written and rolled back); mapping = [字段, 表头] pairs. */
  previewReviews: (path: string, mapping: [string, string][]) => call<ReviewImport>('preview_reviews', { path, mapping }),
  importReviews: (path: string, mapping: [string, string][]) => call<ReviewImport>('import_reviews', { path, mapping }),
  checkChain: () => call<ChainReport>('check_chain'),
  checkCode: (code: string) => call<CodeView>('check_code', { code }),
  checkTables: () => call<TablesCheck>('check_tables'),
  /** Does the log still hold a chain head written down or printed earlier? */
  checkAnchor: (anchor: string) => call<AnchorCheck>('check_anchor', { anchor }),
  verifyFile: (path: string) => call<FileCheck>('verify_file', { path }),
  /** Exports a record; `path` empty = an automatic name in the exports folder. */
  exportRecord: (request: ExportRequest, path: string | null, onProgress: (p: ExportProgress) => void) => {
    const on_progress = new Channel<ExportProgress>();
    on_progress.onmessage = onProgress;
    return call<ExportResult>('export', { request, path, on_progress });
  },
  /** Opens an exported file, or shows it in its folder: only files this session exported or in the data folder. */
  openExport: (path: string) => call<void>('open_export', { path }),
  revealExport: (path: string) => call<void>('reveal_export', { path }),
  /** 导出 → 模板: the record's template files (shipped first), a copy's source, preview, save, default. */
  templates: (kind: TemplateKind) => call<TemplateFile[]>('templates', { kind }),
  templateSource: (kind: TemplateKind, name: string) => call<string>('template_source', { kind, name }),
  templatePreview: (kind: TemplateKind, source: string, walk_id: string | null, options: ListOptions | null) =>
    call<TemplatePreview>('template_preview', { kind, source, walk_id, options }),
  saveTemplate: (kind: TemplateKind, name: string, source: string) => call<TemplateFile>('save_template', { kind, name, source }),
  setDefaultTemplate: (kind: TemplateKind, name: string | null) => call<void>('set_default_template', { kind, name }),
  deleteRecord: (kind: Deletable, id: string) =>
    call<void>('delete_record', { kind, id }),
  attachments: (owner_kind: OwnerKind, owner_id: string) => call<AttachmentView[]>('attachments', { owner_kind, owner_id }),
  attachFile: (owner_kind: OwnerKind, owner_id: string, path: string) =>
    call<AttachmentView>('attach_file', { owner_kind, owner_id, path }),

  // ---- many installs: 本机身份, 单位名录, 报送与接收, 冲突 ----
  installState: () => call<InstallState>('install_state'),
  initIdentity: (request: InitRequest) => call<IdentityView>('init_identity', { request }),
  /** 单位端: the enrolment file for the office; `path` empty = the exports folder. */
  enrolmentExport: (path: string | null) => call<FileWritten>('enrolment_export', { path }),
  rosterEnrol: (path: string) => call<RosterEntry>('roster_enrol', { path }),
  rosterApprove: (install_id: string) => call<RosterEntry>('roster_approve', { install_id }),
  rosterRevoke: (install_id: string) => call<RosterEntry>('roster_revoke', { install_id }),
  roster: () => call<RosterEntry[]>('roster'),
  rosterExport: (path: string | null) => call<FileWritten>('roster_export', { path }),
  rosterImport: (path: string) => call<RosterImport>('roster_import', { path }),
  /** What the next bundle for `to` (a unit's install id; null on a unit: its office) would hold. */
  bundlePreview: (to: string | null) => call<ExportedBundle>('bundle_preview', { to }),
  /** Writes it into a folder, to a .wlbundle file, or (`path` null) into the exports folder. */
  bundleExport: (to: string | null, path: string | null) => call<ExportedBundle>('bundle_export', { to, path }),
  bundleImport: (path: string) => call<BundleReport>('bundle_import', { path }),
  bundleStatus: () => call<PeerStatus[]>('bundle_status'),
  conflicts: () => call<Conflict[]>('conflicts'),
  /** Keeps `keep` whole but for the fields picked from other versions; returns the conflicts left. */
  resolveConflict: (entity: string, id: string, keep: string, picks: Record<string, string>) =>
    call<Conflict[]>('resolve_conflict', { entity, id, keep, picks }),

  // ---- 同步服务器 ----
  syncStatus: () => call<SyncStatus>('sync_status'),
  /** Saves the address (checked first), or with null removes it; returns the status it leads to. */
  setServerUrl: (url: string | null) => call<SyncStatus>('set_server_url', { url }),
  /** Pulls, replays, pushes; offline rejects with `server_unreachable`. */
  syncNow: () => call<SyncReport>('sync_now'),
};
