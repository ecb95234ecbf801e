//! 设置: departments, people, service matters, and the demo data.

use tauri::State;
use walklog::model::{Department, Matter, Person};

use crate::{AppState, CmdError};

#[tauri::command(rename_all = "snake_case")]
pub async fn departments(state: State<'_, AppState>) -> Result<Vec<Department>, CmdError> {
    state.with_store(|s| s.departments())
}

#[tauri::command(rename_all = "snake_case")]
pub async fn save_department(state: State<'_, AppState>, department: Department) -> Result<Department, CmdError> {
    state.with_store(|s| s.save_department(department))
}

#[tauri::command(rename_all = "snake_case")]
pub async fn people(state: State<'_, AppState>, department_id: Option<String>) -> Result<Vec<Person>, CmdError> {
    state.with_store(|s| s.people(department_id.as_deref()))
}

#[tauri::command(rename_all = "snake_case")]
pub async fn save_person(state: State<'_, AppState>, person: Person) -> Result<Person, CmdError> {
    state.with_store(|s| s.save_person(person))
}

#[tauri::command(rename_all = "snake_case")]
pub async fn matters(state: State<'_, AppState>, department_id: Option<String>) -> Result<Vec<Matter>, CmdError> {
    state.with_store(|s| s.matters(department_id.as_deref()))
}

#[tauri::command(rename_all = "snake_case")]
pub async fn save_matter(state: State<'_, AppState>, matter: Matter) -> Result<Matter, CmdError> {
    state.with_store(|s| s.save_matter(matter))
}
