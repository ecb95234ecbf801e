//! 报送包 (`.wlbundle`): what one install sends another, as one file (docs/bundles.md). A
//! gzip-compressed tar of `manifest.json` (from, to, counter, what the sender holds of each
//! origin, the segments with their signed checkpoints, the SHA-256 of every part),
//! `manifest.sig` (the sender's signature of the manifest), `entries.json` (the change-log
//! lines) and `blobs/<sha256>` (each photo not yet acknowledged by the receiver, once).
//!
//! Import checks everything before it writes anything: the signature by a trusted key, every
//! part's hash, each origin's chain from the receiver's last line to the signed head, and the
//! authority of every line; then it replays the new lines in one transaction.

use super::authority::{self, Change, Origin};
use super::keys;
use super::replay::{self, Incoming};
use crate::error::{Error, Result};
use crate::model::*;
use crate::store::{origin_head, ChangeEntry, Store, GENESIS};
use rusqlite::{Connection, OptionalExtension};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use std::collections::{BTreeMap, HashMap, HashSet};
use std::io::Read;
use std::path::Path;

pub const FORMAT: &str = "walklog-bundle";
pub const VERSION: u32 = 1;
pub const EXTENSION: &str = "wlbundle";
const MANIFEST_DOMAIN: &str = "walklog-bundle-manifest";
const CHECKPOINT_DOMAIN: &str = "walklog-checkpoint";
/// The largest part read from a bundle (a photo is at most 50 MB; the entries of a city's
/// year are far below this).
const PART_MAX: u64 = 512 * 1024 * 1024;

/// One change-log line as a bundle carries it. A redacted line carries only its place.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct WireEntry {
    pub origin: String,
    pub seq: i64,
    pub prev: String,
    pub hash: String,
    #[serde(default)]
    pub at: String,
    #[serde(default)]
    pub actor: String,
    #[serde(default)]
    pub entity: String,
    #[serde(default)]
    pub entity_id: String,
    pub action: String,
    #[serde(default)]
    pub state: String,
    #[serde(default)]
    pub base: Vec<String>,
}

impl WireEntry {
    fn redacted(&self) -> bool {
        self.action == crate::store::changelog::REDACTED
    }

    fn base_json(&self) -> String {
        serde_json::to_string(&self.base).unwrap_or_else(|_| "[]".into())
    }

    fn line(&self) -> ChangeEntry {
        ChangeEntry {
            seq: 0,
            install_id: self.origin.clone(),
            install_seq: self.seq,
            at: self.at.clone(),
            actor: self.actor.clone(),
            entity: self.entity.clone(),
            entity_id: self.entity_id.clone(),
            action: self.action.clone(),
            state: self.state.clone(),
            prev_hash: String::new(),
            hash: String::new(),
            origin_prev: self.prev.clone(),
            origin_hash: self.hash.clone(),
            base: self.base_json(),
        }
    }
}

/// A run of one origin's chain, ending at a head its origin signed.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Segment {
    pub origin: String,
    pub first: i64,
    pub last: i64,
    pub head: String,
    pub signature: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Part {
    pub name: String,
    pub sha256: String,
    pub size: u64,
}

/// What a bundle holds, for the screen and the CLI.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct BundleSummary {
    pub entries: u32,
    pub walks: u32,
    pub steps: u32,
    pub problems: u32,
    pub tasks: u32,
    pub notes: u32,
    pub photos: u32,
    pub photo_bytes: u64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Manifest {
    pub format: String,
    pub version: u32,
    pub from: String,
    pub from_key: String,
    pub from_role: InstallRole,
    pub to: String,
    /// The n-th bundle from `from` to `to`.
    pub counter: i64,
    #[serde(with = "crate::model::strict::timestamp")]
    pub created_at: Timestamp,
    /// The last line of each origin the sender holds: the receiver's acknowledgement point.
    pub holds: BTreeMap<String, i64>,
    pub segments: Vec<Segment>,
    pub parts: Vec<Part>,
    pub summary: BundleSummary,
}

/// What `bundle export` wrote.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ExportedBundle {
    pub path: String,
    pub to: String,
    pub to_department: String,
    pub counter: i64,
    pub bytes: u64,
    pub summary: BundleSummary,
}

/// A record a bundle left in conflict.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ConflictRef {
    pub entity: String,
    pub entity_zh: String,
    pub id: String,
}

/// What `bundle import` did: 新增 / 更新 / 未变 / 冲突 (a refused bundle is an error naming
/// every reason, 拒收).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct BundleReport {
    pub from: String,
    pub from_department: String,
    pub counter: i64,
    /// Older than (or the same as) a bundle already received from this install: nothing new.
    pub already_received: bool,
    pub inserted: u32,
    pub updated: u32,
    pub unchanged: u32,
    pub conflicts: Vec<ConflictRef>,
    pub photos: u32,
    pub summary: BundleSummary,
}

/// Per peer: what passed and what is still unacknowledged.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct PeerStatus {
    pub install_id: String,
    pub department_name: String,
    pub role: InstallRole,
    pub status: RosterStatus,
    pub fingerprint: String,
    pub sent_counter: i64,
    #[cfg_attr(feature = "ts", ts(type = "string | null"))]
    pub sent_at: Option<Timestamp>,
    pub received_counter: i64,
    #[cfg_attr(feature = "ts", ts(type = "string | null"))]
    pub received_at: Option<Timestamp>,
    /// Lines of this install's own the peer has not acknowledged yet.
    pub unacknowledged: i64,
    /// A bundle from it arrived this calendar month (the office's 统计: who has not reported).
    pub reported_this_month: bool,
    /// Its own changes this install holds (kept when it is revoked: what it sent stays).
    pub lines_received: i64,
}

