//! The block tree → positioned items on pages.
//!
//! Coordinates here are in pt from the page's top-left corner (y grows downwards), the way
//! one thinks about a form; `pdf.rs` flips them. Tables live in `table.rs`, the bar chart in
//! `chart.rs`, header and footer in `decorate.rs`.

use std::collections::HashMap;
use std::path::PathBuf;

use super::fonts::FontSet;
use super::image::{self, LoadedImage};
use super::linebreak::{break_lines, Line};
use super::markdown::{Align, Block, ImageRef, Span, Style};

pub const MM: f32 = 72.0 / 25.4;

pub type Rgb = (f32, f32, f32);
pub const BLACK: Rgb = (0.0, 0.0, 0.0);
pub const GRAY: Rgb = (0.45, 0.45, 0.45);
pub const LIGHT: Rgb = (0.9, 0.9, 0.9);

#[derive(Debug, Clone, PartialEq)]
pub enum Item {
    /// `y` is the baseline.
    Text { x: f32, y: f32, size: f32, bold: bool, italic: bool, color: Rgb, text: String },
    Line { x1: f32, y1: f32, x2: f32, y2: f32, width: f32, color: Rgb },
    Rect { x: f32, y: f32, w: f32, h: f32, fill: Rgb },
    /// A closed polygon (the 挂图's milestone diamonds): filled and/or outlined (colour, width).
    Polygon { points: Vec<(f32, f32)>, fill: Option<Rgb>, stroke: Option<(Rgb, f32)> },
    /// Box of the photo as displayed (orientation applied).
    Image { index: usize, x: f32, y: f32, w: f32, h: f32 },
}

#[derive(Debug, Clone, Default)]
pub struct Page {
    pub items: Vec<Item>,
}

/// Page geometry and type sizes.
#[derive(Debug, Clone)]
pub struct PageSpec {
    pub width: f32,
    pub height: f32,
    pub top: f32,
    pub bottom: f32,
    pub left: f32,
    pub right: f32,
    pub body_size: f32,
    pub line_factor: f32,
    pub title_size: f32,
    pub table_size: f32,
    pub small_size: f32,
    pub image_max_height: f32,
    pub images_per_row: usize,
    pub landscape: bool,
}

impl PageSpec {
    /// GB/T 9704: A4, type area 156 × 225 mm, title 二号 (22 pt), body 三号 (16 pt),
    /// 22 lines a page (225 mm / 22 ≈ 29 pt line pitch). Tables use 五号 (10.5 pt) so a
    /// nine-column step table fits the 156 mm measure.
    pub fn portrait() -> PageSpec {
        PageSpec {
            width: 210.0 * MM,
            height: 297.0 * MM,
            top: 37.0 * MM,
            bottom: 35.0 * MM,
            left: 28.0 * MM,
            right: 26.0 * MM,
            body_size: 16.0,
            line_factor: (225.0 * MM / 22.0) / 16.0,
            title_size: 22.0,
            table_size: 10.5,
            small_size: 9.0,
            image_max_height: 62.0 * MM,
            images_per_row: 3,
            landscape: false,
        }
    }

    /// The ledger: A4 landscape, narrow margins, 10.5 pt body and 9 pt table text so nine
    /// columns of Chinese stay readable.
    pub fn landscape() -> PageSpec {
        PageSpec {
            width: 297.0 * MM,
            height: 210.0 * MM,
            top: 22.0 * MM,
            bottom: 20.0 * MM,
            left: 18.0 * MM,
            right: 18.0 * MM,
            body_size: 10.5,
            line_factor: 1.6,
            title_size: 18.0,
            table_size: 9.0,
            small_size: 8.0,
            image_max_height: 55.0 * MM,
            images_per_row: 4,
            landscape: true,
        }
    }

    /// The 挂图 (wall chart): A3 landscape, narrow margins.
    pub fn a3_landscape() -> PageSpec {
        PageSpec {
            width: 420.0 * MM,
            height: 297.0 * MM,
            top: 16.0 * MM,
            bottom: 18.0 * MM,
            left: 14.0 * MM,
            right: 14.0 * MM,
            body_size: 10.5,
            line_factor: 1.6,
            title_size: 20.0,
            table_size: 9.0,
            small_size: 8.0,
            image_max_height: 55.0 * MM,
            images_per_row: 4,
            landscape: true,
        }
    }

