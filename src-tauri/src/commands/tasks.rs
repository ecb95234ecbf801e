//! 整改台账: tasks, progress notes, evidence, and the transitions of the task state machine.

use serde::Serialize;
use tauri::State;
use walklog::model::{Attachment, Date, Milestone, OwnerKind, Problem, ProgressNote, Task};
use walklog::ops::{ChartData, ChartFilter, LedgerFilter, LedgerPage, MilestoneInput};

use crate::{AppState, CmdError};

#[tauri::command(rename_all = "snake_case")]
pub async fn ledger(state: State<'_, AppState>, filter: Option<LedgerFilter>) -> Result<LedgerPage, CmdError> {
    let filter = filter.unwrap_or_default();
    state.with_store(|s| s.ledger(&filter))
}

/// A task with its notes, evidence and the problems it addresses (the detail panel).
#[derive(Debug, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct TaskDetail {
    pub task: Task,
    pub notes: Vec<ProgressNote>,
    pub attachments: Vec<Attachment>,
    pub problems: Vec<Problem>,
    pub overdue: bool,
    /// 督办 history, oldest first.
    pub supervisions: Vec<walklog::model::Supervision>,
}

#[tauri::command(rename_all = "snake_case")]
pub async fn task_detail(state: State<'_, AppState>, task_id: String) -> Result<TaskDetail, CmdError> {
    state.with_store(|s| {
        let task = s.task(&task_id)?;
        let problems = task.problem_ids.iter().map(|id| s.problem(id)).collect::<Result<Vec<_>, _>>()?;
        let overdue = task.is_overdue(s.today());
        Ok(TaskDetail {
            notes: s.notes(&task_id)?,
            attachments: s.attachments(OwnerKind::Task, &task_id)?,
            problems,
            overdue,
            supervisions: s.supervisions(&task_id)?,
            task,
        })
    })
}

/// 生成整改任务 (also used to save an edited task: an empty id means new).
#[tauri::command(rename_all = "snake_case")]
pub async fn save_task(state: State<'_, AppState>, task: Task) -> Result<Task, CmdError> {
    state.with_store(|s| if task.id.trim().is_empty() { s.raise_task(task) } else { s.update_task(task) })
}

#[tauri::command(rename_all = "snake_case")]
pub async fn start_task(state: State<'_, AppState>, task_id: String) -> Result<Task, CmdError> {
    state.with_store(|s| s.start_task(&task_id))
}

#[tauri::command(rename_all = "snake_case")]
pub async fn add_note(state: State<'_, AppState>, task_id: String, text: String) -> Result<ProgressNote, CmdError> {
    state.with_store(|s| s.add_note(&task_id, &text, None))
}

/// 完成: the core refuses it without evidence (a note or an attachment).
#[tauri::command(rename_all = "snake_case")]
pub async fn mark_task_done(state: State<'_, AppState>, task_id: String) -> Result<Task, CmdError> {
    state.with_store(|s| s.mark_task_done(&task_id))
}

/// 销号 by the current user, who must be of the 党建办.
#[tauri::command(rename_all = "snake_case")]
pub async fn close_out_task(state: State<'_, AppState>, task_id: String) -> Result<Task, CmdError> {
    let me = state.current_user_id()?;
    state.with_store(|s| s.close_out_task(&task_id, &me))
}


/// 退回 by the current user (党建办), with a reason.
#[tauri::command(rename_all = "snake_case")]
pub async fn send_back_task(state: State<'_, AppState>, task_id: String, reason: String) -> Result<Task, CmdError> {
    let me = state.current_user_id()?;
    state.with_store(|s| s.send_back_task(&task_id, &me, &reason))
}

/// 整改节点 of a task, by planned date (the detail panel).
#[tauri::command(rename_all = "snake_case")]
pub async fn milestones(state: State<'_, AppState>, task_id: String) -> Result<Vec<Milestone>, CmdError> {
    state.with_store(|s| s.milestones(&task_id))
}

#[tauri::command(rename_all = "snake_case")]
pub async fn add_milestone(state: State<'_, AppState>, task_id: String, milestone: MilestoneInput) -> Result<Milestone, CmdError> {
    state.with_store(|s| s.add_milestone(&task_id, milestone))
}

#[tauri::command(rename_all = "snake_case")]
pub async fn update_milestone(state: State<'_, AppState>, milestone_id: String, name: String, planned_on: Date) -> Result<Milestone, CmdError> {
    state.with_store(|s| s.update_milestone(&milestone_id, &name, planned_on))
}

/// 标记节点完成: done today (the core's clock), with its 完成佐证.
#[tauri::command(rename_all = "snake_case")]
pub async fn mark_milestone_done(state: State<'_, AppState>, milestone_id: String, evidence: String) -> Result<Milestone, CmdError> {
    state.with_store(|s| s.mark_milestone_done(&milestone_id, &evidence))
}

#[tauri::command(rename_all = "snake_case")]
pub async fn undo_milestone(state: State<'_, AppState>, milestone_id: String) -> Result<Milestone, CmdError> {
    state.with_store(|s| s.undo_milestone(&milestone_id))
}

#[tauri::command(rename_all = "snake_case")]
pub async fn delete_milestone(state: State<'_, AppState>, milestone_id: String) -> Result<(), CmdError> {
    state.with_store(|s| s.delete_milestone(&milestone_id))
}

/// 挂图推进: the wall chart's rows and figures.
#[tauri::command(rename_all = "snake_case")]
pub async fn chart(state: State<'_, AppState>, filter: Option<ChartFilter>) -> Result<ChartData, CmdError> {
    let filter = filter.unwrap_or_default();
    state.with_store(|s| s.chart(&filter))
}
