//! 问题清单 and 记问题.

use tauri::State;
use walklog::model::Problem;
use walklog::ops::{ProblemFilter, ProblemRow};

use crate::{AppState, CmdError};

#[tauri::command(rename_all = "snake_case")]
pub async fn problems(state: State<'_, AppState>, filter: Option<ProblemFilter>) -> Result<Vec<ProblemRow>, CmdError> {
    let filter = filter.unwrap_or_default();
    state.with_store(|s| s.problems(&filter))
}

#[tauri::command(rename_all = "snake_case")]
pub async fn record_problem(state: State<'_, AppState>, problem: Problem) -> Result<Problem, CmdError> {
    state.with_store(|s| s.record_problem(problem))
}

#[tauri::command(rename_all = "snake_case")]
pub async fn update_problem(state: State<'_, AppState>, problem: Problem) -> Result<Problem, CmdError> {
    state.with_store(|s| s.update_problem(problem))
}

/// 立行立改: a 简单个性 problem fixed on the spot is closed with what was done.
#[tauri::command(rename_all = "snake_case")]
pub async fn resolve_on_spot(state: State<'_, AppState>, problem_id: String, action: String) -> Result<Problem, CmdError> {
    state.with_store(|s| s.resolve_on_spot(&problem_id, &action))
}
