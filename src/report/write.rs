//! Atomic file writes: the bytes go to a temporary file in the same folder, are flushed to
//! disk, and only then renamed over the target. A failure leaves no new file and never a
//! half-written one; an existing file stays intact until the rename.

use std::io::Write;
use std::path::Path;

use crate::error::{Error, Result};

pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<()> {
    let err = |reason: String| Error::Write { path: path.to_path_buf(), reason };
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => std::path::PathBuf::from("."),
    };
    if !dir.is_dir() {
        return Err(err("目录不存在".into()));
    }
    // Same folder, so the rename never crosses file systems.
    let mut tmp = tempfile::Builder::new()
        .prefix(".walklog-export-")
        .suffix(".part")
        .tempfile_in(&dir)
        .map_err(|e| err(e.to_string()))?;
    tmp.write_all(bytes).map_err(|e| err(e.to_string()))?;
    // Temp files are private (0600); an export is an ordinary document. Keep the mode of a
    // file being replaced, else use the usual 0644.
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
    Ok(())
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
