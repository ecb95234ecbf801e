//! The change log: append-only, one line per change, each line carrying the SHA-256 of the
//! previous one, so any later edit or deletion of history breaks the chain where it happened.
//!
//! Two chains run through it. The local chain (`seq`, `prev_hash`, `hash`) links every line this
//! database holds, in the order it received them. The origin chain (`install_id`,
//! `install_seq`, `origin_prev`, `origin_hash`) links the lines one install made, in the order it
//! made them; it is the same on every install that holds them, so a segment relayed elsewhere is
//! still checked against its origin's signed checkpoint. `origin_hash` is also the record
//! version the line produced (`base` names the versions it was based on).

use crate::error::Result;
use crate::model::Timestamp;
use rusqlite::{Connection, OptionalExtension};
use serde::Serialize;
use sha2::{Digest, Sha256};

/// The `prev_hash` of the first line.
pub const GENESIS: &str = "0000000000000000000000000000000000000000000000000000000000000000";

#[derive(Debug, Clone, Serialize)]
pub struct ChangeEntry {
    pub seq: i64,
    pub install_id: String,
    pub install_seq: i64,
    pub at: String,
    pub actor: String,
    pub entity: String,
    pub entity_id: String,
    pub action: String,
    pub state: String,
    pub prev_hash: String,
    pub hash: String,
    /// The origin hash of the same install's previous line (`GENESIS` for its first).
    pub origin_prev: String,
    pub origin_hash: String,
    /// JSON list of the record versions this change was based on.
    pub base: String,
}

/// The action of a line whose content its origin did not send here (settings, another unit's
/// records): only its place in the origin chain is kept.
pub const REDACTED: &str = "redacted";

impl ChangeEntry {
    /// The hash this line must carry, computed from its content and its predecessor's hash.
    pub fn expected_hash(&self) -> String {
        line_hash(
            &self.prev_hash,
            self.seq,
            &self.install_id,
            self.install_seq,
            &self.at,
            &self.actor,
            &self.entity,
            &self.entity_id,
            &self.action,
            &self.state,
        )
    }

    /// The origin hash this line must carry (not checkable for a redacted line).
    pub fn expected_origin_hash(&self) -> String {
        origin_hash(&OriginLine {
            install_id: &self.install_id,
            install_seq: self.install_seq,
            at: &self.at,
            actor: &self.actor,
            entity: &self.entity,
            entity_id: &self.entity_id,
            action: &self.action,
            state: &self.state,
            base: &self.base,
            origin_prev: &self.origin_prev,
        })
    }
}

/// What an origin hash covers: everything the origin wrote, nothing the receiver adds.
pub struct OriginLine<'a> {
    pub install_id: &'a str,
    pub install_seq: i64,
    pub at: &'a str,
    pub actor: &'a str,
    pub entity: &'a str,
    pub entity_id: &'a str,
    pub action: &'a str,
    pub state: &'a str,
    pub base: &'a str,
    pub origin_prev: &'a str,
}

pub fn origin_hash(l: &OriginLine<'_>) -> String {
    let mut h = Sha256::new();
    h.update(b"walklog-origin/1");
    h.update([0xff]);
    let seq = l.install_seq.to_string();
    for part in [l.origin_prev, l.install_id, &seq, l.at, l.actor, l.entity, l.entity_id, l.action, l.state, l.base] {
        h.update(part.as_bytes());
        h.update([0xff]);
    }
    hex::encode(h.finalize())
}

#[allow(clippy::too_many_arguments)]
fn line_hash(
    prev: &str,
    seq: i64,
    install_id: &str,
    install_seq: i64,
    at: &str,
    actor: &str,
    entity: &str,
    entity_id: &str,
    action: &str,
    state: &str,
) -> String {
    let mut h = Sha256::new();
    // Fields are separated by a byte that cannot occur in UTF-8 text, so no two lines collide.
    for part in [prev, &seq.to_string(), install_id, &install_seq.to_string(), at, actor, entity, entity_id, action, state] {
        h.update(part.as_bytes());
        h.update([0xff]);
    }
    hex::encode(h.finalize())
}

