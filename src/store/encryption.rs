//! 数据加密 on an open store: turning it on and off, changing the password, and the files beside
//! the database (attachments, the signing key) following the database's state.
//!
//! Turning encryption on or off writes a converted copy beside the database (`sqlcipher_export`)
//! and renames it over the old file: a crash leaves the old database or the new, never half of
//! one. The files are sealed after the database is encrypted and unsealed before it is
//! decrypted; a crash between leaves an encrypted database whose files are partly plain, which
//! reads fine (plain files are checked by their hash) and is finished at the next unlock.

use super::Store;
use crate::crypt::{self, DbKey, FileCipher, FILES_SEALED_SETTING, FILE_KEY_SETTING};
use crate::error::{Error, Result};
use crate::files;
use serde::Serialize;
use std::path::{Path, PathBuf};
use zeroize::Zeroizing;

/// Writes one settings row as it is, on any connection (the store's, a restore's staged copy).
pub(crate) fn upsert_setting(conn: &rusqlite::Connection, key: &str, value: &str) -> rusqlite::Result<usize> {
    conn.execute(
        "INSERT INTO settings(key, value) VALUES (?1, ?2) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
        (key, value),
    )
}

/// What a change of 数据加密 did.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct EncryptionStatus {
    pub encrypted: bool,
    /// Files beside the database sealed or unsealed by this change.
    pub files: u32,
}

impl EncryptionStatus {
    pub fn sentence_zh(&self) -> String {
        if self.encrypted {
            format!("数据已加密：数据库和 {} 个附件及密钥文件需要密码才能读取。请牢记密码，遗失后无法找回", self.files)
        } else {
            format!("已关闭数据加密：数据库和 {} 个附件及密钥文件恢复为不加密保存", self.files)
        }
    }
}

impl Store {
    /// Whether the database is encrypted (opened with its password).
    pub fn is_encrypted(&self) -> bool {
        self.key.is_some()
    }

    /// The cipher of the files beside an encrypted database; None when it is plain.
    pub fn file_cipher(&self) -> Option<&FileCipher> {
        self.files.as_ref()
    }

    /// The key of this database, for a copy of it (a backup) that opens with the same password.
    pub(crate) fn db_key(&self) -> Option<&DbKey> {
        self.key.as_ref()
    }

    /// Encrypts the database and the files beside it under `password`. Nothing can recover a
    /// lost password.
    pub fn encrypt(&mut self, password: &str) -> Result<EncryptionStatus> {
        if self.key.is_some() {
            return Err(Error::invalid("password", "数据已经加密；如需更换密码，请使用“修改密码”"));
        }
        crypt::check_new_password("password", password)?;
        let key = DbKey::new(password)?;
        // Reopened under the key, the store makes the files' key and seals the files.
        self.convert(Some(key))?;
        let files = self.files_beside()?.len() as u32;
        Ok(EncryptionStatus { encrypted: true, files })
    }

    /// Re-keys the database under a new password; the files' key, kept inside it, stays.
    pub fn change_password(&mut self, old: &str, new: &str) -> Result<()> {
        let current = self.checked_key(old)?;
        crypt::check_new_password("new_password", new)?;
        if old == new {
            return Err(Error::invalid("new_password", "新密码与原密码相同"));
        }
        let next = current.same_salt(new)?;
        // PRAGMA rekey rewrites every page in one transaction: it takes the write lock, and a
        // crash leaves the database under the old key or the new.
        super::lock::retry(self.write_wait, self.on_wait.as_ref(), || next.rekey_raw(&self.conn))?;
        self.key = Some(next);
        Ok(())
    }

    /// Turns encryption off: the files are unsealed first, then the database is decrypted.
    pub fn decrypt(&mut self, password: &str) -> Result<EncryptionStatus> {
        self.checked_key(password)?;
        let files = self.unseal_files()?;
        self.convert(None)?;
        // The plain copy keeps no trace of the files' key.
        self.conn.execute("DELETE FROM settings WHERE key IN (?1, ?2)", (FILE_KEY_SETTING, FILES_SEALED_SETTING))?;
        Ok(EncryptionStatus { encrypted: false, files })
    }

    /// The current key, if `password` gives it.
    fn checked_key(&self, password: &str) -> Result<DbKey> {
        let Some(current) = &self.key else {
            return Err(Error::invalid("password", "数据未加密"));
        };
        if !current.same_as(&current.same_salt(password)?) {
            return Err(Error::WrongPassword);
        }
        Ok(current.clone())
    }

    /// Reads (or, for a database just encrypted, makes) the files' key, and finishes sealing
    /// the files if an earlier run was cut short.
    pub(super) fn load_file_cipher(&mut self) -> Result<()> {
        if self.key.is_none() {
            self.files = None;
            return Ok(());
        }
        let cipher = match self.setting(FILE_KEY_SETTING)? {
            Some(hex) => FileCipher::from_hex(&hex)?,
            None => {
                let cipher = FileCipher::generate();
                self.put_secret_setting(FILE_KEY_SETTING, &cipher.to_hex())?;
                cipher
            }
        };
        self.files = Some(cipher);
        if self.setting(FILES_SEALED_SETTING)?.as_deref() != Some("1") {
            self.seal_files()?;
        }
        Ok(())
    }

    /// A setting outside the change log: a secret never travels in bundles or to the server.
    pub(crate) fn put_secret_setting(&self, key: &str, value: &str) -> Result<()> {
        super::lock::retry(self.write_wait, self.on_wait.as_ref(), || upsert_setting(&self.conn, key, value))?;
        Ok(())
    }

