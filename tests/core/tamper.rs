//! Issue 12 item 5 as an attacker with the database file (not the install's key file) would
//! act: triggers dropped, lines forged with correct hashes, a chain rewritten. Each case is
//! caught by `check_tables` (verify), `check_code` or `check_anchor` (verify --against), or
//! refused at the office, naming what changed. (Seals, rows behind the log, a cut and a rehashed
//! log: tests/core/audit.rs.)

use super::installs::{office, send, unit};
use walklog::store::{read_lines, ChangeEntry, GENESIS};

fn drop_triggers(c: &rusqlite::Connection) {
    let names: Vec<String> = c
        .prepare("SELECT name FROM sqlite_master WHERE type = 'trigger'")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    for n in names {
        c.execute_batch(&format!("DROP TRIGGER \"{n}\"")).unwrap();
    }
}

/// Appends `e` (seq, prev and hashes filled in) as the log's last line, as a forger would.
fn append(c: &rusqlite::Connection, mut e: ChangeEntry) -> ChangeEntry {
    let lines = read_lines(c).unwrap();
    let last = lines.last().unwrap();
    e.seq = last.seq + 1;
    e.prev_hash = last.hash.clone();
    let own = lines.iter().rev().find(|l| l.install_id == e.install_id);
    e.install_seq = own.map_or(1, |l| l.install_seq + 1);
    e.origin_prev = own.map_or_else(|| GENESIS.to_string(), |l| l.origin_hash.clone());
    e.origin_hash = e.expected_origin_hash();
    e.hash = e.expected_hash();
    c.execute(
        "INSERT INTO change_log(seq, install_id, install_seq, at, actor, entity, entity_id, action, state, prev_hash, hash, origin_prev, origin_hash, base)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)",
        rusqlite::params![e.seq, e.install_id, e.install_seq, e.at, e.actor, e.entity, e.entity_id, e.action, e.state, e.prev_hash, e.hash, e.origin_prev, e.origin_hash, e.base],
    )
    .unwrap();
    e
}

#[test]
fn a_close_out_forged_as_the_offices_line_is_named_as_never_received() {
    let mut office = office();
    let mut u = unit(&mut office, "市市场监管局");
    let (_, _, task) = u.walk_with_task("2026-03-11T10:00:00+08:00");
    send(&mut u, &mut office).expect("report");
    send(&mut office, &mut u).expect("the office's lines and heads reach the unit");
    assert!(u.store.check_tables().unwrap().is_empty(), "{:?}", u.store.check_tables().unwrap());

    // The unit writes 销号 into its table and a line "from the office" saying so, with both
    // hashes right: the chain checks out and the row agrees with the log.
    let c = u.store.conn();
    drop_triggers(c);
    let mut closed = u.store.task(&task.id).unwrap();
    closed.status = walklog::model::TaskStatus::ClosedOut;
    closed.closed_out_on = closed.done_on;
    closed.closed_out_by = Some(office.person.clone());
    c.execute("UPDATE tasks SET status = 'closed_out', closed_out_on = done_on, closed_out_by = ?2 WHERE id = ?1", [&task.id, &office.person]).unwrap();
    let model = read_lines(c).unwrap().into_iter().rev().find(|l| l.entity == "task" && l.entity_id == task.id).unwrap();
    let forged = append(c, ChangeEntry { install_id: office.install_id(), actor: "市委党建办".into(), action: "close_out".into(), state: serde_json::to_string(&closed).unwrap(), ..model });
    c.execute("DELETE FROM record_heads WHERE entity = 'task' AND entity_id = ?1", [&task.id]).unwrap();
    c.execute(
        "INSERT INTO record_heads(entity, entity_id, version, at) VALUES ('task', ?1, ?2, ?3)",
        rusqlite::params![task.id, forged.origin_hash, forged.at],
    )
    .unwrap();
    assert!(walklog::store::verify_chain(c).unwrap().is_intact(), "the forged line hashes right");

    let found = u.store.check_tables().unwrap();
    let said: Vec<String> = found.iter().map(|d| format!("{}（{}）：{}", d.entity_zh, d.id, d.what)).collect();
    assert!(
        found.iter().any(|d| d.id == format!("第 {} 条", forged.seq) && d.what.contains("未经签名的报送包到达")),
        "{said:#?}"
    );
}

#[test]
fn a_tail_forged_in_place_of_the_real_one_is_caught_against_a_head_printed_before() {
    let (store, _dir) = super::fixture::empty_store();
    let mut store = store;
    walklog::demo::generate_until(&mut store, 3, super::fixture::d("2026-11-30")).expect("demo");
    let printed = store.chain_head_printed().unwrap().expect("a head");
    store.check_anchor(&printed).expect("the printed head is held");
    let c = store.conn();
    drop_triggers(c);
    // The last line replaced by a forged one at the same place, hashes recomputed.
    let last = read_lines(c).unwrap().pop().unwrap();
    c.execute("DELETE FROM change_log WHERE seq = ?1", [last.seq]).unwrap();
    append(c, ChangeEntry { actor: "伪造者".into(), ..last.clone() });
    assert!(walklog::store::verify_chain(c).unwrap().is_intact());
    let err = store.check_anchor(&printed).unwrap_err();
    assert_eq!(err.code(), "tampered");
    let said = err.message_zh();
    assert!(said.contains(&format!("第 {} 条的哈希与记下的不符", last.seq)) && said.contains("变更记录被改写"), "{said}");
}

