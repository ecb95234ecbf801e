//! 导出: records written to files, off the UI thread, with progress reported through a channel
//! so the screen can show a progress bar.

use std::path::{Path, PathBuf};
use std::sync::Mutex;

use serde::{Deserialize, Serialize};
use tauri::ipc::Channel;
use tauri::{AppHandle, Runtime, State};
use tauri_plugin_opener::OpenerExt;
use walklog::model::{Date, TaskStatus};
use walklog::report::{self, FontChoice, Filters, Record};
use walklog::Error;
use walklog::stats::Period;

use crate::{AppState, CmdError};

/// Scope and period of a list record (问题清单, 整改台账, 完成情况报告), and an optional template.
#[derive(Debug, Clone, Default, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
// Arguments: what serde fills in by default may be left out.
#[cfg_attr(feature = "ts", ts(optional_fields = nullable))]
pub struct ListOptions {
    /// A unit and the units below it; None = the whole city.
    #[serde(default)]
    pub department_id: Option<String>,
    #[serde(default)]
    pub from: Option<Date>,
    #[serde(default)]
    pub to: Option<Date>,
    /// Ledger only.
    #[serde(default)]
    pub status: Option<TaskStatus>,
    #[serde(default)]
    #[cfg_attr(feature = "ts", ts(as = "Option<bool>", optional))]
    pub overdue: bool,
    /// A user's copy of the record's template; None = the shipped one.
    #[serde(default)]
    pub template: Option<String>,
}

/// What to export.
#[derive(Debug, Clone, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum ExportRequest {
    /// 体验纪实表 of one walk (PDF).
    WalkRecord {
        walk_id: String,
        #[serde(default)]
        #[cfg_attr(feature = "ts", ts(optional = nullable))]
        template: Option<String>,
        /// 保留照片位置信息（GPS）: leave where the photos were taken in the PDF (off by default).
        #[serde(default)]
        #[cfg_attr(feature = "ts", ts(optional))]
        keep_gps: Option<bool>,
    },
    /// 问题清单 (PDF).
    Problems(ListOptions),
    /// 整改台账 (PDF).
    LedgerPdf(ListOptions),
    /// 整改台账 (Excel).
    LedgerXlsx(ListOptions),
    /// 完成情况报告 (PDF).
    Report(ListOptions),
    /// 督办单 (PDF), one page per task: the tasks named, or all under 督办 in scope.
    Supervision {
        #[serde(default)]
        #[cfg_attr(feature = "ts", ts(optional))]
        task_ids: Option<Vec<String>>,
        #[serde(default)]
        #[cfg_attr(feature = "ts", ts(optional = nullable))]
        department_id: Option<String>,
        #[serde(default)]
        #[cfg_attr(feature = "ts", ts(optional = nullable))]
        template: Option<String>,
    },
    /// 周报 (PDF) of the week of `day` (today when left out).
    Weekly {
        #[serde(default)]
        #[cfg_attr(feature = "ts", ts(optional = nullable))]
        day: Option<Date>,
        #[serde(default)]
        #[cfg_attr(feature = "ts", ts(optional = nullable))]
        department_id: Option<String>,
        #[serde(default)]
        #[cfg_attr(feature = "ts", ts(optional = nullable))]
        template: Option<String>,
    },
    /// 整改挂图 (A3 landscape PDF; the template is not used).
    Chart(ListOptions),
    /// Every record as the documented JSON exchange format (for another install or an archive).
    Json,
}

impl ListOptions {
    pub(crate) fn filters(&self) -> Result<Filters, CmdError> {
        let period = match (self.from, self.to) {
            (None, None) => None,
            (from, to) => {
                let all = Period::all();
                Some(Period::new(from.unwrap_or(all.from), to.unwrap_or(all.to))?)
            }
        };
        Ok(Filters { department_id: self.department_id.clone(), period, status: self.status, overdue: self.overdue })
    }
}

#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ExportProgress {
    /// 0–100
    pub percent: u8,
    pub stage_zh: String,
}

