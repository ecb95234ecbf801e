//! Restore: the backup is copied into a private file beside the database, checked whole there
//! (schema, integrity, hash chain, attachments), given this install's own id, and only then
//! copied over the live database in one write transaction — readers and a crash see the old
//! contents or the new, never a mix. The old database is kept as a safety copy first.

use super::{name_list, schema, short, BLOB_TABLE};
use crate::files;
use crate::error::{Error, Result};
use crate::crypt::{self, DbKey};
use crate::store::Store;
use rusqlite::backup::{Backup, StepResult};
use rusqlite::{Connection, OpenFlags};
use serde::Serialize;
use sha2::{Digest, Sha256};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// What a restore did.
#[derive(Debug, Clone, Serialize)]
pub struct RestoreReport {
    /// Change-log lines now in the database, their hash chain checked.
    pub entries: i64,
    /// Attachment files written from the backup (those already here are left as they are).
    pub attachments_written: usize,
    /// Attachments the restored records refer to that neither the backup nor this data
    /// folder has (a backup of an earlier version carries no attachments).
    pub attachments_missing: Vec<String>,
    /// The database as it was before the restore.
    pub safety_copy: PathBuf,
}

impl RestoreReport {
    pub fn sentence_zh(&self) -> String {
        let mut text = format!(
            "已恢复：变更记录 {} 条，哈希链校验通过；写入附件 {} 个。恢复前的数据库已另存为 {}",
            self.entries,
            self.attachments_written,
            self.safety_copy.display()
        );
        if !self.attachments_missing.is_empty() {
            text.push_str(&format!(
                "。注意：有 {} 个附件在备份和本机中都找不到：{}",
                self.attachments_missing.len(),
                name_list(&self.attachments_missing)
            ));
        }
        text
    }
}

/// The private copy a restore checks; removed however the restore ends (a crash leaves it for
/// the next restore to remove).
struct Staged {
    path: PathBuf,
}

impl Staged {
    fn new(db: &Path) -> Staged {
        let staged = Staged { path: files::sibling(db, ".restore-part") };
        staged.remove();
        staged
    }

    fn remove(&self) {
        for suffix in ["", "-journal"] {
            let _ = std::fs::remove_file(files::sibling(&self.path, suffix));
        }
    }
}

impl Drop for Staged {
    fn drop(&mut self) {
        self.remove();
    }
}

impl Store {
    /// Replaces the contents of this database with the backup at `path`, and writes the
    /// backup's attachment files. Refuses — with the live database untouched — a file that is
    /// not a walklog database, is damaged, comes from a newer program, has another schema, a
    /// broken hash chain or an attachment whose bytes do not match its hash. Older schemas
    /// are migrated when the store reopens. The install id stays this install's.
    pub fn restore_from(&mut self, path: impl AsRef<Path>) -> Result<RestoreReport> {
        self.restore_with_password(path, None)
    }

    /// `restore_from` of an encrypted backup whose password is not (or no longer) this
    /// database's: `backup_password` opens it. The restored database keeps this one's password.
    pub fn restore_with_password(&mut self, path: impl AsRef<Path>, backup_password: Option<&str>) -> Result<RestoreReport> {
        let file = path.as_ref();
        let staged_file = Staged::new(self.path());
        let mut staged = Connection::open(&staged_file.path)?;
        // The private copy is on disk too: under this database's key when it is encrypted.
        if let Some(key) = self.db_key() {
            key.unlock(&staged)?;
        }
        let version = copy_backup(file, &mut staged, self.db_key(), backup_password)?;
        schema::check(&staged, version, file)?;
        check_integrity(&staged, file)?;
        let chain = crate::store::verify_chain(&staged)?;
        if let Some((seq, why)) = chain.first_broken {
            return Err(Error::ChainBroken {
                seq,
                message: format!("{why}；备份文件 {} 未恢复，当前数据未改动", file.display()),
            });
        }
        if has_table(&staged, "problem_task_tally")? {
            staged.execute_batch(crate::ops::TALLY_REBUILD_SQL)?;
        }
        let has_blobs = has_table(&staged, BLOB_TABLE)?;
        if has_blobs {
            check_blobs(&staged, file)?;
        }

        // What other installs hold must not rewind with the records (crate::sync::restored).
        let carried = crate::sync::restored::capture(self.conn(), self.install_id(), self.identity().map(|i| i.role))?;
        let safety_copy = self.safety_copy()?;
        let attachments_written = if has_blobs { self.write_attachments(&staged)? } else { 0 };
        let attachments_missing = self.missing_attachments(&staged)?;
        // What the live database becomes, whole: this install's id, not the backup's (two
        // installs with one id would corrupt the exchange), and no blob table.
        staged.execute(
            "INSERT INTO settings(key, value) VALUES ('install_id', ?1)
             ON CONFLICT(key) DO UPDATE SET value = excluded.value",
            [self.install_id()],
        )?;
        // The files' key stays this database's: the files here are sealed under it.
        for key in [crypt::FILE_KEY_SETTING, crypt::FILES_SEALED_SETTING] {
            match self.setting(key)? {
                Some(value) => crate::store::upsert_setting(&staged, key, &value)?,
                None => staged.execute("DELETE FROM settings WHERE key = ?1", [key])?,
            };
        }
        if has_blobs {
            staged.execute_batch(&format!("DROP TABLE {BLOB_TABLE}"))?;
        }
        let (live_page, staged_page) = (page_size(self.conn())?, page_size(&staged)?);
        if staged_page != live_page {
            // The backup API cannot copy into a WAL database of another page size.
            staged.pragma_update(None, "page_size", live_page)?;
        }
        if has_blobs || staged_page != live_page {
            // Gives back the blobs' pages: the live database should not carry them as free space.
            staged.execute_batch("VACUUM")?;
        }
        self.replace_contents(&staged)?;
        drop(staged);
        drop(staged_file);

        self.reopen()?;
        self.carry_over(carried)?;
        Ok(RestoreReport { entries: chain.entries, attachments_written, attachments_missing, safety_copy })
    }

