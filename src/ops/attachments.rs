//! Attachments: photos and scans stored once by SHA-256 under `<data dir>/attachments/`.

use crate::error::{Error, Result};
use crate::model::*;
use crate::rules;
use crate::store::{rows, ts, Store};
use sha2::{Digest, Sha256};
use std::path::PathBuf;

/// Largest file accepted (a phone photo is a few MB; a scan of a whole dossier more).
pub const ATTACHMENT_MAX_BYTES: usize = 50 * 1024 * 1024;

/// A file to attach, with its bytes already read.
pub struct NewAttachment {
    pub owner_kind: OwnerKind,
    pub owner_id: String,
    pub file_name: String,
    pub bytes: Vec<u8>,
    pub caption: String,
    pub taken_at: Option<Timestamp>,
}

impl Store {
    /// Stores the bytes (once per content) and links them to their owner.
    pub fn attach(&mut self, new: NewAttachment) -> Result<Attachment> {
        self.attach_at(new, None)
    }

    /// `attach`, with where a photo was taken (latitude, longitude) when its EXIF says so.
    pub(crate) fn attach_at(&mut self, new: NewAttachment, gps: Option<(f64, f64)>) -> Result<Attachment> {
        if new.bytes.is_empty() {
            return Err(Error::invalid("file_name", "文件为空，未添加附件。"));
        }
        if new.bytes.len() > ATTACHMENT_MAX_BYTES {
            return Err(Error::invalid("file_name", "文件超过 50 MB，请压缩后再添加。"));
        }
        rules::check_text("caption", &new.caption, rules::TITLE_MAX, true)?;
        // The name is a label only; it never becomes a path.
        let file_name: String = std::path::Path::new(&new.file_name)
            .file_name()
            .map(|n| n.to_string_lossy().chars().filter(|c| !c.is_control()).collect())
            .unwrap_or_default();
        rules::check_title("file_name", &file_name)?;
        self.ensure_owner_editable(new.owner_kind, &new.owner_id)?;
        let sha256 = hex::encode(Sha256::digest(&new.bytes));
        self.keep_attachment(&sha256, &new.bytes)?;
        let mut attachment = Attachment {
            id: crate::store::new_id(),
            owner_kind: new.owner_kind,
            owner_id: new.owner_id,
            sha256,
            mime: sniff_mime(&new.bytes, &file_name).to_string(),
            file_name,
            size: new.bytes.len() as u64,
            caption: new.caption.trim().to_string(),
            taken_at: new.taken_at,
            added_at: None,
            gps_lat: gps.map(|g| g.0),
            gps_lon: gps.map(|g| g.1),
        };
        self.write(|w| {
            attachment.added_at = Some(w.now);
            w.tx.execute(
                "INSERT INTO attachments(id, owner_kind, owner_id, sha256, file_name, mime, size, caption, taken_at, added_at, gps_lat, gps_lon)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
                rusqlite::params![
                    attachment.id,
                    attachment.owner_kind,
                    attachment.owner_id,
                    attachment.sha256,
                    attachment.file_name,
                    attachment.mime,
                    attachment.size,
                    attachment.caption,
                    attachment.taken_at.as_ref().map(ts),
                    attachment.added_at.as_ref().map(ts),
                    attachment.gps_lat,
                    attachment.gps_lon
                ],
            )?;
            w.log("attachment", &attachment.id, "attach", &attachment)?;
            Ok(())
        })?;
        Ok(attachment)
    }

    /// Unlinks an attachment (the stored bytes stay: other records may share them).
    pub fn detach(&mut self, attachment_id: &str) -> Result<()> {
        let a = self.attachment(attachment_id)?;
        self.ensure_owner_editable(a.owner_kind, &a.owner_id)?;
        self.write(|w| {
            w.tx.execute("DELETE FROM attachments WHERE id = ?1", [attachment_id])?;
            w.log("attachment", attachment_id, "detach", &a)?;
            Ok(())
        })
    }

    pub fn attachment(&self, id: &str) -> Result<Attachment> {
        use rusqlite::OptionalExtension;
        let sql = format!("SELECT {} FROM attachments WHERE id = ?1", rows::ATTACHMENT_COLS);
        self.conn().query_row(&sql, [id], rows::attachment).optional()?.ok_or_else(|| Error::not_found("attachment", id))
    }

