//! 数据加密: the database, its attachments, its signing key and its backups unreadable without the
//! password; a wrong password refused with nothing changed; re-keying; turning it off.

use crate::fixture::*;
use crate::installs::{office, send, unit};
use rusqlite::Connection;
use std::path::Path;
use walklog::model::*;
use walklog::Store;

const PASSWORD: &str = "走流程2026安全";
const NEW_PASSWORD: &str = "新的密码-2027";

/// A city with one walk and a photo (bytes that cannot occur by chance in a cipher text).
fn city_with_photo() -> (City, String, Vec<u8>) {
    let mut city = city();
    let (market, head) = (city.market.clone(), city.market_head.clone());
    let walk = city.walked(&market, &head, WalkKind::Daily, "2026-03-10T09:00:00+08:00");
    let mut bytes = vec![0xff, 0xd8, 0xff, 0xe0];
    bytes.extend(std::iter::repeat_n(b"PLAINPHOTO".as_slice(), 500).flatten());
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

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}

/// Every byte of the database and its WAL, to look for plain text in.
fn raw(db: &Path) -> Vec<u8> {
    let mut bytes = std::fs::read(db).unwrap();
    bytes.extend(std::fs::read(walklog::files::sibling(db, "-wal")).unwrap_or_default());
    bytes
}

fn hash_of(path: &Path) -> String {
    use sha2::Digest;
    hex::encode(sha2::Sha256::digest(std::fs::read(path).unwrap()))
}

#[test]
fn an_encrypted_store_opens_only_with_its_password_and_keeps_everything() {
    let (mut city, sha, photo) = city_with_photo();
    let db = city.store.path().to_path_buf();
    let before = fingerprint(&city.store);
    assert!(contains(&raw(&db), "市市场监管局".as_bytes()), "the plain file holds the names");

    let title: String = city.store.conn().query_row("SELECT title FROM walks LIMIT 1", [], |r| r.get(0)).unwrap();
    let word: String = title.chars().take(2).collect();
    let found = city.store.search(&word, 10).unwrap().len();
    assert!(found > 0, "{word}");
    let status = city.store.encrypt(PASSWORD).unwrap();
    assert!(status.encrypted && city.store.is_encrypted());
    assert_eq!(status.files, 1, "the photo (no signing key in a stand-alone store)");
    assert_eq!(fingerprint(&city.store), before, "the same records, the same chain");
    assert_eq!(city.store.read_attachment(&sha).unwrap(), photo);
    assert!(walklog::crypt::is_encrypted(&db).unwrap());
    assert!(!contains(&raw(&db), "市市场监管局".as_bytes()), "no name in clear in the database or its WAL");
    let on_disk = std::fs::read(city.store.attachment_path(&sha).unwrap()).unwrap();
    assert!(!contains(&on_disk, b"PLAINPHOTO"), "the photo file is sealed");
    // Writes after encryption are encrypted too.
    let district = city.district.clone();
    city.store.save_department(Department { name: "新设的窗口科".into(), ..dept_like(&city.store, &district) }).unwrap();
    let after_write = fingerprint(&city.store);
    drop(city.store);
    assert!(!contains(&raw(&db), "新设的窗口科".as_bytes()));

    // Without a password, or with a wrong one: refused, and the file is left as it was.
    let sealed = hash_of(&db);
    assert_eq!(Store::open(&db).err().map(|e| e.code()), Some("locked"));
    let wrong = Store::open_with_password(&db, "不是这个密码").err().unwrap();
    assert_eq!(wrong.code(), "wrong_password");
    assert_eq!(wrong.field(), Some("password"));
    assert!(wrong.message_zh().contains("密码不正确"), "{}", wrong.message_zh());
    assert_eq!(hash_of(&db), sealed, "a wrong password changes nothing");
    assert!(Connection::open(&db).unwrap().query_row("SELECT count(*) FROM walks", [], |r| r.get::<_, i64>(0)).is_err());

    let store = Store::open_with_password(&db, PASSWORD).unwrap();
    assert_eq!(fingerprint(&store), after_write);
    assert!(walklog::store::verify_chain(store.conn()).unwrap().first_broken.is_none());
    let ok: String = store.conn().query_row("PRAGMA integrity_check", [], |r| r.get(0)).unwrap();
    assert_eq!(ok, "ok");
    assert_eq!(store.read_attachment(&sha).unwrap(), photo);
    // The full-text index came across whole.
    assert_eq!(store.search(&word, 10).unwrap().len(), found, "search works on the encrypted copy");
    // The files' key is a setting of the encrypted database only, and never in the change log.
    let logged: i64 = store.conn().query_row("SELECT count(*) FROM change_log WHERE state LIKE '%file_key%'", [], |r| r.get(0)).unwrap();
    assert_eq!(logged, 0);
    // Its pages are decrypted into a cache four times a plain store's (the bench's cost goal).
    let cache = |s: &Store| s.conn().query_row("PRAGMA cache_size", [], |r| r.get::<_, i64>(0)).unwrap();
    let elsewhere = tempfile::tempdir().unwrap();
    let plain = Store::open(elsewhere.path().join("plain.db")).unwrap();
    assert_eq!((cache(&plain), cache(&store)), (-64 * 1024, -256 * 1024));
}