    /// `<data dir>/backups/before-restore-YYYYMMDD-HHMMSS.db`: the database alone (restore
    /// never removes attachment files, so they need no copy).
    fn safety_copy(&self) -> Result<PathBuf> {
        let dir = self.data_dir().join("backups");
        let stamp = chrono::Local::now().format("%Y%m%d-%H%M%S");
        let mut target = dir.join(format!("before-restore-{stamp}.db"));
        let mut n = 1;
        while target.exists() {
            n += 1;
            target = dir.join(format!("before-restore-{stamp}-{n}.db"));
        }
        self.copy_to(&target, false)?;
        Ok(target)
    }

    /// Writes each blob not already here as a file, atomically, before the records that refer
    /// to it arrive.
    fn write_attachments(&self, staged: &Connection) -> Result<usize> {
        let mut stmt = staged.prepare(&format!("SELECT sha256, bytes FROM {BLOB_TABLE}"))?;
        let mut rows = stmt.query([])?;
        let mut written = 0;
        while let Some(row) = rows.next()? {
            let sha: String = row.get(0)?;
            if self.read_attachment_verified(&sha).is_some() {
                continue;
            }
            let bytes: Vec<u8> = row.get(1)?;
            self.write_attachment(&sha, &bytes)?;
            written += 1;
        }
        Ok(written)
    }

    fn missing_attachments(&self, staged: &Connection) -> Result<Vec<String>> {
        let mut stmt = staged.prepare("SELECT sha256, min(file_name) FROM attachments GROUP BY sha256 ORDER BY sha256")?;
        let all: Vec<(String, String)> = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?.collect::<rusqlite::Result<_>>()?;
        Ok(all
            .into_iter()
            .filter(|(sha, _)| !self.attachment_path(sha).is_ok_and(|p| p.is_file()))
            .map(|(sha, name)| format!("{name}（{}）", short(&sha)))
            .collect())
    }

    /// Copies `staged` over the live database in one step: one write transaction, waiting
    /// for other writers like every write.
    fn replace_contents(&mut self, staged: &Connection) -> Result<()> {
        let (limit, notice) = (self.write_wait(), self.wait_notice());
        let start = Instant::now();
        let mut told = false;
        let result = loop {
            let step = Backup::new(staged, self.conn_mut()).and_then(|b| b.step(-1));
            match step {
                Ok(StepResult::Done) => break Ok(()),
                Ok(StepResult::Busy | StepResult::Locked) if start.elapsed() < limit => {
                    if let (false, Some(n)) = (told, notice.as_ref()) {
                        n(true);
                    }
                    told = true;
                    std::thread::sleep(Duration::from_millis(15));
                }
                Ok(StepResult::Busy | StepResult::Locked) => {
                    break Err(Error::Busy { waited_secs: start.elapsed().as_secs() });
                }
                // Step(-1) copies every page at once; anything else is SQLite's own failure.
                Ok(_) => break Err(Error::invalid("file", "恢复未能一次完成，当前数据未改动，请重试")),
                Err(e) => break Err(e.into()),
            }
        };
        if let (true, Some(n)) = (told, notice.as_ref()) {
            n(false);
        }
        result
    }
}

