//! Facts about the running app, the current user, and small UI state kept in the database.

use serde::Serialize;
use tauri::State;
use walklog::model::Person;

use crate::state::{current_user as read_current_user, CURRENT_USER_KEY};
use crate::{AppState, CmdError};

#[derive(Debug, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct AppInfo {
    pub version: String,
    pub db_path: String,
    /// Where attachments and exports live (beside the database).
    pub data_dir: String,
}

#[tauri::command]
pub async fn app_info(state: State<'_, AppState>) -> Result<AppInfo, CmdError> {
    let data_dir = state.with_store(|s| Ok(s.data_dir()))?;
    Ok(AppInfo {
        version: env!("CARGO_PKG_VERSION").to_string(),
        db_path: state.db_path()?.display().to_string(),
        data_dir: data_dir.display().to_string(),
    })
}

/// 设置 → 关于: what the program is and where its data lives, for a support call or an audit.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct About {
    pub version: String,
    pub licence: String,
    pub data_dir: String,
    pub db_path: String,
    pub templates_dir: String,
    /// This install's id (本机编号): the office's roster and the change log name it.
    pub install_id: String,
    /// The CJK font the PDF records embed, and its licence; None when none is found.
    pub font_path: Option<String>,
    pub font_licence: Option<String>,
}

#[tauri::command]
pub async fn about(state: State<'_, AppState>) -> Result<About, CmdError> {
    let db_path = state.db_path()?.display().to_string();
    state.with_store(|s| {
        let font_path = walklog::report::FontChoice::of_store(s).and_then(|c| walklog::report::fonts::locate(&c)).ok();
        Ok(About {
            version: env!("CARGO_PKG_VERSION").to_string(),
            licence: env!("CARGO_PKG_LICENSE").to_string(),
            data_dir: s.data_dir().display().to_string(),
            db_path,
            templates_dir: s.templates_dir().display().to_string(),
            install_id: s.install_id().to_string(),
            font_licence: font_path.as_deref().map(|p| walklog::report::fonts::licence_of(p).to_string()),
            font_path: font_path.map(|p| p.display().to_string()),
        })
    })
}

#[tauri::command(rename_all = "snake_case")]
pub async fn current_user(state: State<'_, AppState>) -> Result<Option<Person>, CmdError> {
    state.with_store(|s| read_current_user(s))
}

/// "Who am I": later writes are logged under this person's name; 销号 and 退回 need the 党建办 role.
#[tauri::command(rename_all = "snake_case")]
pub async fn set_current_user(state: State<'_, AppState>, person_id: String) -> Result<Person, CmdError> {
    state.with_store(|s| {
        let person = s.person(&person_id)?;
        s.set_setting(CURRENT_USER_KEY, &person.id)?;
        s.set_actor(person.name.clone());
        Ok(person)
    })
}

/// UI state (last screen, window size) lives in the database's settings under `ui.`, so each
/// database, and each test's temp database, keeps its own.
fn ui_key(key: &str) -> Result<String, CmdError> {
    let ok = !key.is_empty() && key.len() <= 64 && key.chars().all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '.');
    if ok {
        Ok(format!("ui.{key}"))
    } else {
        Err(walklog::Error::Validation { field: "key", message: format!("界面设置项名称无效：{key}") }.into())
    }
}

#[tauri::command(rename_all = "snake_case")]
pub async fn ui_state(state: State<'_, AppState>, key: String) -> Result<Option<String>, CmdError> {
    let key = ui_key(&key)?;
    state.with_store(|s| s.setting(&key))
}

#[tauri::command(rename_all = "snake_case")]
pub async fn set_ui_state(state: State<'_, AppState>, key: String, value: String) -> Result<(), CmdError> {
    let key = ui_key(&key)?;
    state.with_store(|s| s.set_setting(&key, &value))
}

/// The font for PDF records (设置 → 字体): `PATH` or `PATH#INDEX`; empty = the system's CJK font.
#[tauri::command(rename_all = "snake_case")]
pub async fn report_font(state: State<'_, AppState>) -> Result<String, CmdError> {
    state.with_store(|s| Ok(s.setting("font")?.unwrap_or_default()))
}

#[tauri::command(rename_all = "snake_case")]
pub async fn set_report_font(state: State<'_, AppState>, spec: String) -> Result<(), CmdError> {
    let spec = spec.trim().to_string();
    if !spec.is_empty() {
        // Refuse a path that does not exist now, rather than at the next export.
        let path = spec.rsplit_once('#').map(|(p, _)| p).unwrap_or(&spec);
        if !std::path::Path::new(path).is_file() {
            return Err(walklog::Error::Validation { field: "font", message: format!("找不到字体文件：{path}") }.into());
        }
    }
    state.with_store(|s| s.set_setting("font", &spec))
}
