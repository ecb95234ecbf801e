//! Keeping the programme moving: 走流程计划 and its calendar, 督办, and 提醒.

use tauri::State;
use walklog::model::{Date, Supervision, Walk, WalkKind, WalkPlan};
use walklog::ops::{CalendarWalk, PlanOverview, PlanProgress, SupervisedTask, SupervisionFigures};
use walklog::remind::{ReminderList, ReminderSettings};

use crate::{AppState, CmdError};

/// The plans whose period overlaps `from..=to`, with progress.
#[tauri::command(rename_all = "snake_case")]
pub async fn plans(state: State<'_, AppState>, department_id: Option<String>, from: Date, to: Date) -> Result<Vec<PlanProgress>, CmdError> {
    state.with_store(|s| s.plans(department_id.as_deref(), from, to))
}

#[tauri::command(rename_all = "snake_case")]
pub async fn save_plan(state: State<'_, AppState>, plan: WalkPlan) -> Result<WalkPlan, CmdError> {
    state.with_store(|s| s.save_plan(plan))
}

#[tauri::command(rename_all = "snake_case")]
pub async fn delete_plan(state: State<'_, AppState>, plan_id: String) -> Result<(), CmdError> {
    state.with_store(|s| s.delete_plan(&plan_id))
}

/// 按计划生成体验: one planned walk from a plan.
#[tauri::command(rename_all = "snake_case")]
pub async fn walk_from_plan(state: State<'_, AppState>, plan_id: String, kind: WalkKind, day: Date) -> Result<Walk, CmdError> {
    state.with_store(|s| s.walk_from_plan(&plan_id, kind, day))
}

/// The office's view of a quarter (None: the year).
#[tauri::command(rename_all = "snake_case")]
pub async fn plan_overview(
    state: State<'_, AppState>,
    department_id: Option<String>,
    year: i32,
    quarter: Option<u8>,
) -> Result<PlanOverview, CmdError> {
    state.with_store(|s| s.plan_overview(department_id.as_deref(), year, quarter))
}

/// The walks of the calendar between two days.
#[tauri::command(rename_all = "snake_case")]
pub async fn calendar(state: State<'_, AppState>, department_id: Option<String>, from: Date, to: Date) -> Result<Vec<CalendarWalk>, CmdError> {
    state.with_store(|s| s.calendar(department_id.as_deref(), from, to))
}

/// 督办 by the current user, who must be of the 党建办.
#[tauri::command(rename_all = "snake_case")]
pub async fn supervise_task(state: State<'_, AppState>, task_id: String, note: String, required_by: Date) -> Result<Supervision, CmdError> {
    let me = state.current_user_id()?;
    state.with_store(|s| s.supervise_task(&task_id, &me, &note, required_by))
}

#[tauri::command(rename_all = "snake_case")]
pub async fn supervision_figures(state: State<'_, AppState>, department_id: Option<String>) -> Result<SupervisionFigures, CmdError> {
    state.with_store(|s| s.supervision_figures(department_id.as_deref()))
}

/// Tasks under 督办 now (the 工作台 lists them first).
#[tauri::command(rename_all = "snake_case")]
pub async fn supervised_tasks(state: State<'_, AppState>, department_id: Option<String>) -> Result<Vec<SupervisedTask>, CmdError> {
    state.with_store(|s| s.supervised_tasks(department_id.as_deref()))
}

#[tauri::command(rename_all = "snake_case")]
pub async fn reminders(state: State<'_, AppState>) -> Result<ReminderList, CmdError> {
    state.with_store(|s| s.reminders())
}

#[tauri::command(rename_all = "snake_case")]
pub async fn dismiss_reminder(state: State<'_, AppState>, key: String) -> Result<(), CmdError> {
    state.with_store(|s| s.dismiss_reminder(&key))
}

#[tauri::command(rename_all = "snake_case")]
pub async fn reminder_settings(state: State<'_, AppState>) -> Result<ReminderSettings, CmdError> {
    state.with_store(|s| s.reminder_settings())
}

#[tauri::command(rename_all = "snake_case")]
pub async fn save_reminder_settings(state: State<'_, AppState>, settings: ReminderSettings) -> Result<ReminderSettings, CmdError> {
    state.with_store(|s| {
        s.save_reminder_settings(&settings)?;
        s.reminder_settings()
    })
}