/// The end of the chain as a transaction last left it. The writer keeps it in memory for the
/// length of one transaction (which holds the write lock), so appending many lines in one
/// transaction (an import) costs no lookups after the first.
#[derive(Debug, Clone)]
pub(super) struct ChainHead {
    seq: i64,
    hash: String,
    /// The last per-install sequence number of this install, and its origin hash.
    install_seq: i64,
    origin_hash: String,
}

fn read_head(conn: &Connection, install_id: &str) -> Result<ChainHead> {
    let last: Option<(i64, String)> = conn
        .prepare_cached("SELECT seq, hash FROM change_log ORDER BY seq DESC LIMIT 1")?
        .query_row([], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?;
    let (seq, hash) = last.unwrap_or((0, GENESIS.to_string()));
    let (install_seq, origin_hash) = origin_head(conn, install_id)?;
    Ok(ChainHead { seq, hash, install_seq, origin_hash })
}

/// The last sequence number and origin hash this database holds of `origin`'s chain
/// (0 and `GENESIS` when it holds none).
pub fn origin_head(conn: &Connection, origin: &str) -> Result<(i64, String)> {
    let last: Option<(i64, Option<String>)> = conn
        .prepare_cached("SELECT install_seq, origin_hash FROM change_log WHERE install_id = ?1 ORDER BY install_seq DESC LIMIT 1")?
        .query_row([origin], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?;
    Ok(match last {
        Some((seq, hash)) => (seq, hash.unwrap_or_else(|| GENESIS.to_string())),
        None => (0, GENESIS.to_string()),
    })
}

/// One line this install writes now.
pub(super) struct LocalLine<'a> {
    pub install_id: &'a str,
    pub actor: &'a str,
    pub now: &'a Timestamp,
    pub entity: &'a str,
    pub entity_id: &'a str,
    pub action: &'a str,
    pub state: &'a str,
    pub base: &'a str,
}

/// Appends a line of this install's own; returns its origin hash (the version it makes).
pub(super) fn append(conn: &Connection, head: &mut Option<ChainHead>, l: &LocalLine<'_>) -> Result<String> {
    let mut last = match head.take() {
        Some(h) => h,
        None => read_head(conn, l.install_id)?,
    };
    let install_seq = last.install_seq + 1;
    let mut line = ChangeEntry {
        seq: 0,
        install_id: l.install_id.to_string(),
        install_seq,
        at: l.now.to_rfc3339(),
        actor: l.actor.to_string(),
        entity: l.entity.to_string(),
        entity_id: l.entity_id.to_string(),
        action: l.action.to_string(),
        state: l.state.to_string(),
        prev_hash: String::new(),
        hash: String::new(),
        origin_prev: last.origin_hash.clone(),
        origin_hash: String::new(),
        base: l.base.to_string(),
    };
    line.origin_hash = line.expected_origin_hash();
    let origin = line.origin_hash.clone();
    last.origin_hash = origin.clone();
    last.install_seq = install_seq;
    insert(conn, &mut last, line)?;
    *head = Some(last);
    Ok(origin)
}

/// Appends a line another install made (its origin fields as they came, already checked);
/// only the local chain fields are this database's.
pub(super) fn append_replicated(conn: &Connection, head: &mut Option<ChainHead>, own: &str, line: ChangeEntry) -> Result<()> {
    let mut last = match head.take() {
        Some(h) => h,
        None => read_head(conn, own)?,
    };
    insert(conn, &mut last, line)?;
    *head = Some(last);
    Ok(())
}

fn insert(conn: &Connection, last: &mut ChainHead, mut e: ChangeEntry) -> Result<()> {
    e.seq = last.seq + 1;
    e.prev_hash = last.hash.clone();
    e.hash = e.expected_hash();
    conn.prepare_cached(
        "INSERT INTO change_log(seq, install_id, install_seq, at, actor, entity, entity_id, action, state, prev_hash, hash,
             origin_prev, origin_hash, base)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)",
    )?
    .execute(rusqlite::params![
        e.seq, e.install_id, e.install_seq, e.at, e.actor, e.entity, e.entity_id, e.action, e.state, e.prev_hash, e.hash,
        e.origin_prev, e.origin_hash, e.base
    ])?;
    // Only a line that really went in moves the head; on error the caller's head stays unset
    // and the transaction rolls back anyway.
    last.seq = e.seq;
    last.hash = e.hash;
    Ok(())
}

