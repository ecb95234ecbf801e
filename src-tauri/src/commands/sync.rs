//! 本机身份, 单位名录, 报送与接收 and 冲突: many installs, one programme. Each command calls one
//! core function (src/sync); files come from the dialog (or a path typed beside it) and are read
//! or written here, the way 导入 and 导出 do it.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::Serialize;
use tauri::State;
use walklog::sync::bundle::{BundleReport, ExportedBundle, PeerStatus, EXTENSION};
use walklog::sync::conflicts::Conflict;
use walklog::sync::roster::RosterImport;
use walklog::sync::{IdentityView, InitRequest, RosterEntry};
use walklog::Error;

use super::ExportedFiles;
use crate::{AppState, CmdError};

/// What the window needs at start: who this install is (None: stand-alone), whether the
/// database is still empty (then the first-run screen shows), and the records in conflict.
#[derive(Debug, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct InstallState {
    pub identity: Option<IdentityView>,
    pub empty: bool,
    pub conflicts: u32,
    /// The data was loaded as 演示数据 on this install (it stays stand-alone).
    pub demo: bool,
}

/// The setting that marks a database whose records are the demo's (the banner says so).
pub(crate) const DEMO_KEY: &str = "ui.demo";

/// A file this install wrote for another one (登记文件, 单位名录文件).
#[derive(Debug, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct FileWritten {
    pub path: String,
    pub bytes: u64,
}

#[tauri::command(rename_all = "snake_case")]
pub async fn install_state(state: State<'_, AppState>) -> Result<InstallState, CmdError> {
    state.with_store(|s| {
        Ok(InstallState {
            identity: s.identity_view()?,
            empty: s.is_empty()?,
            conflicts: if s.identity().is_some() { s.conflict_count()? } else { 0 },
            demo: s.setting(DEMO_KEY)?.is_some_and(|v| v == "1"),
        })
    })
}

/// 首次设置: 单位端 or 党建办端, the unit, who uses it. Refused once set.
#[tauri::command(rename_all = "snake_case")]
pub async fn init_identity(state: State<'_, AppState>, request: InitRequest) -> Result<IdentityView, CmdError> {
    state.with_store(|s| {
        let view = s.init_identity(&request)?;
        // The user chosen or created is now the current user: later writes carry their name.
        if let Some(me) = crate::state::current_user(s)? {
            s.set_actor(me.name);
        }
        Ok(view)
    })
}

fn read(path: &str, what: &str) -> Result<Vec<u8>, CmdError> {
    let path = path.trim();
    if path.is_empty() {
        return Err(Error::Validation { field: "path", message: format!("请选择{what}") }.into());
    }
    std::fs::read(path).map_err(|e| Error::Validation { field: "path", message: format!("无法读取文件 {path}：{e}") }.into())
}

/// A name made of a unit's name that stays one file name: no separators, no `..`, no control
/// characters, not too long.
pub(crate) fn file_part(name: &str) -> String {
    let cleaned: String = name
        .trim()
        .chars()
        .map(|c| if c.is_control() || matches!(c, '/' | '\\' | ':' | '*' | '?' | '"' | '<' | '>' | '|') { '_' } else { c })
        .take(40)
        .collect();
    let cleaned = cleaned.trim_matches(|c: char| c == '.' || c.is_whitespace()).to_string();
    if cleaned.is_empty() { "单位".to_string() } else { cleaned }
}

/// Where a file goes: the path the user chose, or `name` in the exports folder when none was.
fn target(state: &AppState, path: Option<String>, name: impl FnOnce(&walklog::Store) -> walklog::Result<String>) -> Result<PathBuf, CmdError> {
    match path.map(|p| p.trim().to_string()).filter(|p| !p.is_empty()) {
        Some(p) => Ok(PathBuf::from(p)),
        None => state.with_store(|s| Ok(s.exports_dir()?.join(name(s)?))),
    }
}

fn stamp(s: &walklog::Store) -> String {
    s.now().format("%Y%m%d-%H%M%S").to_string()
}

fn write(exported: &ExportedFiles, path: &Path, bytes: &[u8]) -> Result<FileWritten, CmdError> {
    walklog::files::write_atomic(path, bytes)?;
    exported.remember(path);
    Ok(FileWritten { path: path.display().to_string(), bytes: bytes.len() as u64 })
}

/// 单位端: the enrolment file for the office, to `path` or into the exports folder.
#[tauri::command(rename_all = "snake_case")]
pub async fn enrolment_export(
    state: State<'_, AppState>,
    exported: State<'_, ExportedFiles>,
    path: Option<String>,
) -> Result<FileWritten, CmdError> {
    let bytes = state.with_store(|s| s.enrolment_export())?;
    let to = target(&state, path, |s| {
        let unit = s.identity_view()?.map(|v| v.department_name).unwrap_or_default();
        Ok(format!("登记文件_{}_{}.json", file_part(&unit), stamp(s)))
    })?;
    write(&exported, &to, &bytes)
}

/// 党建办端: a unit's enrolment file read; the unit is listed 待批准.
#[tauri::command(rename_all = "snake_case")]
pub async fn roster_enrol(state: State<'_, AppState>, path: String) -> Result<RosterEntry, CmdError> {
    let bytes = read(&path, "单位的登记文件")?;
    state.with_store(|s| s.roster_enrol(&bytes))
}

/// 批准 (after comparing the fingerprint with the unit by phone; the UI asks first).
#[tauri::command(rename_all = "snake_case")]
pub async fn roster_approve(state: State<'_, AppState>, install_id: String) -> Result<RosterEntry, CmdError> {
    state.with_store(|s| s.roster_approve(&install_id))
}

