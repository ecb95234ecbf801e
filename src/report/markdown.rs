//! Markdown (after the template filled it) → a small block tree the layout understands.
//!
//! Besides CommonMark + tables, strikethrough and task lists, three conventions of ours:
//! - a YAML-style front matter block (`---` … `---`) with `key: value` lines sets page options
//!   (`page: landscape`, `header: 单位名称`, `code: 核验码`, `title: 文档标题`);
//! - `<!-- pagebreak -->` (an HTML comment, so other Markdown viewers ignore it) or a line
//!   `\pagebreak` forces a new page;
//! - fenced blocks with the info string `signatures` (one label per line, optionally
//!   `label | prefilled`) and `barchart` (`title: …`, `max: …`, `unit: …`, then
//!   `value | label` lines) are drawn as signature lines and a vector bar chart;
//! - a fenced block with the info string `usermd` holds Markdown a user typed (observations,
//!   reflections; the template's `markdown` filter writes it). It prints as formatting —
//!   bold, italics, lists, line breaks — inside the section where it stands, and nothing in it
//!   becomes structure of the record: a heading prints as a bold paragraph; HTML, comments,
//!   `\pagebreak`, front matter and fenced blocks (`signatures`, `barchart`, …) print as the text
//!   they are; an image prints as the text typed, so user text never embeds a file.

use std::collections::BTreeMap;

use pulldown_cmark::{Alignment, CodeBlockKind, Event, HeadingLevel, Options, Parser, Tag, TagEnd};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Hash)]
pub struct Style {
    pub bold: bool,
    pub italic: bool,
    pub strike: bool,
    pub code: bool,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Span {
    pub text: String,
    pub style: Style,
}

pub type Inlines = Vec<Span>;

#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Align {
    Left,
    Center,
    Right,
}

#[derive(Debug, Clone, PartialEq)]
pub struct ImageRef {
    pub src: String,
    pub alt: String,
}

#[derive(Debug, Clone, PartialEq)]
pub struct ListItem {
    pub task: Option<bool>,
    pub blocks: Vec<Block>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct BarChart {
    pub title: String,
    pub unit: String,
    pub max: Option<f32>,
    pub bars: Vec<(String, f32)>,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Block {
    Heading { level: u8, text: Inlines },
    Paragraph(Inlines),
    List { start: Option<u64>, items: Vec<ListItem> },
    Quote(Vec<Block>),
    Table { aligns: Vec<Align>, head: Vec<Inlines>, rows: Vec<Vec<Inlines>> },
    Images(Vec<ImageRef>),
    Rule,
    PageBreak,
    Code(String),
    Signatures(Vec<(String, String)>),
    BarChart(BarChart),
}

#[derive(Debug, Clone, Default)]
pub struct Document {
    pub meta: BTreeMap<String, String>,
    pub blocks: Vec<Block>,
}

pub const PAGEBREAK_COMMENT: &str = "<!-- pagebreak -->";

/// Removes Markdown backslash escapes (`\*` → `*`). Used where text is read verbatim
/// (front matter, fenced data blocks) but was escaped by the template's formatter.
pub fn unescape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\\' {
            if let Some(&next) = chars.peek() {
                if next.is_ascii_punctuation() {
                    out.push(next);
                    chars.next();
                    continue;
                }
            }
        }
        out.push(c);
    }
    out
}

pub fn parse(markdown: &str) -> Document {
    let opts = Options::ENABLE_TABLES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_YAML_STYLE_METADATA_BLOCKS;
    let mut events = Parser::new_ext(markdown, opts).peekable();
    let mut doc = Document::default();
    doc.blocks = parse_blocks(&mut events, &mut doc.meta, false, 0);
    doc
}

/// The info string of a fenced block holding a user's Markdown.
pub const USER_MARKDOWN_INFO: &str = "usermd";

/// A user's Markdown as blocks of the record (see the module comment).
pub fn parse_user(markdown: &str) -> Vec<Block> {
    // No front matter here: a `---` block in user text is text, not page options.
    let opts = Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH | Options::ENABLE_TASKLISTS;
    let mut events = Parser::new_ext(markdown, opts).peekable();
    let mut ignored = BTreeMap::new();
    parse_blocks(&mut events, &mut ignored, true, 0)
}

