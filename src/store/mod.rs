//! The SQLite store: opening, migrations, the write path (one transaction per user action,
//! together with its change-log line) and the row mappings of every entity.

pub(crate) mod changelog;
mod encryption;
pub(crate) mod heads;
mod lock;
pub(crate) mod migrations;
pub mod tokens;
pub(crate) mod rows;
mod search_index;

pub use changelog::{
    find_by_code, head_code, origin_head, read_lines, verification_code, verify_chain, ChainReport, ChangeEntry, GENESIS,
};
pub use encryption::EncryptionStatus;
pub(crate) use encryption::upsert_setting;
pub use lock::{WaitNotice, WRITE_WAIT_LIMIT};

use crate::error::{Error, Result};
use crate::model::{Date, Timestamp};
use rusqlite::{functions::FunctionFlags, Connection, OpenFlags, Transaction};
use serde::Serialize;
use std::path::{Path, PathBuf};
use std::time::Duration;

/// An open walklog database and the folder its attachments live in.
pub struct Store {
    conn: Connection,
    path: PathBuf,
    actor: String,
    install_id: String,
    /// Who this install is (单位端 or 党建办端), once set up; `None` for a database used on its
    /// own (older versions, scripts), which cannot exchange bundles.
    identity: Option<crate::sync::Identity>,
    /// The clock times of record come from.
    clock: Clock,
    /// How long a write waits for another writer, and who hears that it is waiting.
    write_wait: Duration,
    on_wait: Option<WaitNotice>,
    /// 数据加密: the database's key and the cipher of the files beside it, when encrypted.
    key: Option<crate::crypt::DbKey>,
    files: Option<crate::crypt::FileCipher>,
}

/// SQLite's page cache per connection, in KiB: plain and encrypted databases.
const PLAIN_CACHE_KIB: i64 = 64 * 1024;
const ENCRYPTED_CACHE_KIB: i64 = 256 * 1024;
/// Changed pages a transaction may hold before SQLite writes some out early (4 KiB pages).
const SPILL_PAGES: i64 = 256 * 1024 / 4;

impl Store {
    /// Opens (creating if needed) the database at `path` and brings its schema up to date. An
    /// encrypted database is refused with `Locked`: it needs `open_with_password`.
    pub fn open(path: impl AsRef<Path>) -> Result<Store> {
        Self::open_unlocking(path, None)
    }

    /// Opens the database at `path` with its password when it is encrypted (a plain database
    /// opens as `open` would, the password unused). A wrong password is `WrongPassword`, and
    /// nothing is written.
    pub fn open_with_password(path: impl AsRef<Path>, password: &str) -> Result<Store> {
        Self::open_unlocking(path, Some(password))
    }

    /// `open` or `open_with_password`, as a password is given or not.
    pub fn open_unlocking(path: impl AsRef<Path>, password: Option<&str>) -> Result<Store> {
        let path = path.as_ref().to_path_buf();
        let key = match (crate::crypt::is_encrypted(&path)?, password) {
            (false, _) => None,
            (true, None) => return Err(Error::Locked),
            (true, Some(pw)) => Some(crate::crypt::DbKey::for_file(&path, pw)?),
        };
        Self::open_keyed(path, key)
    }

    fn open_keyed(path: PathBuf, key: Option<crate::crypt::DbKey>) -> Result<Store> {
        if let Some(dir) = path.parent() {
            if !dir.as_os_str().is_empty() {
                std::fs::create_dir_all(dir)?;
            }
        }
        let conn = Connection::open_with_flags(
            &path,
            OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_CREATE | OpenFlags::SQLITE_OPEN_URI,
        )?;
        // The key is the first thing a SQLCipher connection hears; a wrong one fails here.
        if let Some(key) = &key {
            key.unlock(&conn)?;
        }
        let mut store = Self::from_connection(conn, path, key)?;
        store.load_file_cipher()?;
        Ok(store)
    }

