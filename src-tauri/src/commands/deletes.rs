//! Deleting records. The UI asks for confirmation first; the core refuses what may not go
//! (a sealed walk, a unit still referenced) with a Chinese message, and keeps history in the
//! change log.

use serde::Deserialize;
use tauri::State;

use crate::{AppState, CmdError};

#[derive(Debug, Clone, Copy, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum Deletable {
    Department,
    Person,
    Matter,
    Walk,
    Step,
    Problem,
    Task,
    Attachment,
}

#[tauri::command(rename_all = "snake_case")]
pub async fn delete_record(state: State<'_, AppState>, kind: Deletable, id: String) -> Result<(), CmdError> {
    state.with_store(|s| match kind {
        Deletable::Department => s.delete_department(&id),
        Deletable::Person => s.delete_person(&id),
        Deletable::Matter => s.delete_matter(&id),
        Deletable::Walk => s.delete_walk(&id),
        Deletable::Step => s.delete_step(&id),
        Deletable::Problem => s.delete_problem(&id),
        Deletable::Task => s.delete_task(&id),
        Deletable::Attachment => s.detach(&id),
    })
}
