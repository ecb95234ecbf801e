//! Backups and restore: attachments travel with the records, restore checks a backup whole
//! before it touches anything, and daily backups are pruned apart from manual ones.

use crate::fixture::*;
use rusqlite::Connection;
use std::path::{Path, PathBuf};
use walklog::model::*;
use walklog::Store;

/// A city with one walk and a photo on it; returns the attachment's hash and bytes.
fn city_with_photo() -> (City, String, Vec<u8>) {
    let mut city = city();
    let (market, head) = (city.market.clone(), city.market_head.clone());
    let walk = city.walked(&market, &head, WalkKind::Daily, "2026-03-10T09:00:00+08:00");
    let bytes: Vec<u8> = [0xff, 0xd8, 0xff, 0xe0].iter().copied().chain((0..5000u32).map(|i| (i % 251) as u8)).collect();
    let a = city
        .store
        .attach(walklog::ops::NewAttachment {
            owner_kind: OwnerKind::Walk,
            owner_id: walk.id,
            file_name: "窗口.jpg".into(),
            bytes: bytes.clone(),
            caption: String::new(),
            taken_at: None,
        })
        .unwrap();
    (city, a.sha256, bytes)
}

fn backup_of(city: &City, name: &str) -> PathBuf {
    let file = city._dir.path().join(name);
    city.store.backup_to(&file).unwrap();
    file
}

/// Edits a backup file with the triggers out of the way, as a tamperer would.
fn tamper(file: &Path, sql: &str) {
    let conn = Connection::open(file).unwrap();
    conn.execute_batch(sql).unwrap();
}

fn names_in(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> =
        std::fs::read_dir(dir).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().to_string()).collect();
    names.sort();
    names
}

#[test]
fn attachments_travel_in_the_backup_and_restore_keeps_this_install_id() {
    let (source, sha, bytes) = city_with_photo();
    let file = backup_of(&source, "with-photo.db");
    let report = source.store.backup_to(source._dir.path().join("again.db")).unwrap();
    assert_eq!((report.attachments, report.attachment_bytes, report.missing.len()), (1, bytes.len() as u64, 0));

    let mut target = city();
    let own_id = target.store.install_id().to_string();
    assert_ne!(own_id, source.store.install_id());
    let restored = target.store.restore_from(&file).unwrap();
    assert_eq!(restored.attachments_written, 1);
    assert!(restored.attachments_missing.is_empty(), "{restored:?}");
    assert_eq!(fingerprint(&target.store), fingerprint(&source.store));
    assert_eq!(std::fs::read(target.store.attachment_path(&sha).unwrap()).unwrap(), bytes);
    // Never another machine's id: neither in memory nor in the file.
    assert_eq!(target.store.install_id(), own_id);
    assert_eq!(target.store.setting("install_id").unwrap().as_deref(), Some(own_id.as_str()));
    let blob_table: i64 = target
        .store
        .conn()
        .query_row("SELECT count(*) FROM sqlite_master WHERE name = 'backup_attachments'", [], |r| r.get(0))
        .unwrap();
    assert_eq!(blob_table, 0, "the blob table belongs to backups only");
    // The database as it was is kept, whole.
    let safety = Store::open(&restored.safety_copy).unwrap();
    assert!(restored.safety_copy.file_name().unwrap().to_string_lossy().starts_with("before-restore-"));
    assert_eq!(count(&safety, "departments"), 3);
    assert_eq!(count(&safety, "walks"), 0);
    assert!(walklog::store::verify_chain(target.store.conn()).unwrap().is_intact());
}

#[test]
fn a_missing_or_damaged_attachment_file_is_reported_not_skipped() {
    let (source, sha, _) = city_with_photo();
    std::fs::write(source.store.attachment_path(&sha).unwrap(), b"damaged").unwrap();
    let report = source.store.backup_to(source._dir.path().join("b.db")).unwrap();
    assert_eq!(report.attachments, 0);
    assert_eq!(report.missing.len(), 1);
    assert!(report.missing[0].contains("窗口.jpg"), "{:?}", report.missing);
    let err = report.missing_error().expect("reported");
    assert_eq!(err.code(), "attachments_missing");
    assert!(err.message_zh().contains("窗口.jpg"), "{}", err.message_zh());
    assert!(report.path.is_file(), "the records are still backed up");
}

#[test]
fn a_backup_with_a_broken_chain_is_refused_naming_the_entry_and_nothing_changes() {
    let (source, _, _) = city_with_photo();
    let file = backup_of(&source, "broken.db");
    tamper(&file, "DROP TRIGGER change_log_no_update; UPDATE change_log SET actor = '篡改者' WHERE seq = 4;");
    // The trigger is back, so only the chain tells.
    tamper(&file, "CREATE TRIGGER change_log_no_update BEFORE UPDATE ON change_log\nBEGIN SELECT RAISE(ABORT, 'change log is append-only'); END;");

    let mut target = city();
    let before = fingerprint(&target.store);
    let err = target.store.restore_from(&file).unwrap_err();
    assert_eq!(err.code(), "chain_broken");
    assert!(err.message_zh().contains("第 4 条"), "{}", err.message_zh());
    assert!(err.message_zh().contains("未恢复"), "{}", err.message_zh());
    assert!(!err.message_zh().contains("。，"), "{}", err.message_zh());
    assert_eq!(fingerprint(&target.store), before);
    assert!(!target.store.data_dir().join("backups").exists(), "a refused restore does not even make a safety copy");
    assert!(!target.store.data_dir().join("walklog.db.restore-part").exists());
}

