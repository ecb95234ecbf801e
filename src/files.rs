//! Writing files so that a crash or power cut leaves the old file or the new one, never half:
//! write to a temporary file in the same folder, flush it to disk, rename it over the target,
//! flush the folder. The one way the core writes a file (records, exports, attachments,
//! backups' attachment files, the exchange file); front ends call it too.

use crate::error::{Error, Result};
use std::io::Write;
use std::path::{Path, PathBuf};

/// Writes `bytes` to `path` atomically. The folder must exist (callers that make their own
/// folders — exports, attachments — create them first). An existing file keeps its mode; a
/// new one gets the usual 0644, not the temporary file's private 0600.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<()> {
    let err = |reason: String| Error::Write { path: path.to_path_buf(), reason };
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    if !dir.is_dir() {
        return Err(err("目录不存在".into()));
    }
    // Same folder, so the rename never crosses file systems; a unique name, so two writers
    // never share a temporary file.
    let mut tmp = tempfile::Builder::new()
        .prefix(".walklog-")
        .suffix(".part")
        .tempfile_in(&dir)
        .map_err(|e| err(e.to_string()))?;
    tmp.write_all(bytes).map_err(|e| err(e.to_string()))?;
    let perms = match std::fs::metadata(path) {
        Ok(m) if m.is_file() => Some(m.permissions()),
        _ => default_permissions(),
    };
    if let Some(perms) = perms {
        tmp.as_file().set_permissions(perms).map_err(|e| err(e.to_string()))?;
    }
    tmp.as_file().sync_all().map_err(|e| err(e.to_string()))?;
    // On error the NamedTempFile is dropped and deletes itself.
    tmp.persist(path).map_err(|e| err(e.error.to_string()))?;
    sync_dir(path);
    Ok(())
}

/// `path` with `suffix` appended to its file name.
pub fn sibling(path: &Path, suffix: &str) -> PathBuf {
    let mut name = path.file_name().map(|n| n.to_os_string()).unwrap_or_default();
    name.push(suffix);
    path.with_file_name(name)
}

/// Flushes a finished temporary file (one written by SQLite, say) to disk and renames it to
/// `path`; the rename itself is made durable by flushing the folder.
pub fn sync_and_rename(tmp: &Path, path: &Path) -> Result<()> {
    std::fs::OpenOptions::new().read(true).write(true).open(tmp)?.sync_all()?;
    std::fs::rename(tmp, path)?;
    sync_dir(path);
    Ok(())
}

/// Best effort: Windows cannot open a folder as a file, and there a rename is durable anyway.
fn sync_dir(path: &Path) {
    #[cfg(unix)]
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        if let Ok(d) = std::fs::File::open(dir) {
            let _ = d.sync_all();
        }
    }
    #[cfg(not(unix))]
    let _ = path;
}

#[cfg(unix)]
fn default_permissions() -> Option<std::fs::Permissions> {
    use std::os::unix::fs::PermissionsExt;
    Some(std::fs::Permissions::from_mode(0o644))
}

#[cfg(not(unix))]
fn default_permissions() -> Option<std::fs::Permissions> {
    None
}
