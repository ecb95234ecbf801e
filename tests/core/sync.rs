//! One office and three units in temp folders, meeting only through 报送包 files: reports reach
//! the office, verdicts come back, and forged, tampered, foreign, gapped or repeated bundles
//! change nothing.

use super::fixture::ts;
use super::installs::{as_hacked, office, send, unit, Install};
use walklog::model::*;
use walklog::stats::{Period, Scope};
use walklog::Error;

fn snapshot(i: &Install) -> (i64, String) {
    let c = i.store.conn();
    let n: i64 = c.query_row("SELECT count(*) FROM change_log", [], |r| r.get(0)).unwrap();
    let tasks: String = c
        .query_row("SELECT coalesce(group_concat(id || status, ','), '') FROM (SELECT * FROM tasks ORDER BY id)", [], |r| r.get(0))
        .unwrap();
    (n, tasks)
}

fn refused(result: walklog::Result<walklog::sync::bundle::BundleReport>) -> String {
    match result {
        Err(Error::BundleRefused { reasons }) => reasons.join("；"),
        other => panic!("expected a refused bundle, got {other:?}"),
    }
}

fn inflate(bytes: &[u8]) -> Option<Vec<u8>> {
    use std::io::Read;
    let mut out = Vec::new();
    flate2::read::GzDecoder::new(bytes).read_to_end(&mut out).ok().map(|_| out)
}

fn walks_in_year(i: &Install) -> u32 {
    let period = Period::parse_at("2026", i.store.today()).expect("period");
    i.store.figures(&Scope::City, &period).expect("figures").walks
}

#[test]
fn units_report_the_office_decides_and_verdicts_come_back() {
    let mut office = office();
    let mut units: Vec<Install> = ["市市场监管局", "金水区政务服务中心", "市医保局"].iter().map(|n| unit(&mut office, n)).collect();
    let mut tasks = Vec::new();
    for (i, u) in units.iter_mut().enumerate() {
        for k in 0..=i {
            let (_, _, task) = u.walk_with_task(&format!("2026-03-1{}T10:0{k}:00+08:00", i + 1));
            tasks.push((i, task));
        }
    }
    // Every unit's bundle reaches the office.
    for u in &mut units {
        let report = send(u, &mut office).expect("office imports the unit's bundle");
        assert!(report.inserted > 0 && report.conflicts.is_empty(), "{report:?}");
    }
    // The office's figures are the sum of the units'.
    let sum: u32 = units.iter().map(walks_in_year).sum();
    assert_eq!(sum, 6);
    assert_eq!(walks_in_year(&office), sum);

    // The office closes out one task and sends one back.
    office.store.set_clock(Some(ts("2026-04-01T09:00:00+08:00")));
    let (closed, sent_back) = (&tasks[0].1, &tasks[1].1);
    office.store.close_out_task(&closed.id, &office.person).expect("close out");
    office.store.send_back_task(&sent_back.id, &office.person, "证据不足，请补充照片").expect("send back");
    for u in &mut units {
        send(&mut office, u).expect("unit imports the office's bundle");
    }
    let shown = units[0].store.task(&closed.id).expect("task at unit");
    assert_eq!(shown.status, TaskStatus::ClosedOut);
    let back = units[1].store.task(&sent_back.id).expect("task at unit 2");
    assert_eq!(back.status, TaskStatus::InProgress);
    assert_eq!(back.sent_back_reason.as_deref(), Some("证据不足，请补充照片"));
    // A unit holds its own tasks and the verdicts on them, not other units' records.
    assert!(units[2].store.task(&closed.id).is_err());

    // On a unit install 销号 does not exist, whoever the current user claims to be.
    let (_, _, own) = units[2].walk_with_task("2026-04-02T10:00:00+08:00");
    let dept = units[2].dept.clone();
    let fake_office = units[2]
        .store
        .save_person(Person { id: String::new(), name: "冒充党建办".into(), title: String::new(), role: Role::Office, department_id: dept })
        .expect("person");
    let err = units[2].store.close_out_task(&own.id, &fake_office.id).expect_err("unit cannot close out");
    assert_eq!(err.code(), "authority", "{err:?}");
}

