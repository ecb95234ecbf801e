//! 导出 → 模板: the templates as files in the data folder, a user's copy saved and previewed,
//! and each record's default (src/report/library.rs).

use tauri::State;
use walklog::report::library::{TemplateFile, TemplateKind, TemplatePreview};

use super::export::ListOptions;
use crate::{AppState, CmdError};

#[tauri::command(rename_all = "snake_case")]
pub async fn templates(state: State<'_, AppState>, kind: TemplateKind) -> Result<Vec<TemplateFile>, CmdError> {
    state.with_store(|s| s.templates(kind))
}

#[tauri::command(rename_all = "snake_case")]
pub async fn template_source(state: State<'_, AppState>, kind: TemplateKind, name: String) -> Result<String, CmdError> {
    state.with_store(|s| s.template_source(kind, &name))
}

/// The template filled with the current data (the chosen walk for a 体验纪实表; the whole city
/// over the given period for a list), without writing a file.
#[tauri::command(rename_all = "snake_case")]
pub async fn template_preview(
    state: State<'_, AppState>,
    kind: TemplateKind,
    source: String,
    walk_id: Option<String>,
    options: Option<ListOptions>,
) -> Result<TemplatePreview, CmdError> {
    let filters = options.unwrap_or_default().filters()?;
    state.with_store(|s| s.preview_template(kind, &source, &filters, walk_id.as_deref()))
}

#[tauri::command(rename_all = "snake_case")]
pub async fn save_template(state: State<'_, AppState>, kind: TemplateKind, name: String, source: String) -> Result<TemplateFile, CmdError> {
    state.with_store(|s| s.save_template(kind, &name, &source))
}

/// None: back to the shipped template.
#[tauri::command(rename_all = "snake_case")]
pub async fn set_default_template(state: State<'_, AppState>, kind: TemplateKind, name: Option<String>) -> Result<(), CmdError> {
    state.with_store(|s| s.set_default_template(kind, name.as_deref()))
}
