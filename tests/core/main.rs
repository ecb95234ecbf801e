//! Integration tests of the core, against real SQLite files in temp folders.

mod fixture;

mod backup;
mod chain;
mod locks;
mod deletes;
mod exchange;
mod rules;
mod search;
mod stats;
mod tasks;
mod walks;
