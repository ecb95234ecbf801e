//! 挂图推进: the wall chart of long tasks as a PDF on A3 landscape, drawn as vectors (bars,
//! diamonds, lines) by the engine's own items. Rows are paginated; the title, the three figures
//! and the month axis are repeated on every page, and the usual footer (page numbers, export
//! time, the change log's chain head) is drawn by `decorate`.
//!
//! Not template-driven: the chart is geometry, not prose. The title is the unit's name and
//! 「整改挂图」.

use chrono::Datelike;

use super::decorate::{decorate, Frame};
use super::fonts::load_fonts;
use super::layout::{Item, Page, PageSpec, Rgb, BLACK, GRAY, LIGHT, MM};
use super::render::{RenderOptions, Rendered};
use super::pdf;
use crate::error::Result;
use crate::model::Date;
use crate::ops::{ChartData, ChartStatus};

pub const RED: Rgb = (0.80, 0.12, 0.12);
pub const GREEN: Rgb = (0.10, 0.55, 0.25);
pub const BLUE: Rgb = (0.18, 0.40, 0.75);

/// The colour of a row's bar.
pub fn status_color(s: ChartStatus) -> Rgb {
    match s {
        ChartStatus::OnSchedule => BLUE,
        ChartStatus::Behind => RED,
        ChartStatus::Done => GREEN,
    }
}

/// The first day of `d`'s month.
fn month_start(d: Date) -> Date {
    d.with_day(1).unwrap_or(d)
}

fn next_month(d: Date) -> Date {
    let (y, m) = if d.month() == 12 { (d.year() + 1, 1) } else { (d.year(), d.month() + 1) };
    Date::from_ymd_opt(y, m, 1).unwrap_or(d)
}

/// The axis: from the first of the start's month to the first of the month after the end.
pub fn axis_span(start: Date, end: Date) -> (Date, Date) {
    (month_start(start), next_month(end))
}

/// Months on the axis (their first days), from `from` up to (not including) `to`.
pub fn month_ticks(from: Date, to: Date) -> Vec<Date> {
    let mut out = Vec::new();
    let mut d = month_start(from);
    while d < to && out.len() < 600 {
        out.push(d);
        d = next_month(d);
    }
    out
}

/// `s` cut to fit `max` pt with 「…」.
fn fit(s: &str, max: f32, width: impl Fn(&str) -> f32) -> String {
    let s: String = s.split_whitespace().collect::<Vec<_>>().join(" ");
    if width(&s) <= max {
        return s;
    }
    let mut out = String::new();
    for c in s.chars() {
        out.push(c);
        if width(&out) + width("…") > max {
            out.pop();
            break;
        }
    }
    out.push('…');
    out
}

fn text(x: f32, y: f32, size: f32, bold: bool, color: Rgb, t: &str) -> Item {
    Item::Text { x, y, size, bold, italic: false, color, text: t.to_string() }
}

/// A diamond centred at (cx, cy): filled when done, hollow (outlined) when only planned.
fn diamond(cx: f32, cy: f32, r: f32, color: Rgb, filled: bool) -> Item {
    Item::Polygon {
        points: vec![(cx, cy - r), (cx + r, cy), (cx, cy + r), (cx - r, cy)],
        fill: if filled { Some(color) } else { Some((1.0, 1.0, 1.0)) },
        stroke: Some((color, 0.8)),
    }
}

