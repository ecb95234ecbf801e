//! Evidence and photos: a file chosen in the dialog (or dropped on the window) is read here and
//! stored by the core once per content; photos are prepared by the core first.

use std::path::PathBuf;

use tauri::State;
use walklog::model::{Attachment, OwnerKind, Timestamp};
use walklog::ops::NewAttachment;

use crate::{AppState, CmdError};

/// When the file was last modified, as the best available "taken at" for a photo.
fn modified_at(path: &std::path::Path) -> Option<Timestamp> {
    let modified = std::fs::metadata(path).ok()?.modified().ok()?;
    let local: chrono::DateTime<chrono::Local> = modified.into();
    Some(local.fixed_offset())
}

#[tauri::command(rename_all = "snake_case")]
pub async fn attach_file(
    state: State<'_, AppState>,
    owner_kind: OwnerKind,
    owner_id: String,
    path: String,
) -> Result<Attachment, CmdError> {
    let path = PathBuf::from(path);
    let bytes = std::fs::read(&path)
        .map_err(|e| CmdError::new("io", format!("无法读取文件“{}”：{e}", path.display())))?;
    let file_name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let ext = path.extension().map(|e| e.to_string_lossy().to_ascii_lowercase()).unwrap_or_default();
    if matches!(ext.as_str(), "jpg" | "jpeg" | "png") {
        // Photos are turned upright, shrunk and keep their EXIF time (the core's photo module).
        return state.with_store(|s| s.attach_photo(owner_kind, &owner_id, &file_name, &bytes, ""));
    }
    let taken_at = modified_at(&path);
    state.with_store(|s| s.attach(NewAttachment { owner_kind, owner_id, file_name, bytes, caption: String::new(), taken_at }))
}

#[tauri::command(rename_all = "snake_case")]
pub async fn attachments(state: State<'_, AppState>, owner_kind: OwnerKind, owner_id: String) -> Result<Vec<Attachment>, CmdError> {
    state.with_store(|s| s.attachments(owner_kind, &owner_id))
}
