//! Backup and restore through SQLite's online backup API: a consistent copy of a live database
//! (other readers and writers may carry on), and a restore that replaces the contents in one
//! step, so a failed restore leaves the database as it was.

use crate::error::{Error, Result};
use crate::store::Store;
use rusqlite::backup::Backup;
use rusqlite::{Connection, OpenFlags};
use std::path::{Path, PathBuf};

/// The newest schema this binary knows; a backup from a newer program is refused.
fn latest_schema() -> i64 {
    crate::store::schema_version_supported()
}

impl Store {
    /// Copies the whole database to `path`, a new file. The copy is written beside the target
    /// and renamed into place, so a crash never leaves a half backup under the final name.
    pub fn backup_to(&self, path: impl AsRef<Path>) -> Result<()> {
        let path = path.as_ref();
        if path.exists() {
            return Err(Error::invalid("file", format!("备份文件 {} 已存在，请换一个文件名。", path.display())));
        }
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir)?;
        }
        let tmp = sibling(path, ".part");
        let _ = std::fs::remove_file(&tmp);
        let result = (|| -> Result<()> {
            let mut dest = Connection::open(&tmp)?;
            {
                let backup = Backup::new(self.conn(), &mut dest)?;
                // -1: all pages in one step, so the copy is one consistent snapshot.
                backup.step(-1)?;
            }
            // A backup is one self-contained file: no WAL beside it.
            dest.pragma_update(None, "journal_mode", "DELETE")?;
            dest.close().map_err(|(_, e)| e)?;
            std::fs::rename(&tmp, path)?;
            Ok(())
        })();
        if result.is_err() {
            let _ = std::fs::remove_file(&tmp);
        }
        result
    }

    /// Replaces the contents of this database with the backup at `path`. Refuses a file that
    /// is not a walklog database, is damaged, or comes from a newer program. The copy runs in
    /// one step under the database's write lock, so readers see the old or the new contents,
    /// never a mix. Older schemas are migrated when the store reopens.
    pub fn restore_from(&mut self, path: impl AsRef<Path>) -> Result<()> {
        let path = path.as_ref();
        let source = open_backup(path)?;
        {
            let backup = Backup::new(&source, self.conn_mut())?;
            backup.step(-1)?;
        }
        drop(source);
        // Reopen so migrations, the install id and the cached statements follow the new contents.
        let actor = self.actor().to_string();
        let db = self.path().to_path_buf();
        *self = Store::open(&db)?;
        self.set_actor(actor);
        Ok(())
    }
}

impl Store {
    /// The daily backup: at most one copy a day in `<data dir>/backups/walklog-YYYY-MM-DD.db`,
    /// keeping the newest `keep` copies. Returns the file written today, if any was needed.
    pub fn daily_backup(&self, keep: usize) -> Result<Option<PathBuf>> {
        let dir = self.data_dir().join("backups");
        let today = dir.join(format!("walklog-{}.db", self.today().format("%Y-%m-%d")));
        if today.exists() {
            return Ok(None);
        }
        self.backup_to(&today)?;
        let mut copies: Vec<PathBuf> = std::fs::read_dir(&dir)?
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| {
                p.file_name()
                    .and_then(|n| n.to_str())
                    .is_some_and(|n| n.starts_with("walklog-") && n.ends_with(".db"))
            })
            .collect();
        // Names carry the date, so name order is age order.
        copies.sort();
        let excess = copies.len().saturating_sub(keep.max(1));
        for old in &copies[..excess] {
            std::fs::remove_file(old)?;
        }
        Ok(Some(today))
    }
}

/// Opens a file read-only and checks that it is a sound walklog database this binary can read.
fn open_backup(path: &Path) -> Result<Connection> {
    let not_ours = || Error::invalid("file", format!("{} 不是走流程纪实的数据库文件，未恢复。", path.display()));
    if !path.is_file() {
        return Err(Error::invalid("file", format!("找不到备份文件 {}。", path.display())));
    }
    let conn = Connection::open_with_flags(path, OpenFlags::SQLITE_OPEN_READ_ONLY).map_err(|_| not_ours())?;
    // A file that is not SQLite at all fails on its first read.
    let version: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0)).map_err(|_| not_ours())?;
    let has = |table: &str| -> bool {
        conn.query_row("SELECT EXISTS (SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?1)", [table], |r| r.get(0))
            .unwrap_or(false)
    };
    if version < 1 || !["settings", "departments", "walks", "tasks", "change_log"].iter().all(|t| has(t)) {
        return Err(not_ours());
    }
    if version > latest_schema() {
        return Err(Error::SchemaTooNew { found: version, supported: latest_schema() });
    }
    let check: String = conn.query_row("PRAGMA quick_check", [], |r| r.get(0))?;
    if check != "ok" {
        return Err(Error::invalid("file", format!("备份文件 {} 已损坏（{check}），未恢复。", path.display())));
    }
    Ok(conn)
}

/// `path` with `suffix` appended to its file name.
fn sibling(path: &Path, suffix: &str) -> PathBuf {
    let mut name = path.file_name().map(|n| n.to_os_string()).unwrap_or_default();
    name.push(suffix);
    path.with_file_name(name)
}
