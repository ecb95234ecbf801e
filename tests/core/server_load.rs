//! 50 installs (the office and 49 units, each its own SQLite file and key, each on its own
//! thread) pushing and pulling at once against one loopback server, the office's verdicts
//! crossing the units' edits of the same tasks.

use super::fixture::ts;
use super::installs::{office, unit, Install};
use super::served::*;
use std::collections::BTreeSet;
use std::sync::{Arc, Barrier};
use walklog::model::*;

const UNITS: usize = 49;
/// Units that edit their task while the office sends it back: exactly these must conflict.
const CROSSING: usize = 10;

#[test]
fn fifty_installs_push_and_pull_at_once_and_converge() {
    let mut office = office();
    let units: Vec<Install> = (0..UNITS).map(|k| unit(&mut office, &format!("测试单位{k:02}"))).collect();
    let net = Arc::new(net(&office));
    let office_id = office.install_id();
    let office_person = office.person.clone();
    let start = Arc::new(Barrier::new(UNITS + 1));
    let decided = Arc::new(Barrier::new(UNITS + 1));
    let settled = Arc::new(Barrier::new(UNITS + 1));

    let handles: Vec<_> = units
        .into_iter()
        .enumerate()
        .map(|(k, mut u)| {
            let (net, start, decided, settled) = (net.clone(), start.clone(), decided.clone(), settled.clone());
            std::thread::spawn(move || {
                // 1. Two walks with a task each, synced while everyone else syncs.
                let (_, _, task) = u.walk_with_task(&format!("2026-03-{:02}T10:00:00+08:00", 1 + k % 28));
                u.walk_with_task(&format!("2026-04-{:02}T10:00:00+08:00", 1 + k % 28));
                start.wait();
                net.sync(&mut u).expect("first sync");
                decided.wait();
                // 2. The crossing units edit their task on the version the office is deciding on.
                let mut edited = None;
                if k < CROSSING {
                    let mut t = u.store.task(&task.id).expect("task");
                    t.measure = format!("{}（补充：增设自助终端）", t.measure);
                    u.store.update_task(t).expect("edit a done task");
                    edited = Some(task.id.clone());
                }
                if k % 3 == 0 {
                    u.walk_with_task(&format!("2026-05-{:02}T10:00:00+08:00", 1 + k % 28));
                }
                net.sync(&mut u).expect("second sync");
                settled.wait();
                // 3. After the office's last sync, one more: everyone holds the same.
                net.sync(&mut u).expect("final sync");
                (u, task.id, edited)
            })
        })
        .collect();

    // The office syncs while the units push, then decides on every task it holds.
    let clock = std::time::Instant::now();
    start.wait();
    for _ in 0..3 {
        net.sync(&mut office).expect("office syncs during the pushes");
    }
    let pushed_at = clock.elapsed();
    decided.wait();
    // Every unit's first sync is done; take everything and decide while the crossing edits go.
    net.sync(&mut office).expect("office pulls all");
    office.store.set_clock(Some(ts("2026-06-01T09:00:00+08:00")));
    let held: Vec<Task> = {
        let mut stmt = office.store.conn().prepare("SELECT id FROM tasks WHERE status = 'done' ORDER BY id").unwrap();
        let ids: Vec<String> = stmt.query_map([], |r| r.get(0)).unwrap().map(|r| r.unwrap()).collect();
        ids.iter().map(|id| office.store.task(id).unwrap()).collect()
    };
    assert_eq!(held.len(), UNITS * 2, "every unit's tasks reached the office");
    for (n, t) in held.iter().enumerate() {
        if n % 2 == 0 {
            office.store.send_back_task(&t.id, &office_person, "请补充整改前后对比照片").expect("send back");
        } else {
            office.store.close_out_task(&t.id, &office_person).expect("close out");
        }
    }
    net.sync(&mut office).expect("office pushes its verdicts");
    settled.wait();
    net.sync(&mut office).expect("office pulls the crossing edits");
    let results: Vec<(Install, String, Option<String>)> = handles.into_iter().map(|h| h.join().expect("unit thread")).collect();
    net.sync(&mut office).expect("office's final pull");
    let converged_at = clock.elapsed();
    let units: Vec<&Install> = results.iter().map(|r| &r.0).collect();

    // Every entry once: the count is the sum of the per-origin maxima, no key twice.
    let total = net.count("SELECT count(*) FROM walklog.entries");
    assert_eq!(total, net.count("SELECT sum(m) FROM (SELECT max(seq) AS m FROM walklog.entries GROUP BY origin) x"));
    assert_eq!(total, net.count("SELECT count(*) FROM (SELECT DISTINCT origin, seq FROM walklog.entries) x"));
    let own: i64 = units.iter().map(|u| u.store.origin_heads().unwrap().into_iter().find(|(o, _)| *o == u.install_id()).unwrap().1).sum();
    let office_own = office.store.origin_heads().unwrap().into_iter().find(|(o, _)| *o == office_id).unwrap().1;
    assert_eq!(total, own + office_own, "the server holds every install's every line");
    eprintln!(
        "50 installs: {total} entries; units pushed in {:.2} s ({:.0} entries/s), converged in {:.2} s",
        pushed_at.as_secs_f64(),
        own as f64 / pushed_at.as_secs_f64(),
        converged_at.as_secs_f64()
    );

    // No 销号 but the office's.
    assert_eq!(net.count(&format!("SELECT count(*) FROM walklog.entries WHERE action = 'close_out' AND origin <> '{office_id}'")), 0);
    assert_eq!(
        net.count(&format!("SELECT count(*) FROM walklog.tasks WHERE status = 'closed_out' AND closed_out_by <> '{office_person}'")),
        0
    );

    // Conflicts exactly where an edit was based on a stale version.
    let expected: BTreeSet<String> = results.iter().filter_map(|r| r.2.clone()).collect();
    assert_eq!(expected.len(), CROSSING);
    let on_server: BTreeSet<String> = net.pg.psql("SELECT id FROM walklog.tasks WHERE in_conflict ORDER BY id").lines().map(str::to_string).collect();
    assert_eq!(on_server, expected, "the server's conflicts");
    assert_eq!(net.count("SELECT count(*) FROM walklog.records WHERE heads > 1"), CROSSING as i64, "nothing else is in conflict");
    let at_office: BTreeSet<String> = office.store.conflicts().unwrap().into_iter().map(|c| c.id).collect();
    assert_eq!(at_office, expected, "the office's conflicts");
    // A 销号 stands through any crossing edit; a crossing edit keeps the 退回.
    for (u, task, edited) in &results {
        let t = u.store.task(task).unwrap();
        let at_office = office.store.task(task).unwrap();
        assert_eq!((t.status, &t.sent_back_at), (at_office.status, &at_office.sent_back_at), "{task}");
        if edited.is_some() {
            assert_eq!(u.store.conflicts().unwrap().len(), 1, "the unit sees its conflict too");
        }
    }

    // The server's current state is a replay of its entries (the office replayed them all);
    // each unit holds exactly its own part of it.
    assert_eq!(server_tasks(&net), local_tasks(&office.store));
    for (entity, table) in [("walks", "walks"), ("steps", "steps"), ("problems", "problems"), ("notes", "progress_notes")] {
        let server = net.count(&format!("SELECT count(*) FROM walklog.{entity}"));
        let local: i64 = office.store.conn().query_row(&format!("SELECT count(*) FROM {table}"), [], |r| r.get(0)).unwrap();
        assert_eq!(server, local, "{entity}");
    }
    for u in &units {
        let theirs: BTreeSet<String> =
            net.pg.psql(&format!("SELECT id FROM walklog.tasks WHERE department_id = '{}'", u.dept)).lines().map(str::to_string).collect();
        let mine: Vec<_> = server_tasks(&net).into_iter().filter(|t| theirs.contains(&t.0)).collect();
        assert_eq!(local_tasks(&u.store), mine, "{}", u.name);
        let of_unit = net.count(&format!("SELECT count(*) FROM walklog.tasks WHERE department_id = '{}'", u.dept));
        assert_eq!(local_tasks(&u.store).len() as i64, of_unit, "{}", u.name);
    }
    // Every chain verifies on every install.
    for i in units.iter().copied().chain([&office]) {
        assert!(i.store.check_chain().unwrap().is_intact(), "{}", i.name);
    }
}
