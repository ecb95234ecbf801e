//! Tables: column widths from the content, wrapped cells, the header row repeated on every
//! page, and rows kept whole (a row taller than a page is split between lines, never
//! through one).

use super::layout::{Item, Layouter, BLACK, LIGHT};
use super::linebreak::{widest_unbreakable, Line};
use super::markdown::{Align, Inlines, Span, Style};

struct Geometry {
    widths: Vec<f32>,
    size: f32,
    lh: f32,
    pad_x: f32,
    pad_y: f32,
}

type CellLines = Vec<Line<Style>>;

impl Layouter<'_> {
    pub fn table(&mut self, aligns: &[Align], head: &[Inlines], rows: &[Vec<Inlines>], x: f32, w: f32) {
        let n = rows.iter().map(|r| r.len()).chain(std::iter::once(head.len())).max().unwrap_or(0);
        if n == 0 {
            return;
        }
        let size = self.spec.table_size;
        // Line pitch 1.17 em: CJK glyphs fill about 1 em, so 0.17 em stays between lines, as in
        // typst's and Word's single spacing; tables are where a record spends its pages.
        let g = Geometry { widths: Vec::new(), size, lh: size * 1.17, pad_x: size * 0.33, pad_y: size * 0.22 };
        let bold_head: Vec<Inlines> = head.iter().map(emphasise).collect();
        let widths = self.column_widths(&bold_head, rows, n, w - n as f32 * 2.0 * g.pad_x, size);
        let g = Geometry { widths, ..g };
        let aligns: Vec<Align> = (0..n).map(|i| aligns.get(i).copied().unwrap_or(Align::Left)).collect();

        let head_lines: Vec<CellLines> = (0..n).map(|i| self.cell_lines(bold_head.get(i), &g, i)).collect();
        let head_h = row_height(&head_lines, &g);
        let has_head = head.iter().any(|c| c.iter().any(|s| !s.text.trim().is_empty()));
        let head_h = if has_head { head_h } else { 0.0 };

        // The header never stands alone at the foot of a page.
        let first_h = rows.first().map(|r| row_height(&self.row_lines(r, &g, n), &g)).unwrap_or(0.0);
        // A first row taller than a page is split anyway: then one line of it is enough.
        let first_need = if first_h <= self.usable_height() - head_h { first_h } else { g.lh + 2.0 * g.pad_y };
        self.ensure(head_h + first_need);
        // Where the table's part on this page begins: its column edges are drawn once per
        // page, top to bottom, not once per row (a 2,000-row ledger had 20,000 edge segments).
        let mut block_top = self.y;
        if has_head {
            self.draw_row(&head_lines, 0, usize::MAX, head_h, &g, &vec![Align::Center; n], x, true, true);
        }
        for row in rows {
            let lines = self.row_lines(row, &g, n);
            let h = row_height(&lines, &g);
            if h <= self.remaining() {
                self.draw_row(&lines, 0, usize::MAX, h, &g, &aligns, x, false, self.y == block_top);
                continue;
            }
            if h <= self.usable_height() - head_h {
                self.column_edges(block_top, &g, x);
                self.new_page();
                block_top = self.y;
                if has_head {
                    self.draw_row(&head_lines, 0, usize::MAX, head_h, &g, &vec![Align::Center; n], x, true, true);
                }
                self.draw_row(&lines, 0, usize::MAX, h, &g, &aligns, x, false, !has_head);
                continue;
            }
            // Taller than a page: split between lines, repeating the header on each page.
            let total = lines.iter().map(|l| l.len()).max().unwrap_or(0);
            let mut from = 0;
            while from < total {
                let fit = ((self.remaining() - 2.0 * g.pad_y) / g.lh).floor().max(0.0) as usize;
                if fit == 0 {
                    self.column_edges(block_top, &g, x);
                    self.new_page();
                    block_top = self.y;
                    if has_head {
                        self.draw_row(&head_lines, 0, usize::MAX, head_h, &g, &vec![Align::Center; n], x, true, true);
                    }
                    continue;
                }
                let to = (from + fit).min(total);
                let h = (to - from) as f32 * g.lh + 2.0 * g.pad_y;
                self.draw_row(&lines, from, to, h, &g, &aligns, x, false, self.y == block_top);
                from = to;
            }
        }
        self.column_edges(block_top, &g, x);
        self.y += self.spec.body_size * 0.4;
    }

    fn usable_height(&self) -> f32 {
        self.spec.content_bottom() - self.spec.top
    }

    fn cell_lines(&self, cell: Option<&Inlines>, g: &Geometry, col: usize) -> CellLines {
        match cell {
            Some(spans) => self.wrap(spans, g.widths[col], g.size),
            None => Vec::new(),
        }
    }

    fn row_lines(&self, row: &[Inlines], g: &Geometry, n: usize) -> Vec<CellLines> {
        (0..n).map(|i| self.cell_lines(row.get(i), g, i)).collect()
    }

    /// Auto layout like a browser's: every column gets at least its longest unbreakable
    /// word, and the rest of the width is shared in proportion to how much text a column
    /// holds beyond that. Short labels (序号, 整改中, a date) are kept on one line when the
    /// measure allows ("soft" minimum); when it does not, they may break ("hard" minimum).
    fn column_widths(&self, head: &[Inlines], rows: &[Vec<Inlines>], n: usize, avail: f32, size: f32) -> Vec<f32> {
        let mut hard = vec![size; n];
        let mut soft = vec![size; n];
        let mut max = vec![size; n];
        for row in std::iter::once(head).chain(rows.iter().map(|r| r.as_slice())) {
            for (i, cell) in row.iter().enumerate().take(n) {
                let natural = self.natural_width(cell, size);
                let runs: Vec<(Style, &str)> = cell.iter().map(|s| (s.style, s.text.as_str())).collect();
                let unbreakable = widest_unbreakable(&runs, |c, st| self.advance(c, st, size));
                hard[i] = hard[i].max(unbreakable);
                soft[i] = soft[i].max(if natural <= 7.0 * size { natural } else { unbreakable });
                max[i] = max[i].max(natural);
            }
        }
        let sum = |v: &[f32]| v.iter().sum::<f32>();
        let (sum_hard, sum_soft, sum_max) = (sum(&hard), sum(&soft), sum(&max));
        if sum_max <= avail {
            // Everything fits on one line: stretch to the full measure, like a printed form.
            let extra = (avail - sum_max) / n as f32;
            return max.iter().map(|m| m + extra).collect();
        }
        if sum_hard >= avail {
            return hard.iter().map(|m| m * avail / sum_hard).collect();
        }
        if sum_soft > avail {
            // Keep as many short labels whole as the width allows, cheapest first; the
            // rest of the width goes to the columns that still have text to place.
            let mut widths = hard.clone();
            let mut budget = avail - sum_hard;
            let mut order: Vec<usize> = (0..n).collect();
            order.sort_by(|&a, &b| (soft[a] - hard[a]).total_cmp(&(soft[b] - hard[b])));
            for i in order {
                let delta = soft[i] - hard[i];
                if delta <= budget {
                    widths[i] = soft[i];
                    budget -= delta;
                }
            }
            let want: f32 = widths.iter().zip(&max).map(|(w, m)| (m - w).max(0.0)).sum();
            if want > 0.0 {
                for (w, m) in widths.iter_mut().zip(&max) {
                    *w += budget * (m - *w).max(0.0) / want;
                }
            }
            return widths;
        }
        let share = (avail - sum_soft) / (sum_max - sum_soft);
        soft.iter().zip(&max).map(|(lo, hi)| lo + (hi - lo) * share).collect()
    }

    fn natural_width(&self, cell: &[Span], size: f32) -> f32 {
        let mut widest: f32 = 0.0;
        let mut current = 0.0;
        for span in cell {
            for c in span.text.chars() {
                if c == '\n' {
                    widest = widest.max(current);
                    current = 0.0;
                } else {
                    current += self.advance(c, span.style, size);
                }
            }
        }
        widest.max(current)
    }

    /// Draws lines `from..to` of every cell as one row of height `h` at the current y; `opens`
    /// when no row above it on this page drew the rule it starts at.
    #[allow(clippy::too_many_arguments)]
    fn draw_row(&mut self, cells: &[CellLines], from: usize, to: usize, h: f32, g: &Geometry, aligns: &[Align], x: f32, header: bool, opens: bool) {
        let top = self.y;
        let total_w: f32 = g.widths.iter().map(|w| w + 2.0 * g.pad_x).sum();
        if header {
            self.items.push(Item::Rect { x, y: top, w: total_w, h, fill: LIGHT });
        }
        let mut cx = x;
        for (i, lines) in cells.iter().enumerate() {
            let cw = g.widths[i];
            let end = to.min(lines.len());
            let shown = if from < end { &lines[from..end] } else { &[][..] };
            // Whole rows are centred vertically, like a printed form; split rows start at the top.
            let whole = from == 0 && to == usize::MAX;
            let used = shown.len() as f32 * g.lh;
            let mut ly = top + g.pad_y + if whole { (h - 2.0 * g.pad_y - used) / 2.0 } else { 0.0 };
            for line in shown {
                let free = cw - line.width;
                let lx = cx + g.pad_x + match aligns[i] {
                    Align::Left => 0.0,
                    Align::Center => free / 2.0,
                    Align::Right => free,
                };
                let b = Layouter::baseline(ly, g.lh, g.size);
                self.draw_line(line, lx, b, g.size, BLACK);
                ly += g.lh;
            }
            cx += cw + 2.0 * g.pad_x;
        }
        // The row's bottom rule, and its top rule when it opens the page's part of the table
        // (otherwise the row above drew it); `column_edges` draws the verticals.
        if opens {
            self.items.push(Item::Line { x1: x, y1: top, x2: x + total_w, y2: top, width: RULE, color: BLACK });
        }
        self.items.push(Item::Line { x1: x, y1: top + h, x2: x + total_w, y2: top + h, width: RULE, color: BLACK });
        self.y = top + h;
    }

    /// The column edges of the table's rows from `top` to the current y, on this page.
    fn column_edges(&mut self, top: f32, g: &Geometry, x: f32) {
        if self.y <= top {
            return;
        }
        let mut ex = x;
        self.items.push(Item::Line { x1: ex, y1: top, x2: ex, y2: self.y, width: RULE, color: BLACK });
        for w in &g.widths {
            ex += w + 2.0 * g.pad_x;
            self.items.push(Item::Line { x1: ex, y1: top, x2: ex, y2: self.y, width: RULE, color: BLACK });
        }
    }
}

/// Width of the table's rules, in pt.
const RULE: f32 = 0.5;


fn row_height(cells: &[CellLines], g: &Geometry) -> f32 {
    let lines = cells.iter().map(|c| c.len()).max().unwrap_or(0).max(1);
    lines as f32 * g.lh + 2.0 * g.pad_y
}

fn emphasise(cell: &Inlines) -> Inlines {
    cell.iter().map(|s| Span { text: s.text.clone(), style: Style { bold: true, ..s.style } }).collect()
}
