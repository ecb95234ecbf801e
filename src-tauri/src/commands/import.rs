//! 导入 and 核验: an exchange file previewed (新增、未变、冲突) and imported whole or not at all;
//! the change log and a printed 核验码 checked.

use tauri::State;
use walklog::exchange::{Exchange, ImportReport};
use walklog::ops::ReviewImport;

use crate::{AppState, CmdError};

fn read(path: &str) -> Result<Exchange, CmdError> {
    let bytes = std::fs::read(path.trim()).map_err(|e| {
        CmdError::from(walklog::Error::Validation { field: "path", message: format!("无法读取文件 {}：{e}。", path.trim()) })
    })?;
    Ok(Exchange::from_bytes(&bytes)?)
}

/// What importing the file would do; nothing is written.
#[tauri::command(rename_all = "snake_case")]
pub async fn preview_import(state: State<'_, AppState>, path: String) -> Result<ImportReport, CmdError> {
    let doc = read(&path)?;
    state.with_store(|s| s.preview_import(&doc))
}

/// Imports the file: every record checked as if typed in; any refusal or conflict writes nothing.
#[tauri::command(rename_all = "snake_case")]
pub async fn import_file(state: State<'_, AppState>, path: String) -> Result<ImportReport, CmdError> {
    let doc = read(&path)?;
    state.with_store(|s| s.import_exchange(&doc))
}

/// 好差评: the header row of an export, for the column-mapping step.
#[tauri::command(rename_all = "snake_case")]
pub async fn review_headers(path: String) -> Result<Vec<String>, CmdError> {
    Ok(walklog::reviews::read_table(std::path::Path::new(path.trim()))?.headers)
}

/// 好差评: the file read with the mapping (field label → header) and the import tried and rolled
/// back, so the screen shows what 导入 would add; bad lines refuse it with their numbers.
#[tauri::command(rename_all = "snake_case")]
pub async fn preview_reviews(state: State<'_, AppState>, path: String, mapping: Vec<(String, String)>) -> Result<ReviewImport, CmdError> {
    state.with_store(|s| {
        let parsed = walklog::reviews::parse_file(std::path::Path::new(path.trim()), &mapping, &s.departments()?)?;
        s.preview_reviews(&parsed)
    })
}

/// 好差评: imports the file; each new 差评 becomes a problem (source 好差评).
#[tauri::command(rename_all = "snake_case")]
pub async fn import_reviews(state: State<'_, AppState>, path: String, mapping: Vec<(String, String)>) -> Result<ReviewImport, CmdError> {
    state.with_store(|s| {
        let parsed = walklog::reviews::parse_file(std::path::Path::new(path.trim()), &mapping, &s.departments()?)?;
        s.import_reviews(&parsed)
    })
}

/// 核验: the whole change log, link by link.
#[tauri::command(rename_all = "snake_case")]
pub async fn check_chain(state: State<'_, AppState>) -> Result<walklog::store::ChainReport, CmdError> {
    state.with_store(|s| s.check_chain())
}

/// 核验: the tables against the log's latest version of every record, and this database's
/// chain head to write down.
#[derive(Debug, serde::Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct TablesCheck {
    pub differences: Vec<walklog::audit::TableDifference>,
    pub anchor: Option<String>,
}

#[tauri::command(rename_all = "snake_case")]
pub async fn check_tables(state: State<'_, AppState>) -> Result<TablesCheck, CmdError> {
    state.with_store(|s| Ok(TablesCheck { differences: s.check_tables()?, anchor: s.chain_anchor()? }))
}

/// 核验: a chain head written down or printed earlier (「链头 第 N 条 · …」) — does the log still
/// hold that very line?
#[tauri::command(rename_all = "snake_case")]
pub async fn check_anchor(state: State<'_, AppState>, anchor: String) -> Result<walklog::anchor::AnchorCheck, CmdError> {
    state.with_store(|s| s.anchor_verdict(&anchor))
}

/// 核验: a 核验码 from a printed record.
#[tauri::command(rename_all = "snake_case")]
pub async fn check_code(state: State<'_, AppState>, code: String) -> Result<CodeView, CmdError> {
    state.with_store(|s| {
        let check = s.check_code(&code)?;
        Ok(CodeView { sentence_zh: check.verdict.sentence_zh(&check.code), check })
    })
}

/// 核验: an exported file (PDF or .xlsx) — exported here, unchanged? Only its hash is read out.
#[tauri::command(rename_all = "snake_case")]
pub async fn verify_file(state: State<'_, AppState>, path: String) -> Result<walklog::exports::FileCheck, CmdError> {
    state.with_store(|s| s.verify_file(std::path::Path::new(path.trim())))
}

/// A code's check with its verdict in a sentence.
#[derive(Debug, serde::Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct CodeView {
    pub check: walklog::verify::CodeCheck,
    pub sentence_zh: String,
}
