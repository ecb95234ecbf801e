//! 导出: records written to files, off the UI thread, with progress reported through a channel
//! so the screen can show a progress bar.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use tauri::ipc::Channel;
use tauri::State;

use crate::{AppState, CmdError};

/// What to export.
#[derive(Debug, Clone, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum ExportRequest {
    /// Every record as the documented JSON exchange format (for another install or an archive).
    Json,
}

#[derive(Debug, Clone, Serialize)]
pub struct ExportProgress {
    /// 0–100
    pub percent: u8,
    pub stage_zh: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct ExportResult {
    pub path: String,
    pub bytes: u64,
}

impl ExportRequest {
    fn default_file_name(&self, stamp: &str) -> String {
        match self {
            ExportRequest::Json => format!("走流程纪实数据_{stamp}.json"),
        }
    }
}

/// `<data dir>/exports/`, created when missing.
fn exports_dir(data_dir: &Path) -> Result<PathBuf, CmdError> {
    let dir = data_dir.join("exports");
    std::fs::create_dir_all(&dir)
        .map_err(|e| CmdError::new("io", format!("无法创建导出文件夹“{}”：{e}", dir.display())))?;
    Ok(dir)
}

fn write_file(path: &Path, bytes: &[u8]) -> Result<(), CmdError> {
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir).map_err(|e| CmdError::new("io", format!("无法创建文件夹“{}”：{e}", dir.display())))?;
    }
    // Write beside the target and rename, so a failed export never leaves half a file behind.
    let tmp = path.with_extension("part");
    std::fs::write(&tmp, bytes).map_err(|e| CmdError::new("io", format!("无法写入“{}”：{e}", path.display())))?;
    std::fs::rename(&tmp, path).map_err(|e| CmdError::new("io", format!("无法保存“{}”：{e}", path.display())))
}

fn progress(ch: &Channel<ExportProgress>, percent: u8, stage_zh: &str) {
    // A closed window drops the channel; the export still completes.
    let _ = ch.send(ExportProgress { percent, stage_zh: stage_zh.to_string() });
}

/// Exports to `path`, or to an automatically named file in the exports folder when `path` is
/// empty. Returns where the file went.
#[tauri::command(rename_all = "snake_case")]
pub async fn export(
    state: State<'_, AppState>,
    request: ExportRequest,
    path: Option<String>,
    on_progress: Channel<ExportProgress>,
) -> Result<ExportResult, CmdError> {
    progress(&on_progress, 5, "正在读取记录");
    let (bytes, stamp, data_dir) = state.with_store(|s| {
        let stamp = s.now().format("%Y%m%d-%H%M%S").to_string();
        let bytes = match &request {
            ExportRequest::Json => s.export_json()?.into_bytes(),
        };
        Ok((bytes, stamp, s.data_dir()))
    })?;
    progress(&on_progress, 80, "正在写入文件");
    let target = match path.filter(|p| !p.trim().is_empty()) {
        Some(p) => PathBuf::from(p),
        None => exports_dir(&data_dir)?.join(request.default_file_name(&stamp)),
    };
    write_file(&target, &bytes)?;
    progress(&on_progress, 100, "导出完成");
    Ok(ExportResult { path: target.display().to_string(), bytes: bytes.len() as u64 })
}