    pub fn content_width(&self) -> f32 {
        self.width - self.left - self.right
    }

    pub fn content_bottom(&self) -> f32 {
        self.height - self.bottom
    }
}

/// Images referenced by the document, loaded once each.
pub struct ImageStore {
    pub base: Option<PathBuf>,
    /// Leave where photos were taken (EXIF GPS) in the embedded JPEGs.
    pub keep_gps: bool,
    /// Opens photos an encrypted store keeps sealed.
    pub files: Option<crate::crypt::FileCipher>,
    pub images: Vec<LoadedImage>,
    by_src: HashMap<String, Option<usize>>,
    pub warnings: Vec<String>,
}

impl ImageStore {
    pub fn new(base: Option<PathBuf>, keep_gps: bool) -> ImageStore {
        ImageStore { base, keep_gps, files: None, images: Vec::new(), by_src: HashMap::new(), warnings: Vec::new() }
    }

    fn get(&mut self, src: &str) -> Option<usize> {
        if let Some(found) = self.by_src.get(src) {
            return *found;
        }
        let loaded = match image::load(src, self.base.as_deref(), self.keep_gps, self.files.as_ref()) {
            Ok(img) => {
                self.images.push(img);
                Some(self.images.len() - 1)
            }
            Err(e) => {
                self.warnings.push(e.to_string());
                None
            }
        };
        self.by_src.insert(src.to_string(), loaded);
        loaded
    }
}

pub struct Layouter<'a> {
    pub spec: &'a PageSpec,
    pub fonts: &'a FontSet,
    pub images: &'a mut ImageStore,
    pub pages: Vec<Page>,
    pub items: Vec<Item>,
    pub y: f32,
    /// First-line indent of body paragraphs, in characters (公文 uses 2).
    pub indent_chars: f32,
}

impl<'a> Layouter<'a> {
    pub fn new(spec: &'a PageSpec, fonts: &'a FontSet, images: &'a mut ImageStore) -> Self {
        Layouter { spec, fonts, images, pages: Vec::new(), items: Vec::new(), y: spec.top, indent_chars: 0.0 }
    }

    pub fn finish(mut self) -> Vec<Page> {
        let items = std::mem::take(&mut self.items);
        self.pages.push(Page { items });
        self.pages
    }

    pub fn new_page(&mut self) {
        let items = std::mem::take(&mut self.items);
        self.pages.push(Page { items });
        self.y = self.spec.top;
    }

    fn at_page_top(&self) -> bool {
        self.y <= self.spec.top + 0.01
    }

    /// Starts a new page unless `h` more pt fit on this one.
    pub fn ensure(&mut self, h: f32) {
        if self.y + h > self.spec.content_bottom() && !self.at_page_top() {
            self.new_page();
        }
    }

    pub fn remaining(&self) -> f32 {
        self.spec.content_bottom() - self.y
    }

    /// Advance of `c` in pt.
    pub fn advance(&self, c: char, style: Style, size: f32) -> f32 {
        let face = match (&self.fonts.bold, style.bold) {
            (Some(b), true) => b,
            _ => &self.fonts.regular,
        };
        face.advance(c) * size
    }

    pub fn wrap(&self, spans: &[Span], width: f32, size: f32) -> Vec<Line<Style>> {
        let runs: Vec<(Style, &str)> = spans.iter().map(|s| (s.style, s.text.as_str())).collect();
        break_lines(&runs, width.max(size), |c, st| self.advance(c, st, size))
    }

    pub fn text_width(&self, text: &str, style: Style, size: f32) -> f32 {
        text.chars().map(|c| self.advance(c, style, size)).sum()
    }

    /// Draws one laid-out line with its baseline at `baseline`.
    pub fn draw_line(&mut self, line: &Line<Style>, x: f32, baseline: f32, size: f32, color: Rgb) {
        for seg in &line.segments {
            let sx = x + seg.x;
            let color = if seg.style.code { GRAY } else { color };
            self.items.push(Item::Text {
                x: sx,
                y: baseline,
                size,
                bold: seg.style.bold,
                italic: seg.style.italic,
                color,
                text: seg.text.clone(),
            });
            if seg.style.strike {
                let sy = baseline - size * 0.32;
                self.items.push(Item::Line { x1: sx, y1: sy, x2: sx + seg.width, y2: sy, width: size * 0.06, color });
            }
        }
    }

