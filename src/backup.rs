//! Backups: one SQLite file holding a consistent copy of the database (SQLite's online backup
//! API, so readers and writers may carry on) and the bytes of every attachment it refers to.
//! Restore (restore.rs) checks a backup whole before it touches the live database.

mod restore;
mod schema;

pub use restore::RestoreReport;

use crate::files;
use crate::error::{Error, Result};
use crate::store::Store;
use chrono::NaiveDate;
use rusqlite::backup::Backup;
use rusqlite::Connection;
use serde::Serialize;
use std::path::{Path, PathBuf};

/// The table a backup carries the attachments in. Only backups have it; restore drops it.
pub(crate) const BLOB_TABLE: &str = "backup_attachments";
const BLOB_TABLE_SQL: &str = "CREATE TABLE backup_attachments (sha256 TEXT PRIMARY KEY, bytes BLOB NOT NULL)";

/// What a backup holds.
#[derive(Debug, Clone, Serialize)]
pub struct BackupReport {
    pub path: PathBuf,
    /// Attachment files copied into the backup, and their bytes.
    pub attachments: usize,
    pub attachment_bytes: u64,
    /// Attachments the records refer to whose file is missing or damaged (name and hash).
    pub missing: Vec<String>,
}

impl BackupReport {
    /// A `attachments_missing` error to report beside the (still written) backup, if any.
    pub fn missing_error(&self) -> Option<Error> {
        (!self.missing.is_empty()).then(|| Error::AttachmentsMissing { count: self.missing.len(), names: name_list(&self.missing) })
    }

    /// One sentence for the user: where the backup is and what it holds.
    pub fn sentence_zh(&self) -> String {
        let size = std::fs::metadata(&self.path).map(|m| m.len()).unwrap_or(0);
        format!(
            "已备份到 {}（{:.1} MB，含附件 {} 个）",
            self.path.display(),
            size as f64 / 1_048_576.0,
            self.attachments
        )
    }
}

/// At most ten names, then 「等」: a message stays readable when thousands are missing.
pub fn name_list(names: &[String]) -> String {
    let mut text = names.iter().take(10).cloned().collect::<Vec<_>>().join("、");
    if names.len() > 10 {
        text.push_str(" 等");
    }
    text
}

impl Store {
    /// Copies the whole database and its attachments to `path`, a new file. The copy is made
    /// beside the target and renamed into place, so a crash never leaves a half backup under
    /// the final name. A missing or damaged attachment file is listed in the report.
    pub fn backup_to(&self, path: impl AsRef<Path>) -> Result<BackupReport> {
        self.copy_to(path.as_ref(), true)
    }

    /// A manual backup's default place: `<data dir>/backups/walklog-YYYYMMDD-HHMMSS.db`.
    pub fn manual_backup_path(&self) -> PathBuf {
        self.data_dir().join("backups").join(format!("walklog-{}.db", self.now().format("%Y%m%d-%H%M%S")))
    }

    /// The database alone (restore's safety copy: restore never removes attachment files).
    pub(crate) fn copy_to(&self, path: &Path, with_attachments: bool) -> Result<BackupReport> {
        if path.exists() {
            return Err(Error::invalid("file", format!("备份文件 {} 已存在，请换一个文件名", path.display())));
        }
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir)?;
        }
        let tmp = files::sibling(path, ".part");
        let _ = std::fs::remove_file(&tmp);
        let result = (|| -> Result<BackupReport> {
            let mut dest = Connection::open(&tmp)?;
            // An encrypted database's copy is encrypted under the same key and salt: the same
            // password opens it, and nobody without it reads the records or the photos in it.
            if let Some(key) = self.db_key() {
                key.unlock(&dest)?;
            }
            {
                let backup = Backup::new(self.conn(), &mut dest)?;
                // -1: all pages in one step, so the copy is one consistent snapshot.
                backup.step(-1)?;
            }
            // A backup is one self-contained file: no WAL beside it.
            dest.pragma_update(None, "journal_mode", "DELETE")?;
            let mut report = BackupReport { path: path.to_path_buf(), attachments: 0, attachment_bytes: 0, missing: vec![] };
            if with_attachments {
                self.copy_attachments(&dest, &mut report)?;
            }
            dest.close().map_err(|(_, e)| e)?;
            files::sync_and_rename(&tmp, path)?;
            Ok(report)
        })();
        if result.is_err() {
            let _ = std::fs::remove_file(&tmp);
        }
        result
    }

    /// Puts the bytes of every attachment the copy refers to into its blob table, checking each
    /// file against its SHA-256 on the way.
    fn copy_attachments(&self, dest: &Connection, report: &mut BackupReport) -> Result<()> {
        let tx = dest.unchecked_transaction()?;
        tx.execute_batch(BLOB_TABLE_SQL)?;
        // The copy's own list: the attachments of the snapshot, not of the live database now.
        let wanted: Vec<(String, String)> = tx
            .prepare("SELECT sha256, min(file_name) FROM attachments GROUP BY sha256 ORDER BY sha256")?
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
            .collect::<rusqlite::Result<_>>()?;
        let mut insert = tx.prepare("INSERT INTO backup_attachments(sha256, bytes) VALUES (?1, ?2)")?;
        for (sha, name) in wanted {
            match self.read_attachment_verified(&sha) {
                Some(bytes) => {
                    insert.execute(rusqlite::params![sha, bytes])?;
                    report.attachments += 1;
                    report.attachment_bytes += bytes.len() as u64;
                }
                None => report.missing.push(format!("{name}（{}）", short(&sha))),
            }
        }
        drop(insert);
        tx.commit()?;
        Ok(())
    }
}