fn refused(reason: impl Into<String>) -> Error {
    Error::BundleRefused { reasons: vec![reason.into()] }
}

fn sha_hex(bytes: &[u8]) -> String {
    hex::encode(Sha256::digest(bytes))
}

fn checkpoint_bytes(origin: &str, seq: i64, hash: &str) -> Vec<u8> {
    format!("{origin}\n{seq}\n{hash}").into_bytes()
}

/// Is `signature` the origin's signature (by `public_key`) of its head at `seq`? (`verify`
/// checks the heads an install kept.)
pub(crate) fn checkpoint_signed(public_key: &str, origin: &str, seq: i64, hash: &str, signature: &str) -> bool {
    keys::verify(public_key, CHECKPOINT_DOMAIN, &checkpoint_bytes(origin, seq, hash), signature)
}

/// An origin's signature of its chain's head at `seq` (what every receiver checks).
pub(crate) fn sign_checkpoint(key: &ed25519_dalek::SigningKey, origin: &str, seq: i64, hash: &str) -> String {
    keys::sign(key, CHECKPOINT_DOMAIN, &checkpoint_bytes(origin, seq, hash))
}

/// How much of `origin`'s chain `peer` has acknowledged (a bundle's receiver, or the server).
pub(crate) fn acked(conn: &Connection, peer: &str, origin: &str) -> Result<i64> {
    Ok(conn
        .prepare_cached("SELECT seq FROM peer_acks WHERE peer = ?1 AND origin = ?2")?
        .query_row((peer, origin), |r| r.get(0))
        .optional()?
        .unwrap_or(0))
}

/// The number the next bundle to `peer` gets.
fn next_counter(conn: &Connection, peer: &str) -> Result<i64> {
    let sent: Option<i64> =
        conn.query_row("SELECT sent_counter FROM peers WHERE install_id = ?1", [peer], |r| r.get(0)).optional()?;
    Ok(sent.unwrap_or(0) + 1)
}

/// This install's `origin` lines it holds that `peer` has not acknowledged and that `peer` would
/// see (records, not settings): 未同步 / 未确认.
pub(crate) fn unacknowledged(conn: &Connection, peer: &str, origin: &str) -> Result<i64> {
    let since = acked(conn, peer, origin)?;
    let sql = format!(
        "SELECT count(*) FROM change_log WHERE install_id = ?1 AND install_seq > ?2 AND entity IN ({})",
        super::REPLICATED.iter().map(|e| format!("'{e}'")).collect::<Vec<_>>().join(", ")
    );
    Ok(conn.prepare_cached(&sql)?.query_row(rusqlite::params![origin, since], |r| r.get(0))?)
}

fn lines_after(conn: &Connection, origin: &str, after: i64) -> Result<Vec<ChangeEntry>> {
    lines_between(conn, origin, after, i64::MAX)
}

/// `origin`'s lines after `after` up to `upto`, in chain order.
pub(crate) fn lines_between(conn: &Connection, origin: &str, after: i64, upto: i64) -> Result<Vec<ChangeEntry>> {
    let sql = format!(
        "SELECT {} FROM change_log WHERE install_id = ?1 AND install_seq > ?2 AND install_seq <= ?3 ORDER BY install_seq",
        crate::store::changelog::ENTRY_COLS
    );
    let mut stmt = conn.prepare(&sql)?;
    let list = stmt.query_map(rusqlite::params![origin, after, upto], crate::store::changelog::entry)?.collect::<rusqlite::Result<_>>()?;
    Ok(list)
}

pub(crate) fn wire(e: &ChangeEntry, full: bool) -> WireEntry {
    let base: Vec<String> = serde_json::from_str(&e.base).unwrap_or_default();
    if full && e.action != crate::store::changelog::REDACTED {
        WireEntry {
            origin: e.install_id.clone(),
            seq: e.install_seq,
            prev: e.origin_prev.clone(),
            hash: e.origin_hash.clone(),
            at: e.at.clone(),
            actor: e.actor.clone(),
            entity: e.entity.clone(),
            entity_id: e.entity_id.clone(),
            action: e.action.clone(),
            state: e.state.clone(),
            base,
        }
    } else {
        WireEntry {
            origin: e.install_id.clone(),
            seq: e.install_seq,
            prev: e.origin_prev.clone(),
            hash: e.origin_hash.clone(),
            at: String::new(),
            actor: String::new(),
            entity: String::new(),
            entity_id: String::new(),
            action: crate::store::changelog::REDACTED.into(),
            state: String::new(),
            base: Vec::new(),
        }
    }
}

fn summarise(entries: &[WireEntry]) -> BundleSummary {
    let mut s = BundleSummary { entries: entries.len() as u32, ..Default::default() };
    let mut seen: HashSet<(&str, &str)> = HashSet::new();
    for e in entries.iter().filter(|e| !e.redacted()) {
        if !seen.insert((&e.entity, &e.entity_id)) {
            continue;
        }
        match e.entity.as_str() {
            "walk" => s.walks += 1,
            "step" => s.steps += 1,
            "problem" => s.problems += 1,
            "task" => s.tasks += 1,
            "note" => s.notes += 1,
            _ => {}
        }
    }
    s
}

/// The file name a bundle gets in a folder: who sends it to whom, and its number.
pub fn bundle_file_name(from: &str, to: &str, counter: i64) -> String {
    format!("报送包-{}-至-{}-第{counter}号.{EXTENSION}", file_name_part(from), file_name_part(to))
}

