//! 记录方式: live, typed in after the fact, imported, and corrected — set by the core whatever a
//! client sends, kept through edits, and said in words.

use crate::fixture::*;
use walklog::model::*;

fn typed_step(walk_id: &str, name: &str, start: &str, end: &str) -> Step {
    // A client claiming a live record is not believed.
    Step { capture: Capture::live(), ..Step::new(walk_id, name, "", ts(start), Some(ts(end))) }
}

#[test]
fn a_walk_logged_on_the_live_screen_is_live_throughout() {
    let mut city = city();
    city.store.set_clock(Some(ts("2026-03-01T09:00:00+08:00")));
    let walk = city.store.plan_walk(city.daily_walk("2026-03-01")).unwrap();
    city.store.start_walk(&walk.id).unwrap();
    for (i, name) in ["取号", "窗口受理", "领证"].iter().enumerate() {
        city.store.set_clock(Some(ts(&format!("2026-03-01T09:{:02}:00+08:00", 10 * (i + 1)))));
        city.store.next_step(&walk.id, name, "").unwrap();
    }
    city.store.set_clock(Some(ts("2026-03-01T09:45:00+08:00")));
    let done = city.store.complete_walk(&walk.id).unwrap();
    assert_eq!(done.capture, Capture::live());
    let summary = city.store.walk_capture(&walk.id).unwrap();
    assert_eq!(summary.headline, "现场记录 3/3 环节");
    assert!(summary.all_live && summary.notes.is_empty(), "{summary:?}");
    assert!(city.store.steps(&walk.id).unwrap().iter().all(|s| s.capture == Capture::live()));
}

#[test]
fn a_typed_in_step_says_when_it_was_typed_and_edits_keep_that() {
    let mut city = city();
    let (market, head) = (city.market.clone(), city.market_head.clone());
    let walk = city.walked(&market, &head, WalkKind::Daily, "2026-03-01T09:00:00+08:00");
    city.store.set_clock(Some(ts("2026-03-02T16:20:00+08:00")));
    let step = city.store.save_step(typed_step(&walk.id, "窗口受理", "2026-03-01T09:10:00+08:00", "2026-03-01T09:30:00+08:00")).unwrap();
    assert_eq!(step.capture, Capture::entered(CaptureMode::Typed, ts("2026-03-02T16:20:00+08:00")));
    // An edit of its fields, sending another capture, keeps the step's own.
    let mut edit = step.clone();
    edit.observations = "等候较久".into();
    edit.capture = Capture::live();
    let saved = city.store.save_step(edit).unwrap();
    assert_eq!(saved.capture, step.capture);
    assert_eq!(city.store.step(&step.id).unwrap().capture.mode, CaptureMode::Typed);

    let summary = city.store.walk_capture(&walk.id).unwrap();
    assert_eq!(summary.headline, "现场记录 1/2 环节");
    assert!(!summary.all_live);
    assert_eq!(summary.notes, vec!["第 2 环节时间为事后补录（3月2日 16:20 录入）".to_string()]);
    let list = city.store.walk_captures(&[walk.id.clone()]).unwrap();
    assert_eq!((list[0].headline.as_str(), list[0].notes.len()), ("现场记录 1/2 环节", 0));
}

#[test]
fn correcting_a_live_time_is_a_late_edit_that_keeps_the_original() {
    let mut city = city();
    let (market, head) = (city.market.clone(), city.market_head.clone());
    let walk = city.walked(&market, &head, WalkKind::Daily, "2026-03-01T09:00:00+08:00");
    let step = city.store.steps(&walk.id).unwrap().remove(0);
    let (orig_start, orig_end) = (step.started_at, step.ended_at);
    city.store.set_clock(Some(ts("2026-03-05T10:00:00+08:00")));
    let fixed = city.store.retime_step(&step.id, ts("2026-03-01T08:50:00+08:00"), None).unwrap();
    assert_eq!(fixed.capture.mode, CaptureMode::Live);
    assert_eq!(fixed.capture.amended_at, Some(ts("2026-03-05T10:00:00+08:00")));
    assert_eq!((fixed.capture.original_started_at, fixed.capture.original_ended_at), (Some(orig_start), orig_end));
    // A second correction moves the time again; the original stays the first one.
    city.store.set_clock(Some(ts("2026-03-06T10:00:00+08:00")));
    let again = city.store.retime_step(&step.id, ts("2026-03-01T08:40:00+08:00"), None).unwrap();
    assert_eq!(again.capture.original_started_at, Some(orig_start));
    assert_eq!(again.capture.amended_at, Some(ts("2026-03-06T10:00:00+08:00")));
    // A correction to the same times is no correction.
    let same = city.store.retime_step(&step.id, ts("2026-03-01T08:40:00+08:00"), None).unwrap();
    assert_eq!(same.capture.amended_at, Some(ts("2026-03-06T10:00:00+08:00")));

    let summary = city.store.walk_capture(&walk.id).unwrap();
    assert_eq!(summary.headline, "现场记录 0/1 环节");
    assert_eq!(summary.notes.len(), 1);
    assert!(summary.notes[0].starts_with("第 1 环节时间为事后修改（3月6日 10:00 修改，原记录 3月1日 09:00"), "{:?}", summary.notes);

    // The walk's own times, corrected, say so too.
    let w = city.store.retime_walk(&walk.id, Some(ts("2026-03-01T08:30:00+08:00")), None).unwrap();
    assert_eq!(w.capture.original_started_at, Some(ts("2026-03-01T09:00:00+08:00")));
    let summary = city.store.walk_capture(&walk.id).unwrap();
    assert!(summary.notes[0].starts_with("体验起止时间为事后修改（3月6日 10:00 修改，原记录 3月1日 09:00–"), "{:?}", summary.notes);
}

