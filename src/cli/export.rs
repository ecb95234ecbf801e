//! `walklog export …`: formal records as PDF (and the ledger as .xlsx).
//!
//!   walklog export walk ID --out F.pdf
//!   walklog export problems|ledger|report [--dept ID] [--period P] [--status S] [--overdue]
//!                  --out F.pdf|F.xlsx [--template PATH] [--font PATH[#INDEX]]
//!
//! A bare file name for `--out` lands in `exports/` beside the database.

use std::path::{Path, PathBuf};

use clap::{Args, Subcommand};

use crate::model::TaskStatus;
use crate::report::{export, ExportRequest, ExportSummary, Filters, FontChoice, Record, ReportError};
use crate::stats::Period;
use crate::Store;

#[derive(Debug, Args)]
pub struct ExportArgs {
    #[command(subcommand)]
    pub what: ExportWhat,
}

#[derive(Debug, Subcommand)]
pub enum ExportWhat {
    /// 体验纪实表 of one walk
    Walk {
        /// The walk's id
        id: String,
        #[command(flatten)]
        output: OutputArgs,
    },
    /// 问题清单
    Problems(ListArgs),
    /// 整改台账 (PDF, or Excel when --out ends in .xlsx)
    Ledger(ListArgs),
    /// 完成情况报告
    Report(ListArgs),
}

#[derive(Debug, Args)]
pub struct OutputArgs {
    /// Output file (.pdf; .xlsx for the ledger). A bare name goes to exports/ beside the database.
    #[arg(long)]
    pub out: PathBuf,
    /// Use this Markdown template instead of the shipped one
    #[arg(long)]
    pub template: Option<PathBuf>,
    /// Font file, optionally with the face index of a collection: PATH[#INDEX]
    #[arg(long)]
    pub font: Option<String>,
}

#[derive(Debug, Args)]
pub struct ListArgs {
    /// A unit (id or exact name); its sub-units are included
    #[arg(long)]
    pub dept: Option<String>,
    /// 2026, 2026-Q3, 2026-03, 2026-01-01..2026-06-30 or all
    #[arg(long)]
    pub period: Option<String>,
    /// Task status (ledger): open, in_progress, done, closed_out or the Chinese label
    #[arg(long)]
    pub status: Option<String>,
    /// Only overdue tasks (ledger)
    #[arg(long)]
    pub overdue: bool,
    #[command(flatten)]
    pub output: OutputArgs,
}

/// Runs the export and returns what was written; progress goes to `progress`.
pub fn run(args: &ExportArgs, store: &mut Store, progress: &mut dyn FnMut(f32, &str)) -> Result<ExportSummary, ReportError> {
    let (record, output, filters) = match &args.what {
        ExportWhat::Walk { id, output } => (Record::Walk(id.clone()), output, Filters::default()),
        ExportWhat::Problems(l) => (Record::Problems, &l.output, filters(store, l)?),
        ExportWhat::Ledger(l) => (Record::Ledger, &l.output, filters(store, l)?),
        ExportWhat::Report(l) => (Record::Report, &l.output, filters(store, l)?),
    };
    let font = match &output.font {
        Some(spec) => FontChoice::parse(spec)?,
        None => match store.setting("font")? {
            Some(spec) if !spec.trim().is_empty() => FontChoice::parse(&spec)?,
            _ => FontChoice::System,
        },
    };
    let out = resolve_out(store, &output.out)?;
    let req = ExportRequest { filters, template: output.template.clone(), font };
    export(store, &record, &req, &out, progress)
}

/// `walklog export …`: progress on stderr, the written file on stdout.
pub fn command(args: &ExportArgs, store: &mut Store) -> super::CliResult {
    let mut last = -1i32;
    let mut progress = |f: f32, label: &str| {
        let pct = (f * 100.0) as i32;
        if pct / 10 != last / 10 {
            eprintln!("{pct:>3}% {label}");
            last = pct;
        }
    };
    let summary = run(args, store, &mut progress).map_err(|e| super::CliError::new(e.code(), e.message_zh()))?;
    let mut text = String::new();
    for w in &summary.warnings {
        text.push_str(&format!("注意：{w}\n"));
    }
    text.push_str(&format!("已导出：{}（{} 字节，{} 页/行）", summary.path.display(), summary.bytes, summary.pages));
    Ok(super::Outcome::text(text))
}

fn filters(store: &Store, l: &ListArgs) -> Result<Filters, ReportError> {
    let department_id = match &l.dept {
        Some(d) => Some(find_department(store, d)?),
        None => None,
    };
    let period = match &l.period {
        Some(p) => Some(Period::parse(p)?),
        None => None,
    };
    let status = match &l.status {
        Some(s) => Some(TaskStatus::parse(s).ok_or_else(|| crate::Error::invalid("status", format!("未知的任务状态“{s}”，可用 open、in_progress、done、closed_out")))?),
        None => None,
    };
    Ok(Filters { department_id, period, status, overdue: l.overdue })
}

fn find_department(store: &Store, key: &str) -> Result<String, ReportError> {
    super::resolve_department(store, key).map_err(|e| if e.code == "ambiguous" { crate::Error::Ambiguous { message: e.message } } else { crate::Error::not_found("department", key) })
}

/// A bare file name goes to `exports/` beside the database (created if needed).
fn resolve_out(store: &Store, out: &Path) -> Result<PathBuf, ReportError> {
    let bare = out.parent().map(|p| p.as_os_str().is_empty()).unwrap_or(true);
    if !bare {
        return Ok(out.to_path_buf());
    }
    let dir = store.data_dir().join("exports");
    std::fs::create_dir_all(&dir).map_err(|e| crate::Error::Write { path: dir.clone(), reason: e.to_string() })?;
    Ok(dir.join(out))
}
