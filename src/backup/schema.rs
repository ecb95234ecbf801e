//! The whole schema of a backup — tables, indexes, triggers, views, with their SQL — against
//! what a fresh database of the same version has. A missing table (`people`), a dropped
//! trigger (the append-only log) or an altered one is refused before anything is restored.

use super::{name_list, BLOB_TABLE, BLOB_TABLE_SQL};
use crate::error::{Error, Result};
use rusqlite::Connection;
use std::collections::BTreeMap;
use std::path::Path;

type Objects = BTreeMap<(String, String), Option<String>>;

fn objects(conn: &Connection) -> Result<Objects> {
    let mut stmt = conn.prepare("SELECT type, name, sql FROM sqlite_master")?;
    let rows = stmt.query_map([], |r| Ok(((r.get(0)?, r.get(1)?), r.get(2)?)))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

fn kind_zh(kind: &str) -> &'static str {
    match kind {
        "table" => "表",
        "index" => "索引",
        "trigger" => "触发器",
        "view" => "视图",
        _ => "对象",
    }
}

/// Objects a sound backup may have beyond the schema: the attachments' blob table, and the
/// statistics tables SQLite itself makes when a user runs ANALYZE.
fn allowed_extra(kind: &str, name: &str, sql: Option<&str>) -> bool {
    match (kind, name) {
        ("table", BLOB_TABLE) => sql == Some(BLOB_TABLE_SQL),
        ("index", "sqlite_autoindex_backup_attachments_1") => sql.is_none(),
        ("table", n) => n.starts_with("sqlite_stat"),
        _ => false,
    }
}

/// Refuses `conn` unless its schema is exactly that of `version` (plus the allowed extras).
pub(super) fn check(conn: &Connection, version: i64, file: &Path) -> Result<()> {
    let expected = objects(&crate::store::migrations::fresh(version)?)?;
    let found = objects(conn)?;
    let name = |(kind, name): &(String, String)| format!("{} {name}", kind_zh(kind));
    let missing: Vec<String> = expected.keys().filter(|k| !found.contains_key(*k)).map(name).collect();
    let changed: Vec<String> =
        expected.iter().filter(|(k, sql)| found.get(*k).is_some_and(|f| f != *sql)).map(|(k, _)| name(k)).collect();
    let extra: Vec<String> = found
        .iter()
        .filter(|(k, sql)| !expected.contains_key(*k) && !allowed_extra(&k.0, &k.1, sql.as_deref()))
        .map(|(k, _)| name(k))
        .collect();
    if missing.is_empty() && changed.is_empty() && extra.is_empty() {
        return Ok(());
    }
    let mut what = Vec::new();
    for (label, list) in [("缺少", &missing), ("被改动", &changed), ("多出", &extra)] {
        if !list.is_empty() {
            what.push(format!("{label}：{}", name_list(list)));
        }
    }
    Err(Error::invalid(
        "file",
        format!(
            "备份文件 {} 的数据库结构与第 {version} 版不符（{}），未恢复，当前数据未改动",
            file.display(),
            what.join("；")
        ),
    ))
}
