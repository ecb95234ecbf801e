//! Filling a Markdown template with minijinja.
//!
//! Every value printed with `{{ … }}` is escaped for Markdown, so what users typed (a note
//! full of `**`, `#`, `|`, `<img …>`, `{{ }}`) prints literally and cannot change the
//! document's structure. Line breaks in a value become spaces (safe inside a table cell);
//! the `lines` filter keeps them as hard line breaks for block positions.
//! Undefined fields are errors (strict mode), reported with the template's line number.

use minijinja::value::Value;
use minijinja::{AutoEscape, Environment, Error, ErrorKind, Output, State, UndefinedBehavior};

use super::error::{ReportError, Result};

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
    env.add_filter("percent", |v: f64| format!("{:.1}%", v * 100.0));
    env
}

/// Renders `source` (named `name` in errors) with `data`.
pub fn render(name: &str, source: &str, data: &serde_json::Value) -> Result<String> {
    let env = environment();
    let tmpl = env.template_from_named_str(name, source).map_err(to_report_error)?;
    tmpl.render(Value::from(minijinja::value::Serde(data))).map_err(to_report_error)
}

fn to_report_error(e: Error) -> ReportError {
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
    ReportError::Template { line, message }
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
            ReportError::Template { line, .. } => assert_eq!(line, 2),
            e => panic!("{e:?}"),
        }
    }

    #[test]
    fn bad_syntax_reports_line() {
        let err = render("t", "a\nb\n{% for x in %}\n", &json!({})).unwrap_err();
        assert!(matches!(err, ReportError::Template { line: 3, .. }), "{err:?}");
    }
}