/// A unit's name as part of a file name on every system: no path separators or characters
/// Windows refuses.
pub fn file_name_part(name: &str) -> String {
    let s: String = name.trim().chars().map(|c| if c.is_control() || "/\\:*?\"<>|".contains(c) { '_' } else { c }).collect();
    if s.is_empty() {
        "未命名".into()
    } else {
        s
    }
}

impl Store {
    /// The peer a bundle goes to: a unit sends to its pinned office; the office names a unit
    /// (install id or unit name).
    fn bundle_peer(&self, to: Option<&str>) -> Result<super::RosterEntry> {
        let me = self.require_identity()?;
        let roster = self.roster()?;
        let to = to.map(str::trim).filter(|t| !t.is_empty() && *t != "office");
        match (me.role, to) {
            (InstallRole::Unit, None) => roster.into_iter().find(|e| e.status == RosterStatus::Pinned).ok_or_else(|| {
                Error::Identity { message: "本机还没有导入党建办的单位名录文件，不知道报送给谁（walklog roster import）".into() }
            }),
            (InstallRole::Unit, Some(_)) => Err(Error::invalid("to", "单位端只向党建办报送")),
            (InstallRole::Office, None) => Err(Error::invalid("to", "请指明报送包发给哪个单位（--to 单位名称或安装编号）")),
            (InstallRole::Office, Some(to)) => {
                let peer = self.roster_lookup(to)?;
                if peer.status != RosterStatus::Approved {
                    return Err(Error::Authority {
                        field: "to",
                        message: format!("{}的安装{}，不能向其发送报送包", peer.department_name, peer.status.label_zh()),
                    });
                }
                Ok(peer)
            }
        }
    }

    /// Does the office's line belong in a bundle for this unit? Its verdicts on the unit's
    /// tasks and its own directory do; everything else travels as a redacted place.
    fn visible_to(&self, line: &ChangeEntry, me: &super::Identity, peer: &super::RosterEntry) -> Result<bool> {
        if !super::is_replicated(&line.entity) || line.action == crate::store::changelog::REDACTED {
            return Ok(false);
        }
        if me.role == InstallRole::Unit {
            return Ok(true);
        }
        let state: serde_json::Value = serde_json::from_str(&line.state)?;
        let dept = authority::department_of(self.conn(), &line.entity, &line.action, &state)?;
        let Some(dept) = dept else { return Ok(false) };
        if matches!(line.entity.as_str(), "department" | "person" | "matter") && dept == me.department_id {
            return Ok(true);
        }
        authority::within(self.conn(), &dept, &peer.department_id)
    }

