//! The app-level commands through the IPC layer.
mod common;

use common::TestApp;
use serde_json::json;

#[test]
fn app_info_reports_the_database_in_use() {
    let t = TestApp::new();
    let info: serde_json::Value = t.ok("app_info", json!({}));
    assert_eq!(info["db_path"], t.db_path().display().to_string());
    assert_eq!(info["version"], env!("CARGO_PKG_VERSION"));
}
