//! Integration tests of the core, against real SQLite files in temp folders.

mod fixture;
#[path = "../support/exif_jpeg.rs"]
mod exif_jpeg;
mod installs;
#[path = "../support/pg.rs"]
mod pg;
mod served;

mod audit;
mod tamper;
mod backup;
mod capture;
mod convergence;
mod chain;
mod defects;
mod locks;
mod deletes;
mod doors;
mod encryption;
mod evidence;
mod exchange;
mod exchange_props;
mod history;
mod milestones;
mod photos;
mod printed;
mod programme;
mod rules;
mod search;
mod server;
mod server_load;
mod stats;
mod sync;
mod tasks;
mod walks;
mod reviews;
mod reviews_import;