/// Renders the chart. `unit` heads the title; `filters` is the filter line under it.
pub fn render(data: &ChartData, unit: &str, filters: &str, opts: &RenderOptions) -> Result<Rendered> {
    let fonts = load_fonts(&opts.font)?;
    let spec = PageSpec::a3_landscape();
    let width = |t: &str, size: f32| fonts.regular.text_width(t, size);
    let left = spec.left;
    let right = spec.width - spec.right;
    let label_w = 120.0 * MM;
    let plot_x = left + label_w;
    let plot_w = right - plot_x;
    let (axis_from, axis_to) = axis_span(data.start, data.end);
    let days = ((axis_to - axis_from).num_days().max(1)) as f32;
    let x_of = |d: Date| plot_x + plot_w * ((d - axis_from).num_days() as f32 / days).clamp(0.0, 1.0);
    let ticks = month_ticks(axis_from, axis_to);
    let row_h = 8.0 * MM;
    let size = 8.0;
    let small = 6.0;
    let title = format!("{unit}「一把手走流程」整改挂图");
    let figures = format!(
        "共 {} 项    按期 {} 项    滞后 {} 项    已完成 {} 项    （截至 {}）",
        data.total, data.on_schedule, data.behind, data.done, data.today
    );

    // The page head: title, figures, legend and the month axis; returns where rows start.
    let head = |items: &mut Vec<Item>| -> f32 {
        let mut y = spec.top;
        let ts = spec.title_size;
        items.push(text((left + right - width(&title, ts)) / 2.0, y + ts, ts, true, BLACK, &title));
        y += ts * 1.7;
        items.push(text(left, y + 11.0, 11.0, false, BLACK, &figures));
        let legend = "图例：蓝 按期　红 滞后　绿 已完成　◇ 计划节点　◆ 已完成节点　红竖线 今天";
        items.push(text(right - width(legend, small + 1.0), y + 11.0, small + 1.0, false, GRAY, legend));
        if !filters.is_empty() {
            y += 15.0;
            items.push(text(left, y + 9.0, 9.0, false, GRAY, &format!("筛选：{filters}")));
        }
        y += 22.0;
        // The axis: year-month labels above the plot, a tick per month.
        let axis_y = y + 12.0;
        items.push(text(left, axis_y - 2.0, size, true, BLACK, "责任单位 · 整改措施"));
        let label_every = (ticks.len() / 36).max(1);
        for (i, t) in ticks.iter().enumerate() {
            let x = x_of(*t);
            items.push(Item::Line { x1: x, y1: axis_y - 8.0, x2: x, y2: axis_y + 2.0, width: 0.5, color: GRAY });
            if i % label_every == 0 {
                let label = if t.month() == 1 || i == 0 { format!("{}年{}月", t.year(), t.month()) } else { format!("{}月", t.month()) };
                items.push(text(x + 1.5, axis_y - 2.0, small, false, BLACK, &label));
            }
        }
        items.push(Item::Line { x1: plot_x, y1: axis_y + 2.0, x2: right, y2: axis_y + 2.0, width: 0.8, color: BLACK });
        axis_y + 4.0
    };

    let mut pages: Vec<Page> = Vec::new();
    let mut items: Vec<Item> = Vec::new();
    let mut rows_top = head(&mut items);
    let mut y = rows_top;
    let bottom = spec.content_bottom();
    let finish_page = |items: &mut Vec<Item>, top: f32, y: f32, pages: &mut Vec<Page>| {
        // Month gridlines and the today line over the rows of this page, under the bars.
        let mut grid = Vec::new();
        for t in &ticks {
            let x = x_of(*t);
            grid.push(Item::Line { x1: x, y1: top, x2: x, y2: y, width: 0.3, color: LIGHT });
        }
        let tx = x_of(data.today);
        let mut over = vec![Item::Line { x1: tx, y1: top - 10.0, x2: tx, y2: y, width: 1.0, color: RED }];
        over.push(text(tx + 1.5, top - 10.0 + small, small, true, RED, "今天"));
        let mut all = std::mem::take(items);
        let at = all.iter().position(|i| matches!(i, Item::Rect { .. })).unwrap_or(all.len());
        all.splice(at..at, grid);
        all.extend(over);
        pages.push(Page { items: all });
    };
    if data.rows.is_empty() {
        items.push(text(left, y + 14.0, 10.5, false, GRAY, "（没有符合条件的整改任务）"));
        y += row_h;
    }
    for (i, row) in data.rows.iter().enumerate() {
        if y + row_h > bottom {
            finish_page(&mut items, rows_top, y, &mut pages);
            rows_top = head(&mut items);
            y = rows_top;
        }
        if i % 2 == 1 {
            items.push(Item::Rect { x: left, y, w: right - left, h: row_h, fill: (0.965, 0.965, 0.965) });
        }
        let color = status_color(row.status);
        // Label: unit (bold), the measure cut to fit, and the row's status on the right.
        let status = row.status.label();
        let unit_w = 34.0 * MM;
        let unit_label = fit(&row.department_name, unit_w - 4.0, |t| width(t, size));
        items.push(text(left + 2.0, y + row_h / 2.0 + size * 0.38, size, true, BLACK, &unit_label));
        let measure_w = label_w - unit_w - 16.0 * MM;
        let measure = fit(&row.measure, measure_w, |t| width(t, size));
        items.push(text(left + unit_w, y + row_h / 2.0 + size * 0.38, size, false, BLACK, &measure));
        items.push(text(plot_x - 4.0 - width(status, size), y + row_h / 2.0 + size * 0.38, size, true, color, status));
        // Bar: raised → deadline.
        let (x1, x2) = (x_of(row.created_on), x_of(row.deadline));
        let bar_h = row_h * 0.32;
        let bar_y = y + row_h * 0.5 - bar_h / 2.0;
        items.push(Item::Rect { x: x1, y: bar_y, w: (x2 - x1).max(1.0), h: bar_h, fill: color });
        // An overdue open task: a thin red line from the deadline to today.
        if row.overdue && row.status != ChartStatus::Done {
            let tx = x_of(data.today);
            items.push(Item::Line { x1: x2, y1: y + row_h * 0.5, x2: tx, y2: y + row_h * 0.5, width: 0.8, color: RED });
        }
        if let Some(done) = row.done_on.or(row.closed_out_on) {
            let dx = x_of(done);
            items.push(Item::Line { x1: dx, y1: bar_y - 2.0, x2: dx, y2: bar_y + bar_h + 2.0, width: 1.2, color: GREEN });
        }
        for (k, m) in row.milestones.iter().enumerate() {
            let done = m.done_on.is_some();
            let late = !done && m.planned_on < data.today;
            let mcolor = if done { GREEN } else if late { RED } else { BLACK };
            let cx = x_of(m.planned_on);
            let cy = y + row_h * 0.5;
            items.push(diamond(cx, cy, 2.6, mcolor, done));
            // The name in small type, above and below the bar by turns so neighbours clash less.
            let name = fit(&m.name, 30.0 * MM, |t| width(t, small - 1.0));
            let ny = if k % 2 == 0 { y + small - 0.5 } else { y + row_h - 1.0 };
            items.push(text(cx + 3.0, ny, small - 1.0, false, mcolor, &name));
        }
        y += row_h;
    }
    finish_page(&mut items, rows_top, y, &mut pages);
    let frame = Frame {
        header: String::new(),
        exported_at: opts.exported_at.clone(),
        code: String::new(),
        chain_head: opts.chain_head.clone().unwrap_or_default(),
        qr: None,
    };
    decorate(&mut pages, &spec, &fonts, &frame);
    let bytes = pdf::write(&pages, &spec, &fonts, &[], &title)?;
    Ok(Rendered { pdf: bytes, pages: pages.len(), warnings: Vec::new() })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Date {
        s.parse().unwrap()
    }

    #[test]
    fn axis_runs_from_month_start_to_next_month() {
        assert_eq!(axis_span(d("2026-03-15"), d("2026-05-02")), (d("2026-03-01"), d("2026-06-01")));
        assert_eq!(axis_span(d("2026-11-30"), d("2026-12-31")), (d("2026-11-01"), d("2027-01-01")));
        assert_eq!(month_ticks(d("2026-11-01"), d("2027-02-01")), vec![d("2026-11-01"), d("2026-12-01"), d("2027-01-01")]);
    }

    #[test]
    fn long_text_is_cut_with_an_ellipsis() {
        let w = |t: &str| t.chars().count() as f32;
        assert_eq!(fit("短", 5.0, w), "短");
        assert_eq!(fit("一二三四五六七", 5.0, w), "一二三四…");
    }
}