#[test]
fn a_unit_that_edits_its_database_to_close_out_is_refused_at_the_office() {
    let mut office = office();
    let mut u = unit(&mut office, "市市场监管局");
    let (_, _, task) = u.walk_with_task("2026-03-11T10:00:00+08:00");
    send(&mut u, &mut office).expect("first bundle");
    // The unit's user forges a 党建办 person and writes 销号 into its own database by hand,
    // with a change-log line that looks like any other (as a hacked build would).
    let forged = Person { id: "forged-office".into(), name: "假党建办".into(), title: String::new(), role: Role::Office, department_id: u.dept.clone() };
    u.store.save_person(forged).expect("person");
    let task_id = task.id.clone();
    as_hacked(&mut u, |s| {
        s.close_out_task(&task_id, "forged-office").expect("a stand-alone database closes out by role");
    });
    let before = snapshot(&office);
    let why = refused(send(&mut u, &mut office));
    assert!(why.contains("销号") || why.contains("党建办"), "{why}");
    assert_eq!(snapshot(&office), before, "the office's database is unchanged");
    assert_eq!(office.store.task(&task.id).unwrap().status, TaskStatus::Done);
}

#[test]
fn tampered_foreign_revoked_gapped_and_repeated_bundles_change_nothing() {
    let mut office = office();
    let mut u = unit(&mut office, "市市场监管局");
    u.walk_with_task("2026-03-11T10:00:00+08:00");
    let first = u.bundle_for(None);

    // One byte changed anywhere: refused.
    let bytes = std::fs::read(&first).unwrap();
    // One byte changed anywhere in the file (every 1/32 of it, and the last bytes): refused.
    let positions: Vec<usize> = (0..32).map(|k| k * bytes.len() / 32).chain([bytes.len() - 9, bytes.len() - 1]).collect();
    for at in positions {
        let mut bad = bytes.clone();
        bad[at] ^= 0x01;
        let path = u.dir.path().join("tampered.wlbundle");
        std::fs::write(&path, &bad).unwrap();
        // A flip in the unused padding bits of the last compressed byte leaves the content as
        // it was: that file is the same bundle, and nothing else may be accepted.
        if inflate(&bad) == inflate(&bytes) {
            continue;
        }
        let before = snapshot(&office);
        refused(office.store.bundle_import(&path));
        assert_eq!(snapshot(&office), before);
    }
    // Bytes appended after the compressed stream: refused (tests/fuzz found them ignored).
    let path = u.dir.path().join("appended.wlbundle");
    std::fs::write(&path, [bytes.as_slice(), b"\x94a extra"].concat()).unwrap();
    let before = snapshot(&office);
    let why = refused(office.store.bundle_import(&path));
    assert!(why.contains("末尾有多余的内容"), "{why}");
    assert_eq!(snapshot(&office), before);
    // Truncated: refused.
    let path = u.dir.path().join("short.wlbundle");
    std::fs::write(&path, &bytes[..bytes.len() / 2]).unwrap();
    refused(office.store.bundle_import(&path));

    // Signed by a key the office does not know: refused, naming the fingerprint.
    let mut office2 = super::installs::office();
    let mut stranger = unit(&mut office2, "陌生单位");
    stranger.walk_with_task("2026-03-11T10:00:00+08:00");
    let foreign = stranger.bundle_for(None);
    let why = refused(office.store.bundle_import(&foreign));
    assert!(why.contains("未登记") || why.contains("另一台"), "{why}");

    // A copy of the office taken now (a backup restored later) holds none of the unit's lines.
    let copy = tempfile::tempdir().unwrap();
    for f in ["walklog.db", "walklog.db-wal", "walklog.key"] {
        let from = office.dir.path().join(f);
        if from.exists() {
            std::fs::copy(&from, copy.path().join(f)).unwrap();
        }
    }

    // Imported twice: the second time changes nothing.
    let report = office.store.bundle_import(&first).expect("first import");
    assert!(report.inserted > 0);
    let before = snapshot(&office);
    let again = office.store.bundle_import(&first).expect("second import is harmless");
    assert_eq!((again.inserted, again.updated), (0, 0));
    assert!(again.already_received);
    assert_eq!(snapshot(&office), before);

    // A gap: the office acknowledges, the unit's next bundle starts after that, and the old
    // copy of the office cannot take it: it is told which changes are missing.
    send(&mut office, &mut u).expect("ack back");
    u.walk_with_task("2026-03-12T10:00:00+08:00");
    let second = u.bundle_for(None);
    let mut restored = walklog::Store::open(copy.path().join("walklog.db")).unwrap();
    let why = refused(restored.bundle_import(&second));
    assert!(why.contains("缺少") && why.contains("第 1–"), "{why}");
    assert!(office.store.bundle_import(&second).expect("in order").inserted > 0);

    // Revoked: later bundles are refused, what it sent stays.
    let walks_before = walks_in_year(&office);
    office.store.roster_revoke(&u.install_id()).expect("revoke");
    u.walk_with_task("2026-03-13T10:00:00+08:00");
    let third = u.bundle_for(None);
    let why = refused(office.store.bundle_import(&third));
    assert!(why.contains("吊销"), "{why}");
    assert_eq!(walks_in_year(&office), walks_before);
    let peer = office.store.bundle_status().unwrap().into_iter().find(|p| p.install_id == u.install_id()).unwrap();
    assert_eq!(peer.status, RosterStatus::Revoked);
    assert!(peer.lines_received > 0, "what it sent before stays, and is counted");
}

