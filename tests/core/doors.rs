//! The import door applies the rules of typing a record in: each case below is a file the app
//! would have refused to produce, refused whole with its record and field named, in Chinese,
//! and the database left as it was.

use crate::exchange::populated;
use crate::fixture::*;
use walklog::exchange::Exchange;
use walklog::model::*;
use walklog::Store;

fn log_lines(s: &Store) -> i64 {
    s.conn().query_row("SELECT count(*) FROM change_log", [], |r| r.get(0)).unwrap()
}

/// A city's export and an empty database to import it into.
fn doc_and_fresh() -> (Exchange, Store, tempfile::TempDir, City) {
    let city = populated();
    let doc = city.store.export_exchange().unwrap();
    let (fresh, dir) = empty_store();
    (doc, fresh, dir, city)
}

/// Imports `doc` into `store`, expects a refusal naming `place`, and that nothing was written.
fn refused(store: &mut Store, doc: &Exchange, place: &str) -> String {
    let before = log_lines(store);
    let err = store.import_exchange(doc).unwrap_err();
    let message = err.message_zh();
    assert_eq!(err.code(), "import", "{message}");
    assert!(message.contains(place), "«{place}» not in «{message}»");
    assert!(!message.contains("。，"), "{message}");
    assert_eq!(log_lines(store), before, "a refused import wrote something");
    message
}

#[test]
fn a_task_the_machine_would_not_have_made_is_refused() {
    let (doc, mut fresh, _dir, city) = doc_and_fresh();

    let mut bad = doc.clone();
    bad.tasks[0].deadline = d("2026-02-01");
    let m = refused(&mut fresh, &bad, "tasks[0].deadline");
    assert!(m.contains("整改时限"), "{m}");

    // 已销号 with the dates but no 党建办 person named; then with a head named.
    let mut bad = doc.clone();
    let t = &mut bad.tasks[0];
    (t.status, t.done_on, t.closed_out_on) = (TaskStatus::ClosedOut, Some(d("2026-03-05")), Some(d("2026-03-06")));
    refused(&mut fresh, &bad, "tasks[0].closed_out_by");
    bad.tasks[0].closed_out_by = Some(city.market_head.clone());
    let m = refused(&mut fresh, &bad, "tasks[0].closed_out_by");
    assert!(m.contains("不是党建办人员"), "{m}");
    // With the office person it is what the machine makes.
    bad.tasks[0].closed_out_by = Some(city.office.clone());
    fresh.import_exchange(&bad).unwrap();

    // 已完成待销号 with no evidence at all.
    let (doc, mut fresh, _dir, _city) = doc_and_fresh();
    let mut bad = doc.clone();
    bad.notes.clear();
    (bad.tasks[0].status, bad.tasks[0].done_on) = (TaskStatus::Done, Some(d("2026-03-05")));
    refused(&mut fresh, &bad, "tasks[0].evidence");

    // Sent back, then done on the evidence from before the 退回.
    let mut bad = doc.clone();
    let t = &mut bad.tasks[0];
    (t.status, t.done_on) = (TaskStatus::Done, Some(d("2026-03-09")));
    t.sent_back_reason = Some("佐证不足".into());
    t.sent_back_by = Some(doc_office(&doc));
    t.sent_back_at = Some(ts("2026-03-08T10:00:00+08:00"));
    let m = refused(&mut fresh, &bad, "tasks[0].evidence");
    assert!(m.contains("退回"), "{m}");
    // A 退回 that names nobody.
    bad.tasks[0].sent_back_by = None;
    refused(&mut fresh, &bad, "tasks[0].sent_back_by");
}

fn doc_office(doc: &Exchange) -> String {
    doc.people.iter().find(|p| p.role == Role::Office).unwrap().id.clone()
}

