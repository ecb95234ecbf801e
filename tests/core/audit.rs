//! The tables against the log: a database written through the program agrees with its change
//! log; a row changed, added or deleted behind the log is named.

use super::fixture::*;

fn demo() -> (walklog::Store, tempfile::TempDir) {
    let (mut store, dir) = empty_store();
    walklog::demo::generate_until(&mut store, 7, d("2026-11-30")).expect("demo");
    (store, dir)
}

#[test]
fn a_database_written_through_the_program_agrees_with_its_log() {
    let (store, _dir) = demo();
    let differences = store.check_tables().unwrap();
    assert!(differences.is_empty(), "{:#?}", &differences[..differences.len().min(10)]);
}

#[test]
fn rows_changed_added_or_deleted_behind_the_log_are_named() {
    let (store, _dir) = demo();
    let c = store.conn();
    let task: String = c.query_row("SELECT id FROM tasks WHERE status = 'in_progress' LIMIT 1", [], |r| r.get(0)).unwrap();
    c.execute("UPDATE tasks SET status = 'closed_out', closed_out_on = '2026-11-01' WHERE id = ?1", [&task]).unwrap();
    let outreach: String = c.query_row("SELECT id FROM outreach LIMIT 1", [], |r| r.get(0)).unwrap();
    c.execute("DELETE FROM outreach WHERE id = ?1", [&outreach]).unwrap();
    let dept: String = c.query_row("SELECT id FROM departments LIMIT 1", [], |r| r.get(0)).unwrap();
    c.execute("INSERT INTO people(id, name, title, role, department_id) VALUES ('ghost', '幽灵', '', 'office', ?1)", [&dept]).unwrap();
    let differences = store.check_tables().unwrap();
    let named = |id: &str, what: &str| differences.iter().any(|d| d.id == id && d.what.contains(what));
    assert!(named(&task, "“状态”与变更记录不一致（表中：已销号，记录：整改中）"), "{differences:#?}");
    assert!(named(&outreach, "表中却没有"), "{differences:#?}");
    assert!(named("ghost", "未经本系统写入"), "{differences:#?}");
    assert_eq!(differences.len(), 3, "{differences:#?}");
}

/// The log as an attacker with the file leaves it: triggers dropped, lines deleted, or every
/// hash recomputed after an edit so the chain checks out on its own.
fn unlock(c: &rusqlite::Connection) {
    c.execute_batch("DROP TRIGGER change_log_no_update; DROP TRIGGER change_log_no_delete;").unwrap();
}

fn rehash_all(c: &rusqlite::Connection) {
    let lines = walklog::store::read_lines(c).unwrap();
    let (mut prev, mut origin_prev) = (walklog::store::GENESIS.to_string(), std::collections::HashMap::new());
    for mut e in lines {
        e.prev_hash = prev.clone();
        e.origin_prev = origin_prev.get(&e.install_id).cloned().unwrap_or_else(|| walklog::store::GENESIS.to_string());
        e.origin_hash = e.expected_origin_hash();
        e.hash = e.expected_hash();
        c.execute(
            "UPDATE change_log SET prev_hash = ?2, hash = ?3, origin_prev = ?4, origin_hash = ?5 WHERE seq = ?1",
            rusqlite::params![e.seq, e.prev_hash, e.hash, e.origin_prev, e.origin_hash],
        )
        .unwrap();
        origin_prev.insert(e.install_id.clone(), e.origin_hash.clone());
        prev = e.hash;
    }
}

#[test]
fn a_log_truncated_or_rehashed_no_longer_holds_a_head_written_down_earlier() {
    let (store, _dir) = demo();
    let anchor = store.chain_anchor().unwrap().expect("a head");
    store.check_anchor(&anchor).expect("the log holds its own head");
    let c = store.conn();
    unlock(c);

    // Truncated: the last lines deleted. The rest is a valid chain on its own.
    let n: i64 = c.query_row("SELECT max(seq) FROM change_log", [], |r| r.get(0)).unwrap();
    c.execute("DELETE FROM change_log WHERE seq > ?1", [n - 3]).unwrap();
    assert!(walklog::store::verify_chain(c).unwrap().is_intact(), "a shortened chain checks out by itself");
    let err = store.check_anchor(&anchor).unwrap_err();
    assert_eq!(err.code(), "tampered");
    assert!(err.message_zh().contains("截断"), "{}", err.message_zh());

    // Rewritten and rehashed: an early line's state edited, every hash recomputed.
    let (store, _dir) = demo();
    let anchor = store.chain_anchor().unwrap().unwrap();
    let c = store.conn();
    unlock(c);
    c.execute("UPDATE change_log SET actor = '改写者' WHERE seq = 5", []).unwrap();
    rehash_all(c);
    assert!(walklog::store::verify_chain(c).unwrap().is_intact(), "a rehashed chain checks out by itself");
    let err = store.check_anchor(&anchor).unwrap_err();
    assert!(err.message_zh().contains("改写"), "{}", err.message_zh());

    // A malformed head is a clear input error, not a verdict.
    assert_eq!(store.check_anchor("第五条").unwrap_err().code(), "validation");
}

#[test]
fn a_sealed_walk_reopened_unsealed_or_deleted_behind_the_program_is_reported_by_its_code() {
    use walklog::verify::CodeVerdict;
    for case in ["reopen", "unseal", "delete"] {
        let (store, _dir) = demo();
        let c = store.conn();
        let (walk, code): (String, String) = c
            .query_row("SELECT id, seal_code FROM walks WHERE status = 'archived' ORDER BY n LIMIT 1", [], |r| Ok((r.get(0)?, r.get(1)?)))
            .unwrap();
        let triggers: Vec<String> = c
            .prepare("SELECT name FROM sqlite_master WHERE type = 'trigger' AND name LIKE '%sealed%'")
            .unwrap()
            .query_map([], |r| r.get(0))
            .unwrap()
            .map(Result::unwrap)
            .collect();
        for t in triggers {
            c.execute_batch(&format!("DROP TRIGGER {t}")).unwrap();
        }
        match case {
            "reopen" => c.execute("UPDATE walks SET status = 'completed', reflection = '事后改写' WHERE id = ?1", [&walk]).unwrap(),
            "unseal" => c.execute("UPDATE walks SET seal_code = NULL WHERE id = ?1", [&walk]).unwrap(),
            _ => {
                c.execute("DELETE FROM task_problems WHERE problem_id IN (SELECT id FROM problems WHERE walk_id = ?1)", [&walk]).unwrap();
                c.execute("DELETE FROM walks WHERE id = ?1", [&walk]).unwrap()
            }
        };
        let check = store.check_code(&code).expect("the code is still known to the log");
        match &check.verdict {
            CodeVerdict::SealChanged { differences, .. } => {
                let said = differences.join("；");
                assert!(said.contains(if case == "delete" { "删除" } else { "不再封存" }), "{case}: {said}");
            }
            other => panic!("{case}: {other:?}"),
        }
        assert!(!store.check_tables().unwrap().is_empty(), "{case}: the tables no longer say what the log says");
    }
}
