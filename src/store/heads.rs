//! The current versions of every replicated record (`record_heads`). A change replaces the
//! versions it was based on by the one it makes; two changes based on the same version leave two
//! heads: a conflict (冲突), kept until a person resolves it. Which head the record's row shows
//! is decided the same way everywhere (the later change, ties by version), so all installs that
//! hold the same changes show the same thing.

use crate::error::Result;
use rusqlite::Connection;

/// A head's time in UTC with a fixed width, so text order is time order whatever the offset.
pub(crate) fn utc(at: &str) -> String {
    chrono::DateTime::parse_from_rfc3339(at)
        .map(|t| t.with_timezone(&chrono::Utc).format("%Y-%m-%dT%H:%M:%S%.6fZ").to_string())
        .unwrap_or_else(|_| at.to_string())
}

/// Every head of a record, the winner first.
pub(crate) fn all(conn: &Connection, entity: &str, id: &str) -> Result<Vec<String>> {
    // Ordered here, not by SQL: a record has one head or none (every record an import writes
    // asks), and an ORDER BY that no index serves set up a sorter for each of them.
    let mut stmt = conn.prepare_cached("SELECT at, version FROM record_heads WHERE entity = ?1 AND entity_id = ?2")?;
    let mut list: Vec<(String, String)> = stmt.query_map((entity, id), |r| Ok((r.get(0)?, r.get(1)?)))?.collect::<rusqlite::Result<_>>()?;
    list.sort_unstable_by(|a, b| b.cmp(a));
    Ok(list.into_iter().map(|(_, version)| version).collect())
}

pub(crate) fn advance(conn: &Connection, entity: &str, id: &str, base: &[String], version: &str, at: &str) -> Result<()> {
    for b in base {
        conn.prepare_cached("DELETE FROM record_heads WHERE entity = ?1 AND entity_id = ?2 AND version = ?3")?
            .execute((entity, id, b))?;
    }
    conn.prepare_cached("INSERT OR IGNORE INTO record_heads(entity, entity_id, version, at) VALUES (?1, ?2, ?3, ?4)")?
        .execute((entity, id, version, utc(at)))?;
    Ok(())
}

/// Records written before versions existed: each one's latest line is its version.
pub(crate) fn backfill(conn: &Connection) -> Result<()> {
    let mut stmt = conn.prepare(
        "SELECT entity, entity_id, origin_hash, at FROM change_log c
         WHERE seq = (SELECT max(seq) FROM change_log d WHERE d.entity = c.entity AND d.entity_id = c.entity_id)",
    )?;
    let rows: Vec<(String, String, String, String)> =
        stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))?.collect::<rusqlite::Result<_>>()?;
    for (entity, id, version, at) in rows {
        if crate::sync::is_replicated(&entity) {
            advance(conn, &entity, &id, &[], &version, &at)?;
        }
    }
    Ok(())
}

/// Records with more than one head.
pub(crate) fn conflicted(conn: &Connection) -> Result<Vec<(String, String)>> {
    let mut stmt = conn.prepare_cached(
        "SELECT entity, entity_id FROM record_heads GROUP BY entity, entity_id HAVING count(*) > 1 ORDER BY entity, entity_id",
    )?;
    let list = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?.collect::<rusqlite::Result<_>>()?;
    Ok(list)
}
