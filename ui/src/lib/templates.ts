// 导出 → 模板: which template kind an export uses, how a filled template is shown as a preview,
// and where in the source a template error points.
import type { ExportKind } from './exporting';
import { stripFrontMatter } from './markdown';
import type { TemplateKind } from './types';

const KIND: Partial<Record<ExportKind, TemplateKind>> = {
  walk_record: 'walk', problems: 'problems', ledger_pdf: 'ledger', report: 'report', supervision: 'supervision', weekly: 'weekly',
};

/** The template kind of an export; null for those drawn without a template (Excel, 挂图, JSON). */
export function templateKindOf(kind: ExportKind): TemplateKind | null {
  return KIND[kind] ?? null;
}

/**
 * The filled Markdown as the preview shows it: without the front matter (page settings, not
 * content), and a user's Markdown section (the `usermd` fence the `markdown` filter writes)
 * as the Markdown it holds. The result still goes through renderMarkdown (escaped, sanitised).
 */
export function previewMarkdown(md: string): string {
  return stripFrontMatter(md).replace(/^```usermd\n([\s\S]*?)^```[ \t]*$/gm, (_, inner: string) => inner);
}

/** Offsets of a 1-based line in the text (to select it in the editor); null when out of range. */
export function lineRange(text: string, line: number): { start: number; end: number } | null {
  if (!Number.isInteger(line) || line < 1) return null;
  let start = 0;
  for (let n = 1; n < line; n++) {
    const next = text.indexOf('\n', start);
    if (next < 0) return null;
    start = next + 1;
  }
  const end = text.indexOf('\n', start);
  return { start, end: end < 0 ? text.length : end };
}