#[test]
fn a_backup_whose_schema_differs_is_refused() {
    let (source, _, _) = city_with_photo();
    let mut target = city();
    let before = fingerprint(&target.store);
    let cases: [(&str, &str, &str); 4] = [
        ("no-people.db", "PRAGMA foreign_keys = OFF; DROP TABLE people;", "表 people"),
        ("no-trigger.db", "DROP TRIGGER change_log_no_delete;", "缺少：触发器 change_log_no_delete"),
        ("changed-trigger.db", "DROP TRIGGER walks_sealed_update; CREATE TRIGGER walks_sealed_update BEFORE UPDATE ON walks WHEN 0 BEGIN SELECT 1; END;", "被改动：触发器 walks_sealed_update"),
        ("extra.db", "CREATE TABLE payload(x);", "多出：表 payload"),
    ];
    for (name, sql, says) in cases {
        let file = backup_of(&source, name);
        tamper(&file, sql);
        let err = target.store.restore_from(&file).unwrap_err();
        assert_eq!(err.code(), "validation", "{name}");
        assert!(err.message_zh().contains(says), "{name}: {}", err.message_zh());
        assert_eq!(fingerprint(&target.store), before, "{name}");
    }
}

#[test]
fn a_damaged_attachment_in_the_backup_is_refused_before_anything_is_written() {
    let (source, sha, _) = city_with_photo();
    let file = backup_of(&source, "bad-blob.db");
    tamper(&file, "UPDATE backup_attachments SET bytes = x'00'");
    let mut target = city();
    let before = fingerprint(&target.store);
    let err = target.store.restore_from(&file).unwrap_err();
    assert_eq!(err.code(), "validation");
    assert!(err.message_zh().contains(&sha[..12]), "{}", err.message_zh());
    assert_eq!(fingerprint(&target.store), before);
    assert!(!target.store.attachment_path(&sha).unwrap().exists());
}

#[test]
fn a_backup_of_the_previous_version_without_attachments_is_still_restored() {
    let (source, sha, _) = city_with_photo();
    let file = backup_of(&source, "old.db");
    // What the previous version wrote: the database alone.
    tamper(&file, "DROP TABLE backup_attachments; VACUUM;");
    let mut target = city();
    let report = target.store.restore_from(&file).unwrap();
    assert_eq!(fingerprint(&target.store), fingerprint(&source.store));
    assert_eq!(report.attachments_written, 0);
    // Its photo is in neither the backup nor this data folder: said, not hidden.
    assert_eq!(report.attachments_missing.len(), 1);
    assert!(report.sentence_zh().contains(&sha[..12]), "{}", report.sentence_zh());
}

#[test]
fn daily_backups_have_their_own_names_and_manual_ones_never_push_them_out() {
    let mut city = city();
    let dir = city.store.data_dir().join("backups");
    std::fs::create_dir_all(&dir).unwrap();
    // 40 manual backups (more than the 30 kept) and two daily ones in the old name format.
    for i in 0..40 {
        std::fs::write(dir.join(format!("walklog-202603{:02}-1015{:02}.db", 1 + i % 28, i)), b"manual").unwrap();
    }
    std::fs::write(dir.join("walklog-2026-03-01.db"), b"old daily").unwrap();
    std::fs::write(dir.join("walklog-2026-03-05.db"), b"old daily").unwrap();

    let first = city.store.daily_backup(3).unwrap().expect("first backup of the day");
    assert!(first.path.ends_with("backups/daily-2026-03-10.db"), "{}", first.path.display());
    assert!(city.store.daily_backup(3).unwrap().is_none(), "once a day");
    for day in ["2026-03-11", "2026-03-12"] {
        city.store.set_clock(Some(ts(&format!("{day}T08:00:00+08:00"))));
        city.store.daily_backup(3).unwrap().expect("a new day's backup");
    }
    let names = names_in(&dir);
    let manual = |n: &&String| n.starts_with("walklog-") && n.len() == "walklog-20260301-101500.db".len();
    let daily: Vec<&String> = names.iter().filter(|n| !manual(n)).collect();
    assert_eq!(daily, ["daily-2026-03-10.db", "daily-2026-03-11.db", "daily-2026-03-12.db"]);
    assert_eq!(names.len(), 43, "every manual backup is kept: {names:?}");
    // A daily backup made under the old name counts as today's.
    city.store.set_clock(Some(ts("2026-03-13T08:00:00+08:00")));
    std::fs::write(dir.join("walklog-2026-03-13.db"), b"old daily").unwrap();
    assert!(city.store.daily_backup(3).unwrap().is_none());
}

/// The tally behind 解决问题 is derived, so a backup edited outside walklog could claim any
/// problem solved: restore recounts it from the tables.
#[test]
fn a_forged_tally_in_a_backup_is_recounted_on_restore() {
    let mut source = city();
    let (market, head) = (source.market.clone(), source.market_head.clone());
    let walk = source.walked(&market, &head, WalkKind::Daily, "2026-03-10T09:00:00+08:00");
    let p = source.problem(&walk.id, ProblemCategory::Materials, Nature::Systemic, "材料过多");
    source.task_for(&p.id, "2026-04-30");
    let file = backup_of(&source, "forged.db");
    tamper(&file, &format!("UPDATE problem_task_tally SET unclosed = 0 WHERE problem_id = '{}'", p.id));
    let mut target = city();
    target.store.restore_from(&file).unwrap();
    let unclosed: i64 = target
        .store
        .conn()
        .query_row("SELECT unclosed FROM problem_task_tally WHERE problem_id = ?1", [&p.id], |r| r.get(0))
        .unwrap();
    assert_eq!(unclosed, 1);
    let year = walklog::stats::Period::parse("2026").unwrap();
    assert_eq!(target.store.figures(&walklog::stats::Scope::City, &year).unwrap().problems_solved, 0);
}
