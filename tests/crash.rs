//! Faults between processes, with the real `walklog` binary: processes that create one new
//! database at the same instant, and a restore killed (SIGKILL) at a random moment.

use rand::Rng;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};
use walklog::Store;

const ROUNDS: usize = 20;

fn walklog(db: &Path, args: &[&str]) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_walklog"));
    cmd.arg("--db").arg(db).args(args).stdout(Stdio::piped()).stderr(Stdio::piped());
    cmd
}

fn ok(db: &Path, args: &[&str]) -> String {
    let out = walklog(db, args).output().expect("run walklog");
    assert!(out.status.success(), "walklog {args:?}: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8_lossy(&out.stdout).into_owned()
}

#[test]
fn three_processes_creating_one_database_at_once_all_succeed() {
    for round in 0..ROUNDS {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("new.db");
        let children: Vec<_> = (0..3).map(|_| walklog(&db, &["init"]).spawn().expect("spawn walklog")).collect();
        let mut ids = Vec::new();
        for child in children {
            let out = child.wait_with_output().unwrap();
            let (stdout, stderr) = (String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
            assert!(out.status.success(), "round {round}: {stderr}");
            let id = stdout.lines().find_map(|l| l.strip_prefix("本机编号：")).expect("install id printed").to_string();
            ids.push(id);
        }
        assert!(ids.iter().all(|id| *id == ids[0]), "round {round}: one database, one install id: {ids:?}");
    }
}

/// Enough to tell two databases apart: the chain's head, its length and the records.
type Fingerprint = (Option<String>, i64, i64, i64, i64);

fn fingerprint(conn: &rusqlite::Connection) -> Fingerprint {
    let n = |t: &str| -> i64 { conn.query_row(&format!("SELECT count(*) FROM {t}"), [], |r| r.get(0)).unwrap() };
    (walklog::store::head_code(conn).unwrap(), n("change_log"), n("departments"), n("walks"), n("attachments"))
}

/// A backup of another install's database with a few MB of photos, so a restore takes long
/// enough for a kill to land anywhere in it. Returns the backup and the photos' hashes.
fn big_backup(dir: &Path) -> (PathBuf, Vec<String>) {
    let db = dir.join("other").join("walklog.db");
    ok(&db, &["demo", "--seed", "5"]);
    let mut store = Store::open(&db).unwrap();
    let walk: String = store.conn().query_row("SELECT id FROM walks WHERE status <> 'archived' LIMIT 1", [], |r| r.get(0)).unwrap();
    let mut rng = rand::thread_rng();
    let mut hashes = Vec::new();
    for i in 0..6 {
        let mut bytes = vec![0u8; 2 * 1024 * 1024];
        rng.fill(&mut bytes[..]);
        let a = store
            .attach(walklog::ops::NewAttachment {
                owner_kind: walklog::model::OwnerKind::Walk,
                owner_id: walk.clone(),
                file_name: format!("照片{i}.jpg"),
                bytes,
                caption: String::new(),
                taken_at: None,
            })
            .unwrap();
        hashes.push(a.sha256);
    }
    let file = dir.join("backup.db");
    let report = store.backup_to(&file).unwrap();
    assert_eq!(report.attachments, 6);
    (file, hashes)
}

#[test]
fn a_restore_killed_at_any_moment_leaves_the_old_or_the_new_database_whole() {
    let dir = tempfile::tempdir().unwrap();
    let pristine = dir.path().join("pristine").join("walklog.db");
    ok(&pristine, &["demo", "--seed", "9"]);
    let (backup, hashes) = big_backup(dir.path());
    let old = fingerprint(&rusqlite::Connection::open(&pristine).unwrap());
    let new = fingerprint(&rusqlite::Connection::open(&backup).unwrap());
    assert_ne!(old, new);
    let own_id = Store::open(&pristine).unwrap().install_id().to_string();

    let fresh_copy = |name: &str| -> PathBuf {
        let db = dir.path().join(name).join("walklog.db");
        std::fs::create_dir_all(db.parent().unwrap()).unwrap();
        std::fs::copy(&pristine, &db).unwrap();
        db
    };
    // How long one whole restore takes here: kills are spread over that time.
    let probe = fresh_copy("probe");
    let start = Instant::now();
    ok(&probe, &["restore", backup.to_str().unwrap()]);
    let whole = start.elapsed();

    let seed: u64 = rand::thread_rng().gen();
    println!("restore takes {whole:?}; kill delays from seed {seed}");
    let mut rng = <rand_chacha::ChaCha8Rng as rand::SeedableRng>::seed_from_u64(seed);
    let mut outcomes = (0, 0);
    for round in 0..ROUNDS {
        let db = fresh_copy(&format!("round{round}"));
        let mut child = walklog(&db, &["restore", backup.to_str().unwrap()]).spawn().expect("spawn walklog");
        let delay = Duration::from_micros(rng.gen_range(0..=(whole.as_micros() as u64 * 11 / 10)));
        std::thread::sleep(delay);
        let _ = child.kill();
        let _ = child.wait();

        let store = Store::open(&db).unwrap_or_else(|e| panic!("round {round} (kill after {delay:?}): {}", e.message_zh()));
        let check: String = store.conn().query_row("PRAGMA integrity_check", [], |r| r.get(0)).unwrap();
        assert_eq!(check, "ok", "round {round}");
        let chain = walklog::store::verify_chain(store.conn()).unwrap();
        assert!(chain.is_intact(), "round {round}: {chain:?}");
        assert_eq!(store.install_id(), own_id, "round {round}: never the backup's install id");
        let now = fingerprint(store.conn());
        if now == new {
            outcomes.1 += 1;
            // The photos were written before the records that refer to them.
            for sha in &hashes {
                let bytes = std::fs::read(store.attachment_path(sha).unwrap()).unwrap();
                assert_eq!(sha2_hex(&bytes), *sha, "round {round}");
            }
            let blob_table: i64 = store
                .conn()
                .query_row("SELECT count(*) FROM sqlite_master WHERE name = 'backup_attachments'", [], |r| r.get(0))
                .unwrap();
            assert_eq!(blob_table, 0, "round {round}");
        } else {
            assert_eq!(now, old, "round {round} (kill after {delay:?}): neither the old nor the new contents");
            outcomes.0 += 1;
        }
    }
    println!("after {ROUNDS} killed restores: {} old, {} new", outcomes.0, outcomes.1);
}

fn sha2_hex(bytes: &[u8]) -> String {
    use sha2::Digest;
    hex::encode(sha2::Sha256::digest(bytes))
}
