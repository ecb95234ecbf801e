import { describe, expect, it } from 'vitest';
import { lineRange, previewMarkdown, templateKindOf } from './templates';

describe('templateKindOf', () => {
  it('maps the PDF exports to their template and the drawn ones to none', () => {
    expect(templateKindOf('walk_record')).toBe('walk');
    expect(templateKindOf('ledger_pdf')).toBe('ledger');
    expect(templateKindOf('weekly')).toBe('weekly');
    expect(templateKindOf('ledger_xlsx')).toBeNull();
    expect(templateKindOf('chart')).toBeNull();
    expect(templateKindOf('json')).toBeNull();
  });
});

describe('previewMarkdown', () => {
  it('drops the front matter and unwraps a user section', () => {
    const md = '---\npage: landscape\ntitle: 纪实\n---\n# 标题\n\n```usermd\n**粗体**感受\n```\n\n尾段';
    expect(previewMarkdown(md)).toBe('# 标题\n\n**粗体**感受\n\n\n尾段');
  });
  it('leaves Markdown without front matter alone', () => {
    expect(previewMarkdown('# 只有正文\n---\n')).toBe('# 只有正文\n---\n');
  });
});

describe('lineRange', () => {
  const text = '第一行\n第二行\n\n第四行';
  it('finds a line by number', () => {
    expect(lineRange(text, 1)).toEqual({ start: 0, end: 3 });
    expect(text.slice(lineRange(text, 2)!.start, lineRange(text, 2)!.end)).toBe('第二行');
    expect(lineRange(text, 3)).toEqual({ start: 8, end: 8 });
    expect(text.slice(lineRange(text, 4)!.start, lineRange(text, 4)!.end)).toBe('第四行');
  });
  it('is null past the end or for a non-line', () => {
    expect(lineRange(text, 5)).toBeNull();
    expect(lineRange(text, 0)).toBeNull();
    expect(lineRange(text, 1.5)).toBeNull();
  });
});