    fn from_connection(conn: Connection, path: PathBuf, key: Option<crate::crypt::DbKey>) -> Result<Store> {
        let wait = lock::WRITE_WAIT_LIMIT;
        conn.busy_timeout(lock::LOCK_STEP)?;
        // Switching a new file to WAL needs a moment of exclusive access and fails at once
        // (no busy wait) while another process opens the same new file: retry it.
        lock::retry(wait, None, || conn.query_row("PRAGMA journal_mode = WAL", [], |r| r.get::<_, String>(0)))?;
        // FULL: a commit is on disk (the WAL synced) before it is reported done, so a power cut
        // loses nothing committed. NORMAL could lose the last commits (README, "Data that is
        // never lost"; the cost is measured on the core benchmark).
        conn.pragma_update(None, "synchronous", "FULL")?;
        conn.pragma_update(None, "foreign_keys", true)?;
        // 64 MiB of page cache (the default is 2 MiB): a city's years of records run to a GB,
        // and the figures, the ledger and imports otherwise re-read pages through the OS. A
        // plain database's missing pages come from the OS's file cache at the cost of a copy;
        // an encrypted one's are decrypted and authenticated each time, so it gets four times
        // the cache (the core bench's 10-year city: an import +29 % and the figures +19 % with
        // 64 MiB). Set before the migrations, which may build an index over the whole file.
        let cache_kib = if key.is_some() { ENCRYPTED_CACHE_KIB } else { PLAIN_CACHE_KIB };
        conn.pragma_update(None, "cache_size", -cache_kib)?;
        // A large write's changed pages stay in memory until its commit writes them once, up to
        // 256 MiB: spilling them to the WAL whenever the 64 MiB filled (and writing some again at
        // the commit) was 7 % of a 5,000-walk import. Only such an import dirties that much.
        conn.pragma_update(None, "cache_spill", SPILL_PAGES)?;
        // Statement journals (every insert into a table with a unique index may need to undo
        // itself) and sort scratch stay in memory: on disk they were a write system call per
        // page touched, a third of a large import's time (profiled on the 好差评 bench).
        conn.pragma_update(None, "temp_store", "MEMORY")?;
        register_functions(&conn)?;
        migrations::apply(&conn, wait)?;
        let install_id = install_id(&conn, wait)?;
        let identity = crate::sync::identity::load(&conn)?;
        Ok(Store {
            conn,
            path,
            actor: "本机用户".into(),
            install_id,
            identity,
            clock: Clock::Real,
            write_wait: wait,
            on_wait: None,
            key,
            files: None,
        })
    }

    /// How long writes wait for another writer (an import) before giving up with `busy`.
    pub fn set_write_wait_limit(&mut self, limit: Duration) {
        self.write_wait = limit;
    }

    /// Who hears that a write is waiting for another writer (`true`) and that the wait ended
    /// (`false`), so a front end can say 「正在等待其他写入完成…」.
    pub fn on_write_wait(&mut self, notice: Option<WaitNotice>) {
        self.on_wait = notice;
    }

    pub(crate) fn write_wait(&self) -> Duration {
        self.write_wait
    }

    pub(crate) fn wait_notice(&self) -> Option<WaitNotice> {
        self.on_wait.clone()
    }

    /// Opens the file again (after a restore replaced its contents), so migrations, the
    /// install id and cached statements follow the new contents; keeps who, when and waiting.
    pub(crate) fn reopen(&mut self) -> Result<()> {
        self.reopen_with(self.key.clone())
    }

    /// The database file.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The folder beside the database that holds attachments and exports.
    pub fn data_dir(&self) -> PathBuf {
        self.path.parent().map(Path::to_path_buf).unwrap_or_else(|| PathBuf::from("."))
    }

    /// Read access for queries (reports, statistics). Writes go through the store's verbs.
    pub fn conn(&self) -> &Connection {
        &self.conn
    }

    /// The connection itself, for whole-database operations (backup, restore) in the core.
    pub(crate) fn conn_mut(&mut self) -> &mut Connection {
        &mut self.conn
    }

    /// Who the change log records as the author of the next writes.
    pub fn set_actor(&mut self, actor: impl Into<String>) {
        self.actor = actor.into();
    }

    pub fn actor(&self) -> &str {
        &self.actor
    }

    pub fn install_id(&self) -> &str {
        &self.install_id
    }

    /// Who this install is, once set up (`walklog init`, the first-run screen).
    pub fn identity(&self) -> Option<&crate::sync::Identity> {
        self.identity.as_ref()
    }

    pub(crate) fn set_identity(&mut self, identity: Option<crate::sync::Identity>) {
        self.identity = identity;
    }

    /// Pins the clock (tests, deterministic demo data); `None` returns to the real clock.
    pub fn set_clock(&mut self, now: Option<Timestamp>) {
        self.clock = now.map_or(Clock::Real, Clock::Fixed);
    }

    /// A clock that reads `start` now and runs on in real time (end-to-end tests set the app's
    /// clock to a known morning and still see steps take time).
    pub fn set_clock_running_from(&mut self, start: Timestamp) {
        self.clock = Clock::RunningFrom { start, since: std::time::Instant::now() };
    }