#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ExportResult {
    pub path: String,
    pub bytes: u64,
    /// Pages of a PDF, rows of a spreadsheet, 0 for the data file.
    pub pages: u64,
    pub warnings: Vec<String>,
}

impl ExportRequest {
    fn default_file_name(&self, stamp: &str) -> String {
        match self {
            ExportRequest::WalkRecord { .. } => format!("体验纪实表_{stamp}.pdf"),
            ExportRequest::Problems(_) => format!("问题清单_{stamp}.pdf"),
            ExportRequest::LedgerPdf(_) => format!("整改台账_{stamp}.pdf"),
            ExportRequest::LedgerXlsx(_) => format!("整改台账_{stamp}.xlsx"),
            ExportRequest::Report(_) => format!("完成情况报告_{stamp}.pdf"),
            ExportRequest::Supervision { .. } => format!("督办单_{stamp}.pdf"),
            ExportRequest::Weekly { .. } => format!("周报_{stamp}.pdf"),
            ExportRequest::Chart(_) => format!("整改挂图_{stamp}.pdf"),
            ExportRequest::Json => format!("走流程纪实数据_{stamp}.json"),
        }
    }

    /// The report module's record, filters and template; None for the JSON file.
    /// `today` is the core's, for a 周报 of the current week.
    fn record(&self, today: Date) -> Result<Option<(Record, Filters, Option<String>)>, CmdError> {
        Ok(match self {
            ExportRequest::WalkRecord { walk_id, template, .. } => Some((Record::Walk(walk_id.clone()), Filters::default(), template.clone())),
            ExportRequest::Problems(o) => Some((Record::Problems, o.filters()?, o.template.clone())),
            ExportRequest::LedgerPdf(o) | ExportRequest::LedgerXlsx(o) => Some((Record::Ledger, o.filters()?, o.template.clone())),
            ExportRequest::Report(o) => Some((Record::Report, o.filters()?, o.template.clone())),
            ExportRequest::Supervision { task_ids, department_id, template } => {
                let filters = Filters { department_id: department_id.clone(), ..Filters::default() };
                Some((Record::Supervision(task_ids.clone().unwrap_or_default()), filters, template.clone()))
            }
            ExportRequest::Weekly { day, department_id, template } => {
                let filters = Filters { department_id: department_id.clone(), ..Filters::default() };
                Some((Record::Weekly(day.unwrap_or(today)), filters, template.clone()))
            }
            ExportRequest::Chart(o) => Some((Record::Chart, o.filters()?, None)),
            ExportRequest::Json => None,
        })
    }
}

fn progress(ch: &Channel<ExportProgress>, percent: u8, stage_zh: &str) {
    // A closed window drops the channel; the export still completes.
    let _ = ch.send(ExportProgress { percent, stage_zh: stage_zh.to_string() });
}

