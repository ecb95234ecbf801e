//! One office and units syncing through a real PostgreSQL server: reports reach the office,
//! verdicts come back, each unit sees only its own; forged pushes, a DBA's forged line, a
//! crash, a lost reply, a replayed push and a cut pull lose and duplicate nothing.

use super::fixture::ts;
use super::installs::{office, send, unit, Install};
use super::served::*;
use walklog::model::*;
use walklog::server::{Link, PushChunk};
use walklog::sync::bundle::WireEntry;

fn code<T: std::fmt::Debug>(r: walklog::Result<T>) -> (String, String) {
    match r {
        Err(e) => (e.code().to_string(), e.message_zh()),
        Ok(v) => panic!("expected an error, got {v:?}"),
    }
}

fn entries(net: &Net) -> i64 {
    net.count("SELECT count(*) FROM walklog.entries")
}

/// Per-origin maxima summed: with no gap and no duplicate this is the number of lines.
fn maxima(net: &Net) -> i64 {
    net.count("SELECT coalesce(sum(m), 0) FROM (SELECT max(seq) AS m FROM walklog.entries GROUP BY origin) x")
}

fn log_len(i: &Install) -> i64 {
    i.store.conn().query_row("SELECT count(*) FROM change_log", [], |r| r.get(0)).unwrap()
}

#[test]
fn units_report_through_the_server_and_verdicts_come_back() {
    let mut office = office();
    let mut a = unit(&mut office, "市市场监管局");
    let mut b = unit(&mut office, "市医保局");
    let net = net(&office);
    let (walk, _, task) = a.walk_with_task("2026-03-11T10:00:00+08:00");
    let (_, _, b_task) = b.walk_with_task("2026-03-12T10:00:00+08:00");
    // A's 好差评: one 差评 (a problem without a walk) and one good rating travel like the rest.
    let name = a.store.department(&a.dept).unwrap().name;
    let csv = format!("评价时间,办理部门,评价等级,工单号\n2026-03-11 09:00,{name},不满意,HC-1\n2026-03-11 10:00,{name},满意,HC-2\n");
    std::fs::write(a.dir.path().join("hcp.csv"), csv).unwrap();
    let parsed = walklog::reviews::parse_file(&a.dir.path().join("hcp.csv"), &[], &a.store.departments().unwrap()).unwrap();
    assert_eq!(a.store.import_reviews(&parsed).unwrap().added_bad, 1);

    let r = net.sync(&mut a).expect("unit A syncs");
    assert!(r.pushed > 10 && r.conflicts.is_empty(), "{r:?}");
    assert_eq!(a.store.sync_status().unwrap().unsynced, 0);
    net.sync(&mut b).expect("unit B syncs");
    let r = net.sync(&mut office).expect("office syncs");
    assert!(r.pulled > 20 && r.inserted > 0, "{r:?}");
    assert_eq!(office.store.walk(&walk.id).expect("walk at the office").title, walk.title);
    assert_eq!(office.store.task(&b_task.id).unwrap().status, TaskStatus::Done);
    let march = walklog::stats::Period::parse_at("2026-03", office.store.today()).unwrap();
    let f = office.store.figures(&walklog::stats::Scope::City, &march).unwrap();
    assert_eq!((f.reviews, f.reviews_bad), (2, 1), "A's ratings reached the office through the server");

    // The office closes out A's task; A gets the verdict, B never sees A's records.
    office.store.set_clock(Some(ts("2026-04-01T09:00:00+08:00")));
    office.store.close_out_task(&task.id, &office.person).expect("close out");
    office.store.send_back_task(&b_task.id, &office.person, "证据不足，请补充照片").expect("send back");
    net.sync(&mut office).expect("office pushes its verdicts");
    net.sync(&mut a).expect("A pulls");
    net.sync(&mut b).expect("B pulls");
    assert_eq!(a.store.task(&task.id).unwrap().status, TaskStatus::ClosedOut);
    let back = b.store.task(&b_task.id).unwrap();
    assert_eq!((back.status, back.sent_back_reason.as_deref()), (TaskStatus::InProgress, Some("证据不足，请补充照片")));
    assert!(b.store.task(&task.id).is_err(), "B holds none of A's records");
    assert!(b.store.walk(&walk.id).is_err());

    // The server's current state is what the office shows; every line is there once.
    assert_eq!(server_tasks(&net), local_tasks(&office.store));
    assert_eq!(entries(&net), maxima(&net));
    assert_eq!(net.count("SELECT count(*) FROM walklog.walks"), 2);
    // A second sync moves nothing.
    let r = net.sync(&mut a).unwrap();
    assert_eq!((r.pushed, r.pulled), (0, 0), "{r:?}");
    // Every chain on every install still verifies.
    for i in [&office, &a, &b] {
        let v = i.store.check_chain().expect("verify");
        assert!(v.is_intact(), "{v:?}");
    }
}