#[test]
fn a_close_out_crossing_a_unit_edit_keeps_both_and_is_resolved() {
    let mut office = office();
    let mut u = unit(&mut office, "市市场监管局");
    let (_, _, task) = u.walk_with_task("2026-03-11T10:00:00+08:00");
    send(&mut u, &mut office).unwrap();
    // In the post at the same time: the office closes out, the unit edits the measure and
    // adds a progress note.
    office.store.set_clock(Some(ts("2026-03-20T09:00:00+08:00")));
    office.store.close_out_task(&task.id, &office.person).unwrap();
    u.store.set_clock(Some(ts("2026-03-21T09:00:00+08:00")));
    let mut edited = u.store.task(&task.id).unwrap();
    edited.measure = "一次告知所需材料，并公开办事指南".into();
    u.store.update_task(edited).unwrap();
    u.store.add_note(&task.id, "办事指南已上网公开", None).unwrap();
    let at_office = send(&mut u, &mut office).unwrap();
    let at_unit = send(&mut office, &mut u).unwrap();
    for (i, report) in [(&office, &at_office), (&u, &at_unit)] {
        assert_eq!(report.conflicts.len(), 1, "{report:?}");
        let t = i.store.task(&task.id).unwrap();
        assert_eq!(t.status, TaskStatus::ClosedOut, "the 销号 is kept");
        assert_eq!(t.measure, "一次告知所需材料，并公开办事指南", "the unit's edit is shown");
        assert_eq!(i.store.notes(&task.id).unwrap().len(), 2, "the note is kept");
        assert_eq!(i.store.conflict_count().unwrap(), 1);
    }
    // The unit resolves: its measure, the office's verdict. The resolution travels.
    let conflict = u.store.conflicts().unwrap().remove(0);
    assert!(conflict.fields.iter().any(|f| f.field == "measure"));
    let unit_version = conflict.versions.iter().find(|v| v.origin_name == "本机").unwrap().version.clone();
    let office_version = conflict.versions.iter().find(|v| v.origin_name != "本机").unwrap().version.clone();
    let picks = [("measure".to_string(), unit_version)].into_iter().collect();
    u.store.resolve_conflict("task", &task.id, &office_version, &picks).unwrap();
    assert_eq!(u.store.conflict_count().unwrap(), 0);
    send(&mut u, &mut office).unwrap();
    assert_eq!(office.store.conflict_count().unwrap(), 0);
    let t = office.store.task(&task.id).unwrap();
    assert_eq!((t.status, t.measure.as_str()), (TaskStatus::ClosedOut, "一次告知所需材料，并公开办事指南"));
}

