//! 导入: an exchange file, previewed (新增、未变、冲突) and then imported whole or not at all.

use tauri::State;
use walklog::exchange::{Exchange, ImportReport};

use crate::{AppState, CmdError};

fn read(path: &str) -> Result<Exchange, CmdError> {
    let bytes = std::fs::read(path.trim()).map_err(|e| {
        CmdError::from(walklog::Error::Validation { field: "path", message: format!("无法读取文件 {}：{e}。", path.trim()) })
    })?;
    Ok(Exchange::from_bytes(&bytes)?)
}

/// What importing the file would do; nothing is written.
#[tauri::command(rename_all = "snake_case")]
pub async fn preview_import(state: State<'_, AppState>, path: String) -> Result<ImportReport, CmdError> {
    let doc = read(&path)?;
    state.with_store(|s| s.preview_import(&doc))
}

/// Imports the file: every record checked as if typed in; any refusal or conflict writes nothing.
#[tauri::command(rename_all = "snake_case")]
pub async fn import_file(state: State<'_, AppState>, path: String) -> Result<ImportReport, CmdError> {
    let doc = read(&path)?;
    state.with_store(|s| s.import_exchange(&doc))
}
