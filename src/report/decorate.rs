//! The running header (unit name) and footer ("第 X 页 共 Y 页", export time, 核验码, and under
//! them the change log's head) drawn on every page once the page count is known.

use super::fonts::FontSet;
use super::layout::{Item, Page, PageSpec, BLACK, GRAY};

#[derive(Debug, Clone, Default)]
pub struct Frame {
    /// Shown at the top of every page (the unit's name).
    pub header: String,
    /// The export time as printed, e.g. "2026-11-22 19:40".
    pub exported_at: String,
    /// The verification code; empty when the record has none.
    pub code: String,
    /// The chain head line, e.g. 「链头 第 1234 条，1A2B-3C4D-5E6F-7A8B」; empty: none.
    pub chain_head: String,
    /// The QR code's text, drawn in the bottom margin of the last page (beside the 核验码).
    pub qr: Option<String>,
}

/// A QR module's side: 33 modules (version 4) make about 40 pt, inside either page's margin.
const QR_MODULE: f32 = 1.2;
/// The light margin a reader needs around the symbol, in modules.
const QR_QUIET: f32 = 4.0;

pub fn decorate(pages: &mut [Page], spec: &PageSpec, fonts: &FontSet, frame: &Frame) {
    let total = pages.len();
    let size = spec.small_size.max(9.0);
    let left = spec.left;
    let right = spec.width - spec.right;
    let width = |t: &str| fonts.regular.text_width(t, size);
    // Header sits in the top margin, a little above the type area, with a hairline under it.
    let header_base = spec.top - spec.top.min(30.0) * 0.55;
    let header_rule = header_base + size * 0.5;
    // Footer sits in the bottom margin, about a third of the way down.
    let footer_base = spec.height - spec.bottom + spec.bottom.min(30.0) * 0.6 + size;
    for (i, page) in pages.iter_mut().enumerate() {
        if !frame.header.is_empty() {
            let hw = width(&frame.header);
            page.items.push(text((left + right - hw) / 2.0, header_base, size, GRAY, &frame.header));
            page.items.push(Item::Line { x1: left, y1: header_rule, x2: right, y2: header_rule, width: 0.5, color: GRAY });
        }
        let number = format!("第 {} 页 共 {} 页", i + 1, total);
        page.items.push(text((left + right - width(&number)) / 2.0, footer_base, size, BLACK, &number));
        if !frame.exported_at.is_empty() {
            page.items.push(text(left, footer_base, size, GRAY, &format!("导出：{}", frame.exported_at)));
        }
        let last = i + 1 == total;
        let qr = if last { frame.qr.as_deref().and_then(qr_squares) } else { None };
        let qr_width = qr.as_ref().map_or(0.0, |(n, _)| *n as f32 * QR_MODULE + QR_QUIET * QR_MODULE);
        if !frame.code.is_empty() {
            let code = format!("核验码：{}", frame.code);
            page.items.push(text(right - qr_width - width(&code), footer_base, size, GRAY, &code));
        }
        if !frame.chain_head.is_empty() {
            // A second footer line on every page: each printed page keeps the head, so one page
            // kept is enough to catch a log later cut short or rewritten.
            page.items.push(text(left, footer_base + size * 1.4, size * 0.85, GRAY, &frame.chain_head));
        }
        if let Some((_, squares)) = qr {
            // Below the type area by the quiet zone, flush with the right edge of the text.
            let top = spec.height - spec.bottom + QR_QUIET * QR_MODULE;
            let side = qr_width - QR_QUIET * QR_MODULE;
            for (x, y, run) in squares {
                page.items.push(Item::Rect {
                    x: right - side + x as f32 * QR_MODULE,
                    y: top + y as f32 * QR_MODULE,
                    w: run as f32 * QR_MODULE,
                    h: QR_MODULE,
                    fill: BLACK,
                });
            }
        }
    }
}

/// The dark modules of a QR code as horizontal runs (x, y, length), and its width in modules;
/// None if the text does not fit a QR code.
fn qr_squares(payload: &str) -> Option<(usize, Vec<(usize, usize, usize)>)> {
    let code = qrcode::QrCode::with_error_correction_level(payload.as_bytes(), qrcode::EcLevel::M).ok()?;
    let n = code.width();
    let colors = code.to_colors();
    let mut runs = Vec::new();
    for y in 0..n {
        let mut x = 0;
        while x < n {
            if colors[y * n + x] == qrcode::Color::Dark {
                let start = x;
                while x < n && colors[y * n + x] == qrcode::Color::Dark {
                    x += 1;
                }
                runs.push((start, y, x - start));
            } else {
                x += 1;
            }
        }
    }
    Some((n, runs))
}

fn text(x: f32, y: f32, size: f32, color: (f32, f32, f32), t: &str) -> Item {
    Item::Text { x, y, size, bold: false, italic: false, color, text: t.to_string() }
}
