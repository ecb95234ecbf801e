//! Where the database lives and the state the commands share.

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, OnceLock};

use serde::Serialize;
use tauri::{AppHandle, Emitter, Manager, Runtime};
use walklog::model::Person;
use walklog::store::WaitNotice;
use walklog::Store;

use crate::{CmdError, DB_ENV};

/// The settings key under which the current user (a person id) is kept in the database.
pub use walklog::sync::identity::CURRENT_USER_KEY;

/// The event the UI hears while a write waits for another writer (an import in another window
/// or the CLI), and again when the wait is over.
pub const WRITE_WAIT_EVENT: &str = "db-write-wait";

#[derive(Debug, Clone, Serialize)]
pub struct WriteWait {
    pub waiting: bool,
    pub message_zh: &'static str,
}

/// Which database file the app opens.
#[derive(Debug, Clone)]
pub enum DbChoice {
    /// `--db PATH` on the command line, else `WALKLOG_DB` if set and not empty, else
    /// `walklog.db` in the app data folder. The argument exists because WebDriver sessions can
    /// pass arguments to the app but not environment variables.
    FromEnvOrDataDir,
    /// Exactly this file (command tests).
    Path(PathBuf),
}

impl DbChoice {
    pub fn resolve<R: Runtime>(&self, app: &AppHandle<R>) -> Result<PathBuf, Box<dyn std::error::Error>> {
        match self {
            DbChoice::Path(p) => Ok(p.clone()),
            DbChoice::FromEnvOrDataDir => {
                if let Some(p) = db_from_args(std::env::args_os().skip(1)) {
                    return Ok(p);
                }
                if let Some(p) = std::env::var_os(DB_ENV).filter(|v| !v.is_empty()) {
                    return Ok(PathBuf::from(p));
                }
                let dir = app.path().app_data_dir()?;
                std::fs::create_dir_all(&dir)?;
                Ok(dir.join("walklog.db"))
            }
        }
    }
}

/// Shared by all commands. The store is opened on first use rather than at start, so a database
/// that cannot be opened (locked, newer schema) is reported on screen as a Chinese message
/// instead of preventing the window from appearing.
///
/// The path is set once: at construction when it is known (tests), or by the setup hook once
/// the app data folder can be asked for.
pub struct AppState {
    db_path: OnceLock<PathBuf>,
    store: Mutex<Option<Store>>,
    wait_notice: OnceLock<WaitNotice>,
}

impl AppState {
    pub fn new(db_path: Option<PathBuf>) -> Self {
        let cell = OnceLock::new();
        if let Some(p) = db_path {
            let _ = cell.set(p);
        }
        Self { db_path: cell, store: Mutex::new(None), wait_notice: OnceLock::new() }
    }

    /// Lets writes that wait for another writer tell the window (`WRITE_WAIT_EVENT`). The wait
    /// happens inside a command, so the event is the only way the UI can hear of it in time.
    fn announce_waits_to<R: Runtime>(&self, app: AppHandle<R>) {
        let notice: WaitNotice = Arc::new(move |waiting| {
            let message_zh = if waiting { "正在等待其他写入完成…" } else { "" };
            // A window that is gone has nobody to tell; the write goes on regardless.
            let _ = app.emit(WRITE_WAIT_EVENT, WriteWait { waiting, message_zh });
        });
        let _ = self.wait_notice.set(notice);
    }

    /// Sets the database path if it was not known at construction.
    pub fn resolve_path(&self, path: PathBuf) {
        // Already set means the caller named the file explicitly; that choice wins.
        let _ = self.db_path.set(path);
    }

    pub fn db_path(&self) -> Result<&Path, CmdError> {
        Ok(self.known_db_path()?)
    }

    fn known_db_path(&self) -> walklog::Result<&Path> {
        self.db_path
            .get()
            .map(PathBuf::as_path)
            .ok_or_else(|| walklog::Error::Internal { message: "数据库位置尚未确定，请重新启动程序".into() })
    }

    /// Runs `f` on the open store (opening it first if needed) and maps the core's error.
    pub fn with_store<T>(&self, f: impl FnOnce(&mut Store) -> walklog::Result<T>) -> Result<T, CmdError> {
        self.with_store_report(|s| f(s).map_err(CmdError::from))
    }

    /// Like `with_store`, for work whose errors are already `CmdError`s (reports, exports).
    pub fn with_store_report<T>(&self, f: impl FnOnce(&mut Store) -> Result<T, CmdError>) -> Result<T, CmdError> {
        self.with_open_store(f)
    }

    /// Like `with_store`, keeping the core's error (for core code that takes a store accessor,
    /// such as the server sync).
    pub fn with_store_core<T>(&self, f: impl FnOnce(&mut Store) -> walklog::Result<T>) -> walklog::Result<T> {
        self.with_open_store(f)
    }

    fn with_open_store<T, E: From<walklog::Error>>(&self, f: impl FnOnce(&mut Store) -> Result<T, E>) -> Result<T, E> {
        // A panic while the lock was held cannot leave a half-written transaction behind
        // (rusqlite rolls back on drop), so a poisoned lock is safe to take over.
        let mut guard = self.store.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        if guard.is_none() {
            // An encrypted database is `locked` here: the window shows its unlock screen.
            let store = Store::open(self.known_db_path()?)?;
            *guard = Some(self.prepared(store)?);
        }
        match guard.as_mut() {
            Some(store) => f(store),
            None => Err(walklog::Error::Internal { message: "数据库未能打开，请重新启动程序".into() }.into()),
        }
    }

