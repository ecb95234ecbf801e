// 导出 screen logic: the records offered, and the request sent for the chosen options.
import type { ExportRequest } from './api';
import { chosen } from './format';
import type { TaskStatus } from './types';

export type ExportKind = ExportRequest['kind'];

/** `list`: scope and period; `scope`: the scope alone (督办单, 周报). */
export const EXPORT_KINDS: { kind: ExportKind; label: string; note: string; ext: string; list: boolean; scope?: boolean }[] = [
  { kind: 'walk_record', label: '体验纪实表（PDF）', note: '一次体验的完整纪实：人员、时间、地点、事项、各环节及观察、发现的问题、立行立改情况、签字栏。', ext: 'pdf', list: false },
  { kind: 'problems', label: '问题清单（PDF）', note: '所选范围和期间内发现的难点堵点及其处理情况。', ext: 'pdf', list: true },
  { kind: 'ledger_pdf', label: '整改台账（PDF）', note: '横向表格，每项任务一行，含整改措施、责任单位、责任人、时限和状态。', ext: 'pdf', list: true },
  { kind: 'ledger_xlsx', label: '整改台账（Excel）', note: '同上，便于进一步编辑和汇总。', ext: 'xlsx', list: true },
  { kind: 'report', label: '完成情况报告（PDF）', note: '报党建办的完成情况：各项数字、分单位情况和逾期任务。', ext: 'pdf', list: true },
  { kind: 'chart', label: '整改挂图（PDF，A3 横向）', note: '挂图推进：长期整改任务的时间轴、整改节点和今天线，按期、滞后、已完成一目了然。', ext: 'pdf', list: true },
  { kind: 'supervision', label: '督办单（PDF）', note: '督办中的整改任务，每项一页：问题、措施、责任单位、时限变化和督办要求。', ext: 'pdf', list: false, scope: true },
  { kind: 'weekly', label: '周报（PDF）', note: '党建办一周工作简报：本周体验、新发现问题、销号、逾期、督办和计划推进。', ext: 'pdf', list: false, scope: true },
  { kind: 'json', label: '数据交换文件（JSON）', note: '全部记录，可导入另一台电脑的走流程纪实。', ext: 'json', list: false },
];

export interface ExportOptions {
  walkId: string;
  departmentId: string;
  from: string;
  to: string;
  status: string;
  overdue: boolean;
  template: string;
  /** 保留照片位置信息（GPS）: only the 纪实表 has photos; off unless ticked. */
  keepGps?: boolean;
  /** 周报: any day of the week (empty: this week by the core's clock). */
  week?: string;
}

/** The request for the chosen record and options; null with a Chinese reason when incomplete. */
export function buildRequest(kind: ExportKind, o: ExportOptions): { request: ExportRequest | null; missing: string | null } {
  const template = o.template.trim() || null;
  const list = {
    department_id: o.departmentId || null, from: o.from || null, to: o.to || null, template,
  };
  switch (kind) {
    case 'walk_record':
      if (!o.walkId) return { request: null, missing: '请选择要导出纪实表的体验。' };
      return { request: { kind, walk_id: o.walkId, template, ...(o.keepGps ? { keep_gps: true } : {}) }, missing: null };
    case 'ledger_pdf':
    case 'ledger_xlsx':
      return { request: { kind, ...list, status: chosen<TaskStatus>(o.status), overdue: o.overdue }, missing: null };
    case 'problems':
    case 'report':
      return { request: { kind, ...list }, missing: null };
    case 'chart':
      return { request: { kind, ...list, status: chosen<TaskStatus>(o.status), overdue: o.overdue }, missing: null };
    case 'supervision':
      return { request: { kind, department_id: list.department_id, template }, missing: null };
    case 'weekly':
      return { request: { kind, department_id: list.department_id, day: o.week || null, template }, missing: null };
    default:
      return { request: { kind: 'json' }, missing: null };
  }
}