/// 吊销: later bundles from that install are refused; what it sent stays.
#[tauri::command(rename_all = "snake_case")]
pub async fn roster_revoke(state: State<'_, AppState>, install_id: String) -> Result<RosterEntry, CmdError> {
    state.with_store(|s| s.roster_revoke(&install_id))
}

#[tauri::command(rename_all = "snake_case")]
pub async fn roster(state: State<'_, AppState>) -> Result<Vec<RosterEntry>, CmdError> {
    state.with_store(|s| s.roster())
}

/// 党建办端: the signed roster file for the units.
#[tauri::command(rename_all = "snake_case")]
pub async fn roster_export(
    state: State<'_, AppState>,
    exported: State<'_, ExportedFiles>,
    path: Option<String>,
) -> Result<FileWritten, CmdError> {
    let bytes = state.with_store(|s| s.roster_export())?;
    let to = target(&state, path, |s| Ok(format!("单位名录_{}.json", stamp(s))))?;
    write(&exported, &to, &bytes)
}

/// 单位端: the office's roster file; its key is pinned on the first import.
#[tauri::command(rename_all = "snake_case")]
pub async fn roster_import(state: State<'_, AppState>, path: String) -> Result<RosterImport, CmdError> {
    let bytes = read(&path, "党建办的单位名录文件")?;
    state.with_store(|s| s.roster_import(&bytes))
}

fn peer(to: Option<String>) -> Option<String> {
    to.map(|t| t.trim().to_string()).filter(|t| !t.is_empty())
}

/// What the next bundle for `to` would hold (a unit: None, its office), nothing written.
#[tauri::command(rename_all = "snake_case")]
pub async fn bundle_preview(state: State<'_, AppState>, to: Option<String>) -> Result<ExportedBundle, CmdError> {
    let to = peer(to);
    state.with_store(|s| s.bundle_preview(to.as_deref()))
}

/// Writes the bundle for `to`: into the folder `path` names (with its own file name), to the
/// file `path` names (ending .wlbundle), or into the exports folder when `path` is empty.
#[tauri::command(rename_all = "snake_case")]
pub async fn bundle_export(
    state: State<'_, AppState>,
    exported: State<'_, ExportedFiles>,
    to: Option<String>,
    path: Option<String>,
) -> Result<ExportedBundle, CmdError> {
    let to = peer(to);
    let chosen = path.map(|p| p.trim().to_string()).filter(|p| !p.is_empty()).map(PathBuf::from);
    let out = state.with_store_report(|s| {
        let name = || -> Result<String, CmdError> {
            let preview = s.bundle_preview(to.as_deref())?;
            let me = s.identity_view()?.map(|v| v.department_name).unwrap_or_default();
            Ok(format!(
                "报送包_{}至{}_第{}号_{}.{EXTENSION}",
                file_part(&me),
                file_part(&preview.to_department),
                preview.counter,
                stamp(s)
            ))
        };
        Ok(match chosen {
            Some(dir) if dir.is_dir() => dir.join(name()?),
            Some(file) => {
                if file.extension().and_then(|e| e.to_str()).is_none_or(|e| !e.eq_ignore_ascii_case(EXTENSION)) {
                    return Err(Error::Validation { field: "path", message: format!("报送包的文件名须以 .{EXTENSION} 结尾") }.into());
                }
                file
            }
            None => s.exports_dir()?.join(name()?),
        })
    })?;
    let done = state.with_store(|s| s.bundle_export(to.as_deref(), &out))?;
    exported.remember(Path::new(&done.path));
    Ok(done)
}

/// Reads, checks and replays a bundle: 新增/更新/未变/冲突; a refused one changes nothing and
/// says every reason.
#[tauri::command(rename_all = "snake_case")]
pub async fn bundle_import(state: State<'_, AppState>, path: String) -> Result<BundleReport, CmdError> {
    let path = path.trim().to_string();
    if path.is_empty() {
        return Err(Error::Validation { field: "path", message: "请选择报送包文件".into() }.into());
    }
    state.with_store(|s| s.bundle_import(Path::new(&path)))
}

/// Per peer: bundles sent and received, and lines not yet acknowledged.
#[tauri::command(rename_all = "snake_case")]
pub async fn bundle_status(state: State<'_, AppState>) -> Result<Vec<PeerStatus>, CmdError> {
    state.with_store(|s| s.bundle_status())
}

/// Every record in conflict, its versions side by side.
#[tauri::command(rename_all = "snake_case")]
pub async fn conflicts(state: State<'_, AppState>) -> Result<Vec<Conflict>, CmdError> {
    state.with_store(|s| s.conflicts())
}

/// Resolves one record: every field from `keep`, except those in `picks` (field → version).
/// Returns the conflicts left.
#[tauri::command(rename_all = "snake_case")]
pub async fn resolve_conflict(
    state: State<'_, AppState>,
    entity: String,
    id: String,
    keep: String,
    picks: Option<BTreeMap<String, String>>,
) -> Result<Vec<Conflict>, CmdError> {
    let picks = picks.unwrap_or_default();
    state.with_store(|s| {
        s.resolve_conflict(&entity, &id, &keep, &picks)?;
        s.conflicts()
    })
}

#[cfg(test)]
mod tests {
    use super::file_part;

    #[test]
    fn unit_names_stay_one_file_name() {
        assert_eq!(file_part("市医疗保障局"), "市医疗保障局");
        assert_eq!(file_part("../../etc/passwd"), "_.._etc_passwd");
        assert_eq!(file_part(".."), "单位");
        assert_eq!(file_part("  "), "单位");
        assert_eq!(file_part("a\\b:c\nd"), "a_b_c_d");
        assert!(file_part(&"长".repeat(100)).chars().count() <= 40);
    }
}