    /// Writes the bundle for `to` (a unit: the office; the office: a unit) to the file `out`,
    /// or, when `out` is a folder, into it as `报送包-<from>-至-<to>-第N号.wlbundle`:
    /// everything of this install's the peer has not acknowledged, signed.
    pub fn bundle_export(&mut self, to: Option<&str>, out: &Path) -> Result<ExportedBundle> {
        let me = self.require_identity()?.clone();
        let key = self.signing_key()?;
        let (peer, entries, relayed) = self.bundle_plan(to)?;
        let own: Vec<&WireEntry> = entries.iter().filter(|e| e.origin == me.install_id).collect();
        let mut segments: Vec<Segment> = relayed.into_iter().collect();
        if let (Some(first), Some(last)) = (own.first(), own.last()) {
            segments.push(Segment {
                origin: me.install_id.clone(),
                first: first.seq,
                last: last.seq,
                head: last.hash.clone(),
                signature: sign_checkpoint(&key, &me.install_id, last.seq, &last.hash),
            });
        }
        let blobs = self.blobs_for(&peer.install_id, &entries)?;
        let entries_json = serde_json::to_vec(&entries)?;
        let mut parts = vec![Part { name: "entries.json".into(), sha256: sha_hex(&entries_json), size: entries_json.len() as u64 }];
        let mut summary = summarise(&entries);
        for (sha, size) in &blobs {
            parts.push(Part { name: format!("blobs/{sha}"), sha256: sha.clone(), size: *size });
            summary.photos += 1;
            summary.photo_bytes += size;
        }
        let mut holds = BTreeMap::new();
        let mut stmt = self.conn().prepare("SELECT install_id, max(install_seq) FROM change_log GROUP BY install_id")?;
        for row in stmt.query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)?)))? {
            let (origin, seq) = row?;
            holds.insert(origin, seq);
        }
        drop(stmt);
        let counter = next_counter(self.conn(), &peer.install_id)?;
        let manifest = Manifest {
            format: FORMAT.into(),
            version: VERSION,
            from: me.install_id.clone(),
            from_key: me.public_key.clone(),
            from_role: me.role,
            to: peer.install_id.clone(),
            counter,
            created_at: self.now(),
            holds,
            segments: segments.clone(),
            parts,
            summary: summary.clone(),
        };
        let manifest_json = serde_json::to_vec_pretty(&manifest)?;
        let signature = keys::sign(&key, MANIFEST_DOMAIN, &manifest_json);
        let out = if out.is_dir() {
            let from = self.department(&me.department_id).map(|d| d.name).unwrap_or_default();
            out.join(bundle_file_name(&from, &peer.department_name, counter))
        } else {
            out.to_path_buf()
        };
        let path = self.write_container(&out, &manifest_json, &signature, &entries_json, &blobs)?;
        let bytes = std::fs::metadata(&path)?.len();
        let now = self.now().to_rfc3339();
        self.write(|w| {
            w.tx.execute(
                "INSERT INTO peers(install_id, sent_counter, sent_at) VALUES (?1, ?2, ?3)
                 ON CONFLICT(install_id) DO UPDATE SET sent_counter = excluded.sent_counter, sent_at = excluded.sent_at",
                rusqlite::params![peer.install_id, counter, now],
            )?;
            record_checkpoints(w, &segments)
        })?;
        Ok(ExportedBundle {
            path: path.display().to_string(),
            to: peer.install_id,
            to_department: peer.department_name,
            counter,
            bytes,
            summary,
        })
    }

    /// Whom a bundle would go to and the lines it would carry.
    fn bundle_plan(&self, to: Option<&str>) -> Result<(super::RosterEntry, Vec<WireEntry>, Option<Segment>)> {
        let me = self.require_identity()?.clone();
        let peer = self.bundle_peer(to)?;
        let since = acked(self.conn(), &peer.install_id, &me.install_id)?;
        let lines = lines_after(self.conn(), &me.install_id, since)?;
        let mut entries = Vec::with_capacity(lines.len());
        for line in &lines {
            entries.push(wire(line, self.visible_to(line, &me, &peer)?));
        }
        let relayed = self.relay_back(&peer, &mut entries)?;
        Ok((peer, entries, relayed))
    }

    /// A unit restored from an old backup says it holds less of its own chain than it sent:
    /// the office sends those lines back, under the unit's own signed checkpoint.
    fn relay_back(&self, peer: &super::RosterEntry, entries: &mut Vec<WireEntry>) -> Result<Option<Segment>> {
        let claimed = acked(self.conn(), &peer.install_id, &peer.install_id)?;
        let (held, head) = origin_head(self.conn(), &peer.install_id)?;
        if held <= claimed {
            return Ok(None);
        }
        let signature: Option<String> = self
            .conn()
            .prepare_cached("SELECT signature FROM checkpoints WHERE origin = ?1 AND seq = ?2 AND hash = ?3")?
            .query_row(rusqlite::params![peer.install_id, held, head], |r| r.get(0))
            .optional()?;
        let Some(signature) = signature else { return Ok(None) };
        let lines = lines_after(self.conn(), &peer.install_id, claimed)?;
        let first = lines.first().map_or(held, |l| l.install_seq);
        entries.extend(lines.iter().map(|l| wire(l, true)));
        Ok(Some(Segment { origin: peer.install_id.clone(), first, last: held, head, signature }))
    }

    /// What the next bundle for `to` would hold, without writing it (the 报送 screen shows it
    /// before the user picks a folder).
    pub fn bundle_preview(&self, to: Option<&str>) -> Result<ExportedBundle> {
        let (peer, entries, _) = self.bundle_plan(to)?;
        let blobs = self.blobs_for(&peer.install_id, &entries)?;
        let mut summary = summarise(&entries);
        summary.photos = blobs.len() as u32;
        summary.photo_bytes = blobs.iter().map(|b| b.1).sum();
        let counter = next_counter(self.conn(), &peer.install_id)?;
        Ok(ExportedBundle { path: String::new(), to: peer.install_id, to_department: peer.department_name, counter, bytes: 0, summary })
    }

    /// The photos the entries refer to that the peer does not hold yet: not its own, and not
    /// carried by a line it has acknowledged. Each once.
    fn blobs_for(&self, peer: &str, entries: &[WireEntry]) -> Result<Vec<(String, u64)>> {
        let mut known: HashSet<String> = HashSet::new();
        let mut stmt = self.conn().prepare(
            "SELECT DISTINCT json_extract(c.state, '$.sha256') FROM change_log c
             WHERE c.entity = 'attachment' AND c.action = 'attach'
               AND (c.install_id = ?1 OR c.install_seq <= coalesce(
                    (SELECT seq FROM peer_acks a WHERE a.peer = ?1 AND a.origin = c.install_id), 0))",
        )?;
        for sha in stmt.query_map([peer], |r| r.get::<_, Option<String>>(0))? {
            if let Some(sha) = sha? {
                known.insert(sha);
            }
        }
        let mut out = Vec::new();
        let mut missing = Vec::new();
        for e in entries.iter().filter(|e| e.entity == "attachment" && e.action == "attach") {
            let Ok(a) = serde_json::from_str::<Attachment>(&e.state) else { continue };
            if known.insert(a.sha256.clone()) {
                match self.attachment_size(&a.sha256) {
                    Some(size) => out.push((a.sha256, size)),
                    None => missing.push(a.file_name),
                }
            }
        }
        if !missing.is_empty() {
            return Err(Error::AttachmentsMissing { count: missing.len(), names: missing.join("、") });
        }
        Ok(out)
    }

    fn write_container(
        &self,
        out: &Path,
        manifest: &[u8],
        signature: &str,
        entries: &[u8],
        blobs: &[(String, u64)],
    ) -> Result<std::path::PathBuf> {
        let path = out.to_path_buf();
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir)?;
        }
        let tmp = crate::files::sibling(&path, ".part");
        let file = std::fs::File::create(&tmp)?;
        let gz = flate2::write::GzEncoder::new(std::io::BufWriter::new(file), flate2::Compression::fast());
        let mut tar = tar::Builder::new(gz);
        let mut add = |name: &str, bytes: &[u8]| -> std::io::Result<()> {
            let mut header = tar::Header::new_gnu();
            header.set_size(bytes.len() as u64);
            header.set_mode(0o644);
            header.set_cksum();
            tar.append_data(&mut header, name, bytes)
        };
        add("manifest.json", manifest)?;
        add("manifest.sig", signature.as_bytes())?;
        add("entries.json", entries)?;
        for (sha, _) in blobs {
            let bytes = self.read_attachment(sha)?;
            add(&format!("blobs/{sha}"), &bytes)?;
        }
        let gz = tar.into_inner()?;
        let writer = gz.finish()?;
        writer.into_inner().map_err(|e| Error::Io(e.into_error()))?;
        crate::files::sync_and_rename(&tmp, &path)?;
        Ok(path)
    }

    /// Per peer: bundles sent and received, and lines not yet acknowledged.
    pub fn bundle_status(&self) -> Result<Vec<PeerStatus>> {
        let me = self.require_identity()?.clone();
        let mut out = Vec::new();
        for peer in self.roster()? {
            let row: Option<(i64, Option<String>, i64, Option<String>)> = self
                .conn()
                .query_row(
                    "SELECT sent_counter, sent_at, received_counter, received_at FROM peers WHERE install_id = ?1",
                    [&peer.install_id],
                    |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
                )
                .optional()?;
            let (sent_counter, sent_at, received_counter, received_at) = row.unwrap_or((0, None, 0, None));
            let parse = |t: Option<String>| t.and_then(|t| chrono::DateTime::parse_from_rfc3339(&t).ok());
            let received_at = parse(received_at);
            let today = self.today();
            let reported_this_month = received_at.is_some_and(|t| {
                use chrono::Datelike;
                let day = t.date_naive();
                (day.year(), day.month()) == (today.year(), today.month())
            });
            let lines_received: i64 = self.conn().query_row(
                "SELECT count(*) FROM change_log WHERE install_id = ?1 AND action <> 'redacted'",
                [&peer.install_id],
                |r| r.get(0),
            )?;
            // Only what the peer would see: settings and redacted lines are not news to it.
            let unacknowledged = unacknowledged(self.conn(), &peer.install_id, &me.install_id)?;
            out.push(PeerStatus {
                lines_received,
                reported_this_month,
                unacknowledged,
                install_id: peer.install_id,
                department_name: peer.department_name,
                role: peer.role,
                status: peer.status,
                fingerprint: peer.fingerprint,
                sent_counter,
                sent_at: parse(sent_at),
                received_counter,
                received_at,
            });
        }
        Ok(out)
    }

    /// Reads, checks and replays a bundle file. Nothing is written unless every check passes.
    pub fn bundle_import(&mut self, path: &Path) -> Result<BundleReport> {
        let file = std::fs::File::open(path).map_err(|e| Error::Read { path: path.to_path_buf(), reason: e.to_string() })?;
        self.bundle_import_from(file)
    }

    pub fn bundle_import_from(&mut self, reader: impl Read) -> Result<BundleReport> {
        let me = self.require_identity()?.clone();
        let opened = self.open_bundle(reader, &me)?;
        self.replay_bundle(opened)
    }

    /// Reads the container and checks its signature, addressee and parts; photos go into the
    /// attachment store by their checked hash (harmless if the bundle is then refused).
    fn open_bundle(&self, reader: impl Read, me: &super::Identity) -> Result<Opened> {
        let damaged = |why: &str| refused(format!("报送包文件不完整或已损坏（{why}），请重新拷贝"));
        // bufread: the decoder takes exactly the gzip member's bytes from the buffer, so what
        // follows it can be seen (and refused) below.
        let mut archive = tar::Archive::new(flate2::bufread::GzDecoder::new(std::io::BufReader::new(reader)));
        let mut manifest: Option<(Manifest, super::RosterEntry)> = None;
        let mut manifest_bytes: Option<Vec<u8>> = None;
        let mut entries: Option<Vec<WireEntry>> = None;
        let mut photos = 0;
        let mut seen: HashSet<String> = HashSet::new();
        let iter = archive.entries().map_err(|_| damaged("不是报送包格式"))?;
        for item in iter {
            let mut item = item.map_err(|_| damaged("读取失败"))?;
            let name = item.path().map_err(|_| damaged("名称无效"))?.to_string_lossy().to_string();
            if item.size() > PART_MAX {
                return Err(damaged("部件过大"));
            }
            if !seen.insert(name.clone()) {
                return Err(refused(format!("报送包中 {name} 出现了两次，文件被改动过")));
            }
            match name.as_str() {
                "manifest.json" => {
                    let mut bytes = Vec::new();
                    item.read_to_end(&mut bytes).map_err(|_| damaged("清单读取失败"))?;
                    manifest_bytes = Some(bytes);
                }
                "manifest.sig" => {
                    let mut text = String::new();
                    item.read_to_string(&mut text).map_err(|_| damaged("签名读取失败"))?;
                    let bytes = manifest_bytes.as_deref().ok_or_else(|| damaged("缺少清单"))?;
                    manifest = Some(self.check_manifest(bytes, text.trim(), me)?);
                }
                _ => {
                    let (m, _) = manifest.as_ref().ok_or_else(|| damaged("清单不在开头"))?;
                    let part = m.parts.iter().find(|p| p.name == name).ok_or_else(|| {
                        refused(format!("报送包中有清单未列出的部件 {name}，文件被改动过"))
                    })?;
                    if name == "entries.json" {
                        let mut bytes = Vec::new();
                        item.read_to_end(&mut bytes).map_err(|_| damaged("变更记录读取失败"))?;
                        if sha_hex(&bytes) != part.sha256 || bytes.len() as u64 != part.size {
                            return Err(refused("报送包的变更记录与清单中的哈希不符，文件被改动过"));
                        }
                        entries = Some(serde_json::from_slice(&bytes).map_err(|_| refused("报送包的变更记录格式不正确"))?);
                    } else {
                        self.receive_blob(&mut item, part)?;
                        photos += 1;
                    }
                }
            }
        }
        // Read the compressed stream to its end, so its checksum covers every byte of the file
        // (the tar reader stops at the end-of-archive blocks).
        let mut rest = archive.into_inner();
        std::io::copy(&mut rest, &mut std::io::sink()).map_err(|_| damaged("校验和不符"))?;
        // Bytes after the compressed stream are no part of a bundle: the file was changed
        // (found by tests/fuzz: appended bytes were ignored and the bundle accepted).
        let mut after = rest.into_inner();
        let trailing = std::io::BufRead::fill_buf(&mut after).map_err(|_| damaged("读取失败"))?;
        if !trailing.is_empty() {
            return Err(refused("报送包文件末尾有多余的内容，文件被改动过，请重新拷贝"));
        }
        let (manifest, sender) = manifest.ok_or_else(|| damaged("缺少清单或签名"))?;
        for part in &manifest.parts {
            if !seen.contains(&part.name) {
                return Err(damaged(&format!("缺少部件 {}", part.name)));
            }
        }
        let entries = entries.ok_or_else(|| damaged("缺少变更记录"))?;
        Ok(Opened { manifest, sender, entries, photos })
    }

    /// The manifest must be signed by a key this install trusts, be addressed here, and be a
    /// bundle of this format.
    fn check_manifest(&self, bytes: &[u8], signature: &str, me: &super::Identity) -> Result<(Manifest, super::RosterEntry)> {
        let m: Manifest = serde_json::from_slice(bytes).map_err(|_| refused("报送包清单格式不正确，文件可能被改动或不是报送包"))?;
        if m.format != FORMAT || m.version != VERSION {
            return Err(refused(format!("不支持的报送包格式（{} 第 {} 版）", m.format, m.version)));
        }
        let Some(sender) = super::roster::find(self.conn(), &m.from)? else {
            return Err(refused(format!(
                "报送包来自未登记的安装（编号 {}，密钥指纹 {}），请先在单位名录中登记并核对批准",
                m.from,
                keys::fingerprint(&m.from_key)
            )));
        };
        if !keys::verify(&sender.public_key, MANIFEST_DOMAIN, bytes, signature) {
            return Err(refused(format!(
                "报送包的签名与{}登记的密钥（指纹 {}）不符：文件被改动过，或由其他密钥签名",
                sender.department_name, sender.fingerprint
            )));
        }
        match sender.status {
            RosterStatus::Approved | RosterStatus::Pinned => {}
            RosterStatus::Revoked => {
                return Err(refused(format!("{}的安装已被吊销，不再接收其报送包（此前接收的记录保留）", sender.department_name)))
            }
            RosterStatus::Pending => {
                return Err(refused(format!("{}的安装尚未批准（待核对指纹），请先批准再导入", sender.department_name)))
            }
        }
        if m.from_role != sender.role || (me.role == InstallRole::Unit && sender.status != RosterStatus::Pinned) {
            return Err(refused("报送包发送方的身份与单位名录不符"));
        }
        if m.to != me.install_id {
            return Err(refused(format!("这个报送包是发给另一台安装（编号 {}）的，不是本机", m.to)));
        }
        Ok((m, sender))
    }

    fn receive_blob(&self, item: &mut impl Read, part: &Part) -> Result<()> {
        let sha = part.name.trim_start_matches("blobs/");
        let mut bytes = Vec::with_capacity(part.size as usize);
        item.read_to_end(&mut bytes).map_err(|_| refused("报送包中的照片读取失败，文件不完整"))?;
        if sha_hex(&bytes) != sha || part.sha256 != sha || bytes.len() as u64 != part.size {
            return Err(refused(format!("报送包中的照片 {sha} 内容与其哈希不符，文件被改动过")));
        }
        self.keep_attachment(sha, &bytes)
    }

    /// Checks each origin's chain against what this install holds and the signed head, then
    /// replays the new lines in one transaction under the authority table.
    fn replay_bundle(&mut self, opened: Opened) -> Result<BundleReport> {
        let Opened { manifest, sender, entries, photos } = opened;
        let mut report = BundleReport {
            from: manifest.from.clone(),
            from_department: sender.department_name.clone(),
            counter: manifest.counter,
            photos,
            summary: manifest.summary.clone(),
            ..Default::default()
        };
        let received: i64 = self
            .conn()
            .query_row("SELECT received_counter FROM peers WHERE install_id = ?1", [&manifest.from], |r| r.get(0))
            .optional()?
            .unwrap_or(0);
        report.already_received = manifest.counter <= received;
        let new = self.check_chains(&manifest, &sender, &entries, received)?;
        report.unchanged = (entries.len() - new.len()) as u32;
        let me = self.require_identity()?.clone();
        let origin_of = |install: &str| -> Result<(InstallRole, String)> {
            if install == me.install_id {
                Ok((me.role, me.department_id.clone()))
            } else {
                Ok((sender.role, sender.department_id.clone()))
            }
        };
        let counts = self.replay_new(&entries, &new, &origin_of, |w, now| {
            let at = now.to_rfc3339();
            w.tx.execute(
                "INSERT INTO peers(install_id, received_counter, received_at) VALUES (?1, ?2, ?3)
                 ON CONFLICT(install_id) DO UPDATE SET received_counter = max(received_counter, excluded.received_counter),
                     received_at = excluded.received_at",
                rusqlite::params![manifest.from, manifest.counter, at],
            )?;
            for (origin, seq) in &manifest.holds {
                w.tx.execute(
                    "INSERT INTO peer_acks(peer, origin, seq) VALUES (?1, ?2, ?3)
                     ON CONFLICT(peer, origin) DO UPDATE SET seq = excluded.seq",
                    rusqlite::params![manifest.from, origin, seq],
                )?;
            }
            record_checkpoints(w, &manifest.segments)?;
            if sender.status == RosterStatus::Pinned {
                super::restored::clear_if_synced(&w.tx, &manifest.created_at)?;
            }
            Ok(())
        })?;
        report.inserted = counts.inserted;
        report.updated = counts.updated;
        report.conflicts = counts.conflicts;
        Ok(report)
    }

    /// Replays the lines `new` (indices into `entries`, checked by [`Self::check_runs`]) in one
    /// transaction: log, versions, rows, then every line within its origin's authority and every
    /// row by the rules of typing it in; `finish` writes the transport's bookkeeping in the same
    /// transaction. Refused whole, with every reason, if anything fails.
    pub(crate) fn replay_new(
        &mut self,
        entries: &[WireEntry],
        new: &[usize],
        origin_of: &dyn Fn(&str) -> Result<(InstallRole, String)>,
        finish: impl FnOnce(&mut crate::store::Writer<'_>, Timestamp) -> Result<()>,
    ) -> Result<Replayed> {
        let mut report = Replayed::default();
        let now = self.now();
        let mut reasons: Vec<String> = Vec::new();
        let result = self.write(|w| {
            let today = now.date_naive();
            // Rows are written in the order their records first appear; references are checked
            // by the rules below and by SQLite at commit.
            w.tx.pragma_update(None, "defer_foreign_keys", true)?;
            // 1. Every new line goes into the log and its version among its record's heads; the
            //    department each record belonged to before the bundle is noted.
            let mut records: Vec<Touched> = Vec::new();
            let mut index: HashMap<(&str, &str), usize> = HashMap::new();
            for &i in new {
                let e = &entries[i];
                w.log_replicated(e.line())?;
                if e.redacted() || !super::is_replicated(&e.entity) {
                    continue;
                }
                replay::advance(w, &incoming(e))?;
                let k = match index.get(&(e.entity.as_str(), e.entity_id.as_str())) {
                    Some(&k) => k,
                    None => {
                        records.push(Touched {
                            existed: replay::row_exists(w, &e.entity, &e.entity_id)?,
                            before: authority::scope_now(&w.tx, &e.entity, &e.entity_id)?,
                            lines: Vec::new(),
                        });
                        index.insert((e.entity.as_str(), e.entity_id.as_str()), records.len() - 1);
                        records.len() - 1
                    }
                };
                records[k].lines.push(i);
            }
            // 2. Each record's row shows its winning head, written once however many of its
            //    changes the bundle carries; rows first, so references among them resolve.
            let mut shown = Vec::with_capacity(records.len());
            for r in &records {
                let last = &entries[*r.lines.last().unwrap_or(&r.lines[0])];
                let view = replay::shown(w, &incoming(last))?;
                if let Some((action, state, _)) = &view {
                    if let Err(err) = replay::write_row(w, &last.entity, &last.entity_id, action, state) {
                        reasons.push(format!("{}：{}", place(last), err.message_zh()));
                    }
                }
                shown.push(view);
            }
            // 3. Every line within its origin's authority, every row by the rules of typing it in.
            for (r, view) in records.iter().zip(&shown) {
                for &i in &r.lines {
                    let e = &entries[i];
                    let (origin_role, origin_dept) = origin_of(&e.origin)?;
                    let origin = Origin { install_id: &e.origin, role: origin_role, department_id: &origin_dept };
                    let change = Change { entity: &e.entity, entity_id: &e.entity_id, action: &e.action, state: &e.state, base: &e.base };
                    if let Err(err) = authority::check_from(&w.tx, &origin, &change, r.before.clone()) {
                        reasons.push(format!("{}：{}", place(e), err.message_zh()));
                    }
                }
                let last = &entries[*r.lines.last().unwrap_or(&r.lines[0])];
                let Some((action, state, heads)) = view else { continue };
                // A date of the origin's (a progress note's day) is not refused for being
                // after this install's today.
                let day = chrono::DateTime::parse_from_rfc3339(&last.at).map(|t| t.date_naive()).unwrap_or(today).max(today);
                if let Err(err) = replay::check_row(w, &last.entity, &last.entity_id, action, state, day) {
                    reasons.push(format!("{}：{}", place(last), err.message_zh()));
                }
                if *heads > 1 {
                    report.conflicts.push(ConflictRef {
                        entity: last.entity.clone(),
                        entity_zh: crate::error::entity_zh(&last.entity).into(),
                        id: last.entity_id.clone(),
                    });
                } else if r.existed {
                    report.updated += 1;
                } else {
                    report.inserted += 1;
                }
            }
            if !reasons.is_empty() {
                return Err(Error::BundleRefused { reasons: std::mem::take(&mut reasons) });
            }
            finish(w, now)
        });
        result?;
        Ok(report)
    }

    /// Every origin's run must continue this install's copy of that chain without a gap or a
    /// fork, each line must hash to what it claims, and the run must end at a head its origin
    /// signed. Returns the indices of the lines not held yet, in order.
    fn check_chains(&self, m: &Manifest, sender: &super::RosterEntry, entries: &[WireEntry], received: i64) -> Result<Vec<usize>> {
        let me = self.require_identity()?.clone();
        // Lines come from the sender itself, or are this install's own sent back after a
        // restore (signed by this install's own key); nobody else's are relayed.
        let key_of = |origin: &str| -> Result<String> {
            if origin == sender.install_id {
                Ok(sender.public_key.clone())
            } else if origin == me.install_id {
                Ok(me.public_key.clone())
            } else {
                Err(refused(format!("报送包中有其他安装（{origin}）的变更，本版本只接收发送方自己的变更")))
            }
        };
        let gap = |have: i64, first: i64| {
            refused(format!(
                "缺少{}的第 {}–{} 条变更：请先导入该单位之前的报送包（已接收到第 {received} 号，本包为第 {} 号），或请对方重新导出",
                sender.department_name,
                have + 1,
                first - 1,
                m.counter
            ))
        };
        self.check_runs(&m.segments, entries, &key_of, &gap)
    }

    /// The chain checks of [`Self::check_chains`] for lines from any transport: `key_of` gives
    /// the key an origin signs with (or refuses the origin), `gap` the message for a run that
    /// starts past what this install holds.
    pub(crate) fn check_runs(
        &self,
        segments: &[Segment],
        entries: &[WireEntry],
        key_of: &dyn Fn(&str) -> Result<String>,
        gap: &dyn Fn(i64, i64) -> Error,
    ) -> Result<Vec<usize>> {
        let mut by_origin: HashMap<&str, Vec<usize>> = HashMap::new();
        for (i, e) in entries.iter().enumerate() {
            by_origin.entry(e.origin.as_str()).or_default().push(i);
        }
        let mut new = Vec::new();
        for (origin, idx) in &by_origin {
            let segment = segments.iter().find(|s| s.origin == *origin).ok_or_else(|| {
                refused(format!("来源 {origin} 的变更没有签名的检查点，数据被改动过"))
            })?;
            let key = key_of(origin)?;
            if !keys::verify(&key, CHECKPOINT_DOMAIN, &checkpoint_bytes(origin, segment.last, &segment.head), &segment.signature) {
                return Err(refused(format!("来源 {origin} 的检查点签名无效，数据被改动过")));
            }
            let (have, _) = origin_head(self.conn(), origin)?;
            let first = entries[idx[0]].seq;
            if first > have + 1 {
                return Err(gap(have, first));
            }
            let mut prev = if first == 1 { GENESIS.to_string() } else { self.origin_hash_at(origin, first - 1)? };
            for (n, &i) in idx.iter().enumerate() {
                let e = &entries[i];
                if e.seq != first + n as i64 {
                    return Err(refused(format!("来源 {origin} 的变更序号不连续（第 {} 条之后是第 {} 条），数据被改动过", first + n as i64 - 1, e.seq)));
                }
                if e.prev != prev {
                    return Err(refused(format!(
                        "第 {} 条变更与本机已接收的上一条不衔接（哈希链断开）：对方的变更记录在本机接收之后被改写（改动、截断或重算了哈希），或与本机记录分叉，不予接收",
                        e.seq
                    )));
                }
                if !e.redacted() && self.expected_origin_hash(e) != e.hash {
                    return Err(refused(format!("第 {} 条变更的内容与其哈希不符，数据被改动过", e.seq)));
                }
                if e.seq <= have {
                    if self.origin_hash_at(origin, e.seq)? != e.hash {
                        return Err(refused(format!(
                            "第 {} 条变更与本机已接收的同一条不同：对方的变更记录在本机接收之后被改写（或记录分叉），不予接收",
                            e.seq
                        )));
                    }
                } else {
                    new.push(i);
                }
                prev = e.hash.clone();
            }
            let last = &entries[*idx.last().unwrap_or(&idx[0])];
            if last.seq != segment.last || last.hash != segment.head {
                return Err(refused("变更与签名的检查点不符，数据被截短或改动过"));
            }
        }
        new.sort_by_key(|&i| (entries[i].origin.clone(), entries[i].seq));
        Ok(new)
    }

    /// The hash of `origin`'s line `seq` as this install holds it (empty when it has none).
    pub(crate) fn origin_hash_at(&self, origin: &str, seq: i64) -> Result<String> {
        Ok(self
            .conn()
            .prepare_cached("SELECT origin_hash FROM change_log WHERE install_id = ?1 AND install_seq = ?2")?
            .query_row((origin, seq), |r| r.get::<_, Option<String>>(0))
            .optional()?
            .flatten()
            .unwrap_or_default())
    }

    fn expected_origin_hash(&self, e: &WireEntry) -> String {
        e.line().expected_origin_hash()
    }
}