type Events<'a> = std::iter::Peekable<Parser<'a>>;

/// Reads blocks until the end tag of the enclosing container (consumed) or the input ends.
/// `user`: the text is a user's Markdown, which may format but never structure the record.
/// How deep quotes and lists nest before deeper ones are read as plain paragraphs. The parser,
/// the layout and dropping the tree all recurse per level: 2,000 nested `>` in a note
/// overflowed the stack (found by tests/fuzz), and no record needs more than a few levels.
const MAX_NESTING: usize = 12;

fn parse_blocks(ev: &mut Events, meta: &mut BTreeMap<String, String>, user: bool, depth: usize) -> Vec<Block> {
    let mut blocks = Vec::new();
    // Quotes, lists and items opened past MAX_NESTING: read in this frame, their ends counted.
    let mut flattened = 0usize;
    // Text directly inside a tight list item arrives without a Paragraph wrapper.
    let mut loose: Inlines = Vec::new();
    let mut loose_images: Vec<ImageRef> = Vec::new();
    let mut styles = vec![Style::default()];
    macro_rules! flush {
        () => {
            if !loose.is_empty() || !loose_images.is_empty() {
                push_paragraph(&mut blocks, std::mem::take(&mut loose), std::mem::take(&mut loose_images), user);
            }
        };
    }
    while let Some(event) = ev.next() {
        let style = *styles.last().unwrap_or(&Style::default());
        match event {
            Event::End(TagEnd::Strong | TagEnd::Emphasis | TagEnd::Strikethrough | TagEnd::Link) if styles.len() > 1 => {
                styles.pop();
            }
            Event::End(TagEnd::Strong | TagEnd::Emphasis | TagEnd::Strikethrough | TagEnd::Link) => {}
            Event::End(_) if flattened > 0 => {
                flattened -= 1;
                flush!();
            }
            Event::End(_) => break,
            Event::Start(Tag::BlockQuote(_) | Tag::List(_) | Tag::Item) if depth >= MAX_NESTING => {
                flush!();
                flattened += 1;
            }
            Event::Start(Tag::Strong) => styles.push(Style { bold: true, ..style }),
            Event::Start(Tag::Emphasis) => styles.push(Style { italic: true, ..style }),
            Event::Start(Tag::Strikethrough) => styles.push(Style { strike: true, ..style }),
            Event::Start(Tag::Link { .. }) => styles.push(style),
            Event::Start(Tag::Image { dest_url, .. }) => {
                let alt = collect_text(ev);
                if user {
                    push_text(&mut loose, &format!("![{alt}]({dest_url})"), style);
                } else {
                    loose_images.push(ImageRef { src: unescape(&dest_url), alt });
                }
            }
            Event::Text(t) => push_text(&mut loose, &t, style),
            Event::Code(t) => push_text(&mut loose, &t, Style { code: true, ..style }),
            Event::InlineHtml(t) => push_text(&mut loose, &t, style),
            // A user's single line break is a line break, as in the app's preview.
            Event::SoftBreak => push_text(&mut loose, if user { "\n" } else { " " }, style),
            Event::HardBreak => push_text(&mut loose, "\n", style),
            Event::Start(Tag::Paragraph) => {
                flush!();
                let (text, images) = parse_inlines(ev, Style::default(), user);
                push_paragraph(&mut blocks, text, images, user);
            }
            Event::Start(Tag::Heading { .. }) if user => {
                flush!();
                let (text, _) = parse_inlines(ev, Style { bold: true, ..Style::default() }, user);
                push_paragraph(&mut blocks, text, Vec::new(), user);
            }
            Event::Start(Tag::Heading { level, .. }) => {
                flush!();
                let (text, _) = parse_inlines(ev, Style::default(), user);
                blocks.push(Block::Heading { level: heading_level(level), text });
            }
            Event::Start(Tag::BlockQuote(_)) => {
                flush!();
                blocks.push(Block::Quote(parse_blocks(ev, meta, user, depth + 1)));
            }
            Event::Start(Tag::List(start)) => {
                flush!();
                blocks.push(parse_list(ev, start, meta, user, depth + 1));
            }
            Event::Start(Tag::Table(aligns)) => {
                flush!();
                blocks.push(parse_table(ev, aligns, user));
            }
            Event::Start(Tag::CodeBlock(kind)) => {
                flush!();
                let info = match kind {
                    CodeBlockKind::Fenced(info) => info.trim().to_string(),
                    CodeBlockKind::Indented => String::new(),
                };
                let body = collect_text(ev);
                if user {
                    blocks.push(Block::Code(body.trim_end_matches('\n').to_string()));
                } else if info == USER_MARKDOWN_INFO {
                    blocks.extend(parse_user(&body));
                } else {
                    blocks.push(code_block(&info, &body));
                }
            }
            Event::Start(Tag::HtmlBlock) => {
                flush!();
                let html = collect_text(ev);
                for part in html.lines() {
                    let t = part.trim();
                    if user {
                        if !t.is_empty() {
                            blocks.push(Block::Paragraph(vec![Span { text: t.to_string(), style: Style::default() }]));
                        }
                    } else if t.eq_ignore_ascii_case(PAGEBREAK_COMMENT) {
                        blocks.push(Block::PageBreak);
                    } else if t.starts_with("<!--") || t.is_empty() {
                        // Other comments are notes for template authors.
                    } else {
                        // HTML is not rendered: printed as the text it is.
                        blocks.push(Block::Paragraph(vec![Span { text: t.to_string(), style: Style::default() }]));
                    }
                }
            }
            Event::Start(Tag::MetadataBlock(_)) => {
                let text = collect_text(ev);
                for line in text.lines() {
                    if let Some((k, v)) = line.split_once(':') {
                        meta.insert(k.trim().to_string(), unescape(v.trim()));
                    }
                }
            }
            Event::Html(t) => push_text(&mut loose, &t, style),
            Event::Rule => {
                flush!();
                blocks.push(Block::Rule);
            }
            Event::Start(_) => {
                // Footnotes, definition lists…: keep their text, drop the structure.
                flush!();
                let text = collect_text(ev);
                push_text(&mut loose, &text, style);
            }
            _ => {}
        }
    }
    flush!();
    blocks
}