fn dept_like(store: &Store, id: &str) -> Department {
    let mut d = store.department(id).unwrap();
    d.id = String::new();
    d.parent_id = None;
    d
}

#[test]
fn a_new_password_is_checked_and_changing_it_rekeys() {
    let (mut city, sha, photo) = city_with_photo();
    let db = city.store.path().to_path_buf();
    let short = city.store.encrypt("短密码").unwrap_err();
    assert_eq!((short.code(), short.field()), ("validation", Some("password")));
    assert!(!city.store.is_encrypted() && !walklog::crypt::is_encrypted(&db).unwrap(), "a refused password changes nothing");
    city.store.encrypt(PASSWORD).unwrap();
    assert_eq!(city.store.encrypt(PASSWORD).unwrap_err().field(), Some("password"), "already encrypted");

    let before = hash_of(&db);
    assert_eq!(city.store.change_password("猜的旧密码12", NEW_PASSWORD).unwrap_err().code(), "wrong_password");
    assert_eq!(city.store.change_password(PASSWORD, "短").unwrap_err().field(), Some("new_password"));
    assert_eq!(city.store.change_password(PASSWORD, PASSWORD).unwrap_err().field(), Some("new_password"));
    assert_eq!(hash_of(&db), before, "refused changes leave the file as it was");

    city.store.change_password(PASSWORD, NEW_PASSWORD).unwrap();
    assert_eq!(city.store.read_attachment(&sha).unwrap(), photo, "the files' key is unchanged");
    let records = fingerprint(&city.store);
    drop(city.store);
    assert_eq!(Store::open_with_password(&db, PASSWORD).err().map(|e| e.code()), Some("wrong_password"));
    let store = Store::open_with_password(&db, NEW_PASSWORD).unwrap();
    assert_eq!(fingerprint(&store), records);
    assert_eq!(store.read_attachment(&sha).unwrap(), photo);
}

#[test]
fn backups_are_encrypted_and_restore_across_passwords_and_states() {
    let (mut city, sha, photo) = city_with_photo();
    let dir = city._dir.path().to_path_buf();
    let plain_backup = dir.join("plain.db");
    city.store.backup_to(&plain_backup).unwrap();
    city.store.encrypt(PASSWORD).unwrap();
    let backup = dir.join("encrypted.db");
    let report = city.store.backup_to(&backup).unwrap();
    assert_eq!(report.attachments, 1);
    let bytes = std::fs::read(&backup).unwrap();
    assert!(walklog::crypt::is_encrypted(&backup).unwrap());
    assert!(!contains(&bytes, b"PLAINPHOTO") && !contains(&bytes, "市市场监管局".as_bytes()), "nothing in clear");
    assert!(Connection::open(&backup).unwrap().query_row("SELECT count(*) FROM walks", [], |r| r.get::<_, i64>(0)).is_err());

    // The same password restores it; the photo comes back sealed under this store's key.
    let records = fingerprint(&city.store);
    std::fs::remove_file(city.store.attachment_path(&sha).unwrap()).unwrap();
    let restored = city.store.restore_from(&backup).unwrap();
    assert_eq!(restored.attachments_written, 1);
    assert_eq!(city.store.read_attachment(&sha).unwrap(), photo);
    assert!(!contains(&std::fs::read(city.store.attachment_path(&sha).unwrap()).unwrap(), b"PLAINPHOTO"));
    assert_eq!(fingerprint(&city.store).1, records.1 );

    // After a password change the old backup needs its own password.
    city.store.change_password(PASSWORD, NEW_PASSWORD).unwrap();
    let db = city.store.path().to_path_buf();
    let before = hash_of(&db);
    let err = city.store.restore_from(&backup).unwrap_err();
    assert_eq!(err.field(), Some("backup_password"), "{}", err.message_zh());
    let wrong = city.store.restore_with_password(&backup, Some("不对的密码123")).unwrap_err();
    assert_eq!(wrong.field(), Some("backup_password"));
    assert_eq!(hash_of(&db), before, "refused restores change nothing");
    city.store.restore_with_password(&backup, Some(PASSWORD)).unwrap();
    assert!(city.store.is_encrypted(), "the restored database keeps this store's password");
    assert_eq!(city.store.read_attachment(&sha).unwrap(), photo);

    // A plain backup from before encryption restores into the encrypted store, encrypted.
    city.store.restore_from(&plain_backup).unwrap();
    assert!(city.store.is_encrypted());
    assert_eq!(fingerprint(&city.store).2, records.2);
    assert_eq!(city.store.read_attachment(&sha).unwrap(), photo);
    drop(city.store);
    assert!(!contains(&raw(&db), "市市场监管局".as_bytes()));
    Store::open_with_password(&db, NEW_PASSWORD).unwrap();
}