#[test]
fn walks_steps_and_problems_keep_their_rules() {
    let (doc, mut fresh, _dir, city) = doc_and_fresh();

    let mut bad = doc.clone();
    bad.walks[0].leader_id = city.owner.clone();
    refused(&mut fresh, &bad, "walks[0].leader_id");

    let mut bad = doc.clone();
    bad.problems[0].step_id = Some(doc.steps[1].id.clone());
    assert_ne!(Some(&doc.steps[1].walk_id), doc.problems[0].walk_id.as_ref());
    refused(&mut fresh, &bad, "problems[0].step_id");

    let mut bad = doc.clone();
    bad.steps[0].seq = 0;
    refused(&mut fresh, &bad, "steps[0].seq");

    let mut bad = doc.clone();
    bad.steps[0].waiting_minutes = 100_001;
    refused(&mut fresh, &bad, "steps[0].waiting_minutes");

    let mut bad = doc.clone();
    let archived = bad.walks.iter().position(|w| w.status == WalkStatus::Archived).unwrap();
    bad.walks[archived].seal_code = Some("0000-0000-0000-0000".into());
    let m = refused(&mut fresh, &bad, &format!("walks[{archived}].seal_code"));
    assert!(m.contains("核验码"), "{m}");
    // The right code, but content changed after sealing.
    let mut bad = doc.clone();
    let step = bad.steps.iter_mut().find(|s| s.walk_id == doc.walks[archived].id).unwrap();
    step.observations = "封存后补写的观察".into();
    refused(&mut fresh, &bad, &format!("walks[{archived}].seal_code"));
}

#[test]
fn the_directory_keeps_its_rules() {
    let (doc, mut fresh, _dir, _city) = doc_and_fresh();

    // Two units each the other's parent: a unit its own ancestor.
    let mut bad = doc.clone();
    let (a, b) = (bad.departments[0].id.clone(), bad.departments[1].id.clone());
    bad.departments[0].parent_id = Some(b);
    bad.departments[1].parent_id = Some(a);
    let m = refused(&mut fresh, &bad, ".parent_id");
    assert!(m.contains("上级"), "{m}");

    let mut bad = doc.clone();
    (bad.matters[0].legal_days, bad.matters[0].promised_days) = (Some(5), Some(20));
    refused(&mut fresh, &bad, "matters[0].promised_days");

    let mut bad = doc.clone();
    bad.matters[0].materials_count = 100_001;
    refused(&mut fresh, &bad, "matters[0].materials_count");
}

#[test]
fn every_text_field_has_a_limit() {
    let (doc, mut fresh, _dir, _city) = doc_and_fresh();
    let long = |n: usize| "长".repeat(n);
    let cases: Vec<(Box<dyn Fn(&mut Exchange)>, &str)> = vec![
        (Box::new(|d| d.people[0].title = long(101)), "people[0].title"),
        (Box::new(|d| d.people[0].name = long(51)), "people[0].name"),
        (Box::new(|d| d.departments[0].name = long(201)), "departments[0].name"),
        (Box::new(|d| d.walks[0].title = long(201)), "walks[0].title"),
        (Box::new(|d| d.notes[0].author = long(101)), "notes[0].author"),
        (Box::new(|d| d.steps[0].name = long(201)), "steps[0].name"),
        (Box::new(|d| d.problems[0].description = long(20_001)), "problems[0].description"),
        (Box::new(|d| d.departments[0].id = "x".repeat(65)), "departments[0].id"),
        (Box::new(|d| d.people[0].id = "有空格 的编号".into()), "people[0].id"),
        (
            Box::new(|d| {
                let t = &mut d.tasks[0];
                t.status = TaskStatus::InProgress;
                t.sent_back_reason = Some(long(2_001));
                t.sent_back_by = Some(d.people.iter().find(|p| p.role == Role::Office).unwrap().id.clone());
                t.sent_back_at = Some(ts("2026-03-08T10:00:00+08:00"));
            }),
            "tasks[0].reason",
        ),
    ];
    for (mutate, place) in cases {
        let mut bad = doc.clone();
        mutate(&mut bad);
        refused(&mut fresh, &bad, place);
    }
}

