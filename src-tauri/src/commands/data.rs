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
        if !s.departments()?.is_empty() {
            return Err(walklog::Error::Validation {
                field: "demo",
                message: "数据库中已有单位等记录，示例数据只能载入空数据库。".into(),
            });
        }
        let seed = 7;
        let summary = walklog::demo::generate(s, seed)?;
        Ok(DemoLoaded { summary_zh: summary.sentence_zh() })
    })
}

#[derive(Debug, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct BackupDone {
    pub path: String,
}

/// 立即备份: to `path`, or to `<data dir>/backups/walklog-<time>.db` when empty.
#[tauri::command(rename_all = "snake_case")]
pub async fn backup_now(state: State<'_, AppState>, path: Option<String>) -> Result<BackupDone, CmdError> {
    state.with_store(|s| {
        let target = match path.filter(|p| !p.trim().is_empty()) {
            Some(p) => std::path::PathBuf::from(p),
            None => s.data_dir().join("backups").join(format!("walklog-{}.db", s.now().format("%Y%m%d-%H%M%S"))),
        };
        s.backup_to(&target)?;
        Ok(BackupDone { path: target.display().to_string() })
    })
}

/// 恢复: replaces every record with the backup's (the UI asks for confirmation first).
#[tauri::command(rename_all = "snake_case")]
pub async fn restore_backup(state: State<'_, AppState>, path: String) -> Result<(), CmdError> {
    state.with_store(|s| s.restore_from(&path))
}