#[test]
fn turning_it_off_gives_plain_files_back_and_a_plain_store_restores_an_encrypted_backup() {
    let (mut city, sha, photo) = city_with_photo();
    let dir = city._dir.path().to_path_buf();
    city.store.encrypt(PASSWORD).unwrap();
    let backup = dir.join("encrypted.db");
    city.store.backup_to(&backup).unwrap();
    assert_eq!(city.store.decrypt("错误的密码错误").unwrap_err().code(), "wrong_password");
    assert!(city.store.is_encrypted());
    let status = city.store.decrypt(PASSWORD).unwrap();
    assert!(!status.encrypted && status.files == 1);
    let db = city.store.path().to_path_buf();
    assert!(!walklog::crypt::is_encrypted(&db).unwrap());
    assert_eq!(std::fs::read(city.store.attachment_path(&sha).unwrap()).unwrap(), photo, "the photo file is plain again");
    assert_eq!(city.store.setting("file_key").unwrap(), None, "no key left behind");
    let records = fingerprint(&city.store);
    drop(city.store);
    let mut store = Store::open(&db).unwrap();
    assert_eq!(fingerprint(&store), records);
    // An encrypted backup restores into the plain store with its password, as plain data.
    assert_eq!(store.restore_from(&backup).unwrap_err().field(), Some("backup_password"));
    store.restore_with_password(&backup, Some(PASSWORD)).unwrap();
    assert!(!store.is_encrypted());
    assert_eq!(store.read_attachment(&sha).unwrap(), photo);
    drop(store);
    Store::open(&db).unwrap();
}

#[test]
fn sealing_cut_short_by_a_crash_finishes_at_the_next_unlock() {
    let (mut city, sha, photo) = city_with_photo();
    city.store.encrypt(PASSWORD).unwrap();
    // As if the power went after the database was encrypted and before the photo was sealed.
    let file = city.store.attachment_path(&sha).unwrap();
    std::fs::write(&file, &photo).unwrap();
    city.store.conn().execute("UPDATE settings SET value = '0' WHERE key = 'files_sealed'", []).unwrap();
    assert_eq!(city.store.read_attachment(&sha).unwrap(), photo, "a plain file still reads");
    let db = city.store.path().to_path_buf();
    drop(city.store);
    let store = Store::open_with_password(&db, PASSWORD).unwrap();
    assert!(!contains(&std::fs::read(&file).unwrap(), b"PLAINPHOTO"), "sealed at the unlock");
    assert_eq!(store.read_attachment(&sha).unwrap(), photo);
}

#[test]
fn an_encrypted_unit_seals_its_signing_key_and_still_reports() {
    let mut office = office();
    let mut u = unit(&mut office, "市市场监管局");
    let key_file = walklog::sync::keys::key_path(u.store.path());
    let plain_key = std::fs::read_to_string(&key_file).unwrap();
    u.store.encrypt(PASSWORD).unwrap();
    let sealed = std::fs::read(&key_file).unwrap();
    assert!(!contains(&sealed, plain_key.trim().as_bytes()), "the signing key is sealed");
    assert!(walklog::sync::keys::read_key(&key_file, None).is_err(), "unreadable without the database's key");
    u.walk_with_task("2026-03-10T09:00:00+08:00");
    let report = send(&mut u, &mut office).expect("a bundle signed with the sealed key is accepted");
    assert!(report.inserted > 0, "{report:?}");
}
