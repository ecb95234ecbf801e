//! A horizontal bar chart drawn as vector graphics (rectangles and lines, text labels):
//! sharp at any zoom, searchable, a few hundred bytes per bar.

use super::layout::{Item, Layouter, BLACK, GRAY, LIGHT};
use super::markdown::{BarChart, Span, Style};

const BAR: (f32, f32, f32) = (0.75, 0.11, 0.11);

impl Layouter<'_> {
    pub fn bar_chart(&mut self, chart: &BarChart, x: f32, w: f32) {
        let size = self.spec.table_size;
        let row_h = size * 1.9;
        let max = chart.max.unwrap_or_else(|| chart.bars.iter().map(|b| b.1).fold(0.0, f32::max)).max(f32::EPSILON);
        let label_w = chart
            .bars
            .iter()
            .map(|(l, _)| self.text_width(l, Style::default(), size))
            .fold(0.0, f32::max)
            .min(w * 0.35)
            + size;
        let value_w = self.text_width("100.0%", Style::default(), size) + size * 0.5;
        let plot_x = x + label_w;
        let plot_w = (w - label_w - value_w).max(size * 4.0);

        if !chart.title.is_empty() {
            let spans = [Span { text: chart.title.clone(), style: Style { bold: true, ..Style::default() } }];
            let title_size = self.spec.body_size.min(14.0);
            let lines = self.wrap(&spans, w, title_size);
            let lh = title_size * 1.6;
            self.ensure(lh * lines.len() as f32 + row_h * 2.0);
            for line in &lines {
                let b = Layouter::baseline(self.y, lh, title_size);
                self.draw_line(line, x + (w - line.width) / 2.0, b, title_size, BLACK);
                self.y += lh;
            }
        }
        let mut page_top = self.y;
        let mut first_item = self.items.len();
        for (i, (label, value)) in chart.bars.iter().enumerate() {
            if self.y + row_h + self.spec.small_size * 1.8 > self.spec.content_bottom() {
                self.axis(plot_x, plot_w, page_top, first_item, max, &chart.unit);
                self.new_page();
                page_top = self.y;
                first_item = 0;
            }
            let top = self.y;
            // Zebra background helps the eye follow a label to its bar.
            if i % 2 == 1 {
                self.items.push(Item::Rect { x, y: top, w, h: row_h, fill: (0.97, 0.97, 0.97) });
            }
            let spans = [Span { text: label.clone(), style: Style::default() }];
            if let Some(line) = self.wrap(&spans, label_w - size * 0.5, size).first() {
                let b = Layouter::baseline(top, row_h, size);
                self.draw_line(line, plot_x - size * 0.5 - line.width, b, size, BLACK);
            }
            let frac = (value / max).clamp(0.0, 1.0);
            let bar_h = row_h * 0.6;
            self.items.push(Item::Rect { x: plot_x, y: top + (row_h - bar_h) / 2.0, w: plot_w * frac, h: bar_h, fill: BAR });
            let text = format!("{value:.1}{}", chart.unit);
            self.items.push(Item::Text {
                x: plot_x + plot_w * frac + size * 0.3,
                y: Layouter::baseline(top, row_h, size),
                size,
                bold: false,
                italic: false,
                color: BLACK,
                text,
            });
            self.y += row_h;
        }
        self.axis(plot_x, plot_w, page_top, first_item, max, &chart.unit);
        self.y += self.spec.body_size * 0.5;
    }

    /// Gridlines at quarters (slipped under the bars drawn since `first_item`) and the value
    /// axis with its labels.
    fn axis(&mut self, plot_x: f32, plot_w: f32, top: f32, first_item: usize, max: f32, unit: &str) {
        let size = self.spec.small_size;
        let bottom = self.y;
        let mut grid = Vec::new();
        for q in 0..=4 {
            let gx = plot_x + plot_w * q as f32 / 4.0;
            let color = if q == 0 { BLACK } else { LIGHT };
            grid.push(Item::Line { x1: gx, y1: top, x2: gx, y2: bottom, width: 0.5, color });
            let label = format!("{}{}", trim_number(max * q as f32 / 4.0), unit);
            let lw = self.text_width(&label, Style::default(), size);
            self.items.push(Item::Text { x: gx - lw / 2.0, y: bottom + size * 1.2, size, bold: false, italic: false, color: GRAY, text: label });
        }
        self.items.push(Item::Line { x1: plot_x, y1: bottom, x2: plot_x + plot_w, y2: bottom, width: 0.5, color: BLACK });
        let at = first_item.min(self.items.len());
        self.items.splice(at..at, grid);
        self.y = bottom + size * 1.8;
    }
}

fn trim_number(v: f32) -> String {
    if (v - v.round()).abs() < 0.05 {
        format!("{}", v.round() as i64)
    } else {
        format!("{v:.1}")
    }
}
