//! The 整改台账 as a real .xlsx (offices keep ledgers in WPS/Excel): column widths, a frozen
//! header row, deadlines as Excel dates, overdue rows highlighted, an autofilter.

use rust_xlsxwriter::{Color, Format, FormatAlign, FormatBorder, Workbook, XlsxError};

use super::data::LedgerLine;
use crate::error::{Error, Result};

const HEADERS: [(&str, f64); 9] = [
    ("序号", 6.0),
    ("问题描述", 40.0),
    ("问题类别", 12.0),
    ("责任单位", 18.0),
    ("责任人", 10.0),
    ("整改措施", 36.0),
    ("整改时限", 12.0),
    ("进展情况", 32.0),
    ("状态", 14.0),
];

fn xerr(e: XlsxError) -> Error {
    Error::Xlsx { message: e.to_string() }
}

/// Builds the workbook in memory; the caller writes it atomically.
/// `chain_head` (the change log's head as printed, may be empty) goes under the last row and into
/// the printed footer, so a kept copy anchors the log (`walklog verify --against`).
pub fn ledger_xlsx(title: &str, filters: &str, lines: &[LedgerLine], chain_head: &str) -> Result<Vec<u8>> {
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name("整改台账").map_err(xerr)?;
    let border = |f: Format| f.set_border(FormatBorder::Thin).set_text_wrap().set_align(FormatAlign::VerticalCenter);
    let title_fmt = Format::new().set_bold().set_font_size(16).set_align(FormatAlign::Center);
    let head = border(Format::new().set_bold().set_background_color(Color::RGB(0xE6E6E6)).set_align(FormatAlign::Center));
    let text = border(Format::new());
    let date = border(Format::new().set_num_format("yyyy-mm-dd").set_align(FormatAlign::Center));
    let red_bg = Color::RGB(0xFDE2E2);
    let text_late = border(Format::new().set_background_color(red_bg));
    let date_late = border(Format::new().set_num_format("yyyy-mm-dd").set_align(FormatAlign::Center).set_background_color(red_bg));
    let status_late = border(Format::new().set_bold().set_font_color(Color::RGB(0xB00000)).set_background_color(red_bg));

    ws.merge_range(0, 0, 0, 8, title, &title_fmt).map_err(xerr)?;
    ws.merge_range(1, 0, 1, 8, filters, &Format::new()).map_err(xerr)?;
    let header_row = 2u32;
    for (col, (name, width)) in HEADERS.iter().enumerate() {
        ws.write_string_with_format(header_row, col as u16, *name, &head).map_err(xerr)?;
        ws.set_column_width(col as u16, *width).map_err(xerr)?;
    }
    // Title, filters and the header stay in view while scrolling.
    ws.set_freeze_panes(header_row + 1, 0).map_err(xerr)?;
    for (i, l) in lines.iter().enumerate() {
        let row = header_row + 1 + i as u32;
        let (t, d) = if l.overdue { (&text_late, &date_late) } else { (&text, &date) };
        ws.write_number_with_format(row, 0, l.no as f64, t).map_err(xerr)?;
        ws.write_string_with_format(row, 1, &l.problems, t).map_err(xerr)?;
        ws.write_string_with_format(row, 2, &l.categories, t).map_err(xerr)?;
        ws.write_string_with_format(row, 3, &l.unit, t).map_err(xerr)?;
        ws.write_string_with_format(row, 4, &l.owner, t).map_err(xerr)?;
        ws.write_string_with_format(row, 5, &l.measure, t).map_err(xerr)?;
        ws.write_date_with_format(row, 6, l.deadline, d).map_err(xerr)?;
        ws.write_string_with_format(row, 7, &l.progress, t).map_err(xerr)?;
        if l.overdue {
            ws.write_string_with_format(row, 8, format!("逾期（{}）", l.status), &status_late).map_err(xerr)?;
        } else {
            ws.write_string_with_format(row, 8, &l.status, t).map_err(xerr)?;
        }
    }
    let last = header_row + lines.len() as u32;
    ws.autofilter(header_row, 0, last, 8).map_err(xerr)?;
    if !chain_head.is_empty() {
        // One empty row, so the autofilter's range and sorting leave it alone.
        ws.merge_range(last + 2, 0, last + 2, 8, chain_head, &Format::new().set_font_color(Color::RGB(0x666666))).map_err(xerr)?;
        ws.set_footer(format!("&L&8{}&R&8第 &P 页 共 &N 页", chain_head.replace('&', "&&")));
    }
    wb.save_to_buffer().map_err(xerr)
}