fn push_paragraph(blocks: &mut Vec<Block>, text: Inlines, images: Vec<ImageRef>, user: bool) {
    if let [Span { text: t, .. }] = text.as_slice() {
        if !user && t.trim() == "\\pagebreak" {
            blocks.push(Block::PageBreak);
            return;
        }
    }
    if text.iter().any(|s| !s.text.trim().is_empty()) {
        blocks.push(Block::Paragraph(text));
    }
    if !images.is_empty() {
        blocks.push(Block::Images(images));
    }
}

fn heading_level(l: HeadingLevel) -> u8 {
    match l {
        HeadingLevel::H1 => 1,
        HeadingLevel::H2 => 2,
        HeadingLevel::H3 => 3,
        HeadingLevel::H4 => 4,
        HeadingLevel::H5 => 5,
        HeadingLevel::H6 => 6,
    }
}

fn push_text(spans: &mut Inlines, text: &str, style: Style) {
    match spans.last_mut() {
        Some(last) if last.style == style => last.text.push_str(text),
        _ => spans.push(Span { text: text.to_string(), style }),
    }
}

/// Reads inline content up to the end of the current container; images are returned apart
/// because the layout places them as their own row.
fn parse_inlines(ev: &mut Events, base: Style, user: bool) -> (Inlines, Vec<ImageRef>) {
    let mut spans = Vec::new();
    let mut images = Vec::new();
    let mut stack = vec![base];
    while let Some(event) = ev.next() {
        let style = *stack.last().unwrap_or(&base);
        match event {
            Event::Start(Tag::Strong) => stack.push(Style { bold: true, ..style }),
            Event::Start(Tag::Emphasis) => stack.push(Style { italic: true, ..style }),
            Event::Start(Tag::Strikethrough) => stack.push(Style { strike: true, ..style }),
            Event::Start(Tag::Image { dest_url, .. }) => {
                let alt = collect_text(ev);
                if user {
                    push_text(&mut spans, &format!("![{alt}]({dest_url})"), style);
                } else {
                    images.push(ImageRef { src: unescape(&dest_url), alt });
                }
            }
            Event::Start(_) => stack.push(style),
            Event::End(_) => {
                if stack.len() <= 1 {
                    break;
                }
                stack.pop();
            }
            Event::Text(t) => push_text(&mut spans, &t, style),
            Event::Code(t) => push_text(&mut spans, &t, Style { code: true, ..style }),
            Event::InlineHtml(t) | Event::Html(t) => push_text(&mut spans, &t, style),
            Event::SoftBreak => push_text(&mut spans, if user { "\n" } else { " " }, style),
            Event::HardBreak => push_text(&mut spans, "\n", style),
            Event::TaskListMarker(done) => push_text(&mut spans, if done { "☑ " } else { "☐ " }, style),
            _ => {}
        }
    }
    (spans, images)
}