    /// The baseline of text of `size` centred in a line box of height `lh` starting at `top`.
    pub fn baseline(top: f32, lh: f32, size: f32) -> f32 {
        // CJK glyphs sit from about -0.12 em to 0.88 em: centre that box in the line.
        top + lh / 2.0 + 0.38 * size
    }

    /// Places lines one under the other, breaking pages between lines.
    #[allow(clippy::too_many_arguments)]
    fn place_lines(&mut self, lines: &[Line<Style>], x: f32, w: f32, size: f32, lh: f32, align: Align, bars: &[f32], first_indent: f32) {
        for (i, line) in lines.iter().enumerate() {
            self.ensure(lh);
            let indent = if i == 0 { first_indent } else { 0.0 };
            let free = w - indent - line.width;
            let lx = x + indent + match align {
                Align::Left => 0.0,
                Align::Center => free / 2.0,
                Align::Right => free,
            };
            let baseline = Self::baseline(self.y, lh, size);
            self.draw_line(line, lx, baseline, size, BLACK);
            for &bx in bars {
                self.items.push(Item::Line { x1: bx, y1: self.y, x2: bx, y2: self.y + lh, width: 2.0, color: LIGHT });
            }
            self.y += lh;
        }
    }

    pub fn blocks(&mut self, blocks: &[Block], x: f32, w: f32, bars: &[f32]) {
        for block in blocks {
            self.block(block, x, w, bars);
        }
    }

    fn block(&mut self, block: &Block, x: f32, w: f32, bars: &[f32]) {
        let size = self.spec.body_size;
        let lh = size * self.spec.line_factor;
        match block {
            Block::Heading { level, text } => self.heading(*level, text, x, w, bars),
            Block::Paragraph(spans) => {
                let indent = if bars.is_empty() && x <= self.spec.left + 0.01 { self.indent_chars * size } else { 0.0 };
                // The indent is applied by wrapping the first line narrower: prepend a spacer.
                let lines = self.wrap_with_indent(spans, w, size, indent);
                self.place_lines(&lines, x, w, size, lh, Align::Left, bars, indent);
                self.y += size * 0.25;
            }
            Block::List { start, items } => {
                for (i, item) in items.iter().enumerate() {
                    let marker_w = size * 1.6;
                    self.ensure(lh);
                    let top = self.y;
                    let baseline = Self::baseline(top, lh, size);
                    match (item.task, start) {
                        (Some(done), _) => self.checkbox(x + size * 0.2, top + (lh - size * 0.8) / 2.0, size * 0.8, done),
                        (None, Some(n)) => {
                            let label = format!("{}.", n + i as u64);
                            self.items.push(Item::Text { x, y: baseline, size, bold: false, italic: false, color: BLACK, text: label });
                        }
                        (None, None) => self.items.push(Item::Text {
                            x: x + size * 0.3,
                            y: baseline,
                            size,
                            bold: false,
                            italic: false,
                            color: BLACK,
                            text: "•".into(),
                        }),
                    }
                    self.blocks_tight(&item.blocks, x + marker_w, w - marker_w, bars);
                }
                self.y += size * 0.25;
            }
            Block::Quote(inner) => {
                let mut bars = bars.to_vec();
                bars.push(x + size * 0.3);
                self.blocks(inner, x + size * 1.2, w - size * 1.2, &bars);
            }
            Block::Table { aligns, head, rows } => self.table(aligns, head, rows, x, w),
            Block::Images(refs) => self.image_rows(refs, x, w),
            Block::Rule => {
                self.ensure(size);
                let ry = self.y + size * 0.5;
                self.items.push(Item::Line { x1: x, y1: ry, x2: x + w, y2: ry, width: 0.75, color: GRAY });
                self.y += size;
            }
            Block::PageBreak => {
                if !self.at_page_top() {
                    self.new_page();
                }
            }
            Block::Code(text) => {
                let cs = self.spec.table_size;
                let clh = cs * 1.45;
                for raw in text.split('\n') {
                    let spans = [Span { text: raw.to_string(), style: Style::default() }];
                    let lines = self.wrap(&spans, w - cs, cs);
                    let lines = if lines.is_empty() { vec![Line { segments: Vec::new(), width: 0.0 }] } else { lines };
                    for line in lines {
                        self.ensure(clh);
                        self.items.push(Item::Rect { x, y: self.y, w, h: clh, fill: (0.95, 0.95, 0.95) });
                        let b = Self::baseline(self.y, clh, cs);
                        self.draw_line(&line, x + cs * 0.5, b, cs, BLACK);
                        self.y += clh;
                    }
                }
                self.y += size * 0.25;
            }
            Block::Signatures(entries) => self.signatures(entries, x, w),
            Block::BarChart(chart) => self.bar_chart(chart, x, w),
        }
    }

