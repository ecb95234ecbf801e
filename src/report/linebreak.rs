//! Line breaking for Chinese (and mixed Latin) text.
//!
//! Break opportunities come from UAX #14 (unicode-linebreak), which already keeps Latin words
//! and numbers whole and forbids breaks before most closing punctuation. On top we enforce
//! kinsoku (禁则) explicitly, because UAX #14 classes differ slightly from the Chinese
//! typesetting rule: no line starts with ，。、；：？！）》」』 (and their kin) and none
//! ends with （《「『. A line is filled greedily with the real glyph widths.

use unicode_linebreak::{linebreaks, BreakOpportunity};

/// Characters that must not start a line.
pub const NO_START: &[char] = &[
    '，', '。', '、', '；', '：', '？', '！', '）', '》', '」', '』', '】', '〕', '〉', '”', '’',
    '…', '·', '%', '％', ',', '.', ';', ':', '?', '!', ')', ']', '}', '〗', '〙', '～',
];
/// Characters that must not end a line.
pub const NO_END: &[char] = &['（', '《', '「', '『', '【', '〔', '〈', '“', '‘', '(', '[', '{', '〖', '〘'];

/// One styled segment of a laid-out line.
#[derive(Debug, Clone, PartialEq)]
pub struct Segment<S> {
    pub style: S,
    pub text: String,
    /// Offset from the line's start, in pt.
    pub x: f32,
    pub width: f32,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Line<S> {
    pub segments: Vec<Segment<S>>,
    pub width: f32,
}

impl<S> Line<S> {
    pub fn text(&self) -> String {
        self.segments.iter().map(|s| s.text.as_str()).collect()
    }
}

/// Breaks styled runs into lines no wider than `max_width` (pt). `measure` gives a
/// character's advance in pt for a style. A word wider than a whole line is cut by
/// characters (it would otherwise overflow the margin or the cell).
pub fn break_lines<S: Copy + PartialEq>(
    runs: &[(S, &str)],
    max_width: f32,
    measure: impl Fn(char, S) -> f32,
) -> Vec<Line<S>> {
    let mut text = String::new();
    let mut chars: Vec<(char, S, f32)> = Vec::new();
    let mut byte_to_char = Vec::new();
    for (style, run) in runs {
        for c in run.chars() {
            byte_to_char.push((text.len(), chars.len()));
            text.push(c);
            chars.push((c, *style, measure(c, *style)));
        }
    }
    let n = chars.len();
    if n == 0 {
        return Vec::new();
    }
    // breaks[i]: may we break before char i? (i in 1..=n)
    let mut breaks: Vec<Option<BreakOpportunity>> = vec![None; n + 1];
    let mut k = 0;
    for (byte, opp) in linebreaks(&text) {
        let ci = if byte >= text.len() {
            n
        } else {
            while k < byte_to_char.len() && byte_to_char[k].0 < byte {
                k += 1;
            }
            byte_to_char.get(k).map(|b| b.1).unwrap_or(n)
        };
        breaks[ci] = Some(opp);
    }
    for i in 1..n {
        // Dates and numbers with hyphens (2026-12-31, 0371-1234) stay whole.
        let in_number = i >= 2 && chars[i - 1].0 == '-' && chars[i].0.is_ascii_digit() && chars[i - 2].0.is_ascii_digit();
        if breaks[i] == Some(BreakOpportunity::Allowed)
            && (NO_START.contains(&chars[i].0) || NO_END.contains(&chars[i - 1].0) || in_number)
        {
            breaks[i] = None;
        }
    }

    let mut lines = Vec::new();
    let mut start = 0;
    while start < n {
        let mut width = 0.0;
        let mut last_allowed: Option<usize> = None;
        let mut end = n;
        let mut i = start;
        while i < n {
            width += chars[i].2;
            let visible = width - trailing_space_width(&chars[start..=i]);
            if visible > max_width && i > start {
                end = match last_allowed {
                    Some(b) if b > start => b,
                    _ => emergency_break(&chars, start, i),
                };
                break;
            }
            if breaks[i + 1] == Some(BreakOpportunity::Mandatory) && i + 1 < n {
                end = i + 1;
                break;
            }
            if breaks[i + 1] == Some(BreakOpportunity::Allowed) {
                last_allowed = Some(i + 1);
            }
            i += 1;
        }
        lines.push(make_line(&chars[start..end]));
        start = end;
    }
    lines
}

fn trailing_space_width<S>(chars: &[(char, S, f32)]) -> f32 {
    chars.iter().rev().take_while(|c| c.0.is_whitespace()).map(|c| c.2).sum()
}

/// Where to cut a run that has no allowed break inside the line: before `overflow`, moved
/// back so the next line does not start with closing punctuation.
fn emergency_break<S>(chars: &[(char, S, f32)], start: usize, overflow: usize) -> usize {
    let mut cut = overflow;
    while cut > start + 1 && (NO_START.contains(&chars[cut].0) || NO_END.contains(&chars[cut - 1].0)) {
        cut -= 1;
    }
    cut
}

fn make_line<S: Copy + PartialEq>(chars: &[(char, S, f32)]) -> Line<S> {
    // Trailing spaces and the newline of a hard break are not drawn.
    let mut end = chars.len();
    while end > 0 && (chars[end - 1].0.is_whitespace()) {
        end -= 1;
    }
    let mut segments: Vec<Segment<S>> = Vec::new();
    let mut x = 0.0;
    for &(c, style, w) in &chars[..end] {
        match segments.last_mut() {
            Some(seg) if seg.style == style => {
                seg.text.push(c);
                seg.width += w;
            }
            _ => segments.push(Segment { style, text: c.to_string(), x, width: w }),
        }
        x += w;
    }
    Line { segments, width: x }
}

/// Convenience for plain text (tests, cells with one style).
pub fn break_plain(text: &str, max_width: f32, measure: impl Fn(char) -> f32) -> Vec<String> {
    break_lines(&[((), text)], max_width, |c, _| measure(c)).iter().map(|l| l.text()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// CJK characters one unit wide, ASCII half a unit: a simple monospaced model.
    fn w(c: char) -> f32 {
        if c.is_ascii() {
            0.5
        } else {
            1.0
        }
    }

    #[test]
    fn no_line_starts_with_closing_punctuation() {
        // Width 5 would put "，" at the start of line two without kinsoku.
        let lines = break_plain("一二三四五，六七八九十。", 5.0, w);
        for l in &lines {
            let first = l.chars().next().unwrap();
            assert!(!NO_START.contains(&first), "line starts with {first}: {lines:?}");
        }
        assert_eq!(lines.concat(), "一二三四五，六七八九十。");
    }

    #[test]
    fn every_closing_mark_is_kept_off_line_start() {
        for p in ['，', '。', '、', '；', '：', '？', '！', '）', '》', '」', '』'] {
            let s = format!("甲乙丙丁戊{p}己庚辛壬癸{p}子丑寅卯辰{p}");
            for width in 3..8 {
                let lines = break_plain(&s, width as f32, w);
                assert_eq!(lines.concat(), s);
                for l in lines.iter().skip(1) {
                    assert!(!l.starts_with(p), "{p} starts a line at width {width}: {lines:?}");
                }
            }
        }
    }

    #[test]
    fn no_line_ends_with_opening_bracket() {
        for p in ['（', '《', '「', '『'] {
            let s = format!("甲乙丙丁{p}戊己庚{p}辛壬癸子丑寅卯");
            for width in 3..8 {
                let lines = break_plain(&s, width as f32, w);
                assert_eq!(lines.concat(), s);
                for l in &lines {
                    assert!(!l.ends_with(p), "{p} ends a line at width {width}: {lines:?}");
                }
            }
        }
    }

    #[test]
    fn latin_words_and_numbers_do_not_split() {
        let s = "办理时限压缩87.5%，由16个工作日减至5个工作日，详见 https 与 WebService 接口说明";
        let lines = break_plain(s, 6.0, w);
        let joined = lines.join("|");
        for word in ["87.5%", "16", "WebService"] {
            assert!(lines.iter().any(|l| l.contains(word)), "{word} was split: {joined}");
        }
    }

    #[test]
    fn dates_stay_whole() {
        let lines = break_plain("整改时限为2026-12-31前完成", 8.0, w);
        assert!(lines.iter().any(|l| l.contains("2026-12-31")), "{lines:?}");
    }

    #[test]
    fn lines_fit_the_width() {
        let s = "群众反映窗口人员不熟悉业务，一次告知制落实不到位，需多次往返补充材料。";
        let lines = break_plain(s, 7.0, w);
        for l in &lines {
            let width: f32 = l.chars().map(w).sum();
            assert!(width <= 7.0, "{l} is {width} wide");
        }
        assert_eq!(lines.concat(), s);
    }

    #[test]
    fn overlong_word_is_cut_rather_than_overflowing() {
        let lines = break_plain("ABCDEFGHIJKLMNOPQRSTUVWXYZ", 4.0, w);
        assert!(lines.len() > 1);
        assert!(lines.iter().all(|l| l.chars().map(w).sum::<f32>() <= 4.0));
        assert_eq!(lines.concat(), "ABCDEFGHIJKLMNOPQRSTUVWXYZ");
    }

    #[test]
    fn hard_breaks_are_kept() {
        let lines = break_plain("第一行\n第二行", 20.0, w);
        assert_eq!(lines, vec!["第一行", "第二行"]);
    }

    #[test]
    fn styles_survive_breaking() {
        let lines = break_lines(&[(1u8, "加粗的"), (0u8, "正文内容很长很长")], 5.0, |c, _| w(c));
        assert_eq!(lines[0].segments[0].style, 1);
        assert_eq!(lines[0].segments[0].text, "加粗的");
        assert_eq!(lines[0].segments[1].x, 3.0);
    }
}