#[test]
fn walks_and_steps_from_a_file_are_imported_whatever_the_file_claims() {
    let mut city = city();
    let (market, head) = (city.market.clone(), city.market_head.clone());
    city.walked(&market, &head, WalkKind::Daily, "2026-03-01T09:00:00+08:00");
    let json = city.store.export_json().unwrap();
    assert!(json.contains("\"mode\": \"live\""), "the export carries the capture");
    let (mut fresh, _dir) = empty_store();
    fresh.set_clock(Some(ts("2026-03-20T11:00:00+08:00")));
    fresh.import_json(&json).unwrap();
    let walk = fresh.walks(&Default::default()).unwrap().remove(0);
    assert_eq!(walk.capture, Capture::entered(CaptureMode::Imported, ts("2026-03-20T11:00:00+08:00")));
    let summary = fresh.walk_capture(&walk.id).unwrap();
    assert_eq!(summary.headline, "导入");
    assert_eq!(summary.notes[1], "第 1 环节时间为导入（3月20日 11:00 导入）");
    // The same file again changes nothing: what is held keeps its capture.
    fresh.set_clock(Some(ts("2026-03-21T11:00:00+08:00")));
    let again = fresh.import_json(&json).unwrap();
    assert_eq!((again.inserted, again.conflicts.len()), (0, 0));
    assert_eq!(fresh.walk(&walk.id).unwrap().capture.entered_at, Some(ts("2026-03-20T11:00:00+08:00")));
}

#[test]
fn sealing_covers_the_content_not_how_its_times_were_captured() {
    let mut city = city();
    let (market, head) = (city.market.clone(), city.market_head.clone());
    let walk = city.walked(&market, &head, WalkKind::Daily, "2026-03-01T09:00:00+08:00");
    let sealed = city.store.archive_walk(&walk.id).unwrap();
    let mut content = city.store.sealed_walk(&walk.id).unwrap();
    let code = content.code().unwrap();
    assert_eq!(Some(code.clone()), sealed.seal_code);
    content.steps[0].capture = Capture::default();
    content.walk.capture = Capture::default();
    assert_eq!(content.code().unwrap(), code);
    assert!(matches!(city.store.check_code(&code).unwrap().verdict, walklog::verify::CodeVerdict::SealIntact { .. }));
}

/// Records made before 0007 get their capture from the log, as the core would have set it.
#[test]
fn the_migration_reads_capture_from_the_log_as_the_core_sets_it() {
    let mut city = city();
    let (market, head) = (city.market.clone(), city.market_head.clone());
    let live = city.walked(&market, &head, WalkKind::Daily, "2026-03-01T09:00:00+08:00");
    city.store.set_clock(Some(ts("2026-03-02T16:20:00+08:00")));
    city.store.save_step(typed_step(&live.id, "窗口受理", "2026-03-01T09:10:00+08:00", "2026-03-01T09:30:00+08:00")).unwrap();
    let first = city.store.steps(&live.id).unwrap().remove(0);
    city.store.set_clock(Some(ts("2026-03-03T10:00:00+08:00")));
    city.store.retime_step(&first.id, ts("2026-03-01T08:55:00+08:00"), None).unwrap();
    city.store.set_clock(Some(ts("2026-03-04T10:00:00+08:00")));
    city.store.retime_step(&first.id, ts("2026-03-01T08:50:00+08:00"), None).unwrap();
    city.store.retime_walk(&live.id, Some(ts("2026-03-01T08:45:00+08:00")), None).unwrap();
    let planned = city.store.plan_walk(city.daily_walk("2026-03-12")).unwrap();
    // And a walk from a file.
    let mut other = walklog::model::Walk { id: walklog::store::new_id(), title: "导入的体验".into(), ..planned.clone() };
    other.status = WalkStatus::Completed;
    other.started_at = Some(ts("2026-02-01T09:00:00+08:00"));
    other.ended_at = Some(ts("2026-02-01T10:00:00+08:00"));
    let mut doc = walklog::exchange::Exchange::new();
    doc.walks.push(other);
    city.store.import_exchange(&doc).unwrap();

    let snapshot = |store: &walklog::Store| -> Vec<(String, Capture)> {
        let mut all: Vec<(String, Capture)> = Vec::new();
        for w in store.walks(&Default::default()).unwrap() {
            for s in store.steps(&w.id).unwrap() {
                all.push((s.id.clone(), s.capture));
            }
            all.push((w.id.clone(), w.capture));
        }
        all
    };
    let before = snapshot(&city.store);
    assert!(before.iter().any(|(_, c)| c.amended_at.is_some()) && before.iter().any(|(_, c)| c.mode == CaptureMode::Imported));
    let sql = include_str!("../../src/store/sql/0007_capture.sql");
    let inference = &sql[sql.find("DROP TRIGGER walks_sealed_update").unwrap()..sql.find("-- Deleted steps").unwrap()];
    city.store
        .conn()
        .execute_batch(&format!(
            "UPDATE steps SET capture_mode = 'typed', entered_at = NULL, amended_at = NULL, original_started_at = NULL, original_ended_at = NULL;
             UPDATE walks SET capture_mode = 'typed', entered_at = NULL, amended_at = NULL, original_started_at = NULL, original_ended_at = NULL;
             {inference}"
        ))
        .unwrap();
    assert_eq!(snapshot(&city.store), before);
    assert_eq!(city.store.walk(&planned.id).unwrap().capture, Capture::default());
}
