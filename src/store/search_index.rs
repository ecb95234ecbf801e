//! The full-text index of a large write, filled once at its end.
//!
//! The schema's triggers index every row as it is written. SQLite lets a full-text table write
//! out its pending rows at the start of every statement of the transaction that may need to undo
//! itself (FTS5's savepoint), so an import of 5,000 walks wrote some 90,000 one-row segments and
//! then merged them: a quarter of the import's time (perf on the core bench). While `deferred`
//! is on, the insert triggers stand aside (`WHEN NOT wl_search_deferred()`, migration 0014), and
//! the rows the write added are indexed afterwards by one statement per table, in the same
//! transaction: the index is never behind a committed row.

use super::Writer;
use crate::error::Result;
use std::cell::Cell;

thread_local! {
    /// Set only while a `Writer::with_search_deferred` runs on this thread. SQLite calls the
    /// function on the thread that runs the statement, and a transaction's statements run on
    /// the thread that holds it, so no other write can see the flag.
    static DEFERRED: Cell<bool> = const { Cell::new(false) };
}

/// What the triggers ask (`wl_search_deferred()`).
pub(crate) fn deferred() -> bool {
    DEFERRED.with(Cell::get)
}

/// Clears the flag however the write ends (an error, a panic).
struct Deferral;

impl Deferral {
    fn start() -> Deferral {
        DEFERRED.with(|d| d.set(true));
        Deferral
    }
}

impl Drop for Deferral {
    fn drop(&mut self) {
        DEFERRED.with(|d| d.set(false));
    }
}

/// Each indexed table: its row number, and the statement that indexes its rows past a mark.
/// The bodies are the insert triggers' (migrations 0001, 0010, 0011, restated in 0014).
const TABLES: &[(&str, &str)] = &[
    (
        "SELECT coalesce(max(n), 0) FROM walks",
        "INSERT INTO walks_fts(rowid, body) SELECT n, wl_bigrams(title || ' ' || place_name || ' ' || reflection)
         FROM walks WHERE n > ?1",
    ),
    (
        "SELECT coalesce(max(n), 0) FROM steps",
        "INSERT INTO steps_fts(rowid, body)
         SELECT n, wl_bigrams(name || ' ' || place || ' ' || materials_names || ' ' || observations) FROM steps WHERE n > ?1",
    ),
    (
        "SELECT coalesce(max(n), 0) FROM problems",
        "INSERT INTO problems_fts(rowid, body) SELECT n, wl_bigrams(description || ' ' || coalesce(on_spot_action, ''))
         FROM problems WHERE n > ?1",
    ),
    (
        "SELECT coalesce(max(rowid), 0) FROM tasks",
        "INSERT INTO tasks_fts(task_id, body) SELECT id, wl_bigrams(measure || ' ' || coalesce(sent_back_reason, ''))
         FROM tasks WHERE rowid > ?1",
    ),
    (
        "SELECT coalesce(max(rowid), 0) FROM progress_notes",
        "INSERT INTO notes_fts(note_id, task_id, body) SELECT id, task_id, wl_bigrams(text) FROM progress_notes WHERE rowid > ?1",
    ),
];

impl Writer<'_> {
    /// Runs `f`, which may only insert rows into the indexed tables (an import: it never
    /// updates or deletes one), with the search index filled at the end. A new row's number is
    /// above every earlier one's, so the rows past each table's mark are exactly `f`'s.
    pub(crate) fn with_search_deferred<T>(&mut self, f: impl FnOnce(&mut Self) -> Result<T>) -> Result<T> {
        let mut marks = Vec::with_capacity(TABLES.len());
        for (mark, _) in TABLES {
            marks.push(self.tx.query_row(mark, [], |r| r.get::<_, i64>(0))?);
        }
        let value = {
            let _deferral = Deferral::start();
            f(self)?
        };
        for ((_, index), mark) in TABLES.iter().zip(marks) {
            self.tx.execute(index, [mark])?;
        }
        Ok(value)
    }
}
