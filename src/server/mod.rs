//! 联网同步: installs sync through a shared PostgreSQL server (or a PostgreSQL-protocol 信创
//! database). Same entries, same replay, same rules as the 报送包: only the transport is new.
//!
//! A sync pulls what this install has not seen (each origin's chain, up to a signed head, checked
//! and replayed exactly like a bundle's), then pushes its own lines the server lacks in chunks
//! (each chunk one server transaction ending at a signed head). The office also forwards the
//! lines it received by bundle. The server keys lines by (origin, seq): a retried push adds
//! nothing, an interrupted pull resumes from what this install holds.

mod local;
pub mod pg;

/// The PostgreSQL driver: tokio-postgres, or with `--features gaussdb` the openGauss family's
/// fork of it (same API; it speaks their SHA256 and SM3 password methods).
#[cfg(not(feature = "gaussdb"))]
pub(crate) use tokio_postgres as driver;
#[cfg(feature = "gaussdb")]
pub(crate) use tokio_gaussdb as driver;

use crate::error::{Error, Result};
use crate::model::Timestamp;
use crate::store::Store;
use crate::sync::bundle::{ConflictRef, Segment, WireEntry};
use serde::{Deserialize, Serialize};
use std::future::Future;

pub use pg::{server_enrol, server_init, EnrolledInstall, PgLink, ServerInit};

/// Lines per pushed chunk (one server transaction, one signed head).
pub const PUSH_CHUNK: usize = 2_000;
/// Lines asked for per pull (a pull ends each origin's run at a signed head, so a reply may
/// hold a little more).
pub const PULL_LIMIT: i64 = 5_000;

/// What one sync did.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct SyncReport {
    /// This install's own lines the server took.
    pub pushed: u32,
    /// Lines of other installs the office forwarded (received by bundle).
    pub forwarded: u32,
    /// Lines received (places of other units' records included).
    pub pulled: u32,
    pub inserted: u32,
    pub updated: u32,
    pub conflicts: Vec<ConflictRef>,
    pub photos_sent: u32,
    pub photos_received: u32,
    #[cfg_attr(feature = "ts", ts(type = "string | null"))]
    pub at: Option<Timestamp>,
}

/// The status bar's line: configured or not, when it last synced, what is waiting.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct SyncStatus {
    pub configured: bool,
    /// The server's address without its password (host:port/database, user).
    pub server: String,
    #[cfg_attr(feature = "ts", ts(type = "string | null"))]
    pub last_sync_at: Option<Timestamp>,
    #[cfg_attr(feature = "ts", ts(type = "string | null"))]
    pub last_attempt_at: Option<Timestamp>,
    /// Why the last attempt failed (offline: 未连上服务器…), or null.
    pub last_error: Option<String>,
    /// This install's own changes the server has not acknowledged (未同步 N 条).
    pub unsynced: i64,
}

/// One reply to a pull: lines, each origin's run ending at its signed head.
#[derive(Debug, Clone, Default)]
pub struct Pulled {
    pub entries: Vec<WireEntry>,
    pub segments: Vec<Segment>,
}

/// A run of one origin's chain to push, ending at the head `signature` signs.
#[derive(Debug, Clone)]
pub struct PushChunk {
    pub origin: String,
    pub entries: Vec<WireEntry>,
    pub signature: String,
    /// Photos the lines refer to: (sha256, path in the attachment store).
    pub photos: Vec<(String, std::path::PathBuf)>,
}

/// Who the server says this login is.
#[derive(Debug, Clone, PartialEq)]
pub struct ServerIdentity {
    pub install_id: String,
    pub role: String,
    pub department_id: String,
}

/// The transport: what a sync asks of the server. Implemented over `tokio-postgres`
/// ([`PgLink`]); a fork for the openGauss family's password methods, or a test's faulty link,
/// can stand in.
pub trait Link: Send {
    fn whoami(&mut self) -> impl Future<Output = Result<ServerIdentity>> + Send;
    /// The server's last line of `origin` (0 and the genesis hash when it has none).
    fn head(&mut self, origin: &str) -> impl Future<Output = Result<(i64, String)>> + Send;
    /// The server's last line of every origin it holds.
    fn heads(&mut self) -> impl Future<Output = Result<Vec<(String, i64)>>> + Send;
    /// Appends a chunk; returns the server's head of its origin afterwards.
    fn push(&mut self, chunk: &PushChunk) -> impl Future<Output = Result<i64>> + Send;
    fn pull(&mut self, have: &[(String, i64)], limit: i64) -> impl Future<Output = Result<Pulled>> + Send;
    fn missing_blobs(&mut self, shas: &[String]) -> impl Future<Output = Result<Vec<String>>> + Send;
    fn put_blob(&mut self, sha: &str, bytes: Vec<u8>) -> impl Future<Output = Result<()>> + Send;
    fn get_blob(&mut self, sha: &str) -> impl Future<Output = Result<Option<Vec<u8>>>> + Send;
}

/// How a sync reaches the store: the CLI owns it, the app keeps it behind a lock. Only short,
/// synchronous steps run inside; the network waits happen outside.
pub trait StoreAccess: Sync {
    fn with_store<T>(&self, f: impl FnOnce(&mut Store) -> Result<T>) -> Result<T>;
}

