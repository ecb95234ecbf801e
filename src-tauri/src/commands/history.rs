//! 修改记录: the change-log history of a walk, problem or task, for the detail panels.

use tauri::State;
use walklog::history::RecordHistory;

use crate::{AppState, CmdError};

/// `entity`: walk, problem or task (or 体验/问题/整改任务).
#[tauri::command(rename_all = "snake_case")]
pub async fn record_history(state: State<'_, AppState>, entity: String, id: String) -> Result<RecordHistory, CmdError> {
    state.with_store(|s| s.record_history(&entity, &id))
}
