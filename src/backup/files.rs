//! Writing files so that a crash or power cut leaves the old file or the new one, never half:
//! write beside, flush to disk, rename over, flush the folder.

use crate::error::Result;
use std::io::Write;
use std::path::{Path, PathBuf};

/// `path` with `suffix` appended to its file name.
pub(crate) fn sibling(path: &Path, suffix: &str) -> PathBuf {
    let mut name = path.file_name().map(|n| n.to_os_string()).unwrap_or_default();
    name.push(suffix);
    path.with_file_name(name)
}

/// Writes `bytes` to `path` atomically.
pub(crate) fn write_atomically(path: &Path, bytes: &[u8]) -> Result<()> {
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir)?;
    }
    let tmp = sibling(path, ".part");
    let result = (|| -> Result<()> {
        let mut file = std::fs::File::create(&tmp)?;
        file.write_all(bytes)?;
        drop(file);
        sync_and_rename(&tmp, path)
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result
}

/// Flushes the finished `tmp` to disk and renames it to `path`; the rename itself is made
/// durable by flushing the folder.
pub(crate) fn sync_and_rename(tmp: &Path, path: &Path) -> Result<()> {
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