/// Fills the origin chain of lines written before it existed (migration 4), per install in
/// the order it wrote them.
pub(crate) fn backfill_origin(conn: &Connection) -> Result<()> {
    let mut stmt = conn.prepare(&format!(
        "SELECT {ENTRY_COLS} FROM change_log WHERE origin_hash IS NULL OR origin_hash = '' ORDER BY install_id, install_seq"
    ))?;
    let lines: Vec<ChangeEntry> = stmt.query_map([], entry)?.collect::<rusqlite::Result<_>>()?;
    if lines.is_empty() {
        return Ok(());
    }
    // The log is append-only by trigger (0001); the new columns are filled once, inside the
    // migration's transaction, and the trigger put back exactly as 0001 made it.
    conn.execute_batch("DROP TRIGGER change_log_no_update;")?;
    let mut prev: Option<(String, String)> = None;
    for mut e in lines {
        e.origin_prev = match &prev {
            Some((install, hash)) if *install == e.install_id => hash.clone(),
            _ => GENESIS.to_string(),
        };
        e.origin_hash = e.expected_origin_hash();
        conn.execute(
            "UPDATE change_log SET origin_prev = ?1, origin_hash = ?2 WHERE seq = ?3",
            (&e.origin_prev, &e.origin_hash, e.seq),
        )?;
        prev = Some((e.install_id, e.origin_hash));
    }
    conn.execute_batch(
        "CREATE TRIGGER change_log_no_update BEFORE UPDATE ON change_log
BEGIN SELECT RAISE(ABORT, 'change log is append-only'); END;",
    )?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A database of schema 3 with change-log lines opens, migrates and keeps an intact chain,
    /// its lines now with their origin chain (the append-only trigger is back afterwards).
    #[test]
    fn older_lines_get_their_origin_chain_on_migration() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("old.db");
        {
            let conn = Connection::open(&path).unwrap();
            crate::store::register_functions(&conn).unwrap();
            let tx = rusqlite::Transaction::new_unchecked(&conn, rusqlite::TransactionBehavior::Exclusive).unwrap();
            crate::store::migrations::run_to(&tx, 3).unwrap();
            tx.execute("INSERT INTO settings(key, value) VALUES ('install_id', 'old-install')", []).unwrap();
            let mut prev = GENESIS.to_string();
            for seq in 1..=3 {
                let state = format!("{{\"id\":\"d{seq}\",\"name\":\"单位{seq}\",\"level\":\"street\",\"parent_id\":null}}");
                let hash = line_hash(&prev, seq, "old-install", seq, "2026-01-01T09:00:00+08:00", "旧版", "department", &format!("d{seq}"), "save", &state);
                tx.execute(
                    "INSERT INTO departments(id, name, level) VALUES (?1, ?2, 'street')",
                    (format!("d{seq}"), format!("单位{seq}")),
                )
                .unwrap();
                tx.execute(
                    "INSERT INTO change_log(seq, install_id, install_seq, at, actor, entity, entity_id, action, state, prev_hash, hash)
                     VALUES (?1, 'old-install', ?1, '2026-01-01T09:00:00+08:00', '旧版', 'department', ?2, 'save', ?3, ?4, ?5)",
                    rusqlite::params![seq, format!("d{seq}"), state, prev, hash],
                )
                .unwrap();
                prev = hash;
            }
            tx.commit().unwrap();
        }
        let store = crate::Store::open(&path).unwrap();
        let report = verify_chain(store.conn()).unwrap();
        assert!(report.is_intact(), "{report:?}");
        assert_eq!(report.entries, 3);
        let filled: i64 =
            store.conn().query_row("SELECT count(*) FROM change_log WHERE origin_hash IS NOT NULL", [], |r| r.get(0)).unwrap();
        assert_eq!(filled, 3);
        assert!(store.conn().execute("UPDATE change_log SET actor = 'x' WHERE seq = 1", []).is_err(), "append-only again");
    }
}

/// What `walklog verify` reports.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ChainReport {
    pub entries: i64,
    /// The first broken line and why, if any.
    pub first_broken: Option<(i64, String)>,
    pub last_hash: String,
}

impl ChainReport {
    pub fn is_intact(&self) -> bool {
        self.first_broken.is_none()
    }
}