/// Opens the backup read-only (with its key when encrypted), checks it is a walklog database
/// this binary can read, and copies it into `staged`; returns its schema version.
fn copy_backup(file: &Path, staged: &mut Connection, live: Option<&DbKey>, password: Option<&str>) -> Result<i64> {
    let not_ours = || Error::invalid("file", format!("{} 不是走流程纪实的数据库文件，未恢复", file.display()));
    if !file.is_file() {
        return Err(Error::invalid("file", format!("找不到备份文件 {}", file.display())));
    }
    let source_key = if crypt::is_encrypted(file)? { Some(backup_key(file, live, password)?) } else { None };
    let source = Connection::open_with_flags(file, OpenFlags::SQLITE_OPEN_READ_ONLY).map_err(|_| not_ours())?;
    if let Some(key) = &source_key {
        key.unlock(&source).map_err(|e| match e {
            Error::WrongPassword if password.is_some() => {
                Error::invalid("backup_password", "备份文件的密码不正确，未恢复，当前数据未改动")
            }
            Error::WrongPassword => other_password(),
            e => e,
        })?;
    }
    // A file that is not SQLite at all fails on its first read.
    let version: i64 = source.query_row("PRAGMA user_version", [], |r| r.get(0)).map_err(|_| not_ours())?;
    if version < 1 {
        return Err(not_ours());
    }
    let latest = crate::store::schema_version_supported();
    if version > latest {
        return Err(Error::SchemaTooNew { found: version, supported: latest });
    }
    if source_key.is_some() == live.is_some() {
        let backup = Backup::new(&source, staged).map_err(|_| not_ours())?;
        backup.step(-1).map_err(|_| not_ours())?;
        return Ok(version);
    }
    // One encrypted and the other plain: SQLCipher's backup refuses that, its export copies.
    drop(source);
    let name = file.to_str().ok_or_else(|| Error::invalid("file", "备份文件的路径含有无法处理的字符"))?;
    let value = source_key.as_ref().map(DbKey::sql_value).unwrap_or_default();
    staged.execute("ATTACH DATABASE ?1 AS source KEY ?2", (name, value.as_str()))?;
    let copied = staged
        .query_row("SELECT sqlcipher_export('main', 'source')", [], |_| Ok(()))
        .and_then(|_| staged.execute_batch(&format!("PRAGMA main.user_version = {version}")));
    staged.execute_batch("DETACH DATABASE source")?;
    copied.map_err(|_| not_ours())?;
    Ok(version)
}

/// The key an encrypted backup opens with: its own password when given, else this database's
/// key when the backup was made under it.
fn backup_key(file: &Path, live: Option<&DbKey>, password: Option<&str>) -> Result<DbKey> {
    match (password.filter(|p| !p.is_empty()), live) {
        (Some(pw), _) => DbKey::for_file(file, pw),
        (None, Some(key)) if DbKey::salt_of(file)? == key.salt() => Ok(key.clone()),
        (None, _) => Err(other_password()),
    }
}

fn other_password() -> Error {
    Error::invalid(
        "backup_password",
        "该备份文件已加密，且不是用本机当前的密码加密的（例如修改密码之前的备份），请输入该备份的密码",
    )
}

/// The page size; SQLCipher answers for an encrypted database as text (its cipher_page_size).
fn page_size(conn: &Connection) -> Result<i64> {
    let value: rusqlite::types::Value = conn.query_row("PRAGMA page_size", [], |r| r.get(0))?;
    match value {
        rusqlite::types::Value::Integer(n) => Ok(n),
        rusqlite::types::Value::Text(t) => t.trim().parse().map_err(|_| Error::Internal { message: format!("数据库页大小无法读取：{t}") }),
        other => Err(Error::Internal { message: format!("数据库页大小无法读取：{other:?}") }),
    }
}

fn check_integrity(conn: &Connection, file: &Path) -> Result<()> {
    let mut stmt = conn.prepare("PRAGMA integrity_check")?;
    let found: Vec<String> = stmt.query_map([], |r| r.get(0))?.take(3).collect::<rusqlite::Result<_>>()?;
    if found.len() == 1 && found[0] == "ok" {
        return Ok(());
    }
    Err(Error::invalid("file", format!("备份文件 {} 已损坏（{}），未恢复，当前数据未改动", file.display(), found.join("；"))))
}

fn has_table(conn: &Connection, name: &str) -> Result<bool> {
    Ok(conn.query_row("SELECT EXISTS (SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?1)", [name], |r| r.get(0))?)
}

/// Every blob must hash to its name: a damaged one would be written as a wrong photo.
fn check_blobs(conn: &Connection, file: &Path) -> Result<()> {
    let mut stmt = conn.prepare(&format!("SELECT sha256, bytes FROM {BLOB_TABLE}"))?;
    let mut rows = stmt.query([])?;
    while let Some(row) = rows.next()? {
        let sha: String = row.get(0)?;
        let bytes: Vec<u8> = row.get(1)?;
        if hex::encode(Sha256::digest(&bytes)) != sha {
            return Err(Error::invalid(
                "file",
                format!("备份文件 {} 中的附件 {} 内容与其编号不符，备份已损坏，未恢复，当前数据未改动", file.display(), short(&sha)),
            ));
        }
    }
    Ok(())
}