    /// Writes the database, converted to `key` (None: plain), beside itself, renames it into
    /// place and reopens it.
    fn convert(&mut self, key: Option<DbKey>) -> Result<()> {
        let tmp = files::sibling(&self.path, ".convert-part");
        let remove_tmp = || {
            for suffix in ["", "-journal"] {
                let _ = std::fs::remove_file(files::sibling(&tmp, suffix));
            }
        };
        remove_tmp();
        let result = self.export_to(&tmp, key.as_ref());
        if let Err(e) = result {
            remove_tmp();
            return Err(e);
        }
        // Closed before the rename: this connection's WAL belongs to the old file.
        let old = std::mem::replace(&mut self.conn, rusqlite::Connection::open_in_memory()?);
        if let Err((conn, e)) = old.close() {
            self.conn = conn;
            remove_tmp();
            return Err(e.into());
        }
        let wal = files::sibling(&self.path, "-wal");
        let busy = std::fs::metadata(&wal).is_ok_and(|m| m.len() > 0);
        if busy {
            // Another program still writes the old file: its writes would be lost.
            remove_tmp();
            self.reopen_with(self.key.clone())?;
            return Err(Error::invalid("password", "另一个程序（或窗口）正在使用该数据库，请先关闭它再设置数据加密"));
        }
        if let Err(e) = files::sync_and_rename(&tmp, &self.path) {
            remove_tmp();
            self.reopen_with(self.key.clone())?;
            return Err(e);
        }
        self.reopen_with(key)
    }

    /// `sqlcipher_export` of the whole database into a new file under `key`.
    fn export_to(&self, tmp: &Path, key: Option<&DbKey>) -> Result<()> {
        let version: i64 = self.conn.query_row("PRAGMA user_version", [], |r| r.get(0))?;
        // Everything committed is in the main file before the copy reads it.
        self.conn.query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(()))?;
        let value = key.map(DbKey::sql_value).unwrap_or_else(|| Zeroizing::new(String::new()));
        let tmp_name = tmp.to_str().ok_or_else(|| Error::invalid("file", "数据文件夹的路径含有无法处理的字符"))?;
        self.conn.execute("ATTACH DATABASE ?1 AS converted KEY ?2", (tmp_name, value.as_str()))?;
        let copied = (|| -> Result<()> {
            self.conn.query_row("SELECT sqlcipher_export('converted')", [], |_| Ok(()))?;
            // The schema version is not part of the export.
            self.conn.execute_batch(&format!("PRAGMA converted.user_version = {version}"))?;
            Ok(())
        })();
        self.conn.execute_batch("DETACH DATABASE converted")?;
        copied
    }

    /// Seals every plain file beside the database; returns how many it sealed.
    fn seal_files(&mut self) -> Result<u32> {
        let Some(cipher) = self.files.clone() else { return Ok(0) };
        let mut sealed = 0;
        for path in self.files_beside()? {
            let bytes = std::fs::read(&path)?;
            if !crypt::is_sealed(&bytes) {
                files::write_atomic(&path, &cipher.seal(&bytes)?)?;
                sealed += 1;
            }
        }
        self.put_secret_setting(FILES_SEALED_SETTING, "1")?;
        Ok(sealed)
    }

    /// Unseals every sealed file; a file that does not open is named and nothing goes on.
    fn unseal_files(&mut self) -> Result<u32> {
        let Some(cipher) = self.files.clone() else { return Ok(0) };
        self.put_secret_setting(FILES_SEALED_SETTING, "0")?;
        let mut opened = 0;
        for path in self.files_beside()? {
            let bytes = std::fs::read(&path)?;
            if crypt::is_sealed(&bytes) {
                let plain = cipher.open(&bytes).ok_or_else(|| Error::Internal {
                    message: format!("文件 {} 无法解密（已损坏），数据加密未关闭", path.display()),
                })?;
                files::write_atomic(&path, &plain)?;
                opened += 1;
            }
        }
        Ok(opened)
    }

    /// The attachment files (`attachments/xx/<sha256>`) and the signing key file.
    fn files_beside(&self) -> Result<Vec<PathBuf>> {
        let mut out = Vec::new();
        let root = self.data_dir().join("attachments");
        if root.is_dir() {
            for dir in std::fs::read_dir(&root)? {
                let dir = dir?.path();
                if !dir.is_dir() {
                    continue;
                }
                for file in std::fs::read_dir(&dir)? {
                    let file = file?.path();
                    let name = file.file_name().and_then(|n| n.to_str()).unwrap_or_default();
                    if file.is_file() && self.attachment_path(name).is_ok_and(|p| p == file) {
                        out.push(file);
                    }
                }
            }
        }
        // The signing key and the copies a key change keeps (`walklog.key.old-…`).
        let key = crate::sync::keys::key_path(&self.path);
        let key_name = key.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        let dir = self.data_dir();
        let dir = if dir.as_os_str().is_empty() { PathBuf::from(".") } else { dir };
        for entry in std::fs::read_dir(dir)? {
            let path = entry?.path();
            let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
            let is_key = name == key_name || name.starts_with(&format!("{key_name}.old-"));
            if is_key && path.is_file() {
                out.push(path);
            }
        }
        Ok(out)
    }

    /// Opens the file again under `key`, keeping who, when and waiting.
    pub(crate) fn reopen_with(&mut self, key: Option<DbKey>) -> Result<()> {
        let mut fresh = Store::open_keyed(self.path.clone(), key)?;
        fresh.actor = std::mem::take(&mut self.actor);
        fresh.clock = self.clock;
        fresh.write_wait = self.write_wait;
        fresh.on_wait = self.on_wait.take();
        *self = fresh;
        Ok(())
    }
}