#[test]
fn a_unit_restored_from_an_old_backup_gets_its_reported_lines_back_before_it_writes() {
    let mut office = office();
    let mut u = unit(&mut office, "市市场监管局");
    let (first_walk, _, first_task) = u.walk_with_task("2026-03-11T10:00:00+08:00");
    send(&mut u, &mut office).unwrap();
    send(&mut office, &mut u).unwrap();
    let backup = u.dir.path().join("old.db");
    u.store.backup_to(&backup).unwrap();
    // After the backup: another walk, reported to the office.
    let (later_walk, _, _) = u.walk_with_task("2026-03-12T10:00:00+08:00");
    send(&mut u, &mut office).unwrap();
    let sent_before = u.store.bundle_status().unwrap()[0].sent_counter;

    u.store.restore_from(&backup).unwrap();
    assert!(u.store.walk(&later_walk.id).is_err(), "the backup is older");
    assert!(u.store.walk(&first_walk.id).is_ok());
    // Counters and identity did not rewind with the records.
    assert_eq!(u.store.bundle_status().unwrap()[0].sent_counter, sent_before);
    assert!(u.store.identity().is_some());
    assert!(u.store.awaiting_resync().unwrap());
    // Writing now would reuse the numbers of lines the office holds: refused until re-synced.
    let err = u.store.add_note(&first_task.id, "恢复后立即录入", None).expect_err("writes wait for the re-sync");
    assert!(err.message_zh().contains("备份"), "{}", err.message_zh());

    // The unit reports what it holds; the office sends its lines back.
    u.store.set_clock(Some(ts("2026-03-13T09:00:00+08:00")));
    office.store.set_clock(Some(ts("2026-03-13T09:30:00+08:00")));
    send(&mut u, &mut office).unwrap();
    let report = send(&mut office, &mut u).unwrap();
    assert!(report.inserted > 0, "{report:?}");
    assert!(!u.store.awaiting_resync().unwrap());
    assert_eq!(u.store.walk(&later_walk.id).unwrap().title, later_walk.title, "the reported walk is back");
    // Writing goes on, continuing the chain the office knows: no fork.
    let (next, _, _) = u.walk_with_task("2026-03-14T10:00:00+08:00");
    let report = send(&mut u, &mut office).expect("no fork at the office");
    assert!(report.inserted > 0);
    assert!(office.store.walk(&next.id).is_ok());
    assert!(walklog::store::verify_chain(u.store.conn()).unwrap().is_intact());
    // Lines sent back arrive after the office's lines built on them: no finding for that, and
    // every head the unit signed or received is in its log again.
    for i in [&u, &office] {
        let found = i.store.check_tables().unwrap();
        assert!(found.is_empty(), "{}: {found:#?}", i.name);
    }
}

#[test]
fn a_unit_cannot_take_over_another_units_records() {
    let mut office = office();
    let mut a = unit(&mut office, "市市场监管局");
    let mut b = unit(&mut office, "市医保局");
    a.walk_with_task("2026-03-11T10:00:00+08:00");
    send(&mut a, &mut office).unwrap();
    send(&mut b, &mut office).unwrap();
    // Unit B renames unit A (same id) in its own database and reports it.
    let a_dept = a.dept.clone();
    as_hacked(&mut b, |s| {
        s.save_department(Department { id: a_dept.clone(), name: "被冒改的单位".into(), level: DeptLevel::CityDepartment, parent_id: None })
            .unwrap();
    });
    let before = snapshot(&office);
    let why = refused(send(&mut b, &mut office));
    assert!(why.contains("不属于本单位"), "{why}");
    assert_eq!(snapshot(&office), before);
    assert_eq!(office.store.department(&a_dept).unwrap().name, "市市场监管局");
}

#[test]
fn the_office_cannot_take_a_units_task_into_its_own_department() {
    let mut office = office();
    let mut u = unit(&mut office, "市市场监管局");
    let (_, _, task) = u.walk_with_task("2026-03-11T10:00:00+08:00");
    send(&mut u, &mut office).unwrap();
    let mut moved = office.store.task(&task.id).unwrap();
    moved.department_id = office.dept.clone();
    moved.owner_id = office.person.clone();
    let err = office.store.update_task(moved).expect_err("not the office's task");
    assert_eq!(err.code(), "authority", "{err:?}");
    let mut edited = office.store.task(&task.id).unwrap();
    edited.measure = "党建办改写的措施".into();
    let err = office.store.update_task(edited).expect_err("the office only decides");
    assert_eq!(err.code(), "authority", "{err:?}");
    assert_eq!(office.store.task(&task.id).unwrap().department_id, u.dept);
}