#[test]
fn a_unit_chain_rewritten_after_the_office_received_it_is_refused_at_the_office() {
    let mut office = office();
    let mut u = unit(&mut office, "市市场监管局");
    u.walk_with_task("2026-03-11T10:00:00+08:00");
    send(&mut u, &mut office).expect("first report");
    send(&mut office, &mut u).expect("ack");

    // The unit edits a line it already reported and recomputes every hash after it, both
    // chains, so its own log checks out; then it works on and reports again.
    {
        let c = u.store.conn();
        drop_triggers(c);
        let me = u.install_id();
        let first: i64 = c.query_row("SELECT min(seq) FROM change_log WHERE install_id = ?1 AND entity = 'task'", [&me], |r| r.get(0)).unwrap();
        c.execute("UPDATE change_log SET actor = '改写者' WHERE seq = ?1", [first]).unwrap();
        let (mut prev, mut origin_prev) = (GENESIS.to_string(), std::collections::HashMap::new());
        for mut e in read_lines(c).unwrap() {
            e.prev_hash = prev.clone();
            e.origin_prev = origin_prev.get(&e.install_id).cloned().unwrap_or_else(|| GENESIS.to_string());
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
        assert!(walklog::store::verify_chain(c).unwrap().is_intact());
    }
    // Its own kept heads (signed when it reported) no longer match: verify names it.
    let found = u.store.check_tables().unwrap();
    assert!(found.iter().any(|d| d.what.contains("签名之后被改写")), "{found:#?}");

    u.walk_with_task("2026-03-12T10:00:00+08:00");
    let before: i64 = office.store.conn().query_row("SELECT count(*) FROM change_log", [], |r| r.get(0)).unwrap();
    let why = match send(&mut u, &mut office) {
        Err(walklog::Error::BundleRefused { reasons }) => reasons.join("；"),
        other => panic!("expected a refused bundle, got {other:?}"),
    };
    assert!(why.contains("改写"), "{why}");
    let after: i64 = office.store.conn().query_row("SELECT count(*) FROM change_log", [], |r| r.get(0)).unwrap();
    assert_eq!(before, after, "nothing written at the office");
}

#[test]
fn a_sealed_walk_edited_with_its_code_recomputed_is_caught_by_the_printed_code() {
    let (mut store, _dir) = super::fixture::empty_store();
    walklog::demo::generate_until(&mut store, 3, super::fixture::d("2026-11-30")).expect("demo");
    let c = store.conn();
    let (walk, printed): (String, String) = c
        .query_row("SELECT id, seal_code FROM walks WHERE status = 'archived' ORDER BY n LIMIT 1", [], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap();
    drop_triggers(c);
    // The reflection rewritten, and a new code computed from the new content put in its place,
    // so the walk checks out against its own (new) code.
    c.execute("UPDATE walks SET reflection = '事后改写的体验感受' WHERE id = ?1", [&walk]).unwrap();
    let recoded = store.sealed_walk(&walk).unwrap().code().unwrap();
    store.conn().execute("UPDATE walks SET seal_code = ?2 WHERE id = ?1", [&walk, &recoded]).unwrap();
    assert!(matches!(store.check_code(&recoded).unwrap().verdict, walklog::verify::CodeVerdict::SealIntact { .. }));

    // The code printed on the record before is the one that tells.
    match store.check_code(&printed).unwrap().verdict {
        walklog::verify::CodeVerdict::SealChanged { differences, .. } => {
            assert!(differences.join("；").contains(&format!("核验码也被改成了 {recoded}")), "{differences:?}")
        }
        other => panic!("{other:?}"),
    }
    let found = store.check_tables().unwrap();
    assert!(found.iter().any(|d| d.id == walk && d.what.contains("“体会”与变更记录不一致")), "{found:#?}");
}

#[test]
fn a_task_set_back_to_an_older_logged_version_with_its_heads_is_named() {
    let (mut store, _dir) = super::fixture::empty_store();
    walklog::demo::generate_until(&mut store, 3, super::fixture::d("2026-11-30")).expect("demo");
    let c = store.conn();
    // A task with more than one line: its row and its version set back to the first line.
    let (task, first, version): (String, String, String) = c
        .query_row(
            "SELECT entity_id, state, origin_hash FROM change_log WHERE entity = 'task' AND entity_id IN
               (SELECT entity_id FROM change_log WHERE entity = 'task' GROUP BY entity_id HAVING count(*) > 1)
             ORDER BY seq LIMIT 1",
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .unwrap();
    drop_triggers(c);
    let old: walklog::model::Task = serde_json::from_str(&first).unwrap();
    c.execute(
        "UPDATE tasks SET status = ?2, closed_out_on = NULL, closed_out_by = NULL, done_on = NULL WHERE id = ?1",
        rusqlite::params![task, old.status.code()],
    )
    .unwrap();
    c.execute("UPDATE record_heads SET version = ?2 WHERE entity = 'task' AND entity_id = ?1", [&task, &version]).unwrap();
    let found = store.check_tables().unwrap();
    assert!(found.iter().any(|d| d.id == task && d.what.contains("不是它的当前版本")), "{found:#?}");
}
