//! 整改台账: tasks, progress notes, evidence, and the transitions of the task state machine.

use serde::Serialize;
use tauri::State;
use walklog::model::{Attachment, OwnerKind, Problem, ProgressNote, Task};
use walklog::ops::{LedgerFilter, LedgerPage};

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
