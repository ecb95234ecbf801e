//! Where the database lives and the state the commands share.

use std::path::PathBuf;

use tauri::{AppHandle, Manager, Runtime};

use crate::DB_ENV;

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

/// Shared by all commands.
pub struct AppState {
    db_path: PathBuf,
}

impl AppState {
    pub fn new(db_path: PathBuf) -> Self {
        Self { db_path }
    }

    pub fn db_path(&self) -> &std::path::Path {
        &self.db_path
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
}