    /// List items: paragraphs inside items get no first-line indent and no extra gap.
    fn blocks_tight(&mut self, blocks: &[Block], x: f32, w: f32, bars: &[f32]) {
        let saved = self.indent_chars;
        self.indent_chars = 0.0;
        if blocks.is_empty() {
            self.y += self.spec.body_size * self.spec.line_factor;
        }
        self.blocks(blocks, x, w, bars);
        self.indent_chars = saved;
    }

    fn wrap_with_indent(&self, spans: &[Span], w: f32, size: f32, indent: f32) -> Vec<Line<Style>> {
        if indent <= 0.0 {
            return self.wrap(spans, w, size);
        }
        // Wrap with an invisible lead of ideographic spaces, then drop it from the first line.
        let n = (indent / size).round() as usize;
        let mut lead = vec![Span { text: "\u{3000}".repeat(n), style: Style::default() }];
        lead.extend_from_slice(spans);
        let mut lines = self.wrap(&lead, w, size);
        if let Some(first) = lines.first_mut() {
            if let Some(seg) = first.segments.first_mut() {
                let cut: String = seg.text.chars().skip(n).collect();
                let removed = seg.width - self.text_width(&cut, seg.style, size);
                seg.text = cut;
                seg.width -= removed;
                for s in first.segments.iter_mut() {
                    if s.x > 0.0 {
                        s.x -= removed;
                    }
                }
                first.width -= removed;
            }
        }
        lines
    }

    fn heading(&mut self, level: u8, text: &[Span], x: f32, w: f32, bars: &[f32]) {
        let body = self.spec.body_size;
        let (size, align) = match level {
            1 => (self.spec.title_size, Align::Center),
            2 => (body * 1.1, Align::Left),
            _ => (body, Align::Left),
        };
        let spans: Vec<Span> = text.iter().map(|s| Span { text: s.text.clone(), style: Style { bold: true, ..s.style } }).collect();
        let lh = size * if level == 1 { 1.5 } else { self.spec.line_factor.min(1.7) };
        let lines = self.wrap(&spans, w, size);
        if !self.at_page_top() {
            self.y += size * if level == 1 { 0.8 } else { 0.4 };
        }
        // Keep the heading with the first line of what follows.
        let need = lines.len() as f32 * lh + body * self.spec.line_factor;
        self.ensure(need);
        self.place_lines(&lines, x, w, size, lh, align, bars, 0.0);
        self.y += size * if level == 1 { 0.6 } else { 0.2 };
    }

    /// A drawn tick box: fonts do not reliably carry ☐/☑.
    pub fn checkbox(&mut self, x: f32, y: f32, s: f32, done: bool) {
        let lw = s * 0.07;
        for (x1, y1, x2, y2) in [(x, y, x + s, y), (x + s, y, x + s, y + s), (x + s, y + s, x, y + s), (x, y + s, x, y)] {
            self.items.push(Item::Line { x1, y1, x2, y2, width: lw, color: BLACK });
        }
        if done {
            let lw = s * 0.12;
            self.items.push(Item::Line { x1: x + s * 0.2, y1: y + s * 0.5, x2: x + s * 0.42, y2: y + s * 0.75, width: lw, color: BLACK });
            self.items.push(Item::Line { x1: x + s * 0.42, y1: y + s * 0.75, x2: x + s * 0.82, y2: y + s * 0.22, width: lw, color: BLACK });
        }
    }

