//! Two writers, one database: a write that meets another writer's long transaction waits for
//! it and says so, and many first opens of one new database all succeed.

use crate::fixture::*;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use walklog::Store;

/// Another connection (an import in another window) holding the write lock for `hold`.
fn hold_write_lock(db: &std::path::Path, hold: Duration) -> std::thread::JoinHandle<()> {
    let conn = rusqlite::Connection::open(db).unwrap();
    conn.execute_batch("BEGIN IMMEDIATE; INSERT INTO settings(key, value) VALUES ('import', 'running');").unwrap();
    std::thread::spawn(move || {
        std::thread::sleep(hold);
        conn.execute_batch("COMMIT").unwrap();
    })
}

fn notices(store: &mut Store) -> Arc<Mutex<Vec<bool>>> {
    let heard = Arc::new(Mutex::new(Vec::new()));
    let sink = heard.clone();
    store.on_write_wait(Some(Arc::new(move |waiting| sink.lock().unwrap().push(waiting))));
    heard
}

#[test]
fn a_write_waits_for_a_long_transaction_and_tells_the_front_end() {
    let (mut store, _dir) = empty_store();
    let heard = notices(&mut store);
    let holder = hold_write_lock(store.path(), Duration::from_secs(2));
    let start = Instant::now();
    store.set_setting("ui.theme", "light").expect("the write waits instead of failing");
    let waited = start.elapsed();
    holder.join().unwrap();
    assert!(waited >= Duration::from_millis(1500), "it waited for the lock: {waited:?}");
    assert_eq!(*heard.lock().unwrap(), [true, false], "told when the wait began and when it ended");
    assert_eq!(store.setting("ui.theme").unwrap().as_deref(), Some("light"));
    assert_eq!(store.setting("import").unwrap().as_deref(), Some("running"), "the other writer's work stands too");
}

#[test]
fn a_write_that_waits_too_long_gives_up_with_a_clear_message() {
    let (mut store, _dir) = empty_store();
    let heard = notices(&mut store);
    store.set_write_wait_limit(Duration::from_millis(1500));
    let holder = hold_write_lock(store.path(), Duration::from_secs(4));
    let err = store.set_setting("ui.theme", "dark").unwrap_err();
    assert_eq!(err.code(), "busy");
    assert!(err.message_zh().contains("数据库正被其他程序长时间占用"), "{}", err.message_zh());
    assert_eq!(*heard.lock().unwrap(), [true, false]);
    holder.join().unwrap();
    assert_eq!(store.setting("ui.theme").unwrap(), None, "nothing half-written");
    store.set_setting("ui.theme", "dark").expect("writes again once the lock is free");
}

#[test]
fn many_first_opens_of_one_new_database_all_succeed_with_one_install_id() {
    for round in 0..10 {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("new.db");
        let barrier = Arc::new(std::sync::Barrier::new(6));
        let opens: Vec<_> = (0..6)
            .map(|_| {
                let (db, barrier) = (db.clone(), barrier.clone());
                std::thread::spawn(move || {
                    barrier.wait();
                    Store::open(&db).map(|s| s.install_id().to_string()).map_err(|e| e.message_zh())
                })
            })
            .collect();
        let ids: Vec<String> = opens.into_iter().map(|t| t.join().unwrap().unwrap_or_else(|e| panic!("round {round}: {e}"))).collect();
        assert!(ids.iter().all(|id| *id == ids[0]), "round {round}: {ids:?}");
        let store = Store::open(&db).unwrap();
        let mode: String = store.conn().query_row("PRAGMA journal_mode", [], |r| r.get(0)).unwrap();
        assert_eq!(mode, "wal");
    }
}