/// Exports to `path`, or to an automatically named file in the exports folder when `path` is
/// empty. Runs on the async runtime (not the window's thread) and reports progress.
#[tauri::command(rename_all = "snake_case")]
pub async fn export(
    state: State<'_, AppState>,
    exported: State<'_, ExportedFiles>,
    request: ExportRequest,
    path: Option<String>,
    on_progress: Channel<ExportProgress>,
) -> Result<ExportResult, CmdError> {
    progress(&on_progress, 2, "正在读取记录");
    let exported_ok = |p: &str| exported.remember(Path::new(p));
    let target = match path.filter(|p| !p.trim().is_empty()) {
        Some(p) => PathBuf::from(p),
        None => state.with_store(|s| Ok(s.exports_dir()?.join(request.default_file_name(&s.now().format("%Y%m%d-%H%M%S").to_string()))))?,
    };
    if let ExportRequest::LedgerXlsx(_) = &request {
        if target.extension().and_then(|e| e.to_str()).map(|e| !e.eq_ignore_ascii_case("xlsx")).unwrap_or(true) {
            return Err(Error::Validation { field: "path", message: "Excel 台账的文件名须以 .xlsx 结尾".into() }.into());
        }
    }
    let keep_gps = matches!(request, ExportRequest::WalkRecord { keep_gps: Some(true), .. });
    let today = state.with_store(|s| Ok(s.today()))?;
    match request.record(today)? {
        None => {
            let bytes = state.with_store(|s| Ok(s.export_json()?.into_bytes()))?;
            progress(&on_progress, 80, "正在写入文件");
            walklog::files::write_atomic(&target, &bytes)?;
            progress(&on_progress, 100, "导出完成");
            exported_ok(&target.display().to_string());
            Ok(ExportResult { path: target.display().to_string(), bytes: bytes.len() as u64, pages: 0, warnings: Vec::new() })
        }
        Some((record, filters, template)) => {
            // The report module reads the store and writes the file itself (atomically).
            let summary = state.with_store_report(|s| {
                let font = FontChoice::of_store(s)?;
                let req = report::ExportRequest { filters, template: template.map(PathBuf::from), font, keep_gps };
                let mut on = |f: f32, label: &str| progress(&on_progress, (f.clamp(0.0, 1.0) * 100.0) as u8, label);
                Ok(report::export(s, &record, &req, &target, &mut on)?)
            })?;
            progress(&on_progress, 100, "导出完成");
            exported_ok(&summary.path.display().to_string());
            Ok(ExportResult {
                path: summary.path.display().to_string(),
                bytes: summary.bytes as u64,
                pages: summary.pages as u64,
                warnings: summary.warnings,
            })
        }
    }
}

/// Files this session exported, wherever the user saved them: besides the data folder (with its
/// exports and attachments), the only files the UI may open or show in their folder.
#[derive(Default)]
pub struct ExportedFiles(Mutex<Vec<PathBuf>>);

impl ExportedFiles {
    pub(crate) fn remember(&self, path: &Path) {
        if let Ok(p) = path.canonicalize() {
            let mut list = self.0.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
            if !list.contains(&p) {
                list.push(p);
            }
        }
    }

    fn contains(&self, path: &Path) -> bool {
        self.0.lock().unwrap_or_else(|poisoned| poisoned.into_inner()).iter().any(|p| p == path)
    }
}

/// `path` if it is inside the data folder (the database's folder: exports, attachments) or a
/// file this session exported; otherwise a refusal. The opener plugin's own reveal command
/// checks no scope at all, so the UI reaches the opener only through here.
fn allowed_path(state: &AppState, exported: &ExportedFiles, path: &str) -> Result<PathBuf, CmdError> {
    let data_dir = state.with_store(|s| Ok(s.data_dir()))?;
    let refused = || CmdError::from(Error::ForbiddenPath { message: format!("只能打开导出的文件或数据文件夹（{}）中的文件", data_dir.display()) });
    // Canonical paths: `..` and symbolic links cannot lead out of the folder.
    let p = Path::new(path).canonicalize().map_err(|_| refused())?;
    let inside = data_dir.canonicalize().map(|d| p.starts_with(d)).unwrap_or(false);
    if inside || exported.contains(&p) {
        Ok(p)
    } else {
        Err(refused())
    }
}

/// Opens an exported file (or one in the data folder) with the system's program for it.
#[tauri::command(rename_all = "snake_case")]
pub async fn open_export<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    exported: State<'_, ExportedFiles>,
    path: String,
) -> Result<(), CmdError> {
    let p = allowed_path(&state, &exported, &path)?;
    app.opener()
        .open_path(p.display().to_string(), None::<&str>)
        .map_err(|e| Error::Open { message: format!("无法打开“{}”：{e}", p.display()) }.into())
}

/// Shows an exported file (or one in the data folder) in the system's file manager.
#[tauri::command(rename_all = "snake_case")]
pub async fn reveal_export<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    exported: State<'_, ExportedFiles>,
    path: String,
) -> Result<(), CmdError> {
    let p = allowed_path(&state, &exported, &path)?;
    app.opener().reveal_item_in_dir(&p).map_err(|e| Error::Open { message: format!("无法打开文件夹：{e}") }.into())
}
