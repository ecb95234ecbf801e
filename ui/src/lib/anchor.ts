// 核对链头: a chain head copied from a report's footer (「链头 第 1234 条，1A2B-3C4D-5E6F-7A8B」)
// or from `walklog verify` (1234:1A2B-…). The core decides; this only says, before asking it,
// when what was typed cannot be a head, so the button stays off and the hint says why.

/** The head's sequence number and hex digits, or null when the text is not a head. */
export function parseAnchor(text: string): { seq: number; digits: string } | null {
  let t = text.trim().replace(/^链头/, '').trim();
  const m = /^第\s*(\d+)\s*条\s*[，,·・:：]?\s*(.*)$/.exec(t) ?? /^(\d+)\s*[:：]\s*(.*)$/.exec(t);
  if (!m) return null;
  const seq = Number(m[1]);
  const digits = m[2].replace(/[\s-]/g, '').toUpperCase();
  if (!(seq >= 1) || digits.length < 8 || digits.length > 16 || !/^[0-9A-F]+$/.test(digits)) return null;
  return { seq, digits };
}

/** A hint under the box: empty while nothing is typed or the text is a head. */
export function anchorHint(text: string): string {
  if (!text.trim() || parseAnchor(text)) return '';
  return '请照抄报表页脚的“链头 第 N 条，XXXX-XXXX-XXXX-XXXX”，或写作“N:XXXX-XXXX”（至少 8 位）。';
}
