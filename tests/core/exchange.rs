//! The JSON exchange: export, import into a fresh database, idempotence, rejection of bad files.

use crate::fixture::*;
use walklog::model::*;

pub fn populated() -> City {
    let mut city = city();
    let (market, mhead) = (city.market.clone(), city.market_head.clone());
    let w = city.walked(&market, &mhead, WalkKind::Daily, "2026-03-01T09:00:00+08:00");
    let p = city.problem(&w.id, ProblemCategory::Materials, Nature::Systemic, "材料多");
    let t = city.task_for(&p.id, "2026-04-01");
    city.store.add_note(&t.id, "推进中", None).unwrap();
    let w2 = city.walked(&market, &mhead, WalkKind::Cross, "2026-03-02T09:00:00+08:00");
    city.problem(&w2.id, ProblemCategory::Other, Nature::Simple, "指引牌不清");
    city.store.archive_walk(&w2.id).unwrap();
    city
}

#[test]
fn export_then_import_into_a_fresh_database_reproduces_everything() {
    let city = populated();
    let json = city.store.export_json().unwrap();
    let (mut fresh, _dir) = empty_store();
    let report = fresh.import_json(&json).unwrap();
    assert!(report.inserted > 10, "{report:?}");
    assert_eq!((report.conflicts.len(), report.unchanged), (0, 0));
    let mut again = fresh.export_exchange().unwrap();
    let mut original = city.store.export_exchange().unwrap();
    again.exported_at = None;
    original.exported_at = None;
    // Everything but how the times were captured: here they came from a file (导入).
    assert!(again.walks.iter().all(|w| w.capture.mode == CaptureMode::Imported && w.capture.entered_at.is_some()));
    assert!(again.steps.iter().all(|s| s.capture.mode == CaptureMode::Imported));
    assert!(original.steps.iter().all(|s| s.capture.mode != CaptureMode::Imported));
    for doc in [&mut again, &mut original] {
        doc.walks.iter_mut().for_each(|w| w.capture = Capture::default());
        doc.steps.iter_mut().for_each(|s| s.capture = Capture::default());
    }
    assert_eq!(again, original);
    // The sealed walk stays sealed with its code.
    let sealed = fresh.walks(&Default::default()).unwrap().into_iter().find(|w| w.status == WalkStatus::Archived).unwrap();
    assert!(sealed.seal_code.is_some());
    let mut edit = sealed.clone();
    edit.title = "x".into();
    assert_eq!(fresh.update_walk(edit).unwrap_err().code(), "sealed");
    assert!(walklog::store::verify_chain(fresh.conn()).unwrap().is_intact());
}

#[test]
fn importing_the_same_file_twice_changes_nothing() {
    let city = populated();
    let json = city.store.export_json().unwrap();
    let (mut fresh, _dir) = empty_store();
    fresh.import_json(&json).unwrap();
    let log = |s: &walklog::Store| -> i64 { s.conn().query_row("SELECT count(*) FROM change_log", [], |r| r.get(0)).unwrap() };
    let before = log(&fresh);
    let second = fresh.import_json(&json).unwrap();
    assert_eq!((second.inserted, second.conflicts.len()), (0, 0));
    assert!(second.unchanged > 10);
    assert_eq!(log(&fresh), before);
    // Importing into the database it came from is a no-op as well.
    let mut city = city;
    let third = city.store.import_json(&json).unwrap();
    assert_eq!((third.inserted, third.conflicts.len()), (0, 0));
}

#[test]
fn a_bad_file_is_rejected_whole_naming_where() {
    let city = populated();
    let json = city.store.export_json().unwrap();
    let (mut fresh, _dir) = empty_store();
    let count = |s: &walklog::Store| -> i64 { s.conn().query_row("SELECT count(*) FROM departments", [], |r| r.get(0)).unwrap() };

    // Broken syntax: line and column.
    let err = fresh.import_json(&json[..json.len() / 2]).unwrap_err();
    assert_eq!(err.code(), "import");
    assert!(err.message_zh().contains("行"), "{}", err.message_zh());

    // A wrong enum code.
    let bad = json.replacen("\"daily\"", "\"weekly\"", 1);
    let err = fresh.import_json(&bad).unwrap_err();
    assert!(err.message_zh().contains("行"), "{}", err.message_zh());

    // A dangling reference late in the file: nothing from earlier in the file is written.
    let mut doc = walklog::exchange::Exchange::from_json(&json).unwrap();
    doc.tasks[0].owner_id = "ghost".into();
    let err = fresh.import_exchange(&doc).unwrap_err();
    assert!(err.to_string().contains("tasks[0].owner_id"), "{err}");
    assert!(err.message_zh().contains("ghost"));

    // A rule broken inside a record: the field is named.
    let mut doc = walklog::exchange::Exchange::from_json(&json).unwrap();
    doc.steps[0].ended_at = Some(ts("2000-01-01T00:00:00+08:00"));
    let err = fresh.import_exchange(&doc).unwrap_err();
    assert!(err.to_string().contains("steps[0].ended_at"), "{err}");

    let err = fresh.import_json("{\"format\":\"other\",\"version\":1}").unwrap_err();
    assert!(err.message_zh().contains("format"));
    assert_eq!(count(&fresh), 0);
}