/// The first 12 hex digits: enough to find a file, short enough to read.
pub(crate) fn short(sha: &str) -> &str {
    sha.get(..12).unwrap_or(sha)
}

/// Daily backups have a prefix of their own, so manual ones (`walklog-…`) never count
/// against the copies kept, nor the other way round.
const DAILY_PREFIX: &str = "daily-";
/// Daily backups of earlier versions were `walklog-YYYY-MM-DD.db`; they are still pruned.
const OLD_DAILY_PREFIX: &str = "walklog-";

/// The day of a daily backup's file name, in either format; None for any other file.
fn daily_date(name: &str) -> Option<NaiveDate> {
    let stem = name.strip_suffix(".db")?;
    let date = stem.strip_prefix(DAILY_PREFIX).or_else(|| stem.strip_prefix(OLD_DAILY_PREFIX))?;
    // Exactly YYYY-MM-DD: a manual backup's `20260310-101500` never parses as one.
    if date.len() != 10 {
        return None;
    }
    NaiveDate::parse_from_str(date, "%Y-%m-%d").ok()
}

impl Store {
    /// The daily backup: at most one copy a day in `<data dir>/backups/daily-YYYY-MM-DD.db`,
    /// keeping the newest `keep` daily copies (manual backups are never pruned). Returns the
    /// report of the copy written today, if one was needed.
    pub fn daily_backup(&self, keep: usize) -> Result<Option<BackupReport>> {
        let dir = self.data_dir().join("backups");
        let day = self.today();
        let today = dir.join(format!("{DAILY_PREFIX}{}.db", day.format("%Y-%m-%d")));
        let old_today = dir.join(format!("{OLD_DAILY_PREFIX}{}.db", day.format("%Y-%m-%d")));
        if today.exists() || old_today.exists() {
            return Ok(None);
        }
        let report = self.backup_to(&today)?;
        let mut copies: Vec<(NaiveDate, PathBuf)> = std::fs::read_dir(&dir)?
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter_map(|p| Some((daily_date(p.file_name()?.to_str()?)?, p)))
            .collect();
        copies.sort();
        let excess = copies.len().saturating_sub(keep.max(1));
        for (_, old) in &copies[..excess] {
            std::fs::remove_file(old)?;
        }
        Ok(Some(report))
    }
}

#[cfg(test)]
mod tests {
    use super::daily_date;

    #[test]
    fn daily_names_parse_in_both_formats_and_manual_ones_never() {
        let d = |s: &str| chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d").ok();
        assert_eq!(daily_date("daily-2026-03-10.db"), d("2026-03-10"));
        assert_eq!(daily_date("walklog-2026-03-10.db"), d("2026-03-10"));
        assert_eq!(daily_date("walklog-20260310-101500.db"), None);
        assert_eq!(daily_date("before-restore-20260310-101500.db"), None);
        assert_eq!(daily_date("daily-2026-03-10.db.part"), None);
        assert_eq!(daily_date("daily-2026-02-30.db"), None);
    }
}
