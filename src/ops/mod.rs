//! The verbs: what users do, one function each, every one a single transaction with its
//! change-log line. Reads live beside the writes of the same entity.

mod attachments;
pub mod capture;
mod deletes;
mod directory;
mod lookup;
pub mod plans;
mod milestones;
mod problems;
pub(crate) use problems::TALLY_REBUILD_SQL;
pub mod reviews;
mod steps;
pub mod supervision;
mod tasks;
mod walks;
pub(crate) mod writes;

pub use attachments::{NewAttachment, ATTACHMENT_MAX_BYTES};
pub use capture::CaptureSummary;
pub use plans::{CalendarWalk, HeadPlanLine, PlanOverview, PlanProgress};
pub use supervision::{SupervisedTask, SupervisionFigures};
pub use milestones::{chart_status, ChartData, ChartFilter, ChartRow, ChartStatus, MilestoneInput, LONG_TASK_DAYS};
pub use problems::ProblemFilter;
pub use reviews::{BadReview, ReviewImport};
pub use tasks::{LedgerFilter, LedgerPage, LedgerRow, LedgerSort};
pub use problems::ProblemRow;
pub use walks::{SealedWalk, WalkFilter};

/// The SQL truth of "problem p is solved" (alias `p`), shared by lists and figures.
pub fn problems_solved_sql() -> &'static str {
    problems::SOLVED_SQL
}

use crate::error::{Error, Result};
use rusqlite::{Connection, OptionalExtension};

/// Fails with NotFound unless `table` has a row with this id.
pub(crate) fn ensure_exists(conn: &Connection, table: &'static str, entity: &'static str, id: &str) -> Result<()> {
    let sql = format!("SELECT 1 FROM {table} WHERE id = ?1");
    let found: Option<i64> = conn.query_row(&sql, [id], |r| r.get(0)).optional()?;
    match found {
        Some(_) => Ok(()),
        None => Err(Error::not_found(entity, id)),
    }
}

/// An id given by the caller, or a new one when it is blank.
pub(crate) fn id_or_new(id: &str) -> String {
    if id.trim().is_empty() {
        crate::store::new_id()
    } else {
        id.trim().to_string()
    }
}
