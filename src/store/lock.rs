//! Waiting for the write lock. SQLite lets one writer at a time; a long import holds the lock
//! for many seconds, so a writer that meets it waits (and says so) instead of failing.

use crate::error::{Error, Result};
use rusqlite::ffi::ErrorCode;
use std::sync::Arc;
use std::time::{Duration, Instant};

/// SQLite's own busy timeout for one attempt. After the first attempt fails the front end hears
/// of the wait, so this is also how long a user waits before being told why nothing happens.
pub(crate) const LOCK_STEP: Duration = Duration::from_secs(1);

/// How long a write waits for another writer before giving up. Generous: an import of years of
/// records takes a minute on a slow machine, and giving up loses the user's action.
pub const WRITE_WAIT_LIMIT: Duration = Duration::from_secs(120);

/// Told `true` when a write starts waiting for another writer, `false` when the wait ends
/// (written or given up). The app shows 「正在等待其他写入完成…」 in between.
pub type WaitNotice = Arc<dyn Fn(bool) + Send + Sync>;

pub(crate) fn is_busy(e: &rusqlite::Error) -> bool {
    matches!(e.sqlite_error_code(), Some(ErrorCode::DatabaseBusy | ErrorCode::DatabaseLocked))
}

/// Runs `attempt` again while the database is busy, for at most `limit`. Only attempts that
/// change nothing when they fail may be retried (taking the lock, one autocommit statement).
pub(crate) fn retry<T>(
    limit: Duration,
    notice: Option<&WaitNotice>,
    mut attempt: impl FnMut() -> rusqlite::Result<T>,
) -> Result<T> {
    let start = Instant::now();
    let mut told = false;
    let result = loop {
        match attempt() {
            Err(e) if is_busy(&e) => {
                if start.elapsed() >= limit {
                    break Err(Error::Busy { waited_secs: start.elapsed().as_secs() });
                }
                if !told {
                    if let Some(notice) = notice {
                        notice(true);
                    }
                    told = true;
                }
                // Some locks (a journal-mode switch) fail at once instead of waiting the busy
                // timeout: a short pause keeps those from spinning.
                std::thread::sleep(Duration::from_millis(15));
            }
            other => break other.map_err(Error::from),
        }
    };
    if let (true, Some(notice)) = (told, notice) {
        notice(false);
    }
    result
}
