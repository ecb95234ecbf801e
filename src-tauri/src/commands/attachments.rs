//! Evidence and photos: a file chosen in the dialog (or dropped on the window) is read here and
//! stored by the core once per content, as they are; a photo's EXIF time and place are read by the core.
//! The lists come with each photo's presence verdict (taken during its step or not).

use std::io::Read;
use std::path::PathBuf;

use tauri::State;
use walklog::model::{OwnerKind, Timestamp};
use walklog::photo::presence::AttachmentView;
use walklog::ops::{NewAttachment, ATTACHMENT_MAX_BYTES};

use crate::{AppState, CmdError};

/// When the file was last modified, as the best available "taken at" for a photo.
fn modified_at(path: &std::path::Path) -> Option<Timestamp> {
    let modified = std::fs::metadata(path).ok()?.modified().ok()?;
    let local: chrono::DateTime<chrono::Local> = modified.into();
    Some(local.fixed_offset())
}

/// The core's own refusal of a file over the limit (same code, field and words).
fn too_large() -> walklog::Error {
    walklog::Error::Validation { field: "file_name", message: "文件超过 50 MB，请压缩后再添加。".into() }
}

#[tauri::command(rename_all = "snake_case")]
pub async fn attach_file(
    state: State<'_, AppState>,
    owner_kind: OwnerKind,
    owner_id: String,
    path: String,
) -> Result<AttachmentView, CmdError> {
    let path = PathBuf::from(path);
    let read_err = |e: std::io::Error| CmdError::from(walklog::Error::Read { path: path.clone(), reason: e.to_string() });
    // The size first: a 5 GB video chosen by mistake must not be read into memory to be refused.
    let size = std::fs::metadata(&path).map_err(read_err)?.len();
    if size > ATTACHMENT_MAX_BYTES as u64 {
        return Err(too_large().into());
    }
    // Never more than the limit and one byte, even if the file grows meanwhile (the core refuses that).
    let mut bytes = Vec::with_capacity(size as usize);
    std::fs::File::open(&path)
        .and_then(|f| f.take(ATTACHMENT_MAX_BYTES as u64 + 1).read_to_end(&mut bytes))
        .map_err(read_err)?;
    let file_name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let ext = path.extension().map(|e| e.to_string_lossy().to_ascii_lowercase()).unwrap_or_default();
    if matches!(ext.as_str(), "jpg" | "jpeg" | "png") {
        // Photos keep their bytes and their EXIF time and place (the core's photo module).
        return state.with_store(|s| {
            let a = s.attach_photo(owner_kind, &owner_id, &file_name, &bytes, "")?;
            s.attachment_view(a)
        });
    }
    let taken_at = modified_at(&path);
    state.with_store(|s| {
        let a = s.attach(NewAttachment { owner_kind, owner_id, file_name, bytes, caption: String::new(), taken_at })?;
        s.attachment_view(a)
    })
}

#[tauri::command(rename_all = "snake_case")]
pub async fn attachments(state: State<'_, AppState>, owner_kind: OwnerKind, owner_id: String) -> Result<Vec<AttachmentView>, CmdError> {
    state.with_store(|s| s.attachment_views(owner_kind, &owner_id))
}