    /// The core's "now": every time of record (开始, 下一环节, 结束, 退回, notes) is taken here,
    /// never from a caller.
    pub fn now(&self) -> Timestamp {
        match self.clock {
            Clock::Real => chrono::Local::now().fixed_offset(),
            Clock::Fixed(t) => t,
            Clock::RunningFrom { start, since } => {
                start + chrono::Duration::from_std(since.elapsed()).unwrap_or_else(|_| chrono::Duration::zero())
            }
        }
    }

    pub fn today(&self) -> Date {
        self.now().date_naive()
    }

    /// Runs `f` in one immediate transaction; the change-log lines it appends commit with it.
    pub(crate) fn write<T>(&mut self, f: impl FnOnce(&mut Writer<'_>) -> Result<T>) -> Result<T> {
        let mut writer = self.begin()?;
        let value = f(&mut writer)?;
        writer.tx.commit()?;
        Ok(value)
    }

    /// Runs `f` like `write` and then rolls everything back: a dry run that sees its own
    /// writes (an import's preview).
    pub(crate) fn write_and_roll_back<T>(&mut self, f: impl FnOnce(&mut Writer<'_>) -> Result<T>) -> Result<T> {
        let mut writer = self.begin()?;
        let value = f(&mut writer)?;
        writer.tx.rollback()?;
        Ok(value)
    }

    /// Takes the write lock (waiting for another writer as `lock::retry` allows) and opens the
    /// transaction. The lock is taken first (IMMEDIATE), so waiting never repeats any work.
    fn begin(&mut self) -> Result<Writer<'_>> {
        let now = self.now();
        let tx = lock::retry(self.write_wait, self.on_wait.as_ref(), || {
            Transaction::new_unchecked(&self.conn, rusqlite::TransactionBehavior::Immediate)
        })?;
        Ok(Writer { tx, actor: &self.actor, install_id: &self.install_id, identity: self.identity.as_ref(), now, head: None })
    }

    /// A setting stored in the database (current user, font, …).
    pub fn setting(&self, key: &str) -> Result<Option<String>> {
        use rusqlite::OptionalExtension;
        Ok(self
            .conn
            .query_row("SELECT value FROM settings WHERE key = ?1", [key], |r| r.get(0))
            .optional()?)
    }

    pub fn set_setting(&mut self, key: &str, value: &str) -> Result<()> {
        crate::rules::check_text("setting", value, crate::rules::NOTE_MAX, true)?;
        let (key, value) = (key.to_string(), value.to_string());
        self.write(|w| {
            w.tx.execute(
                "INSERT INTO settings(key, value) VALUES (?1, ?2) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                (&key, &value),
            )?;
            w.log("setting", &key, "set", &serde_json::json!({ "key": key, "value": value }))?;
            Ok(())
        })
    }
}

#[derive(Debug, Clone, Copy)]
enum Clock {
    Real,
    Fixed(Timestamp),
    RunningFrom { start: Timestamp, since: std::time::Instant },
}

/// The write side of one transaction.
pub(crate) struct Writer<'a> {
    pub tx: Transaction<'a>,
    actor: &'a str,
    install_id: &'a str,
    identity: Option<&'a crate::sync::Identity>,
    pub now: Timestamp,
    head: Option<changelog::ChainHead>,
}

impl Writer<'_> {
    /// Appends one change-log line carrying the entity's full new state; returns the version it
    /// makes (its origin hash). A replicated record's change is based on its current version
    /// and must be within this install's authority (`sync::authority`, the one table).
    pub fn log(&mut self, entity: &str, entity_id: &str, action: &str, state: &impl Serialize) -> Result<String> {
        self.log_based_on(entity, entity_id, action, state, None)
    }

    /// `log` with the versions the change replaces named (a conflict's resolution replaces
    /// every head); `None` means the record's current version.
    pub(crate) fn log_based_on(
        &mut self,
        entity: &str,
        entity_id: &str,
        action: &str,
        state: &impl Serialize,
        base: Option<Vec<String>>,
    ) -> Result<String> {
        let state = serde_json::to_string(state)?;
        let replicated = crate::sync::is_replicated(entity);
        let base: Vec<String> = match base {
            Some(base) => base,
            None if replicated => {
                let current = heads::all(&self.tx, entity, entity_id)?;
                if current.len() > 1 {
                    return Err(Error::transition(format!(
                        "该{}在两台安装上被同时修改（冲突），请先在“冲突”页选定保留的内容，再修改",
                        crate::error::entity_zh(entity)
                    )));
                }
                current
            }
            None => Vec::new(),
        };
        if let (true, Some(identity)) = (replicated, self.identity) {
            crate::sync::restored::check_writable(&self.tx)?;
            let change = crate::sync::authority::Change { entity, entity_id, action, state: &state, base: &base };
            crate::sync::authority::check(&self.tx, &identity.as_origin(), &change)?;
        }
        let base_json = serde_json::to_string(&base)?;
        let line = changelog::LocalLine {
            install_id: self.install_id,
            actor: self.actor,
            now: &self.now,
            entity,
            entity_id,
            action,
            state: &state,
            base: &base_json,
        };
        let version = changelog::append(&self.tx, &mut self.head, &line)?;
        if replicated {
            heads::advance(&self.tx, entity, entity_id, &base, &version, &self.now.to_rfc3339())?;
        }
        Ok(version)
    }

    /// Appends a line another install made, as it came (checked by the caller).
    pub(crate) fn log_replicated(&mut self, line: ChangeEntry) -> Result<()> {
        changelog::append_replicated(&self.tx, &mut self.head, self.install_id, line)
    }
}