/// What a replay changed.
#[derive(Debug, Default)]
pub(crate) struct Replayed {
    pub inserted: u32,
    pub updated: u32,
    pub conflicts: Vec<ConflictRef>,
}

/// Keeps the signed heads that came with lines (a relay or a later check needs them).
pub(crate) fn record_checkpoints(w: &crate::store::Writer<'_>, segments: &[Segment]) -> Result<()> {
    for s in segments {
        w.tx.execute(
            "INSERT OR IGNORE INTO checkpoints(origin, seq, hash, signature) VALUES (?1, ?2, ?3, ?4)",
            rusqlite::params![s.origin, s.last, s.head, s.signature],
        )?;
    }
    Ok(())
}

/// A record a bundle changes: whether it was here, its department before the bundle, and the
/// bundle's lines about it (indices into the entries, in order).
struct Touched {
    existed: bool,
    before: Option<String>,
    lines: Vec<usize>,
}

fn incoming(e: &WireEntry) -> Incoming<'_> {
    Incoming { entity: &e.entity, entity_id: &e.entity_id, version: &e.hash, at: &e.at, base: &e.base, action: &e.action, state: &e.state }
}

fn place(e: &WireEntry) -> String {
    format!("第 {} 条变更（{}，编号 {}）", e.seq, crate::error::entity_zh(&e.entity), e.entity_id)
}

struct Opened {
    manifest: Manifest,
    sender: super::RosterEntry,
    entries: Vec<WireEntry>,
    photos: u32,
}
