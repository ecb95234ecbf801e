//! walklog: the core of 走流程纪实 — the domain of the 一把手走流程 programme, its SQLite store,
//! rules, figures and exchange formats. Knows nothing of Tauri: the app, the CLI and the
//! benchmarks all call these functions.

pub mod anchor;
pub mod audit;
pub mod backup;
pub mod crypt;
pub mod current;
pub mod demo;
pub mod error;
pub mod exchange;
pub mod exports;
pub mod files;
pub mod history;
pub mod manual;
pub mod model;
pub mod photo;
pub mod remind;
pub mod report;
pub mod reviews;
pub mod ops;
pub mod rules;
pub mod search;
pub mod server;
pub mod stats;
pub mod store;
pub mod sync;
pub mod validate;
pub mod verify;

pub use error::{Error, ErrorCode, Result};
pub use store::Store;