/// The columns of a change-log line, in `ChangeEntry` order.
pub(crate) const ENTRY_COLS: &str =
    "seq, install_id, install_seq, at, actor, entity, entity_id, action, state, prev_hash, hash, origin_prev, origin_hash, base";

pub(crate) fn entry(r: &rusqlite::Row) -> rusqlite::Result<ChangeEntry> {
    Ok(ChangeEntry {
        seq: r.get(0)?,
        install_id: r.get(1)?,
        install_seq: r.get(2)?,
        at: r.get(3)?,
        actor: r.get(4)?,
        entity: r.get(5)?,
        entity_id: r.get(6)?,
        action: r.get(7)?,
        state: r.get(8)?,
        prev_hash: r.get(9)?,
        hash: r.get(10)?,
        origin_prev: r.get::<_, Option<String>>(11)?.unwrap_or_default(),
        origin_hash: r.get::<_, Option<String>>(12)?.unwrap_or_default(),
        base: r.get(13)?,
    })
}

/// Every line of the log in order (tools and tests; `verify_chain` streams instead).
pub fn read_lines(conn: &Connection) -> Result<Vec<ChangeEntry>> {
    let mut stmt = conn.prepare(&format!("SELECT {ENTRY_COLS} FROM change_log ORDER BY seq"))?;
    let lines = stmt.query_map([], entry)?.collect::<rusqlite::Result<_>>()?;
    Ok(lines)
}

/// Walks the whole chain from the first line and reports the first broken link.
pub fn verify_chain(conn: &Connection) -> Result<ChainReport> {
    let mut stmt = conn.prepare(&format!("SELECT {ENTRY_COLS} FROM change_log ORDER BY seq"))?;
    let mut rows = stmt.query([])?;
    let mut prev = GENESIS.to_string();
    let mut expected_seq = 1;
    let mut entries = 0;
    while let Some(r) = rows.next()? {
        let e = entry(r)?;
        entries += 1;
        let broken = if e.seq != expected_seq {
            Some(format!("序号不连续（应为 {expected_seq}），有记录被删除"))
        } else if e.prev_hash != prev {
            Some("与上一条记录的哈希不符，上一条记录被改动或删除".to_string())
        } else if e.expected_hash() != e.hash {
            Some("本条记录内容与其哈希不符，已被改动".to_string())
        } else if e.action != REDACTED && e.expected_origin_hash() != e.origin_hash {
            Some("本条记录与其来源链哈希不符，已被改动".to_string())
        } else {
            None
        };
        if let Some(why) = broken {
            return Ok(ChainReport { entries, first_broken: Some((e.seq, why)), last_hash: prev });
        }
        prev = e.hash;
        expected_seq += 1;
    }
    Ok(ChainReport { entries, first_broken: None, last_hash: prev })
}

/// Formats a line hash as the 核验码 printed on records: 16 hex digits in groups of four.
pub fn verification_code(hash: &str) -> String {
    let upper = hash.to_ascii_uppercase();
    let head: Vec<&str> = (0..4).filter_map(|i| upper.get(i * 4..i * 4 + 4)).collect();
    head.join("-")
}

/// The 核验码 of the latest change-log line: printed on exported records to say "as of this
/// state of the log". None on an empty log.
pub fn head_code(conn: &Connection) -> Result<Option<String>> {
    let hash: Option<String> =
        conn.query_row("SELECT hash FROM change_log ORDER BY seq DESC LIMIT 1", [], |r| r.get(0)).optional()?;
    Ok(hash.map(|h| verification_code(&h)))
}

/// The change-log line a 核验码 points to (codes are the first 16 hex digits of its hash).
pub fn find_by_code(conn: &Connection, code: &str) -> Result<Option<ChangeEntry>> {
    let prefix: String = code.chars().filter(|c| c.is_ascii_hexdigit()).collect::<String>().to_ascii_lowercase();
    if prefix.len() != 16 {
        return Ok(None);
    }
    let found = conn
        .query_row(
            &format!("SELECT {ENTRY_COLS} FROM change_log WHERE hash >= ?1 AND hash < ?1 || 'g' ORDER BY seq LIMIT 1"),
            [&prefix],
            entry,
        )
        .optional()?;
    Ok(found)
}
