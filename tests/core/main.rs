//! Integration tests of the core, against real SQLite files in temp folders.

mod fixture;
mod installs;

mod audit;
mod backup;
mod convergence;
mod chain;
mod defects;
mod locks;
mod deletes;
mod doors;
mod exchange;
mod exchange_props;
mod rules;
mod search;
mod stats;
mod sync;
mod tasks;
mod walks;