#[test]
fn the_install_key_is_private_and_its_fingerprint_readable_aloud() {
    let o = office();
    let view = o.store.identity_view().unwrap().expect("identity");
    let key = o.dir.path().join("walklog.key");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        assert_eq!(std::fs::metadata(&key).unwrap().permissions().mode() & 0o777, 0o600);
    }
    assert_eq!(view.key_file, key.display().to_string());
    let groups: Vec<&str> = view.fingerprint.split('-').collect();
    assert_eq!(groups.len(), 5, "{}", view.fingerprint);
    assert!(groups.iter().all(|g| g.len() == 4 && g.chars().all(|c| c.is_ascii_hexdigit())));
    // Set once: a second set-up is refused and changes nothing.
    let mut store = o.store;
    let err = store.init_identity(&walklog::sync::InitRequest { role: Some(InstallRole::Unit), department_name: "另一个".into(), ..Default::default() });
    assert_eq!(err.unwrap_err().code(), "identity");
    assert_eq!(store.identity_view().unwrap().unwrap().fingerprint, view.fingerprint);
}

#[test]
fn plans_travel_to_the_office_and_its_supervision_comes_back_but_a_unit_cannot_forge_one() {
    use super::fixture::d;
    let mut office = office();
    let mut u = unit(&mut office, "市市场监管局");
    let (_, _, task) = u.walk_with_task("2026-03-11T10:00:00+08:00");
    let plan = u
        .store
        .save_plan(WalkPlan {
            id: String::new(),
            department_id: u.dept.clone(),
            leader_id: u.person.clone(),
            year: 2026,
            quarter: Some(1),
            daily: 0,
            cross: 0,
            acceptance: 2,
            matter_ids: vec![],
            places: "市民之家".into(),
            note: String::new(),
        })
        .expect("plan");
    // A second task, overdue and not done, for the office to escalate.
    let owner = task.owner_id.clone();
    let open_task = u
        .store
        .raise_task(Task::new(task.problem_ids.clone(), "压缩办理时限", u.dept.clone(), owner, d("2026-03-20")))
        .expect("task");
    send(&mut u, &mut office).expect("report");
    assert_eq!(office.store.plan(&plan.id).expect("plan at the office").acceptance, 2);
    let o = office.store.plan_overview(None, 2026, Some(1)).expect("overview");
    assert!(o.heads.iter().any(|h| h.leader_id == u.person && h.planned == 2 && h.done == 1), "{o:?}");

    // The office may not write a unit's plan.
    let mut edited = plan.clone();
    edited.acceptance = 9;
    assert_eq!(office.store.save_plan(edited).unwrap_err().code(), "authority");

    office.store.set_clock(Some(ts("2026-03-25T09:00:00+08:00")));
    let s = office.store.supervise_task(&open_task.id, &office.person, "逾期未完成，请3月31日前完成", d("2026-03-31")).expect("督办");
    send(&mut office, &mut u).expect("verdicts back");
    assert_eq!(u.store.supervisions(&open_task.id).unwrap(), vec![s.clone()]);
    assert_eq!(u.store.supervised_tasks(None).unwrap().len(), 1);

    // The unit can neither 督办 itself nor forge one into its chain by hand.
    let forged = Person { id: "forged-office".into(), name: "假党建办".into(), title: String::new(), role: Role::Office, department_id: u.dept.clone() };
    u.store.save_person(forged).expect("person");
    u.store.set_clock(Some(ts("2026-03-26T09:00:00+08:00")));
    assert_eq!(u.store.supervise_task(&open_task.id, "forged-office", "自己督办自己", d("2026-04-30")).unwrap_err().code(), "authority");
    let task_id = open_task.id.clone();
    as_hacked(&mut u, |s| {
        s.set_clock(Some(ts("2026-03-26T09:00:00+08:00")));
        s.supervise_task(&task_id, "forged-office", "延期到年底", d("2026-12-31")).expect("a stand-alone database escalates by role");
    });
    let before = office.store.supervisions(&open_task.id).unwrap();
    let why = refused(send(&mut u, &mut office));
    assert!(why.contains("督办"), "{why}");
    assert_eq!(office.store.supervisions(&open_task.id).unwrap(), before, "the office's 督办 history is unchanged");
}