    /// Whether the store is open (unlocked, for an encrypted database).
    pub fn is_open(&self) -> bool {
        self.store.lock().unwrap_or_else(|poisoned| poisoned.into_inner()).is_some()
    }

    /// Opens the encrypted database with its password (数据加密). Already open: nothing to do.
    pub fn unlock(&self, password: &str) -> Result<(), CmdError> {
        let mut guard = self.store.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        if guard.is_none() {
            let store = Store::open_with_password(self.known_db_path()?, password)?;
            *guard = Some(self.prepared(store)?);
        }
        Ok(())
    }

    /// What every freshly opened store gets before a command uses it.
    fn prepared(&self, mut store: Store) -> walklog::Result<Store> {
        // Debug builds only (the e2e tests): a release build always records real time.
        #[cfg(debug_assertions)]
        if let Some(start) = clock_from_args(std::env::args_os().skip(1)) {
            store.set_clock_running_from(start);
        }
        store.on_write_wait(self.wait_notice.get().cloned());
        // The templates as files in the data folder (导出 lists them). A folder that cannot be
        // written leaves exports working from the templates compiled in, so it is no reason
        // to refuse the database.
        if let Err(e) = store.install_templates() {
            eprintln!("走流程纪实：模板文件未能写入数据目录：{}", e.message_zh());
        }
        if let Some(me) = current_user(&store)? {
            store.set_actor(me.name);
        }
        Ok(store)
    }

    /// The current user's person id, or a Chinese error asking to choose one in 设置.
    pub fn current_user_id(&self) -> Result<String, CmdError> {
        match self.with_store(|s| current_user(s))? {
            Some(p) => Ok(p.id),
            None => Err(walklog::Error::NoCurrentUser.into()),
        }
    }
}

/// Connects the store's wait notices to the window. A plugin, because a plugin's setup runs
/// while the app is built (the app's own setup hook only once the event loop starts, which the
/// command tests never do), and before any command can open the store.
pub fn wait_notices<R: Runtime>() -> tauri::plugin::TauriPlugin<R> {
    tauri::plugin::Builder::new("walklog-write-wait")
        .setup(|app, _api| {
            app.state::<AppState>().announce_waits_to(app.clone());
            Ok(())
        })
        .build()
}

/// The person chosen in 设置 as "who am I"; None when none is chosen or it no longer exists.
pub fn current_user(store: &Store) -> walklog::Result<Option<Person>> {
    let Some(id) = store.setting(CURRENT_USER_KEY)? else { return Ok(None) };
    match store.person(&id) {
        Ok(p) => Ok(Some(p)),
        Err(walklog::Error::NotFound { .. }) => Ok(None),
        Err(e) => Err(e),
    }
}

/// Finds `--db PATH` or `--db=PATH` among the arguments; anything else (WebDriver may add its
/// own flags) is ignored.
pub fn db_from_args<I: IntoIterator<Item = std::ffi::OsString>>(args: I) -> Option<PathBuf> {
    let mut it = args.into_iter();
    while let Some(a) = it.next() {
        if a == "--db" {
            return it.next().filter(|v| !v.is_empty()).map(PathBuf::from);
        }
        if let Some(v) = a.to_str().and_then(|s| s.strip_prefix("--db=")) {
            if !v.is_empty() {
                return Some(PathBuf::from(v));
            }
        }
    }
    None
}

/// `--clock RFC3339`: the time the core's clock reads at start (it runs on from there). Only
/// debug builds honour it, so end-to-end tests can check that times on screen are the core's.
pub fn clock_from_args<I: IntoIterator<Item = std::ffi::OsString>>(args: I) -> Option<walklog::model::Timestamp> {
    let mut it = args.into_iter();
    while let Some(a) = it.next() {
        if a == "--clock" {
            return it.next().and_then(|v| v.to_str().and_then(|t| walklog::model::strict::parse_timestamp(t).ok()));
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::ffi::OsString;

    fn args(v: &[&str]) -> Vec<OsString> {
        v.iter().map(OsString::from).collect()
    }

    #[test]
    fn db_argument_forms() {
        assert_eq!(db_from_args(args(&["--db", "/tmp/a.db"])), Some(PathBuf::from("/tmp/a.db")));
        assert_eq!(db_from_args(args(&["--automation", "--db=/tmp/b.db"])), Some(PathBuf::from("/tmp/b.db")));
        assert_eq!(db_from_args(args(&["--db"])), None);
        assert_eq!(db_from_args(args(&["--db="])), None);
        assert_eq!(db_from_args(args(&["x.db"])), None);
    }

    #[test]
    fn clock_argument() {
        let t = clock_from_args(args(&["--db", "a.db", "--clock", "2026-03-05T09:30:00+08:00"])).unwrap();
        assert_eq!(t.to_rfc3339(), "2026-03-05T09:30:00+08:00");
        assert_eq!(clock_from_args(args(&["--clock", "2026-03-05 09:30"])), None);
        assert_eq!(clock_from_args(args(&["--clock"])), None);
    }
}
