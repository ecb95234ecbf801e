//! 导出登记 and 文件核验: every record exported (PDF or .xlsx) is written into the change log by its
//! SHA-256 — what it was, with which filters and template, when, by whom, on which install — so
//! `walklog verify-file` and the 核验 screen can say of any file whether this system exported it
//! and whether it is unchanged. The line's id is the file's hash, so a lookup is one index seek.

use crate::error::{Error, Result};
use crate::model::Timestamp;
use crate::report::{ExportRequest, ExportSummary, Record};
use crate::store::Store;
use rusqlite::OptionalExtension;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use std::path::Path;

const ENTITY: &str = "export";
/// The largest file checked (a 2,000-task ledger is under 2 MB; an album of photos far less
/// than this).
const FILE_MAX: u64 = 512 * 1024 * 1024;

/// What an exported file was, as its change-log line keeps it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ExportedFile {
    pub sha256: String,
    pub bytes: u64,
    pub file_name: String,
    /// walk / problems / ledger / report
    pub record: String,
    /// 体验纪实表「…」/ 问题清单 / 整改台账 / 完成情况报告
    pub record_zh: String,
    pub record_id: Option<String>,
    /// The filters in words (单位、期间、状态), empty when none.
    pub filters_zh: String,
    pub template: String,
    /// pdf / xlsx
    pub format: String,
    /// Pages of a PDF; rows of a spreadsheet.
    pub pages: u64,
}

/// The answer to 「这份文件是本系统导出的吗？」.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct FileCheck {
    /// Exported here and not changed since.
    pub known: bool,
    pub sha256: String,
    pub message_zh: String,
    pub export: Option<ExportedFile>,
    #[cfg_attr(feature = "ts", ts(type = "string | null"))]
    pub exported_at: Option<Timestamp>,
    pub exported_by: Option<String>,
    pub install_id: Option<String>,
}

fn filters_zh(store: &Store, req: &ExportRequest) -> String {
    filters_zh_of(store, &req.filters)
}

/// The filters of an export in words (the 导出登记 and the 挂图's filter line).
pub(crate) fn filters_zh_of(store: &Store, f: &crate::report::Filters) -> String {
    let mut parts = Vec::new();
    if let Some(d) = &f.department_id {
        parts.push(format!("单位：{}", store.department(d).map(|d| d.name).unwrap_or_else(|_| d.clone())));
    }
    if let Some(p) = &f.period {
        parts.push(format!("期间：{}", p.label_zh()));
    }
    if let Some(s) = f.status {
        parts.push(format!("状态：{}", s.label_zh()));
    }
    if f.overdue {
        parts.push("仅超期".into());
    }
    parts.join("；")
}

impl Store {
    /// Writes an exported file's hash and what it was into the change log (called by the report
    /// module right after the file is on disk).
    pub(crate) fn register_export(&mut self, record: &Record, req: &ExportRequest, summary: &ExportSummary, bytes: &[u8]) -> Result<ExportedFile> {
        let (kind, id, zh) = match record {
            Record::Walk(id) => {
                let title = self.walk(id).map(|w| w.title).unwrap_or_default();
                ("walk", Some(id.clone()), format!("体验纪实表「{title}」"))
            }
            Record::Problems => ("problems", None, "问题清单".to_string()),
            Record::Ledger => ("ledger", None, "整改台账".to_string()),
            Record::Report => ("report", None, "完成情况报告".to_string()),
            Record::Supervision(ids) => ("supervision", (ids.len() == 1).then(|| ids[0].clone()), "督办单".to_string()),
            Record::Weekly(day) => ("weekly", Some(day.to_string()), format!("周报（{}所在周）", day.format("%Y年%-m月%-d日"))),
            Record::Chart => ("chart", None, "整改挂图".to_string()),
        };
        let xlsx = summary.path.extension().is_some_and(|e| e.eq_ignore_ascii_case("xlsx"));
        let template = match (&req.template, xlsx) {
            (_, true) => String::new(),
            (Some(p), _) => p.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default(),
            (None, _) if *record == Record::Chart => String::new(),
            (None, _) => record.builtin_template().0.to_string(),
        };
        let entry = ExportedFile {
            sha256: hex::encode(Sha256::digest(bytes)),
            bytes: bytes.len() as u64,
            file_name: summary.path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default(),
            record: kind.into(),
            record_zh: zh,
            record_id: id,
            filters_zh: filters_zh(self, req),
            template,
            format: if xlsx { "xlsx" } else { "pdf" }.into(),
            pages: summary.pages as u64,
        };
        self.write(|w| {
            w.log(ENTITY, &entry.sha256, "export", &entry)?;
            Ok(())
        })?;
        Ok(entry)
    }

    /// Is this file one this install exported, unchanged? Reads it whole and looks its SHA-256
    /// up among the exports in the change log.
    pub fn verify_file(&self, path: &Path) -> Result<FileCheck> {
        let meta = std::fs::metadata(path).map_err(|e| Error::Read { path: path.to_path_buf(), reason: e.to_string() })?;
        if !meta.is_file() {
            return Err(Error::invalid("path", "请选择一个文件（不是文件夹）"));
        }
        if meta.len() > FILE_MAX {
            return Err(Error::invalid("path", "文件过大，不是本系统导出的记录"));
        }
        // Hashed as it is read: a large file is never held whole.
        let read_failed = |e: std::io::Error| Error::Read { path: path.to_path_buf(), reason: e.to_string() };
        let mut hasher = Sha256::new();
        std::io::copy(&mut std::fs::File::open(path).map_err(read_failed)?, &mut hasher).map_err(read_failed)?;
        let sha256 = hex::encode(hasher.finalize());
        let line: Option<(String, String, String, String)> = self
            .conn()
            .prepare_cached(
                "SELECT state, at, actor, install_id FROM change_log WHERE entity = ?1 AND entity_id = ?2 ORDER BY seq LIMIT 1",
            )?
            .query_row([ENTITY, &sha256], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))
            .optional()?;
        let Some((state, at, actor, install_id)) = line else {
            return Ok(FileCheck {
                known: false,
                message_zh: format!(
                    "文件已被修改或不是本系统导出：本机的导出登记中没有这份文件（SHA-256 {}…）",
                    &sha256[..16]
                ),
                sha256,
                export: None,
                exported_at: None,
                exported_by: None,
                install_id: None,
            });
        };
        let export: ExportedFile = serde_json::from_str(&state)?;
        let at = chrono::DateTime::parse_from_rfc3339(&at).ok();
        let when = at.map(|t| t.format("%Y年%-m月%-d日 %H:%M").to_string()).unwrap_or_default();
        let who = if actor.is_empty() { "本机".to_string() } else { actor.clone() };
        let size = if export.format == "xlsx" { format!("Excel，{} 行", export.pages) } else { format!("PDF，{} 页", export.pages) };
        let filters = if export.filters_zh.is_empty() { String::new() } else { format!("，{}", export.filters_zh) };
        Ok(FileCheck {
            known: true,
            message_zh: format!("本系统于 {when} 由 {who} 导出（{}{filters}，{size}），内容未改动", export.record_zh),
            sha256,
            export: Some(export),
            exported_at: at,
            exported_by: Some(actor),
            install_id: Some(install_id),
        })
    }
}
