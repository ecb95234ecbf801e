//! The change log: append-only, one line per change, each line carrying the SHA-256 of the
//! previous one, so any later edit or deletion of history breaks the chain where it happened.

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
}

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
    /// The next per-install sequence number of this install.
    install_seq: i64,
}

fn read_head(conn: &Connection, install_id: &str) -> Result<ChainHead> {
    let last: Option<(i64, String)> = conn
        .prepare_cached("SELECT seq, hash FROM change_log ORDER BY seq DESC LIMIT 1")?
        .query_row([], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?;
    let (seq, hash) = last.unwrap_or((0, GENESIS.to_string()));
    let install_seq: i64 = conn
        .prepare_cached("SELECT coalesce(max(install_seq), 0) FROM change_log WHERE install_id = ?1")?
        .query_row([install_id], |r| r.get(0))?;
    Ok(ChainHead { seq, hash, install_seq })
}

#[allow(clippy::too_many_arguments)]
pub(super) fn append(
    conn: &Connection,
    head: &mut Option<ChainHead>,
    install_id: &str,
    actor: &str,
    now: &Timestamp,
    entity: &str,
    entity_id: &str,
    action: &str,
    state: &str,
) -> Result<String> {
    let last = match head.take() {
        Some(h) => h,
        None => read_head(conn, install_id)?,
    };
    let (seq, install_seq) = (last.seq + 1, last.install_seq + 1);
    let at = now.to_rfc3339();
    let hash = line_hash(&last.hash, seq, install_id, install_seq, &at, actor, entity, entity_id, action, state);
    conn.prepare_cached(
        "INSERT INTO change_log(seq, install_id, install_seq, at, actor, entity, entity_id, action, state, prev_hash, hash)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
    )?
    .execute(rusqlite::params![seq, install_id, install_seq, at, actor, entity, entity_id, action, state, last.hash, hash])?;
    // Only a line that really went in moves the head; on error the head stays unset and the
    // transaction rolls back anyway.
    *head = Some(ChainHead { seq, hash: hash.clone(), install_seq });
    Ok(hash)
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
const ENTRY_COLS: &str = "seq, install_id, install_seq, at, actor, entity, entity_id, action, state, prev_hash, hash";

fn entry(r: &rusqlite::Row) -> rusqlite::Result<ChangeEntry> {
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
    })
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
