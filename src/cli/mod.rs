//! The `walklog` command line (placeholder while the core lands).
pub fn main() -> i32 { 0 }
pub mod export;
