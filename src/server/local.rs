//! The store's side of a sync: the server's address, what to push, and replaying what was
//! pulled through the same checks as a 报送包.

use super::{PushChunk, Pulled, SyncStatus};
use crate::error::{Error, Result};
use crate::model::*;
use crate::store::{origin_head, Store};
use crate::sync::bundle::{self, ConflictRef, Segment, WireEntry};
use rusqlite::OptionalExtension;
use sha2::{Digest, Sha256};
use std::collections::HashMap;

/// The name under which the server's acknowledgements are kept among the peers.
const SERVER_PEER: &str = "server";

/// What one pulled reply changed.
#[derive(Debug, Default)]
pub struct Applied {
    pub inserted: u32,
    pub updated: u32,
    pub conflicts: Vec<ConflictRef>,
}

/// The address without its password: user@host:port/database.
pub fn masked(url: &str) -> String {
    match url.parse::<super::driver::Config>() {
        Ok(c) => {
            let host = c
                .get_hosts()
                .first()
                .map(|h| match h {
                    super::driver::config::Host::Tcp(h) => h.clone(),
                    #[cfg(unix)]
                    super::driver::config::Host::Unix(p) => p.display().to_string(),
                })
                .unwrap_or_default();
            let port = c.get_ports().first().copied().unwrap_or(5432);
            format!("{}@{host}:{port}/{}", c.get_user().unwrap_or(""), c.get_dbname().unwrap_or("postgres"))
        }
        Err(_) => "（地址无效）".into(),
    }
}

/// Checks an address the user typed: a PostgreSQL URL (or key=value string) with a host and
/// a user. Returns it parsed.
pub fn check_url(url: &str) -> Result<super::driver::Config> {
    let url = url.trim();
    if url.is_empty() {
        return Err(Error::invalid("server_url", "请填写同步服务器地址，例如 postgres://账号:密码@10.0.0.5:5432/walklog"));
    }
    if url.chars().count() > 1000 {
        return Err(Error::invalid("server_url", "同步服务器地址过长"));
    }
    let c: super::driver::Config = url.parse().map_err(|e| {
        Error::invalid("server_url", format!("同步服务器地址格式不正确（{e}），应为 postgres://账号:密码@主机:端口/数据库"))
    })?;
    if c.get_hosts().is_empty() {
        return Err(Error::invalid("server_url", "同步服务器地址缺少主机"));
    }
    if c.get_user().is_none() {
        return Err(Error::invalid("server_url", "同步服务器地址缺少登录账号（由党建办的 walklog server enrol 给出）"));
    }
    Ok(c)
}

impl Store {
    /// The configured server's address (with its password), if any.
    pub fn server_url(&self) -> Result<Option<String>> {
        Ok(self
            .conn()
            .query_row("SELECT url FROM server_sync WHERE id = 1", [], |r| r.get::<_, Option<String>>(0))
            .optional()?
            .flatten())
    }

    /// Sets (or with `None` removes) the server this install syncs with.
    pub fn set_server_url(&mut self, url: Option<&str>) -> Result<()> {
        self.require_identity()?;
        let url = url.map(str::trim).filter(|u| !u.is_empty());
        if let Some(u) = url {
            check_url(u)?;
        }
        let before = self.server_url()?;
        // Another server knows nothing of what the old one acknowledged.
        let other = before.as_deref().map(masked) != url.map(masked);
        self.write(|w| {
            w.tx.execute(
                "INSERT INTO server_sync(id, url) VALUES (1, ?1)
                 ON CONFLICT(id) DO UPDATE SET url = excluded.url, last_error = NULL",
                [url],
            )?;
            if other {
                w.tx.execute("UPDATE server_sync SET last_sync_at = NULL, last_attempt_at = NULL WHERE id = 1", [])?;
                w.tx.execute("DELETE FROM peer_acks WHERE peer = ?1", [SERVER_PEER])?;
            }
            Ok(())
        })
    }

