//! The one door every caller uses (app command, CLI, benchmark):
//! `export(store, request, out_path, progress)` assembles the record's data, fills the
//! template, renders the PDF (or the .xlsx ledger), writes it atomically and enters its SHA-256
//! in the change log (导出登记: `walklog verify-file` checks a file against it).

use std::path::{Path, PathBuf};

use crate::Store;

use super::data::{self, Filters};
use crate::error::{Error, Result};
use super::fonts::FontChoice;
use super::render::{render_template, Progress, RenderOptions};
use crate::files::write_atomic;
use super::xlsx;

/// Which record.
#[derive(Debug, Clone, PartialEq)]
pub enum Record {
    /// 体验纪实表 of one walk.
    Walk(String),
    /// 问题清单.
    Problems,
    /// 整改台账.
    Ledger,
    /// 完成情况报告.
    Report,
    /// 督办单 of the tasks named (all under 督办 in scope when none), one page each.
    Supervision(Vec<String>),
    /// 周报 of the week of this day.
    Weekly(crate::model::Date),
    /// 挂图推进: the wall chart of long tasks (A3 landscape, drawn by `wallchart`, no template).
    Chart,
}

impl Record {
    /// The template shipped for the record, compiled in so the binary works from anywhere.
    pub fn builtin_template(&self) -> (&'static str, &'static str) {
        match self {
            Record::Walk(_) => ("体验纪实表.md", include_str!("../../templates/体验纪实表.md")),
            Record::Problems => ("问题清单.md", include_str!("../../templates/问题清单.md")),
            Record::Ledger => ("整改台账.md", include_str!("../../templates/整改台账.md")),
            Record::Report => ("完成情况报告.md", include_str!("../../templates/完成情况报告.md")),
            Record::Supervision(_) => ("督办单.md", include_str!("../../templates/督办单.md")),
            Record::Weekly(_) => ("周报.md", include_str!("../../templates/周报.md")),
            Record::Chart => ("挂图（内置，无模板）", ""),
        }
    }
}

#[derive(Debug, Clone, Default)]
pub struct ExportRequest {
    pub filters: Filters,
    /// A user's copy of a template; None = the shipped one.
    pub template: Option<PathBuf>,
    pub font: FontChoice,
    /// Leave where photos were taken (EXIF GPS) in the PDF's photos (「保留照片位置信息」).
    pub keep_gps: bool,
}

#[derive(Debug, Clone)]
pub struct ExportSummary {
    pub path: PathBuf,
    pub bytes: usize,
    /// Pages of the PDF; rows for an .xlsx.
    pub pages: usize,
    pub warnings: Vec<String>,
}

fn is_xlsx(path: &Path) -> bool {
    path.extension().map(|e| e.eq_ignore_ascii_case("xlsx")).unwrap_or(false)
}

