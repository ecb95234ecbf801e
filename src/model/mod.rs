//! The domain: the nouns of the 一把手走流程 programme (see shared/DOMAIN.md).

mod enums;
mod plans;
mod reviews;
pub mod strict;
mod types;

pub use enums::*;
pub use plans::*;
pub use reviews::*;
pub use types::*;

/// A timestamp with its offset, stored as RFC 3339.
pub type Timestamp = chrono::DateTime<chrono::FixedOffset>;
/// A calendar date (deadlines, planned dates), stored as YYYY-MM-DD.
pub type Date = chrono::NaiveDate;
