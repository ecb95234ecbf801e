// The 导入 screen's reading of the core's report: what a person is told before and after.
import type { ImportReport } from './api';

/** One line for the report: 新增、未变、冲突. */
export function importSummary(r: ImportReport): string {
  const parts = [`新增 ${r.inserted} 条`, `未变 ${r.unchanged} 条`];
  if (r.conflicts.length) parts.push(`冲突 ${r.conflicts.length} 条`);
  return parts.join('，');
}

/** Whether the file may be imported: anything to add and nothing in conflict. */
export function canImport(r: ImportReport | null): boolean {
  return !!r && r.conflicts.length === 0 && r.inserted > 0;
}
