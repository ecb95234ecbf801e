//! Photos that prove presence: EXIF time against the step's window, GPS read and kept in the
//! store, the original bytes stored as given.

use crate::exif_jpeg::{gps_of, jpeg};
use crate::fixture::*;
use sha2::{Digest, Sha256};
use walklog::model::*;
use walklog::photo::Presence;

/// EXIF's DateTimeOriginal for an instant, written in this machine's local time (as a camera
/// set to local time would, and as the core reads it).
fn exif_time(at: &str) -> String {
    ts(at).with_timezone(&chrono::Local).format("%Y:%m:%d %H:%M:%S").to_string()
}

const HOME: (f64, f64) = (34.7466, 113.6254);

#[test]
fn a_photo_taken_two_hours_before_its_step_or_without_a_time_is_flagged() {
    let mut city = city();
    let walk = city.store.plan_walk(city.daily_walk("2026-03-10")).unwrap();
    city.store.set_clock(Some(ts("2026-03-10T09:00:00+08:00")));
    city.store.start_walk(&walk.id).unwrap();
    let step = city.store.next_step(&walk.id, "取号", "一楼大厅").unwrap();
    city.store.set_clock(Some(ts("2026-03-10T09:20:00+08:00")));

    let inside = jpeg(64, 48, Some(&exif_time("2026-03-10T09:10:00+08:00")), Some(HOME));
    let early = jpeg(64, 48, Some(&exif_time("2026-03-10T06:50:00+08:00")), None);
    let timeless = jpeg(64, 48, None, None);
    for (name, bytes) in [("a.jpg", &inside), ("b.jpg", &early), ("c.jpg", &timeless)] {
        city.store.attach_photo(OwnerKind::Step, &step.id, name, bytes, "").unwrap();
    }
    let views = city.store.attachment_views(OwnerKind::Step, &step.id).unwrap();
    let by_name = |n: &str| views.iter().find(|v| v.attachment.file_name == n).unwrap();
    // The step is still open: its window runs to now (09:20).
    assert_eq!(by_name("a.jpg").presence, Some(Presence::InWindow));
    assert_eq!(by_name("b.jpg").presence, Some(Presence::Before { minutes: 130 }));
    assert_eq!(by_name("c.jpg").presence, Some(Presence::NoCaptureTime));
    assert_eq!(
        by_name("b.jpg").presence.unwrap().flag_zh("本环节").unwrap(),
        "拍摄时间不在本环节内（早 2 小时 10 分）"
    );

    // Computed on read: a photo taken at 10:30 is off while the step ends at 09:30, and in once
    // the step is found to have run until 10:10 (within half an hour of its end).
    let late = jpeg(64, 48, Some(&exif_time("2026-03-10T10:30:00+08:00")), None);
    city.store.set_clock(Some(ts("2026-03-10T09:25:00+08:00")));
    let a = city.store.attach_photo(OwnerKind::Step, &step.id, "d.jpg", &late, "").unwrap();
    assert_eq!(city.store.attachment_view(a.clone()).unwrap().presence, Some(Presence::After { minutes: 65 }));
    city.store.set_clock(Some(ts("2026-03-10T10:10:00+08:00")));
    assert_eq!(city.store.attachment_view(a).unwrap().presence, Some(Presence::InWindow));
}

#[test]
fn the_store_keeps_the_original_bytes_gps_included() {
    let mut city = city();
    let walk = city.store.plan_walk(city.daily_walk("2026-03-10")).unwrap();
    city.store.start_walk(&walk.id).unwrap();
    // Large enough that the old code re-encoded it.
    let bytes = jpeg(2600, 1200, Some(&exif_time("2026-03-10T09:05:00+08:00")), Some((-33.8688, -151.2093)));
    let a = city.store.attach_photo(OwnerKind::Walk, &walk.id, "全景.jpg", &bytes, "").unwrap();
    assert_eq!(a.sha256, hex::encode(Sha256::digest(&bytes)));
    assert_eq!(a.file_name, "全景.jpg");
    let stored = std::fs::read(city.store.attachment_path(&a.sha256).unwrap()).unwrap();
    assert_eq!(stored, bytes);
    assert!(gps_of(&stored).is_some());
    let (lat, lon) = (a.gps_lat.unwrap(), a.gps_lon.unwrap());
    assert!((lat + 33.8688).abs() < 1e-4 && (lon + 151.2093).abs() < 1e-4, "{lat} {lon}");
    // Read back from the database, and a photo without GPS has none.
    assert_eq!(city.store.attachment(&a.id).unwrap(), a);
    let plain = city.store.attach_photo(OwnerKind::Walk, &walk.id, "p.jpg", &jpeg(8, 8, None, None), "").unwrap();
    assert_eq!((plain.gps_lat, plain.gps_lon), (None, None));
}

#[test]
fn a_walk_not_started_has_no_window_a_problem_without_a_step_uses_its_walk() {
    let mut city = city();
    let walk = city.store.plan_walk(city.daily_walk("2026-03-10")).unwrap();
    // A walk not started has no window to compare with.
    let photo = jpeg(16, 16, Some(&exif_time("2026-03-10T09:05:00+08:00")), None);
    city.store.attach_photo(OwnerKind::Walk, &walk.id, "x.jpg", &photo, "").unwrap();
    let views = city.store.attachment_views(OwnerKind::Walk, &walk.id).unwrap();
    assert_eq!(views[0].presence, Some(Presence::NoWindow));

    let walked = city.walked(&city.market.clone(), &city.market_head.clone(), WalkKind::Daily, "2026-03-11T14:00:00+08:00");
    let problem = city.problem(&walked.id, ProblemCategory::Materials, Nature::Systemic, "材料重复提交");
    // The problem names no step: its walk's window (14:00–14:00) is the measure, a day off.
    city.store.attach_photo(OwnerKind::Problem, &problem.id, "y.jpg", &photo, "").unwrap();
    let views = city.store.attachment_views(OwnerKind::Problem, &problem.id).unwrap();
    assert_eq!(views[0].presence, Some(Presence::Before { minutes: 29 * 60 - 5 }));
}

#[test]
fn where_a_photo_was_taken_travels_to_the_office_in_the_bundle() {
    use crate::installs::{office, send, unit};
    let mut office = office();
    let mut u = unit(&mut office, "市市场监管局");
    let (_, problem, _) = u.walk_with_task("2026-03-11T10:00:00+08:00");
    let bytes = jpeg(32, 24, Some(&exif_time("2026-03-11T10:05:00+08:00")), Some(HOME));
    let a = u.store.attach_photo(OwnerKind::Problem, &problem.id, "窗口.jpg", &bytes, "").unwrap();
    send(&mut u, &mut office).expect("bundle");
    let there = office.store.attachment(&a.id).unwrap();
    assert_eq!(there, a);
    assert!(there.gps_lat.is_some() && there.gps_lon.is_some());
    assert_eq!(std::fs::read(office.store.attachment_path(&a.sha256).unwrap()).unwrap(), bytes);
}