    fn image_rows(&mut self, refs: &[ImageRef], x: f32, w: f32) {
        let per_row = self.spec.images_per_row.max(1);
        let gap = 4.0 * MM;
        let cap_size = self.spec.small_size;
        let cap_lh = cap_size * 1.35;
        for row in refs.chunks(per_row) {
            let slots = per_row.min(refs.len()).max(row.len());
            let slot_w = (w - gap * (slots as f32 - 1.0)) / slots as f32;
            let mut placed = Vec::new();
            let mut row_h: f32 = 0.0;
            for r in row {
                let index = self.images.get(&r.src);
                let aspect = index.map(|i| self.images.images[i].display_aspect()).unwrap_or(4.0 / 3.0);
                let mut iw = slot_w;
                let mut ih = iw / aspect;
                if ih > self.spec.image_max_height {
                    ih = self.spec.image_max_height;
                    iw = ih * aspect;
                }
                let caption = if index.is_some() { r.alt.clone() } else { format!("（图片无法读取：{}）", r.alt) };
                let cap_lines = self.wrap(&[Span { text: caption, style: Style::default() }], slot_w, cap_size);
                row_h = row_h.max(ih + cap_lines.len() as f32 * cap_lh + 2.0);
                placed.push((index, iw, ih, cap_lines));
            }
            // Photos of a row stand on one line so their captions line up.
            let max_ih = placed.iter().map(|p| p.2).fold(0.0, f32::max);
            let max_caps = placed.iter().map(|p| p.3.len()).max().unwrap_or(0);
            row_h = row_h.max(max_ih + max_caps as f32 * cap_lh + 2.0);
            self.ensure(row_h + 2.0 * MM);
            let top = self.y + 1.0 * MM;
            for (i, (index, iw, ih, cap_lines)) in placed.into_iter().enumerate() {
                let sx = x + i as f32 * (slot_w + gap);
                let ix = sx + (slot_w - iw) / 2.0;
                let iy = top + max_ih - ih;
                match index {
                    Some(index) => self.items.push(Item::Image { index, x: ix, y: iy, w: iw, h: ih }),
                    None => self.items.push(Item::Rect { x: ix, y: iy, w: iw, h: ih, fill: LIGHT }),
                }
                let mut cy = top + max_ih + 2.0;
                for line in &cap_lines {
                    let b = Self::baseline(cy, cap_lh, cap_size);
                    self.draw_line(line, sx + (slot_w - line.width) / 2.0, b, cap_size, GRAY);
                    cy += cap_lh;
                }
            }
            self.y = top + row_h + 1.0 * MM;
        }
    }

    fn signatures(&mut self, entries: &[(String, String)], x: f32, w: f32) {
        let size = self.spec.body_size;
        let row_h = size * self.spec.line_factor * 1.5;
        let gap = 6.0 * MM;
        self.y += size * 0.5;
        for row in entries.chunks(3) {
            self.ensure(row_h);
            let labels: Vec<String> = row.iter().map(|(l, _)| format!("{l}：")).collect();
            let label_ws: Vec<f32> = labels.iter().map(|l| self.text_width(l, Style::default(), size)).collect();
            // Every signature gets a line of the same length, whatever its label.
            let k = row.len() as f32;
            let line_w = ((w - label_ws.iter().sum::<f32>() - gap * (k - 1.0)) / k).max(size * 3.0);
            let baseline = self.y + row_h * 0.7;
            let mut sx = x;
            for ((label, lw), (_, value)) in labels.into_iter().zip(label_ws).zip(row) {
                self.items.push(Item::Text { x: sx, y: baseline, size, bold: false, italic: false, color: BLACK, text: label });
                let line_y = baseline + size * 0.2;
                self.items.push(Item::Line { x1: sx + lw, y1: line_y, x2: sx + lw + line_w, y2: line_y, width: 0.6, color: BLACK });
                if !value.is_empty() {
                    let vs = self.spec.table_size.max(size * 0.75);
                    self.items.push(Item::Text { x: sx + lw + 4.0, y: baseline, size: vs, bold: false, italic: false, color: BLACK, text: value.clone() });
                }
                sx += lw + line_w + gap;
            }
            self.y += row_h;
        }
    }
}