/// Plain text up to the end of the current container (alt text, code, HTML, metadata).
fn collect_text(ev: &mut Events) -> String {
    let mut out = String::new();
    let mut depth = 0;
    for event in ev.by_ref() {
        match event {
            Event::Start(_) => depth += 1,
            Event::End(_) => {
                if depth == 0 {
                    break;
                }
                depth -= 1;
            }
            Event::Text(t) | Event::Code(t) | Event::Html(t) | Event::InlineHtml(t) => out.push_str(&t),
            Event::SoftBreak | Event::HardBreak => out.push('\n'),
            _ => {}
        }
    }
    out
}

fn parse_list(ev: &mut Events, start: Option<u64>, meta: &mut BTreeMap<String, String>, user: bool, depth: usize) -> Block {
    let mut items = Vec::new();
    while let Some(event) = ev.next() {
        match event {
            Event::Start(Tag::Item) => {
                let task = match ev.peek() {
                    Some(Event::TaskListMarker(done)) => {
                        let d = *done;
                        ev.next();
                        Some(d)
                    }
                    _ => None,
                };
                let mut blocks = parse_blocks(ev, meta, user, depth);
                // In loose task lists the marker sits inside the first paragraph.
                let mut task = task;
                if task.is_none() {
                    if let Some(Block::Paragraph(spans)) = blocks.first_mut() {
                        if let Some(first) = spans.first_mut() {
                            for (mark, done) in [("☑ ", true), ("☐ ", false)] {
                                if let Some(rest) = first.text.strip_prefix(mark) {
                                    first.text = rest.to_string();
                                    task = Some(done);
                                }
                            }
                        }
                    }
                }
                items.push(ListItem { task, blocks });
            }
            Event::End(_) => break,
            _ => {}
        }
    }
    Block::List { start, items }
}

fn parse_table(ev: &mut Events, aligns: Vec<Alignment>, user: bool) -> Block {
    let aligns = aligns
        .into_iter()
        .map(|a| match a {
            Alignment::Center => Align::Center,
            Alignment::Right => Align::Right,
            _ => Align::Left,
        })
        .collect();
    let mut head = Vec::new();
    let mut rows = Vec::new();
    let mut current: Vec<Inlines> = Vec::new();
    while let Some(event) = ev.next() {
        match event {
            Event::Start(Tag::TableCell) => {
                let (mut spans, images) = parse_inlines(ev, Style::default(), user);
                // Images cannot sit in a cell: keep their captions so nothing is lost.
                for img in images {
                    push_text(&mut spans, &format!("[图：{}]", img.alt), Style::default());
                }
                current.push(spans);
            }
            Event::End(TagEnd::TableHead) => head = std::mem::take(&mut current),
            Event::End(TagEnd::TableRow) => rows.push(std::mem::take(&mut current)),
            Event::End(TagEnd::Table) => break,
            _ => {}
        }
    }
    Block::Table { aligns, head, rows }
}

