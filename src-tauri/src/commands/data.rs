//! 设置 → 数据: demo data on an empty database, backup now, restore (the UI confirms first).

use serde::Serialize;
use tauri::State;

use crate::{AppState, CmdError};

#[derive(Debug, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct DemoLoaded {
    pub summary_zh: String,
}

/// 载入示例数据: only on an empty database, so real records are never mixed with invented ones.
#[tauri::command(rename_all = "snake_case")]
pub async fn load_demo(state: State<'_, AppState>) -> Result<DemoLoaded, CmdError> {
    state.with_store(|s| {
        let summary_zh = walklog::demo::load_into_empty(s, 7)?.sentence_zh();
        // Marks the records as the demo's: the window says so (演示数据 · 单机模式).
        s.set_setting(super::sync::DEMO_KEY, "1")?;
        Ok(DemoLoaded { summary_zh })
    })
}

#[derive(Debug, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct BackupDone {
    pub path: String,
    /// Where and what, for the user; says so when an attachment file could not be backed up.
    pub summary_zh: String,
    pub attachments: usize,
    pub missing: Vec<String>,
}

/// 立即备份: to `path`, or to `<data dir>/backups/walklog-<time>.db` when empty. The backup
/// is written even when an attachment file is missing; the summary names what it lacks.
#[tauri::command(rename_all = "snake_case")]
pub async fn backup_now(state: State<'_, AppState>, path: Option<String>) -> Result<BackupDone, CmdError> {
    state.with_store(|s| {
        let target = match path.filter(|p| !p.trim().is_empty()) {
            Some(p) => std::path::PathBuf::from(p),
            None => s.manual_backup_path(),
        };
        let report = s.backup_to(&target)?;
        let mut summary_zh = report.sentence_zh();
        if let Some(missing) = report.missing_error() {
            summary_zh = format!("{summary_zh}。{}", missing.message_zh());
        }
        Ok(BackupDone { path: target.display().to_string(), summary_zh, attachments: report.attachments, missing: report.missing })
    })
}

#[derive(Debug, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct RestoreDone {
    pub summary_zh: String,
    pub safety_copy: String,
}

/// 恢复: replaces every record with the backup's (the UI asks for confirmation first). The
/// core refuses a backup that fails any check, leaving the data as it was.
#[tauri::command(rename_all = "snake_case")]
/// `backup_password`: an encrypted backup made under another password (before a change).
pub async fn restore_backup(state: State<'_, AppState>, path: String, backup_password: Option<String>) -> Result<RestoreDone, CmdError> {
    state.with_store(|s| {
        let report = s.restore_with_password(&path, backup_password.as_deref().filter(|p| !p.is_empty()))?;
        Ok(RestoreDone { summary_zh: report.sentence_zh(), safety_copy: report.safety_copy.display().to_string() })
    })
}