#[test]
fn dates_and_times_are_strict() {
    let (doc, mut fresh, _dir, _city) = doc_and_fresh();
    let json = serde_json::to_string_pretty(&doc).unwrap();
    let deadline = format!("\"deadline\": \"{}\"", doc.tasks[0].deadline);
    assert!(json.contains(&deadline));
    for bad in ["\"deadline\": \"26-04-01\"", "\"deadline\": \"2026-4-1\"", "\"deadline\": \"2026-02-30\""] {
        let err = fresh.import_json(&json.replacen(&deadline, bad, 1)).unwrap_err();
        assert_eq!(err.code(), "import");
        assert!(err.message_zh().contains("日期"), "{}", err.message_zh());
        assert!(err.message_zh().contains("行"), "{}", err.message_zh());
    }
    let started = format!("\"started_at\": \"{}\"", doc.steps[0].started_at.to_rfc3339());
    assert!(json.contains(&started), "{started}");
    let spaced = started.replacen('T', " ", 1);
    let err = fresh.import_json(&json.replacen(&started, &spaced, 1)).unwrap_err();
    assert!(err.message_zh().contains("RFC 3339"), "{}", err.message_zh());
    assert_eq!(log_lines(&fresh), 0);
}

#[test]
fn the_same_id_twice_and_bad_bytes_are_named() {
    let (doc, mut fresh, _dir, _city) = doc_and_fresh();
    let mut bad = doc.clone();
    let copy = bad.steps[0].clone();
    bad.steps.push(copy);
    let m = refused(&mut fresh, &bad, &format!("steps[{}].id", doc.steps.len()));
    assert!(m.contains("steps[0]"), "{m}");

    let mut bytes = serde_json::to_vec(&doc).unwrap();
    bytes.insert(40, 0xff);
    let err = fresh.import_bytes(&bytes).unwrap_err();
    assert_eq!(err.code(), "import");
    assert!(err.message_zh().contains("第 41 字节") && err.message_zh().contains("UTF-8"), "{}", err.message_zh());
}

#[test]
fn a_changed_record_is_a_conflict_and_a_padded_one_is_not() {
    let (doc, _fresh, _dir, mut city) = doc_and_fresh();
    let before = log_lines(&city.store);

    // Padded text and unsorted sets are the same record.
    let mut padded = doc.clone();
    padded.walks[0].title = format!("  {}  ", padded.walks[0].title);
    let dup = padded.walks[0].matter_ids[0].clone();
    padded.walks[0].matter_ids.push(dup);
    padded.walks[0].matter_ids.reverse();
    padded.people[0].name = format!("{} ", padded.people[0].name);
    let report = city.store.import_exchange(&padded).unwrap();
    assert_eq!((report.inserted, report.conflicts.len()), (0, 0), "{report:?}");
    assert_eq!(log_lines(&city.store), before);

    // Other content under a known id: refused whole, naming the record, nothing changed.
    let mut changed = doc.clone();
    changed.walks[0].title = "另一个标题".into();
    changed.departments.push(Department { id: "new-unit".into(), name: "新单位".into(), level: DeptLevel::Street, parent_id: None });
    let err = city.store.import_exchange(&changed).unwrap_err();
    assert_eq!(err.code(), "conflict");
    assert!(err.message_zh().contains("walks[0]") && err.message_zh().contains(&doc.walks[0].id), "{}", err.message_zh());
    assert_eq!(log_lines(&city.store), before);
    assert!(city.store.department("new-unit").is_err());
    // The preview reports the same without an error.
    let preview = city.store.preview_import(&changed).unwrap();
    assert_eq!(preview.conflicts.len(), 1);
    assert_eq!(preview.conflicts[0].location, "walks[0]");
    assert_eq!(log_lines(&city.store), before);
}

#[test]
fn a_sealed_walk_refuses_new_steps_naming_the_record() {
    let (doc, _fresh, _dir, mut city) = doc_and_fresh();
    let archived = doc.walks.iter().find(|w| w.status == WalkStatus::Archived).unwrap();
    let mut bad = doc.clone();
    let mut step = bad.steps.iter().find(|s| s.walk_id == archived.id).unwrap().clone();
    step.id = "late-step".into();
    step.seq = 9;
    bad.steps.push(step);
    let place = format!("steps[{}]", doc.steps.len());
    let m = refused(&mut city.store, &bad, &place);
    assert!(m.contains("封存"), "{m}");
}
