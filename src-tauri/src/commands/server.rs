//! 设置 → 同步服务器 and the status bar's 同步: the server's address, how syncing stands, and a
//! sync (walklog::server::sync) run on the app's tokio runtime. Offline is normal: a sync that
//! cannot reach the server fails with `server_unreachable` and the UI only updates its status.

use tauri::State;
use walklog::server::{SyncReport, SyncStatus};
use walklog::Store;

use crate::{AppState, CmdError};

/// One sync at a time (the 5-minute timer and a click may meet): the second waits for the first,
/// then runs its own (which finds little left to do).
#[derive(Default)]
pub struct SyncGate(tokio::sync::Mutex<()>);

/// The store as the core's sync reaches it: each short step takes the lock, none is held across
/// a network wait.
struct Access<'a>(&'a AppState);

impl walklog::server::StoreAccess for Access<'_> {
    fn with_store<T>(&self, f: impl FnOnce(&mut Store) -> walklog::Result<T>) -> walklog::Result<T> {
        self.0.with_store_core(f)
    }
}

#[tauri::command(rename_all = "snake_case")]
pub async fn sync_status(state: State<'_, AppState>) -> Result<SyncStatus, CmdError> {
    state.with_store(|s| s.sync_status())
}

/// Saves the address `walklog server enrol` gave (checked first: a bad one is not stored), or
/// with `None` (or an empty one) removes it. Returns the status it leads to.
#[tauri::command(rename_all = "snake_case")]
pub async fn set_server_url(state: State<'_, AppState>, url: Option<String>) -> Result<SyncStatus, CmdError> {
    state.with_store(|s| {
        s.set_server_url(url.as_deref())?;
        s.sync_status()
    })
}

/// Pulls, replays and pushes with the configured server; the attempt is recorded either way.
#[tauri::command(rename_all = "snake_case")]
pub async fn sync_now(state: State<'_, AppState>, gate: State<'_, SyncGate>) -> Result<SyncReport, CmdError> {
    let _one = gate.0.lock().await;
    Ok(walklog::server::sync(&Access(&state), None).await?)
}
