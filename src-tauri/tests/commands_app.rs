//! The app-level commands through the IPC layer, and how core errors reach the UI.
mod common;

use common::TestApp;
use serde_json::{json, Value};

#[test]
fn app_info_reports_the_database_in_use() {
    let t = TestApp::new();
    let info: Value = t.ok("app_info", json!({}));
    assert_eq!(info["db_path"], t.db_path().display().to_string());
    assert_eq!(info["version"], env!("CARGO_PKG_VERSION"));
}

#[test]
fn vocab_carries_the_chinese_labels() {
    let t = TestApp::new();
    let v: Value = t.ok("vocab", json!({}));
    let kinds: Vec<&str> = v["walk_kind"].as_array().expect("list").iter().map(|k| k["label"].as_str().unwrap_or("")).collect();
    assert_eq!(kinds, ["日常体验", "交叉体验", "受理体验"]);
    assert!(v["task_status"].as_array().expect("list").iter().any(|s| s["label"] == "已销号"));
}

#[test]
fn current_user_is_chosen_and_unknown_people_are_refused() {
    let t = TestApp::new();
    let none: Value = t.ok("current_user", json!({}));
    assert!(none.is_null());
    let (code, msg) = t.err("set_current_user", json!({"person_id": "nobody"}));
    assert_eq!(code, "not_found");
    assert!(msg.contains("人员"), "{msg}");
    let fx = t.fixture();
    let me: Value = t.ok("set_current_user", json!({"person_id": fx.office}));
    assert_eq!(me["name"], "王芳");
    let again: Value = t.ok("current_user", json!({}));
    assert_eq!(again["id"], fx.office.as_str());
}

#[test]
fn ui_state_keys_are_checked() {
    let t = TestApp::new();
    let (code, _) = t.err("set_ui_state", json!({"key": "../x", "value": "1"}));
    assert_eq!(code, "validation");
    let _: Value = t.ok("set_ui_state", json!({"key": "last_screen", "value": "ledger"}));
    let v: Value = t.ok("ui_state", json!({"key": "last_screen"}));
    assert_eq!(v, "ledger");
}

#[test]
fn validation_errors_name_their_field() {
    let t = TestApp::new();
    let (code, msg) = t.err("save_department", json!({"department": {"id": "", "name": "   ", "level": "district", "parent_id": null}}));
    assert_eq!(code, "validation");
    assert!(!msg.is_empty());
    let raw = t.invoke("save_department", json!({"department": {"id": "", "name": " ", "level": "district", "parent_id": null}}));
    let e = raw.expect_err("blank name is refused");
    assert_eq!(e["field"], "name");
}

#[test]
fn malformed_arguments_are_refused_without_touching_the_store() {
    let t = TestApp::new();
    // Tauri rejects a body that does not match the command's types before our code runs.
    let e = t.invoke("save_department", json!({"department": {"name": 5}})).expect_err("malformed department");
    assert!(e.as_str().map(|m| m.contains("department")).unwrap_or(false), "Tauri names the argument: {e}");
    let list: Vec<Value> = t.ok("departments", json!({}));
    assert!(list.is_empty());
}

#[test]
fn errors_cross_as_code_message_and_field_only() {
    let t = TestApp::new();
    // No current user chosen: the core's variant, with its message, and no field.
    let e = t.invoke("close_out_task", json!({"task_id": "x"})).expect_err("no current user");
    assert_eq!(e, json!({"code": "no_current_user", "message_zh": "请先在“设置”中选择当前用户", "field": null}));
    // A shell-side check is a core variant too, with its field.
    let e = t.invoke("set_ui_state", json!({"key": "../x", "value": "1"})).expect_err("bad key");
    assert_eq!((e["code"].as_str(), e["field"].as_str()), (Some("validation"), Some("key")));
    assert_eq!(e.as_object().map(|o| o.len()), Some(3), "{e}");
}

#[test]
fn about_names_the_font_the_records_use_and_its_licence() {
    let t = TestApp::new();
    let about: Value = t.ok("about", json!({}));
    // The system's CJK font (fonts-noto-cjk on the test machines), named without being loaded.
    let path = about["font_path"].as_str().expect("a CJK font is installed (fonts-noto-cjk)");
    assert!(std::path::Path::new(path).exists(), "{path}");
    assert!(!about["font_licence"].as_str().unwrap_or("").is_empty());
    assert!(!about["install_id"].as_str().unwrap_or("").is_empty());
}