    /// For the status bar: configured, last sync, last failure, own changes not on the server.
    pub fn sync_status(&self) -> Result<SyncStatus> {
        let row: Option<(Option<String>, Option<String>, Option<String>, Option<String>)> = self
            .conn()
            .query_row("SELECT url, last_sync_at, last_attempt_at, last_error FROM server_sync WHERE id = 1", [], |r| {
                Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?))
            })
            .optional()?;
        let (url, last_sync_at, last_attempt_at, last_error) = row.unwrap_or((None, None, None, None));
        let parse = |t: Option<String>| t.and_then(|t| chrono::DateTime::parse_from_rfc3339(&t).ok());
        let unsynced = match self.identity() {
            Some(me) => bundle::unacknowledged(self.conn(), SERVER_PEER, &me.install_id)?,
            None => 0,
        };
        Ok(SyncStatus {
            configured: url.is_some(),
            server: url.as_deref().map(masked).unwrap_or_default(),
            last_sync_at: parse(last_sync_at),
            last_attempt_at: parse(last_attempt_at),
            last_error,
            unsynced,
        })
    }

    /// Notes how a sync went (its time; its error in Chinese, or none).
    pub(crate) fn record_sync_attempt(&mut self, error: Option<&Error>) -> Result<()> {
        let now = self.now().to_rfc3339();
        let message = error.map(Error::message_zh);
        self.write(|w| {
            w.tx.execute("INSERT OR IGNORE INTO server_sync(id) VALUES (1)", [])?;
            w.tx.execute("UPDATE server_sync SET last_attempt_at = ?1, last_error = ?2 WHERE id = 1", rusqlite::params![now, message])?;
            if message.is_none() {
                w.tx.execute("UPDATE server_sync SET last_sync_at = ?1 WHERE id = 1", [now])?;
            }
            Ok(())
        })
    }

    /// The last line this install holds of every origin (what a pull starts after).
    pub fn origin_heads(&self) -> Result<Vec<(String, i64)>> {
        let mut stmt = self.conn().prepare("SELECT install_id, max(install_seq) FROM change_log GROUP BY install_id ORDER BY install_id")?;
        let list = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?.collect::<rusqlite::Result<_>>()?;
        Ok(list)
    }

    /// Photos pulled lines refer to that the attachment store lacks.
    pub(crate) fn photos_wanted(&self, entries: &[WireEntry]) -> Result<Vec<String>> {
        let mut out: Vec<String> = Vec::new();
        for e in entries.iter().filter(|e| e.entity == "attachment" && e.action == "attach") {
            let Ok(a) = serde_json::from_str::<Attachment>(&e.state) else { continue };
            if !out.contains(&a.sha256) && !self.attachment_path(&a.sha256)?.exists() {
                out.push(a.sha256);
            }
        }
        Ok(out)
    }

    /// Keeps a photo fetched from the server, after checking it is the one its hash names.
    pub(crate) fn receive_photo(&self, sha: &str, bytes: &[u8]) -> Result<()> {
        if hex::encode(Sha256::digest(bytes)) != sha {
            return Err(Error::ServerRefused { message: format!("服务器上的照片 {sha} 与其哈希不符，未保存") });
        }
        self.keep_attachment(sha, bytes)
    }

    /// Checks a pulled reply like a bundle (every origin's key from this install's roster,
    /// chains, signed heads) and replays it in one transaction.
    pub(crate) fn apply_pulled(&mut self, pulled: Pulled) -> Result<Applied> {
        let me = self.require_identity()?.clone();
        let mut origins: HashMap<String, (InstallRole, String, String, RosterStatus)> = HashMap::new();
        for e in self.roster()? {
            origins.insert(e.install_id.clone(), (e.role, e.department_id.clone(), e.public_key.clone(), e.status));
        }
        origins.insert(me.install_id.clone(), (me.role, me.department_id.clone(), me.public_key.clone(), RosterStatus::Approved));
        let unknown = |origin: &str| {
            Error::BundleRefused {
                reasons: vec![format!(
                    "服务器发来未登记安装（编号 {origin}）的变更：请先导入党建办最新的单位名录文件（单位端）或登记该安装（党建办端）"
                )],
            }
        };
        let key_of = |origin: &str| -> Result<String> {
            match origins.get(origin) {
                Some((_, _, key, status)) if *status != RosterStatus::Pending => Ok(key.clone()),
                _ => Err(unknown(origin)),
            }
        };
        let gap = |have: i64, first: i64| Error::BundleRefused {
            reasons: vec![format!("服务器发来的变更从第 {first} 条开始，本机只有到第 {have} 条：请再同步一次")],
        };
        let new = self.check_runs(&pulled.segments, &pulled.entries, &key_of, &gap)?;
        // A revoked install's lines are still taken from the server: it accepted them while the
        // install was approved (a revoked role can no longer log in or be forwarded).
        let origin_of = |origin: &str| -> Result<(InstallRole, String)> {
            origins.get(origin).map(|(role, dept, _, _)| (*role, dept.clone())).ok_or_else(|| unknown(origin))
        };
        let mine_back = new.iter().any(|&i| pulled.entries[i].origin == me.install_id);
        let replayed = self.replay_new(&pulled.entries, &new, &origin_of, |w, now| {
            bundle::record_checkpoints(w, &pulled.segments)?;
            if mine_back {
                // The server held lines of this install a restore had lost: they are back.
                crate::sync::restored::clear_if_synced(&w.tx, &now)?;
            }
            Ok(())
        })?;
        Ok(Applied { inserted: replayed.inserted, updated: replayed.updated, conflicts: replayed.conflicts })
    }

    /// The next run of `origin`'s lines the server lacks (it holds up to `server_seq`), at most
    /// `max` lines, ending at a signed head: this install signs its own; another origin's run
    /// ends at a head that origin signed (received by bundle). None when there is nothing.
    pub fn push_chunk(&self, origin: &str, server_seq: i64, server_hash: &str, max: usize) -> Result<Option<PushChunk>> {
        let me = self.require_identity()?.clone();
        let (held, _) = origin_head(self.conn(), origin)?;
        if held <= server_seq {
            return Ok(None);
        }
        if server_seq > 0 && self.origin_hash_at(origin, server_seq)? != server_hash {
            return Err(Error::ServerRefused {
                message: format!("服务器上第 {server_seq} 条变更与本机的同一条不同（记录分叉），请联系党建办核对"),
            });
        }
        let own = origin == me.install_id;
        let (last, signature) = if own {
            let last = held.min(server_seq + max as i64);
            let hash = self.origin_hash_at(origin, last)?;
            let key = self.signing_key()?;
            (last, bundle::sign_checkpoint(&key, origin, last, &hash))
        } else {
            let row: Option<(i64, String)> = self
                .conn()
                .query_row(
                    "SELECT seq, signature FROM checkpoints WHERE origin = ?1 AND seq > ?2 AND seq <= ?3
                     ORDER BY (seq <= ?2 + ?4) DESC, CASE WHEN seq <= ?2 + ?4 THEN -seq ELSE seq END LIMIT 1",
                    rusqlite::params![origin, server_seq, held, max as i64],
                    |r| Ok((r.get(0)?, r.get(1)?)),
                )
                .optional()?;
            match row {
                Some(r) => r,
                None => return Ok(None),
            }
        };
        let lines = bundle::lines_between(self.conn(), origin, server_seq, last)?;
        let mut entries = Vec::with_capacity(lines.len());
        let mut photos = Vec::new();
        for line in &lines {
            // A unit's settings travel as places only, as in a bundle.
            let full = crate::sync::is_replicated(&line.entity) && line.action != crate::store::changelog::REDACTED;
            let wire = bundle::wire(line, full);
            if wire.entity == "attachment" && wire.action == "attach" {
                if let Ok(a) = serde_json::from_str::<Attachment>(&wire.state) {
                    let path = self.attachment_path(&a.sha256)?;
                    if !photos.iter().any(|(s, _): &(String, std::path::PathBuf)| *s == a.sha256) {
                        if !path.exists() {
                            return Err(Error::AttachmentsMissing { count: 1, names: a.file_name });
                        }
                        photos.push((a.sha256, path));
                    }
                }
            }
            entries.push(wire);
        }
        Ok(Some(PushChunk { origin: origin.to_string(), entries, signature, photos }))
    }

    /// The server took a chunk: its head is acknowledged (未同步 counts what is after it), and
    /// this install's own signed head is kept.
    pub(crate) fn record_pushed(&mut self, chunk: &PushChunk) -> Result<()> {
        let Some(last) = chunk.entries.last() else { return Ok(()) };
        let segment = Segment {
            origin: chunk.origin.clone(),
            first: chunk.entries[0].seq,
            last: last.seq,
            head: last.hash.clone(),
            signature: chunk.signature.clone(),
        };
        self.write(|w| {
            w.tx.execute(
                "INSERT INTO peer_acks(peer, origin, seq) VALUES (?1, ?2, ?3)
                 ON CONFLICT(peer, origin) DO UPDATE SET seq = max(seq, excluded.seq)",
                rusqlite::params![SERVER_PEER, chunk.origin, last.seq],
            )?;
            bundle::record_checkpoints(w, std::slice::from_ref(&segment))
        })
    }

    /// The origins other than this install whose signed lines this install holds beyond what the
    /// server holds (the office forwards what units sent it by bundle).
    pub(crate) fn forwardable_origins(&self, server: &[(String, i64)]) -> Result<Vec<String>> {
        let me = self.require_identity()?.install_id.clone();
        let held: HashMap<&str, i64> = server.iter().map(|(o, s)| (o.as_str(), *s)).collect();
        // A revoked install's lines are not forwarded (the server would refuse them).
        let revoked: Vec<String> =
            self.roster()?.into_iter().filter(|e| e.status == RosterStatus::Revoked).map(|e| e.install_id).collect();
        let mut stmt = self.conn().prepare("SELECT origin, max(seq) FROM checkpoints GROUP BY origin ORDER BY origin")?;
        let rows: Vec<(String, i64)> = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?.collect::<rusqlite::Result<_>>()?;
        Ok(rows
            .into_iter()
            .filter(|(o, seq)| *o != me && !revoked.contains(o) && *seq > held.get(o.as_str()).copied().unwrap_or(0))
            .map(|(o, _)| o)
            .collect())
    }
}