    pub fn attachments(&self, owner_kind: OwnerKind, owner_id: &str) -> Result<Vec<Attachment>> {
        let sql = format!(
            "SELECT {} FROM attachments WHERE owner_kind = ?1 AND owner_id = ?2 ORDER BY coalesce(taken_at, ''), id",
            rows::ATTACHMENT_COLS
        );
        let mut stmt = self.conn().prepare_cached(&sql)?;
        let list = stmt.query_map((owner_kind, owner_id), rows::attachment)?.collect::<rusqlite::Result<_>>()?;
        Ok(list)
    }

    /// Where the bytes of a content hash live. Refuses anything that is not a SHA-256 in hex,
    /// so no input can point outside the attachments folder.
    pub fn attachment_path(&self, sha256: &str) -> Result<PathBuf> {
        if sha256.len() != 64 || !sha256.bytes().all(|b| b.is_ascii_hexdigit() && !b.is_ascii_uppercase()) {
            return Err(Error::invalid("sha256", "附件编号无效。"));
        }
        Ok(self.data_dir().join("attachments").join(&sha256[..2]).join(sha256))
    }

    /// The bytes of a stored attachment, opened when the database is encrypted.
    pub fn read_attachment(&self, sha256: &str) -> Result<Vec<u8>> {
        let path = self.attachment_path(sha256)?;
        let bytes = std::fs::read(&path).map_err(|e| Error::Read { path: path.clone(), reason: e.to_string() })?;
        crate::crypt::open_file(self.file_cipher(), bytes)
            .ok_or_else(|| Error::Read { path, reason: "附件已加密，但本数据库的密钥无法解密它（文件已损坏）".into() })
    }

    /// The bytes if the file is here and they hash to `sha256`; None when it is missing,
    /// unreadable or damaged.
    pub(crate) fn read_attachment_verified(&self, sha256: &str) -> Option<Vec<u8>> {
        let bytes = self.read_attachment(sha256).ok()?;
        (hex::encode(Sha256::digest(&bytes)) == sha256).then_some(bytes)
    }

    /// The plain size of a stored attachment; None when it is missing.
    pub(crate) fn attachment_size(&self, sha256: &str) -> Option<u64> {
        crate::crypt::plain_size(&self.attachment_path(sha256).ok()?).ok()
    }

    /// Stores `bytes` under their hash unless a file is already there (same hash, same bytes).
    pub(crate) fn keep_attachment(&self, sha256: &str, bytes: &[u8]) -> Result<()> {
        if self.attachment_path(sha256)?.exists() {
            return Ok(());
        }
        self.write_attachment(sha256, bytes)
    }

    /// Writes `bytes` as the file of `sha256`, atomically, sealed when the database is
    /// encrypted.
    pub(crate) fn write_attachment(&self, sha256: &str, bytes: &[u8]) -> Result<()> {
        let path = self.attachment_path(sha256)?;
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir)?;
        }
        match self.file_cipher() {
            Some(cipher) => crate::files::write_atomic(&path, &cipher.seal(bytes)?),
            None => crate::files::write_atomic(&path, bytes),
        }
    }

    fn ensure_owner_editable(&self, kind: OwnerKind, owner_id: &str) -> Result<()> {
        let walk_id = match kind {
            OwnerKind::Walk => Some(owner_id.to_string()),
            OwnerKind::Step => Some(self.step(owner_id)?.walk_id),
            OwnerKind::Problem => self.problem(owner_id)?.walk_id,
            OwnerKind::Task => {
                let task = self.task(owner_id)?;
                if task.status == TaskStatus::ClosedOut {
                    return Err(Error::transition("该任务已销号，不能再添加或删除佐证。"));
                }
                None
            }
            OwnerKind::Note => {
                super::ensure_exists(self.conn(), "progress_notes", "note", owner_id)?;
                None
            }
        };
        if let Some(walk_id) = walk_id {
            let walk = self.walk(&walk_id)?;
            self.ensure_editable(&walk)?;
        }
        Ok(())
    }
}

fn sniff_mime(bytes: &[u8], name: &str) -> &'static str {
    if bytes.starts_with(&[0xff, 0xd8, 0xff]) {
        "image/jpeg"
    } else if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
        "image/png"
    } else if bytes.starts_with(b"%PDF") {
        "application/pdf"
    } else if bytes.len() > 12 && &bytes[0..4] == b"RIFF" && &bytes[8..12] == b"WEBP" {
        "image/webp"
    } else if name.to_lowercase().ends_with(".txt") {
        "text/plain"
    } else {
        "application/octet-stream"
    }
}
