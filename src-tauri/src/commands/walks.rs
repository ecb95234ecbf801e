//! 体验记录 and the live walk screen.

use serde::Serialize;
use tauri::State;
use walklog::model::{Problem, Step, Walk};
use walklog::ops::WalkFilter;

use crate::{AppState, CmdError};

/// A walk with everything the live screen and the editor show.
#[derive(Debug, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct WalkDetail {
    pub walk: Walk,
    pub steps: Vec<Step>,
    pub problems: Vec<Problem>,
    /// 记录方式 of the walk and its steps, in words.
    pub capture: walklog::ops::CaptureSummary,
}

#[tauri::command(rename_all = "snake_case")]
pub async fn walks(state: State<'_, AppState>, filter: Option<WalkFilter>) -> Result<Vec<Walk>, CmdError> {
    let filter = filter.unwrap_or_default();
    state.with_store(|s| s.walks(&filter))
}

#[tauri::command(rename_all = "snake_case")]
pub async fn walk_detail(state: State<'_, AppState>, walk_id: String) -> Result<WalkDetail, CmdError> {
    state.with_store(|s| {
        let (walk, steps) = (s.walk(&walk_id)?, s.steps(&walk_id)?);
        let capture = walklog::ops::capture::summarise(&walk, &steps);
        Ok(WalkDetail { walk, steps, problems: s.walk_problems(&walk_id)?, capture })
    })
}

/// 记录方式 headlines of the walks a list shows.
#[tauri::command(rename_all = "snake_case")]
pub async fn walk_captures(state: State<'_, AppState>, walk_ids: Vec<String>) -> Result<Vec<walklog::ops::CaptureSummary>, CmdError> {
    state.with_store(|s| s.walk_captures(&walk_ids))
}

#[tauri::command(rename_all = "snake_case")]
pub async fn plan_walk(state: State<'_, AppState>, walk: Walk) -> Result<Walk, CmdError> {
    state.with_store(|s| s.plan_walk(walk))
}

#[tauri::command(rename_all = "snake_case")]
pub async fn update_walk(state: State<'_, AppState>, walk: Walk) -> Result<Walk, CmdError> {
    state.with_store(|s| s.update_walk(walk))
}

#[tauri::command(rename_all = "snake_case")]
pub async fn start_walk(state: State<'_, AppState>, walk_id: String) -> Result<Walk, CmdError> {
    state.with_store(|s| s.start_walk(&walk_id))
}

#[tauri::command(rename_all = "snake_case")]
pub async fn complete_walk(state: State<'_, AppState>, walk_id: String) -> Result<Walk, CmdError> {
    state.with_store(|s| s.complete_walk(&walk_id))
}

#[tauri::command(rename_all = "snake_case")]
pub async fn archive_walk(state: State<'_, AppState>, walk_id: String) -> Result<Walk, CmdError> {
    state.with_store(|s| s.archive_walk(&walk_id))
}

/// 下一环节: closes the open step now and opens the next one.
#[tauri::command(rename_all = "snake_case")]
pub async fn next_step(state: State<'_, AppState>, walk_id: String, name: String, place: String) -> Result<Step, CmdError> {
    state.with_store(|s| s.next_step(&walk_id, &name, &place))
}

/// Saves the quick fields and observations of a step (called as the head types).
#[tauri::command(rename_all = "snake_case")]
pub async fn save_step(state: State<'_, AppState>, step: Step) -> Result<Step, CmdError> {
    state.with_store(|s| s.save_step(step))
}

/// Full-text search over walks, steps, problems, tasks and progress notes (the core's index
/// works for Chinese): the 体验记录 list keeps the walks that have a hit; the global search
/// (Ctrl+K) shows the newest `limit`.
#[tauri::command(rename_all = "snake_case")]
pub async fn search(state: State<'_, AppState>, query: String, limit: Option<u32>) -> Result<Vec<walklog::search::SearchHit>, CmdError> {
    if query.trim().is_empty() {
        return Ok(Vec::new());
    }
    state.with_store(|s| s.search(query.trim(), limit.unwrap_or(500).min(500)))
}

/// 修改环节时间: the explicit correction of a step's times after the fact (logged as such).
#[tauri::command(rename_all = "snake_case")]
pub async fn retime_step(state: State<'_, AppState>, step_id: String, started_at: String, ended_at: Option<String>) -> Result<Step, CmdError> {
    let started_at = parse_time("started_at", &started_at)?;
    let ended_at = ended_at.filter(|t| !t.trim().is_empty()).map(|t| parse_time("ended_at", &t)).transpose()?;
    state.with_store(|s| s.retime_step(&step_id, started_at, ended_at))
}

fn parse_time(field: &'static str, text: &str) -> Result<walklog::model::Timestamp, CmdError> {
    walklog::model::strict::parse_timestamp(text.trim())
        .map_err(|message| CmdError::from(walklog::Error::Validation { field, message: format!("{message}。") }))
}
