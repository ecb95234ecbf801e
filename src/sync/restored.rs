//! A restore must not rewind what other installs already hold. The backup brings back older
//! records; this install's identity, roster, bundle counters, acknowledgements and checkpoints
//! stay as they were, and a unit whose own chain went further than the backup (lines the office
//! may hold) writes nothing until the office has sent those lines back — otherwise its next
//! lines would reuse their numbers and fork its chain.

use crate::error::{Error, Result};
use crate::model::InstallRole;
use crate::store::{origin_head, Store};
use rusqlite::types::Value;
use rusqlite::Connection;
use serde::{Deserialize, Serialize};

/// The setting that holds a pending re-sync after a restore.
pub const RESYNC_KEY: &str = "resync_after_restore";

const TABLES: &[&str] = &["identity", "roster", "peers", "peer_acks", "checkpoints"];

/// What a restore keeps of the live database.
pub(crate) struct Carried {
    rows: Vec<(&'static str, Vec<Vec<Value>>)>,
    role: Option<InstallRole>,
    own_seq: i64,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
struct Resync {
    restored_at: String,
    /// The own chain's last line before the restore.
    own_seq: i64,
}

pub(crate) fn capture(conn: &Connection, install_id: &str, role: Option<InstallRole>) -> Result<Carried> {
    let mut rows = Vec::new();
    for &table in TABLES {
        let mut stmt = conn.prepare(&format!("SELECT * FROM {table}"))?;
        let n = stmt.column_count();
        let list = stmt
            .query_map([], |r| (0..n).map(|i| r.get::<_, Value>(i)).collect::<rusqlite::Result<Vec<_>>>())?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        rows.push((table, list));
    }
    let (own_seq, _) = origin_head(conn, install_id)?;
    Ok(Carried { rows, role, own_seq })
}

impl Store {
    /// Puts the carried state into the restored database, and asks for a re-sync when the
    /// backup is behind this unit's own chain.
    pub(crate) fn carry_over(&mut self, carried: Carried) -> Result<()> {
        let install_id = self.install_id().to_string();
        let (restored_seq, _) = origin_head(self.conn(), &install_id)?;
        let now = self.now().to_rfc3339();
        self.write(|w| {
            for (table, list) in &carried.rows {
                w.tx.execute(&format!("DELETE FROM {table}"), [])?;
                for row in list {
                    let marks = vec!["?"; row.len()].join(", ");
                    w.tx.execute(&format!("INSERT INTO {table} VALUES ({marks})"), rusqlite::params_from_iter(row.iter()))?;
                }
            }
            if carried.role == Some(InstallRole::Unit) && carried.own_seq > restored_seq {
                let resync = Resync { restored_at: now.clone(), own_seq: carried.own_seq };
                w.tx.execute(
                    "INSERT INTO settings(key, value) VALUES (?1, ?2) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                    (RESYNC_KEY, serde_json::to_string(&resync)?),
                )?;
            }
            Ok(())
        })?;
        let identity = super::identity::load(self.conn())?;
        self.set_identity(identity);
        Ok(())
    }

    /// Whether this install waits for the office to send back its own lines after a restore.
    pub fn awaiting_resync(&self) -> Result<bool> {
        Ok(self.setting(RESYNC_KEY)?.is_some())
    }
}

fn pending(conn: &Connection) -> Result<Option<String>> {
    Ok(rusqlite::OptionalExtension::optional(conn.query_row(
        "SELECT value FROM settings WHERE key = ?1",
        [RESYNC_KEY],
        |r| r.get(0),
    ))?)
}

/// Refuses a write while a re-sync is pending (checked by `Writer::log` for records that travel).
pub(crate) fn check_writable(conn: &Connection) -> Result<()> {
    if pending(conn)?.is_some() {
        return Err(Error::transition(
            "本机刚从备份恢复，备份之后已报送的记录还在党建办。请先导出一次报送包交党建办，再导入党建办发回的报送包，找回这些记录后再继续录入",
        ));
    }
    Ok(())
}

/// After importing a bundle: a bundle from the office made after the restore has brought
/// back everything the office holds of this install; writing may go on.
pub(crate) fn clear_if_synced(conn: &Connection, created_at: &crate::model::Timestamp) -> Result<()> {
    let Some(text) = pending(conn)? else { return Ok(()) };
    let resync: Resync = serde_json::from_str(&text)?;
    let restored = chrono::DateTime::parse_from_rfc3339(&resync.restored_at)
        .map_err(|e| Error::Internal { message: format!("恢复时间无效：{e}") })?;
    if *created_at > restored {
        conn.execute("DELETE FROM settings WHERE key = ?1", [RESYNC_KEY])?;
    }
    Ok(())
}