pub fn export(store: &mut Store, record: &Record, req: &ExportRequest, out: &Path, progress: Progress) -> Result<ExportSummary> {
    progress(0.0, "读取数据");
    if is_xlsx(out) {
        if *record != Record::Ledger {
            return Err(Error::invalid("path", "只有整改台账可以导出为 Excel（.xlsx）"));
        }
        let lines = data::ledger_lines(store, &req.filters)?;
        let v = data::ledger(store, &req.filters)?;
        let filters = v.get("filters").and_then(|f| f.as_str()).unwrap_or_default().to_string();
        let unit = v.get("unit").and_then(|f| f.as_str()).unwrap_or_default().to_string();
        progress(0.5, "生成表格");
        let head = store.chain_head_printed()?.unwrap_or_default();
        let bytes = xlsx::ledger_xlsx(&format!("{unit}「一把手走流程」整改台账"), &filters, &lines, &head)?;
        write_atomic(out, &bytes)?;
        let summary = ExportSummary { path: out.to_path_buf(), bytes: bytes.len(), pages: lines.len(), warnings: Vec::new() };
        store.register_export(record, req, &summary, &bytes)?;
        progress(1.0, "完成");
        return Ok(summary);
    }
    super::fonts::prefetch(&req.font);
    if *record == Record::Chart {
        return export_chart(store, req, out, progress);
    }
    let data = record_data(store, record, &req.filters)?;
    // No template named: the record's remembered default (导出 → 设为默认), else the shipped one.
    let template = match &req.template {
        Some(path) => Some(path.clone()),
        None => store.default_template(record)?,
    };
    let (name, source) = match &template {
        Some(path) => {
            let text = std::fs::read_to_string(path)
                .map_err(|e| Error::TemplateRead { path: path.clone(), reason: e.to_string() })?;
            (path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default(), text)
        }
        None => {
            let (n, s) = record.builtin_template();
            (n.to_string(), s.to_string())
        }
    };
    let opts = RenderOptions {
        font: req.font.clone(),
        image_base: Some(store.data_dir()),
        keep_gps: req.keep_gps,
        exported_at: store.now().format("%Y-%m-%d %H:%M").to_string(),
        record: Some(match record {
            Record::Walk(id) => format!("WALK:{id}"),
            Record::Problems => "PROBLEMS".into(),
            Record::Ledger => "LEDGER".into(),
            Record::Report => "REPORT".into(),
            Record::Supervision(_) => "SUPERVISION".into(),
            Record::Weekly(_) => "WEEKLY".into(),
            Record::Chart => "CHART".into(),
        }),
        chain_head: store.chain_head_printed()?,
        files: store.file_cipher().cloned(),
    };
    let rendered = render_template(&name, &source, &data, &opts, progress)?;
    write_atomic(out, &rendered.pdf)?;
    let summary = ExportSummary { path: out.to_path_buf(), bytes: rendered.pdf.len(), pages: rendered.pages, warnings: rendered.warnings };
    store.register_export(record, req, &summary, &rendered.pdf)?;
    progress(1.0, "完成");
    Ok(summary)
}

/// The data a record's template is filled with.
pub(crate) fn record_data(store: &Store, record: &Record, filters: &Filters) -> Result<serde_json::Value> {
    Ok(match record {
        Record::Walk(id) => data::walk_record(store, id)?,
        Record::Problems => data::problem_list(store, filters)?,
        Record::Ledger => data::ledger(store, filters)?,
        Record::Report => data::completion_report(store, filters)?,
        Record::Supervision(ids) => super::programme::supervision_sheets(store, ids, filters)?,
        Record::Weekly(day) => super::programme::weekly(store, *day, filters)?,
        Record::Chart => return Err(Error::invalid("record", "整改挂图不使用模板")),
    })
}

/// The ledger's filters as the 挂图's (long tasks only, every row).
pub fn chart_filter(filters: &Filters) -> crate::ops::ChartFilter {
    crate::ops::ChartFilter {
        department_id: filters.department_id.clone(),
        status: filters.status,
        overdue: filters.overdue,
        from: filters.period.as_ref().map(|p| p.from),
        to: filters.period.as_ref().map(|p| p.to),
        ..Default::default()
    }
}

fn export_chart(store: &mut Store, req: &ExportRequest, out: &Path, progress: Progress) -> Result<ExportSummary> {
    let chart = store.chart(&chart_filter(&req.filters))?;
    let unit = data::scope_name(store, &req.filters)?;
    progress(0.3, "绘制挂图");
    let opts = RenderOptions {
        font: req.font.clone(),
        exported_at: store.now().format("%Y-%m-%d %H:%M").to_string(),
        chain_head: store.chain_head_printed()?,
        files: store.file_cipher().cloned(),
        ..Default::default()
    };
    let filters = crate::exports::filters_zh_of(store, &req.filters);
    let rendered = super::wallchart::render(&chart, &unit, &filters, &opts)?;
    write_atomic(out, &rendered.pdf)?;
    let summary = ExportSummary { path: out.to_path_buf(), bytes: rendered.pdf.len(), pages: rendered.pages, warnings: rendered.warnings };
    store.register_export(&Record::Chart, req, &summary, &rendered.pdf)?;
    progress(1.0, "完成");
    Ok(summary)
}
