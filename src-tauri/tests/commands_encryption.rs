//! 数据加密 through the IPC layer: turning it on, the unlock after a restart (a wrong password
//! refused, nothing opened), changing the password, restoring an older backup with its own
//! password, and turning it off.
mod common;

use common::TestApp;
use serde_json::{json, Value};

const PASSWORD: &str = "单位密码-2026";
const NEW_PASSWORD: &str = "更换后的密码-2027";

#[test]
fn an_encrypted_database_waits_for_its_password_after_a_restart() {
    let t = TestApp::new();
    let fx = t.fixture();
    t.plan_walk(&fx, "窗口暗访");
    let state: Value = t.ok("encryption_state", json!({}));
    assert_eq!(state, json!({"encrypted": false, "unlocked": true}));
    let (code, msg) = t.err("encryption_enable", json!({"password": "太短"}));
    assert_eq!(code, "validation");
    assert!(msg.contains("至少 8 个字符"), "{msg}");
    let done: Value = t.ok("encryption_enable", json!({"password": PASSWORD}));
    assert_eq!(done["status"]["encrypted"], true);
    assert!(done["summary_zh"].as_str().unwrap_or("").contains("无法找回"), "{done}");
    let backup = t.dir.path().join("encrypted-backup.db");
    let _: Value = t.ok("backup_now", json!({"path": backup.display().to_string()}));

    let t = TestApp::restarted(t.close());
    let state: Value = t.ok("encryption_state", json!({}));
    assert_eq!(state, json!({"encrypted": true, "unlocked": false}));
    let (code, msg) = t.err("walks", json!({}));
    assert_eq!(code, "locked");
    assert!(msg.contains("请输入密码"), "{msg}");
    let (code, msg) = t.err("unlock", json!({"password": "猜一个密码试试"}));
    assert_eq!(code, "wrong_password");
    assert!(msg.contains("密码不正确"), "{msg}");
    assert_eq!(t.err("walks", json!({})).0, "locked", "a wrong password opens nothing");
    let _: Value = t.ok("unlock", json!({"password": PASSWORD}));
    let walks: Value = t.ok("walks", json!({}));
    assert_eq!(walks.as_array().map(Vec::len), Some(1), "{walks}");

    // A new password; the backup made before it needs its own.
    let (code, _) = t.err("encryption_change", json!({"old_password": "不是原来的密码", "new_password": NEW_PASSWORD}));
    assert_eq!(code, "wrong_password");
    let _: Value = t.ok("encryption_change", json!({"old_password": PASSWORD, "new_password": NEW_PASSWORD}));
    let path = backup.display().to_string();
    let refused = t.invoke("restore_backup", json!({"path": path, "backup_password": null})).unwrap_err();
    assert_eq!(refused["field"], "backup_password", "{refused}");
    let restored: Value = t.ok("restore_backup", json!({"path": path, "backup_password": PASSWORD}));
    assert!(restored["summary_zh"].as_str().unwrap_or("").contains("已恢复"), "{restored}");

    let t = TestApp::restarted(t.close());
    assert_eq!(t.err("unlock", json!({"password": PASSWORD})).0, "wrong_password", "the old password no longer opens it");
    let _: Value = t.ok("unlock", json!({"password": NEW_PASSWORD}));
    let done: Value = t.ok("encryption_disable", json!({"password": NEW_PASSWORD}));
    assert_eq!(done["status"]["encrypted"], false);

    let t = TestApp::restarted(t.close());
    let state: Value = t.ok("encryption_state", json!({}));
    assert_eq!(state, json!({"encrypted": false, "unlocked": false}));
    let walks: Value = t.ok("walks", json!({}));
    assert_eq!(walks.as_array().map(Vec::len), Some(1), "a plain database opens without a password");
}