fn code_block(info: &str, body: &str) -> Block {
    match info {
        "signatures" => Block::Signatures(
            body.lines()
                .map(unescape)
                .filter(|l| !l.trim().is_empty())
                .map(|l| match l.split_once('|') {
                    Some((a, b)) => (a.trim().to_string(), b.trim().to_string()),
                    None => (l.trim().to_string(), String::new()),
                })
                .collect(),
        ),
        "barchart" => {
            let mut chart = BarChart { title: String::new(), unit: String::new(), max: None, bars: Vec::new() };
            for line in body.lines().map(unescape) {
                let line = line.trim();
                if let Some(v) = line.strip_prefix("title:") {
                    chart.title = v.trim().to_string();
                } else if let Some(v) = line.strip_prefix("unit:") {
                    chart.unit = v.trim().to_string();
                } else if let Some(v) = line.strip_prefix("max:") {
                    chart.max = v.trim().parse().ok();
                } else if let Some((v, label)) = line.split_once('|') {
                    if let Ok(v) = v.trim().parse::<f32>() {
                        chart.bars.push((label.trim().to_string(), v));
                    }
                }
            }
            Block::BarChart(chart)
        }
        _ => Block::Code(body.trim_end_matches('\n').to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_front_matter_and_blocks() {
        let doc = parse("---\npage: landscape\nheader: 市场监管局\n---\n# 标题\n\n正文**加粗**。\n\n<!-- pagebreak -->\n\n- [x] 不亮身份\n- [ ] 不打招呼\n");
        assert_eq!(doc.meta.get("page").map(String::as_str), Some("landscape"));
        assert!(matches!(doc.blocks[0], Block::Heading { level: 1, .. }));
        assert!(matches!(doc.blocks[2], Block::PageBreak));
        match &doc.blocks[3] {
            Block::List { items, .. } => {
                assert_eq!(items[0].task, Some(true));
                assert_eq!(items[1].task, Some(false));
            }
            b => panic!("{b:?}"),
        }
    }

    #[test]
    fn table_and_images() {
        let doc = parse("| a | b |\n|---|---|\n| 1 | 2 |\n| 3 | 4 |\n\n![照片一](/tmp/a.jpg) ![照片二](/tmp/b.png)\n");
        match &doc.blocks[0] {
            Block::Table { head, rows, .. } => {
                assert_eq!(head.len(), 2);
                assert_eq!(rows.len(), 2);
            }
            b => panic!("{b:?}"),
        }
        match &doc.blocks[1] {
            Block::Images(imgs) => assert_eq!(imgs.len(), 2),
            b => panic!("{b:?}"),
        }
    }

    #[test]
    fn chart_and_signatures() {
        let doc = parse("```barchart\ntitle: 办结率\nmax: 100\n62.5 | 市市场监管局\n80 | 区政务办\n```\n\n```signatures\n体验人\n记录人\n日期\n```\n");
        match &doc.blocks[0] {
            Block::BarChart(c) => assert_eq!(c.bars, vec![("市市场监管局".into(), 62.5), ("区政务办".into(), 80.0)]),
            b => panic!("{b:?}"),
        }
        assert!(matches!(&doc.blocks[1], Block::Signatures(s) if s.len() == 3));
    }

    /// Found by tests/fuzz (markdown target): 2,000 nested quotes overflowed the stack. Past
    /// MAX_NESTING the levels become plain paragraphs and every word is still printed.
    #[test]
    fn deep_nesting_is_flattened_not_a_stack_overflow() {
        fn depth(blocks: &[Block]) -> usize {
            blocks
                .iter()
                .map(|b| match b {
                    Block::Quote(inner) => 1 + depth(inner),
                    Block::List { items, .. } => 1 + items.iter().map(|i| depth(&i.blocks)).max().unwrap_or(0),
                    _ => 0,
                })
                .max()
                .unwrap_or(0)
        }
        fn words(blocks: &[Block], out: &mut String) {
            for b in blocks {
                match b {
                    Block::Paragraph(spans) => spans.iter().for_each(|s| out.push_str(&s.text)),
                    Block::Quote(inner) => words(inner, out),
                    Block::List { items, .. } => items.iter().for_each(|i| words(&i.blocks, out)),
                    _ => {}
                }
            }
        }
        let text = format!("{}材料太多\n\n{}窗口排队", "> ".repeat(2000), "- ".repeat(2000));
        // On a thread with a small stack, as the tests' own threads are.
        let blocks = std::thread::Builder::new()
            .stack_size(256 * 1024)
            .spawn(move || {
                let blocks = parse_user(&text);
                let mut seen = String::new();
                words(&blocks, &mut seen);
                (depth(&blocks), seen)
            })
            .expect("thread")
            .join()
            .expect("no stack overflow");
        assert!(blocks.0 <= MAX_NESTING + 1, "depth {}", blocks.0);
        assert!(blocks.1.contains("材料太多") && blocks.1.contains("窗口排队"), "{}", blocks.1);
        // Nesting within the limit keeps its structure.
        assert_eq!(depth(&parse_user("> > > 三层引用")), 3);
    }
}
