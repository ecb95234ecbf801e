//! 设置 → 数据 through the IPC layer: restore applies the core's checks whole, so a backup with a
//! broken hash chain is refused with its code and the data stays as it was.
mod common;

use common::TestApp;
use serde_json::{json, Value};

/// Read beside the app, through a second connection, as another process would see it.
fn change_log_lines(t: &TestApp) -> i64 {
    let store = walklog::Store::open(t.db_path()).expect("open the app's database");
    store.conn().query_row("SELECT count(*) FROM change_log", [], |r| r.get(0)).expect("count")
}

#[test]
fn restoring_a_backup_with_a_broken_chain_is_refused_and_changes_nothing() {
    let t = TestApp::new();
    let fx = t.fixture();
    t.plan_walk(&fx, "窗口暗访");
    let file = t.dir.path().join("backup.db");
    let done: Value = t.ok("backup_now", json!({"path": file.display().to_string()}));
    assert_eq!(done["path"], file.display().to_string());
    assert!(done["summary_zh"].as_str().unwrap_or("").contains("已备份到"), "{done}");
    {
        let store = walklog::Store::open(&file).expect("open the backup");
        store
            .conn()
            .execute_batch(
                "DROP TRIGGER change_log_no_update; UPDATE change_log SET actor = '篡改者' WHERE seq = 2;
                 CREATE TRIGGER change_log_no_update BEFORE UPDATE ON change_log
BEGIN SELECT RAISE(ABORT, 'change log is append-only'); END;",
            )
            .expect("tamper, then put the trigger back so that only the chain tells");
    }
    // Something written after the backup, which a restore would take away.
    t.plan_walk(&fx, "受理体验");
    let walks_before: Value = t.ok("walks", json!({}));
    let lines_before = change_log_lines(&t);

    let (code, msg) = t.err("restore_backup", json!({"path": file.display().to_string()}));
    assert_eq!(code, "chain_broken");
    assert!(msg.contains("第 2 条") && msg.contains("未恢复"), "{msg}");
    let walks_after: Value = t.ok("walks", json!({}));
    assert_eq!(walks_after, walks_before);
    assert_eq!(change_log_lines(&t), lines_before);
}

#[test]
fn a_sound_backup_is_restored_and_the_safety_copy_named() {
    let t = TestApp::new();
    let fx = t.fixture();
    t.plan_walk(&fx, "窗口暗访");
    let done: Value = t.ok("backup_now", json!({"path": null}));
    let path = done["path"].as_str().expect("path").to_string();
    assert!(path.contains("backups") && path.contains("walklog-"), "{path}");
    t.plan_walk(&fx, "受理体验");
    let restored: Value = t.ok("restore_backup", json!({"path": path}));
    assert!(restored["safety_copy"].as_str().unwrap_or("").contains("before-restore-"), "{restored}");
    let walks: Value = t.ok("walks", json!({}));
    assert_eq!(walks.as_array().map(Vec::len), Some(1), "{walks}");
}

#[test]
fn a_save_that_meets_another_writer_waits_and_the_window_hears_why() {
    use std::sync::{Arc, Mutex};
    use tauri::Listener;
    let t = TestApp::new();
    let _: Value = t.ok("set_ui_state", json!({"key": "last_screen", "value": "walks"}));
    let heard: Arc<Mutex<Vec<Value>>> = Arc::default();
    let sink = heard.clone();
    t._app.listen_any("db-write-wait", move |e| {
        sink.lock().expect("lock").push(serde_json::from_str(e.payload()).expect("JSON payload"));
    });
    // Another program (an import) holds the write lock for two seconds.
    let other = walklog::Store::open(t.db_path()).expect("open");
    other.conn().execute_batch("BEGIN IMMEDIATE; INSERT INTO settings(key, value) VALUES ('import', '1');").expect("lock");
    let holder = std::thread::spawn(move || {
        std::thread::sleep(std::time::Duration::from_secs(2));
        other.conn().execute_batch("COMMIT").expect("commit");
    });
    let _: Value = t.ok("set_ui_state", json!({"key": "last_screen", "value": "ledger"}));
    holder.join().expect("holder");
    let v: Value = t.ok("ui_state", json!({"key": "last_screen"}));
    assert_eq!(v, "ledger", "the save was kept, not lost to the lock");
    let heard = heard.lock().expect("lock").clone();
    assert_eq!(
        heard,
        vec![json!({"waiting": true, "message_zh": "正在等待其他写入完成…"}), json!({"waiting": false, "message_zh": ""})]
    );
}