/// The newest schema version this binary reads and writes.
pub fn schema_version_supported() -> i64 {
    migrations::LATEST
}

/// The bundle identifier of the desktop app; its data folder is named after it.
pub const APP_IDENTIFIER: &str = "cn.gov.walklog";
/// The database file name inside the data folder (the app and the CLI share it).
pub const DB_FILE_NAME: &str = "walklog.db";

/// The database the app opens and the CLI uses without `--db`:
/// `<OS data dir>/cn.gov.walklog/walklog.db` (Tauri's app data dir for our identifier).
pub fn default_db_path() -> Result<PathBuf> {
    let base = dirs::data_dir()
        .ok_or_else(|| Error::invalid("db", "无法确定系统的数据文件夹，请用 --db 指定数据库文件。"))?;
    Ok(base.join(APP_IDENTIFIER).join(DB_FILE_NAME))
}

/// A new UUIDv7 id (time-ordered, so records from many installs merge without clashes).
pub fn new_id() -> String {
    uuid::Uuid::now_v7().to_string()
}

/// This install's id, made on first open. Two processes may open a new database at once: the
/// insert keeps whichever id came first and both read that one back.
fn install_id(conn: &Connection, wait: Duration) -> Result<String> {
    use rusqlite::OptionalExtension;
    let read = || -> Result<Option<String>> {
        Ok(conn.query_row("SELECT value FROM settings WHERE key = 'install_id'", [], |r| r.get(0)).optional()?)
    };
    if let Some(id) = read()? {
        return Ok(id);
    }
    let candidate = new_id();
    lock::retry(wait, None, || {
        conn.execute("INSERT OR IGNORE INTO settings(key, value) VALUES ('install_id', ?1)", [&candidate])
    })?;
    read()?.ok_or_else(|| Error::invalid("install_id", "未能写入本机编号，请重试"))
}

pub(crate) fn register_functions(conn: &Connection) -> Result<()> {
    conn.create_scalar_function(
        "wl_bigrams",
        1,
        FunctionFlags::SQLITE_UTF8 | FunctionFlags::SQLITE_DETERMINISTIC,
        |ctx| {
            let text: Option<String> = ctx.get(0)?;
            Ok(tokens::bigrams(text.as_deref().unwrap_or("")))
        },
    )?;
    // Not deterministic: it answers differently during an import (search_index.rs).
    conn.create_scalar_function("wl_search_deferred", 0, FunctionFlags::SQLITE_UTF8, |_| Ok(search_index::deferred()))?;
    Ok(())
}

/// Parses a stored RFC 3339 timestamp.
pub(crate) fn parse_ts(text: &str) -> rusqlite::Result<Timestamp> {
    chrono::DateTime::parse_from_rfc3339(text)
        .map_err(|e| rusqlite::Error::FromSqlConversionFailure(0, rusqlite::types::Type::Text, Box::new(e)))
}

pub(crate) fn parse_date(text: &str) -> rusqlite::Result<Date> {
    Date::parse_from_str(text, "%Y-%m-%d")
        .map_err(|e| rusqlite::Error::FromSqlConversionFailure(0, rusqlite::types::Type::Text, Box::new(e)))
}

pub(crate) fn ts(t: &Timestamp) -> String {
    t.to_rfc3339()
}

pub(crate) fn date(d: &Date) -> String {
    d.format("%Y-%m-%d").to_string()
}

impl From<Error> for rusqlite::Error {
    fn from(e: Error) -> Self {
        rusqlite::Error::ToSqlConversionFailure(Box::new(e))
    }
}
