//! Many installs, one programme (DESIGN.md, "exchange"): who this install is, whom it trusts,
//! who may originate which change, and the 报送包 (bundle) files that carry changes between the
//! units and the office. The change log is the replication log; a bundle carries a segment of
//! it, signed at its head, and the receiver replays it under the same rules as a local write.

pub mod authority;
pub mod bundle;
pub mod conflicts;
pub mod identity;
pub mod keys;
pub(crate) mod replay;
pub(crate) mod restored;
pub mod roster;

pub use identity::{Identity, IdentityView, InitRequest};
pub use roster::RosterEntry;

/// The records that travel between installs. Settings (current user, font) stay local; their
/// lines travel only as redacted places in the origin chain.
pub const REPLICATED: &[&str] =
    &["department", "person", "matter", "walk", "step", "problem", "task", "note", "attachment", "outreach", "plan", "supervision", "milestone", "review"];

pub fn is_replicated(entity: &str) -> bool {
    REPLICATED.contains(&entity)
}