/// A chunk of `n` hand-made lines continuing `origin`'s chain on the server.
fn forged_chunk(link: &mut walklog::server::PgLink, origin: &str, action: &str, entity: &str, id: &str, state: &str) -> PushChunk {
    let (seq, prev) = rt().block_on(link.head(origin)).expect("head");
    let e = WireEntry {
        origin: origin.into(),
        seq: seq + 1,
        prev,
        hash: "f".repeat(64),
        at: "2026-04-01T09:00:00+08:00".into(),
        actor: "冒充党建办".into(),
        entity: entity.into(),
        entity_id: id.into(),
        action: action.into(),
        state: state.into(),
        base: vec![],
    };
    PushChunk { origin: origin.into(), entries: vec![e], signature: "forged".into(), photos: vec![] }
}

#[test]
fn forged_pushes_are_refused_by_the_server_and_a_dbas_forgery_by_every_client() {
    let mut office = office();
    let mut a = unit(&mut office, "市市场监管局");
    let net = net(&office);
    let (_, _, task) = a.walk_with_task("2026-03-11T10:00:00+08:00");
    net.sync(&mut a).unwrap();
    net.sync(&mut office).unwrap();
    let before = entries(&net);
    let mut link = net.link(&a);

    // A unit's role pushing the office's lines.
    let office_id = office.install_id();
    let chunk = forged_chunk(&mut link, &office_id, "update", "department", &office.dept, "{}");
    let (c, m) = code(rt().block_on(link.push(&chunk)));
    assert_eq!(c, "server_refused");
    assert!(m.contains("只能上传本机自己的变更"), "{m}");

    // A unit's 销号, and a 已销号 status slipped into an ordinary edit.
    let mut closed = task.clone();
    closed.status = TaskStatus::ClosedOut;
    closed.closed_out_by = Some("forged".into());
    let state = serde_json::to_string(&closed).unwrap();
    for action in ["close_out", "update"] {
        let chunk = forged_chunk(&mut link, &a.install_id(), action, "task", &task.id, &state);
        let (c, m) = code(rt().block_on(link.push(&chunk)));
        assert_eq!(c, "server_refused", "{action}");
        assert!(m.contains("销号"), "{action}: {m}");
    }
    // A unit's 督办 of its own task: only the office escalates (migration 0004's authorise).
    let sup = format!(
        r#"{{"id":"s-forged","task_id":"{}","note":"延期到年底","required_by":"2026-12-31","by":"forged","at":"2026-03-12T09:00:00+08:00"}}"#,
        task.id
    );
    let chunk = forged_chunk(&mut link, &a.install_id(), "supervise", "supervision", "s-forged", &sup);
    let (c, m) = code(rt().block_on(link.push(&chunk)));
    assert_eq!(c, "server_refused");
    assert!(m.contains("督办只能由党建办端作出"), "{m}");
    // Another unit's records — a walk, a 差评 without a walk, a rating (migration 0005's scope).
    let chunk = forged_chunk(&mut link, &a.install_id(), "update", "walk", "w-other", r#"{"id":"w-other","department_id":"not-mine"}"#);
    let (_, m) = code(rt().block_on(link.push(&chunk)));
    assert!(m.contains("不属于本单位"), "{m}");
    let chunk = forged_chunk(&mut link, &a.install_id(), "import", "problem", "hcp-x-p", r#"{"id":"hcp-x-p","walk_id":null,"department_id":"not-mine","source":"reviews"}"#);
    let (_, m) = code(rt().block_on(link.push(&chunk)));
    assert!(m.contains("不属于本单位"), "{m}");
    let chunk = forged_chunk(&mut link, &a.install_id(), "import", "review", "hcp-x", r#"{"id":"hcp-x","department_id":"not-mine"}"#);
    let (_, m) = code(rt().block_on(link.push(&chunk)));
    assert!(m.contains("不属于本单位"), "{m}");
    // The tables themselves are closed to an install's role.
    let denied = std::process::Command::new("psql")
        .args([net.url(&a), "-Atc", "DELETE FROM walklog.entries"])
        .output()
        .expect("psql");
    assert!(String::from_utf8_lossy(&denied.stderr).contains("permission denied"), "{denied:?}");
    assert_eq!(entries(&net), before, "nothing was written");

    // The DBA writes a 销号 line for the office straight into the table: the unit refuses it
    // (no signed head of the office covers it) and changes nothing.
    let (seq, prev) = rt().block_on(link.head(&office_id)).unwrap();
    net.pg.psql(&format!(
        "ALTER TABLE walklog.entries DISABLE TRIGGER entries_append_only;
         INSERT INTO walklog.entries(origin, seq, prev, hash, at, actor, entity, entity_id, action, state, base, department_id, pushed_by)
         VALUES ('{office_id}', {}, '{prev}', '{}', '2026-04-01T09:00:00+08:00', 'dba', 'task', '{}', 'close_out', '{}', '[]', '{}', '{office_id}');
         INSERT INTO walklog.checkpoints VALUES ('{office_id}', {}, '{}', 'AAAA');",
        seq + 1,
        "e".repeat(64),
        task.id,
        state.replace('\'', "''"),
        a.dept,
        seq + 1,
        "e".repeat(64)
    ));
    let log_before = log_len(&a);
    let (c, m) = code(net.sync(&mut a));
    assert_eq!(c, "bundle_refused", "{m}");
    assert!(m.contains("签名") || m.contains("哈希"), "{m}");
    assert_eq!(log_len(&a), log_before);
    assert_eq!(a.store.task(&task.id).unwrap().status, TaskStatus::Done);
    assert!(a.store.sync_status().unwrap().last_error.is_some());
}

#[test]
fn a_crash_a_lost_reply_a_replayed_push_and_a_cut_pull_lose_and_duplicate_nothing() {
    let mut office = office();
    let mut a = unit(&mut office, "市市场监管局");
    let net = net(&office);
    // Enough lines for several pushed chunks and pulled replies.
    for day in 0..420 {
        a.walk_with_task(&format!("2026-0{}-{:02}T10:00:00+08:00", 3 + day / 28 % 6, 1 + day % 28));
    }
    let total = log_len(&a);
    assert!(total > 2 * walklog::server::PUSH_CHUNK as i64, "{total} lines");

    // The server crashes (pg_ctl stop -m immediate) before the second chunk.
    let mut link = FaultyLink::new(net.link(&a), Faults { crash_before_push: Some(2), ..Default::default() }, &net.pg);
    let (c, _) = code(sync_over(&mut a.store, &mut link));
    assert_eq!(c, "server_unreachable");
    net.pg.restart();
    assert_eq!(entries(&net), walklog::server::PUSH_CHUNK as i64, "the first chunk survived the crash, the second never began");

    // The reply to the next push is lost after the server committed it: the retry adds nothing.
    let mut link = FaultyLink::new(net.link(&a), Faults { lose_push_reply: Some(1), ..Default::default() }, &net.pg);
    let (c, _) = code(sync_over(&mut a.store, &mut link));
    assert_eq!(c, "server_unreachable");
    assert!(a.store.sync_status().unwrap().unsynced > 0, "not acknowledged, so counted as unsynced");
    let r = net.sync(&mut a).expect("retry");
    assert_eq!(entries(&net), total);
    assert_eq!(entries(&net), maxima(&net));
    assert!(r.pushed < total as u32, "{r:?}");
    assert_eq!(a.store.sync_status().unwrap().unsynced, 0);

    // A push replayed whole is accepted as what the server holds, and adds nothing.
    let mut raw = net.link(&a);
    let chunk = a.store.push_chunk(&a.install_id(), 0, walklog::store::GENESIS, walklog::server::PUSH_CHUNK).unwrap().expect("a chunk");
    let head = rt().block_on(raw.push(&chunk)).expect("replayed push");
    assert_eq!(head, total);
    assert_eq!(entries(&net), total);

    // The office's pull is cut half-way; the next one resumes where it stopped.
    let mut link = FaultyLink::new(net.link(&office), Faults { cut_pull: Some(3), ..Default::default() }, &net.pg);
    let (c, _) = code(sync_over(&mut office.store, &mut link));
    assert_eq!(c, "server_unreachable");
    let partial = office.store.origin_heads().unwrap();
    let got: i64 = partial.iter().filter(|(o, _)| *o == a.install_id()).map(|(_, s)| *s).sum();
    assert!(got > 0 && got < total, "half-way: {got} of {total}");
    net.sync(&mut office).expect("resume");
    assert_eq!(local_tasks(&office.store), local_tasks(&a.store));
    assert_eq!(server_tasks(&net), local_tasks(&office.store));
    // Offline is normal: a stopped server is 未同步, not a failure of the records.
    net.pg.stop_immediate();
    a.walk_with_task("2026-09-01T10:00:00+08:00");
    let (c, m) = code(net.sync(&mut a));
    assert_eq!(c, "server_unreachable", "{m}");
    let s = a.store.sync_status().unwrap();
    assert!(s.unsynced > 0 && s.last_error.is_some() && s.last_sync_at.is_some(), "{s:?}");
    net.pg.restart();
    net.sync(&mut a).expect("back online");
    assert_eq!(a.store.sync_status().unwrap().unsynced, 0);
}

#[test]
fn bundles_and_the_server_carry_the_same_entries() {
    let mut office = office();
    let mut far = unit(&mut office, "偏远乡镇便民服务中心");
    let mut near = unit(&mut office, "市医保局");
    let net = net(&office);
    // A district without network reports by bundle; the office forwards it into the server.
    let (_, _, task) = far.walk_with_task("2026-03-11T10:00:00+08:00");
    send(&mut far, &mut office).expect("bundle to the office");
    let r = net.sync(&mut office).expect("office syncs");
    assert!(r.forwarded > 10, "{r:?}");
    let held = net.count(&format!("SELECT max(seq) FROM walklog.entries WHERE origin = '{}'", far.install_id()));
    assert_eq!(held, log_len(&far));
    // Later the district gets network: the server already holds its lines, nothing forks.
    far.walk_with_task("2026-03-20T10:00:00+08:00");
    let r = net.sync(&mut far).expect("far syncs");
    assert!(r.pushed > 0 && r.pushed < 30, "only the new lines: {r:?}");
    // The office decides; the verdict reaches the far unit by server and by bundle alike.
    net.sync(&mut office).unwrap();
    office.store.set_clock(Some(ts("2026-04-01T09:00:00+08:00")));
    office.store.close_out_task(&task.id, &office.person).unwrap();
    net.sync(&mut office).unwrap();
    net.sync(&mut far).unwrap();
    assert_eq!(far.store.task(&task.id).unwrap().status, TaskStatus::ClosedOut);
    let again = send(&mut office, &mut far).expect("the office's bundle after the server");
    assert_eq!((again.inserted, again.updated), (0, 0), "{again:?}");
    net.sync(&mut near).unwrap();
    assert!(near.store.task(&task.id).is_err());
    assert_eq!(entries(&net), maxima(&net));
}

#[test]
fn a_revoked_install_can_no_longer_log_in_and_what_it_sent_stays() {
    let mut office = office();
    let mut a = unit(&mut office, "市市场监管局");
    let mut net = net(&office);
    let (walk, _, _) = a.walk_with_task("2026-03-11T10:00:00+08:00");
    net.sync(&mut a).unwrap();
    office.store.roster_revoke(&a.install_id()).expect("revoke");
    net.enrol(&office);
    a.walk_with_task("2026-03-12T10:00:00+08:00");
    let (c, m) = code(net.sync(&mut a));
    assert_eq!(c, "server_refused", "{m}");
    net.sync(&mut office).expect("the office still syncs");
    assert_eq!(office.store.walk(&walk.id).unwrap().title, walk.title, "what it sent before stays");
    assert_eq!(net.pg.psql(&format!("SELECT status FROM walklog.installs WHERE install_id = '{}'", a.install_id())), "revoked");
}
