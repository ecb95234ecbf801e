//! 设置 → 数据加密, and the unlock screen of an encrypted database. The password crosses the IPC
//! once per act and is never kept by the app: the core holds only the derived key.

use serde::Serialize;
use tauri::State;
use walklog::store::EncryptionStatus;

use crate::{AppState, CmdError};

#[derive(Debug, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct EncryptionState {
    /// The database file is encrypted (whether or not it is unlocked yet).
    pub encrypted: bool,
    /// It is open in this window (a plain database opens without a password).
    pub unlocked: bool,
}

#[derive(Debug, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct EncryptionDone {
    pub status: EncryptionStatus,
    pub summary_zh: String,
}

/// Asked before anything else at start: an encrypted, still locked database shows the unlock
/// screen instead of the 工作台.
#[tauri::command(rename_all = "snake_case")]
pub async fn encryption_state(state: State<'_, AppState>) -> Result<EncryptionState, CmdError> {
    let encrypted = walklog::crypt::is_encrypted(state.db_path()?)?;
    Ok(EncryptionState { encrypted, unlocked: state.is_open() })
}

#[tauri::command(rename_all = "snake_case")]
pub async fn unlock(state: State<'_, AppState>, password: String) -> Result<(), CmdError> {
    state.unlock(&password)
}

#[tauri::command(rename_all = "snake_case")]
pub async fn encryption_enable(state: State<'_, AppState>, password: String) -> Result<EncryptionDone, CmdError> {
    state.with_store(|s| s.encrypt(&password)).map(done)
}

#[tauri::command(rename_all = "snake_case")]
pub async fn encryption_change(state: State<'_, AppState>, old_password: String, new_password: String) -> Result<(), CmdError> {
    state.with_store(|s| s.change_password(&old_password, &new_password))
}

#[tauri::command(rename_all = "snake_case")]
pub async fn encryption_disable(state: State<'_, AppState>, password: String) -> Result<EncryptionDone, CmdError> {
    state.with_store(|s| s.decrypt(&password)).map(done)
}

fn done(status: EncryptionStatus) -> EncryptionDone {
    EncryptionDone { summary_zh: status.sentence_zh(), status }
}