impl StoreAccess for std::sync::Mutex<Store> {
    fn with_store<T>(&self, f: impl FnOnce(&mut Store) -> Result<T>) -> Result<T> {
        let mut guard = self.lock().unwrap_or_else(|p| p.into_inner());
        f(&mut guard)
    }
}

/// A store borrowed for one sync (the CLI, tests).
impl StoreAccess for std::sync::Mutex<&mut Store> {
    fn with_store<T>(&self, f: impl FnOnce(&mut Store) -> Result<T>) -> Result<T> {
        let mut guard = self.lock().unwrap_or_else(|p| p.into_inner());
        f(&mut guard)
    }
}

/// Syncs with the server configured in 设置 (or `url`): connects, then [`sync_over`]. Every
/// attempt is recorded (its time, and why it failed) for the status bar.
pub async fn sync<A: StoreAccess>(access: &A, url: Option<&str>) -> Result<SyncReport> {
    let url = match url {
        Some(u) => u.to_string(),
        None => access.with_store(|s| s.server_url())?.ok_or_else(|| {
            Error::invalid("server_url", "尚未设置同步服务器：请在 设置 → 同步服务器 填写地址，或用 walklog server use 地址")
        })?,
    };
    let result = async {
        let mut link = PgLink::connect(&url).await?;
        sync_over(access, &mut link).await
    }
    .await;
    access.with_store(|s| s.record_sync_attempt(result.as_ref().err()))?;
    result
}

/// One sync over a link: pull, then push (own lines; the office also forwards).
pub async fn sync_over<A: StoreAccess, L: Link>(access: &A, link: &mut L) -> Result<SyncReport> {
    let me = access.with_store(|s| Ok(s.require_identity()?.clone()))?;
    let server_me = link.whoami().await?;
    if server_me.install_id != me.install_id {
        return Err(Error::ServerRefused {
            message: format!(
                "服务器把这个登录账号登记给了另一台安装（{}），不是本机（{}）：请核对连接地址",
                server_me.install_id, me.install_id
            ),
        });
    }
    let mut report = SyncReport::default();
    pull_all(access, link, &mut report).await?;
    report.pushed = push_origin(access, link, &me.install_id, &mut report).await?;
    if me.role == crate::model::InstallRole::Office {
        let held = link.heads().await?;
        let origins = access.with_store(|s| s.forwardable_origins(&held))?;
        for origin in origins {
            report.forwarded += push_origin(access, link, &origin, &mut report).await?;
        }
    }
    report.at = Some(access.with_store(|s| Ok(s.now()))?);
    Ok(report)
}

async fn pull_all<A: StoreAccess, L: Link>(access: &A, link: &mut L, report: &mut SyncReport) -> Result<()> {
    loop {
        let have = access.with_store(|s| s.origin_heads())?;
        let pulled = link.pull(&have, PULL_LIMIT).await?;
        if pulled.entries.is_empty() {
            return Ok(());
        }
        let wanted = access.with_store(|s| s.photos_wanted(&pulled.entries))?;
        for sha in wanted {
            let bytes = link.get_blob(&sha).await?.ok_or_else(|| Error::ServerRefused {
                message: format!("服务器上缺少照片 {sha}，请让上传它的安装再同步一次"),
            })?;
            access.with_store(|s| s.receive_photo(&sha, &bytes))?;
            report.photos_received += 1;
        }
        let n = pulled.entries.len() as u32;
        let applied = access.with_store(|s| s.apply_pulled(pulled))?;
        report.pulled += n;
        report.inserted += applied.inserted;
        report.updated += applied.updated;
        report.conflicts.extend(applied.conflicts);
    }
}

/// Pushes `origin`'s lines the server lacks; returns how many records' lines went.
async fn push_origin<A: StoreAccess, L: Link>(access: &A, link: &mut L, origin: &str, report: &mut SyncReport) -> Result<u32> {
    let mut pushed = 0;
    loop {
        let (seq, hash) = link.head(origin).await?;
        let Some(chunk) = access.with_store(|s| s.push_chunk(origin, seq, &hash, PUSH_CHUNK))? else { return Ok(pushed) };
        let shas: Vec<String> = chunk.photos.iter().map(|(s, _)| s.clone()).collect();
        if !shas.is_empty() {
            for sha in link.missing_blobs(&shas).await? {
                if chunk.photos.iter().any(|(s, _)| *s == sha) {
                    // Through the store: an encrypted install's files are sealed on disk.
                    let bytes = access.with_store(|s| s.read_attachment(&sha))?;
                    link.put_blob(&sha, bytes).await?;
                    report.photos_sent += 1;
                }
            }
        }
        // What the user would call a change: settings travel only as places.
        let n = chunk.entries.iter().filter(|e| e.seq > seq && crate::sync::is_replicated(&e.entity)).count() as u32;
        let last = chunk.entries.last().map_or(seq, |e| e.seq);
        let held = link.push(&chunk).await?;
        access.with_store(|s| s.record_pushed(&chunk))?;
        pushed += n;
        if held < last {
            return Err(Error::ServerRefused { message: format!("服务器只接收到第 {held} 条，应到第 {last} 条") });
        }
    }
}
