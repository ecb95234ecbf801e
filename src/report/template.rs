//! Filling a Markdown template with minijinja.
//!
//! Every value printed with `{{ … }}` is escaped for Markdown, so what users typed (a note
//! full of `**`, `#`, `|`, `<img …>`, `{{ }}`) prints literally and cannot change the
//! document's structure. Line breaks in a value become spaces (safe inside a table cell);
//! the `lines` filter keeps them as hard line breaks for block positions. The `markdown`
//! filter (block positions only) prints a user's Markdown as formatting inside its own
//! section: it hands the text over verbatim in a `usermd` fence, which `markdown::parse`
//! reads with the user rules (no headings, HTML, page breaks, images or data blocks).
//! Undefined fields are errors (strict mode), reported with the template's line number.

use minijinja::value::Value;
use minijinja::{AutoEscape, Environment, Error, ErrorKind, Output, State, UndefinedBehavior};

use crate::error::Result;

/// Escapes text so Markdown shows it verbatim in inline position.
pub fn escape_markdown(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 8);
    let mut pending_space = false;
    for c in s.trim().chars() {
        if c == '\n' || c == '\r' || c == '\t' || c == ' ' {
            // Runs of blanks collapse to one space: leading indentation could turn into a
            // code block and a blank line into a new paragraph.
            pending_space = true;
            continue;
        }
        if pending_space {
            out.push(' ');
            pending_space = false;
        }
        if c.is_ascii_punctuation() {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// Like `escape_markdown`, but each line of the text stays a line (hard breaks).
fn escape_lines(s: &str) -> String {
    s.lines()
        .map(escape_markdown)
        .filter(|l| !l.is_empty())
        .collect::<Vec<_>>()
        .join("\\\n")
}

/// A user's Markdown as a `usermd` fenced block, the fence longer than any run of backticks in
/// the text so the text cannot close it. Empty text gives nothing.
fn user_markdown_block(s: &str) -> String {
    let text = s.replace("\r\n", "\n").replace('\r', "\n");
    if text.trim().is_empty() {
        return String::new();
    }
    let mut longest = 0;
    let mut run = 0;
    for c in text.chars() {
        run = if c == '`' { run + 1 } else { 0 };
        longest = longest.max(run);
    }
    let fence = "`".repeat((longest + 1).max(3));
    format!("{fence}{}\n{}\n{fence}\n", super::markdown::USER_MARKDOWN_INFO, text.trim_end_matches('\n'))
}

fn markdown_formatter(out: &mut Output, state: &mut State, value: &Value) -> std::result::Result<(), Error> {
    if value.is_safe() || !matches!(state.auto_escape(), AutoEscape::Custom(_)) {
        return minijinja::escape_formatter(out, state, value);
    }
    if value.is_none() || value.is_undefined() {
        return Ok(());
    }
    let text = value.to_string();
    out.write_str(&escape_markdown(&text)).map_err(|e| Error::new(ErrorKind::WriteFailure, e.to_string()))
}

fn environment() -> Environment<'static> {
    let mut env = Environment::new();
    env.set_undefined_behavior(UndefinedBehavior::Strict);
    env.set_auto_escape_callback(|_| AutoEscape::Custom("markdown".into()));
    env.set_formatter(markdown_formatter);
    // `{% for %}` lines should not leave blank lines that would split table rows.
    let syntax = minijinja::syntax::SyntaxConfig::builder()
        .trim_blocks(true)
        .lstrip_blocks(true)
        .keep_trailing_newline(true)
        .build();
    if let Ok(syntax) = syntax {
        env.set_syntax(syntax);
    }
    env.add_filter("lines", |v: String| Value::from_safe_string(escape_lines(&v)));
    env.add_filter("md", |v: String| Value::from_safe_string(escape_markdown(&v)));
    env.add_filter("markdown", |v: String| Value::from_safe_string(user_markdown_block(&v)));
    env.add_filter("percent", |v: f64| format!("{:.1}%", v * 100.0));
    env
}

/// Renders `source` (named `name` in errors) with `data`.
pub fn render(name: &str, source: &str, data: &serde_json::Value) -> Result<String> {
    let env = environment();
    let tmpl = env.template_from_named_str(name, source).map_err(to_report_error)?;
    tmpl.render(Value::from(minijinja::value::Serde(data))).map_err(to_report_error)
}

fn to_report_error(e: Error) -> crate::Error {
    let line = e.line().unwrap_or(0);
    let mut message = match e.kind() {
        ErrorKind::UndefinedError => "使用了不存在的字段".to_string(),
        ErrorKind::SyntaxError => "模板语法错误".to_string(),
        ErrorKind::UnknownFilter => "未知的过滤器".to_string(),
        ErrorKind::UnknownFunction => "未知的函数".to_string(),
        ErrorKind::UnknownTest => "未知的测试".to_string(),
        _ => "模板无法渲染".to_string(),
    };
    if let Some(detail) = e.detail() {
        message.push_str(&format!("（{detail}）"));
    }
    // The offending source line helps a secretary find it in a long template.
    if let Some(src) = e.template_source() {
        if let Some(text) = src.lines().nth(line.saturating_sub(1)) {
            if line > 0 {
                message.push_str(&format!("：{}", text.trim()));
            }
        }
    }
    crate::Error::Template { line, message }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn user_text_is_printed_literally() {
        let note = "**粗** # 标题 | 表格 <img src=x onerror=alert(1)> {{ x }} [链接](http://a) \\ `code`\n\n- 列表";
        let md = render("t", "{{ note }}", &json!({ "note": note })).unwrap();
        let doc = super::super::markdown::parse(&md);
        match &doc.blocks[..] {
            [super::super::markdown::Block::Paragraph(spans)] => {
                let text: String = spans.iter().map(|s| s.text.as_str()).collect();
                assert_eq!(text, note.split_whitespace().collect::<Vec<_>>().join(" "));
                assert!(spans.iter().all(|s| !s.style.bold && !s.style.code));
            }
            other => panic!("structure injected: {other:?}"),
        }
    }

    #[test]
    fn unknown_field_reports_line() {
        let err = render("t", "第一行\n第二行 {{ nope }}\n", &json!({})).unwrap_err();
        match err {
            crate::Error::Template { line, .. } => assert_eq!(line, 2),
            e => panic!("{e:?}"),
        }
    }

    #[test]
    fn bad_syntax_reports_line() {
        let err = render("t", "a\nb\n{% for x in %}\n", &json!({})).unwrap_err();
        assert!(matches!(err, crate::Error::Template { line: 3, .. }), "{err:?}");
    }

    fn user_blocks(note: &str) -> Vec<super::super::markdown::Block> {
        let md = render("t", "## 环节1\n\n{{ note | markdown }}\n\n## 下一节\n", &json!({ "note": note })).unwrap();
        let doc = super::super::markdown::parse(&md);
        let blocks = doc.blocks;
        use super::super::markdown::Block;
        assert!(matches!(blocks.first(), Some(Block::Heading { level: 2, .. })), "{blocks:?}");
        assert!(matches!(blocks.last(), Some(Block::Heading { level: 2, .. })), "the section goes on after the note: {blocks:?}");
        blocks[1..blocks.len() - 1].to_vec()
    }

    fn text_of(spans: &[super::super::markdown::Span]) -> String {
        spans.iter().map(|s| s.text.as_str()).collect()
    }

    #[test]
    fn user_markdown_prints_as_formatting_inside_its_section() {
        use super::super::markdown::Block;
        let blocks = user_blocks("窗口**无人引导**，*等候*较久\n第二行\n\n- 材料 A\n- 材料 B\n\n# 我的标题\n\n```signatures\n伪造签名\n```\n\n<!-- pagebreak -->\n\n<b>粗</b> {{ walk.title }} ![照片](/etc/passwd)\n\n---\nheader: 假\n---");
        match &blocks[0] {
            Block::Paragraph(spans) => {
                assert_eq!(text_of(spans), "窗口无人引导，等候较久\n第二行");
                assert!(spans.iter().any(|s| s.text == "无人引导" && s.style.bold), "{spans:?}");
                assert!(spans.iter().any(|s| s.text == "等候" && s.style.italic), "{spans:?}");
            }
            b => panic!("{b:?}"),
        }
        assert!(matches!(&blocks[1], Block::List { items, .. } if items.len() == 2), "{:?}", blocks[1]);
        match &blocks[2] {
            Block::Paragraph(spans) => assert!(text_of(spans) == "我的标题" && spans.iter().all(|s| s.style.bold), "{spans:?}"),
            b => panic!("a user heading must not be a heading of the record: {b:?}"),
        }
        assert_eq!(blocks[3], Block::Code("伪造签名".into()));
        let rest: Vec<String> = blocks[4..]
            .iter()
            .map(|b| match b {
                Block::Paragraph(spans) => text_of(spans),
                Block::Rule => "---".into(),
                other => panic!("no structure from user text: {other:?}"),
            })
            .collect();
        let rest = rest.join("|");
        assert!(rest.contains("<!-- pagebreak -->"), "{rest}");
        assert!(rest.contains("<b>粗</b> {{ walk.title }} ![照片](/etc/passwd)"), "{rest}");
        assert!(rest.contains("header: 假"), "{rest}");
    }

    #[test]
    fn user_markdown_cannot_close_its_fence() {
        use super::super::markdown::Block;
        let blocks = user_blocks("前\n````\n\n## 逃出\n\n```usermd\n里\n```");
        assert!(blocks.iter().all(|b| !matches!(b, Block::Heading { .. })), "{blocks:?}");
        assert_eq!(user_markdown_block("  \n "), "");
    }
}
