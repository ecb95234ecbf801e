//! `walklog export walk … [--keep-gps]`: the PDF's photos lose their GPS unless asked to keep it.

mod report_common;
#[path = "support/exif_jpeg.rs"]
mod exif_jpeg;

use std::path::Path;
use std::process::Command;

use exif_jpeg::{gps_of, jpeg};
use walklog::model::OwnerKind;

fn embedded_gps(pdf: &Path) -> Vec<Option<(f64, f64)>> {
    let dir = tempfile::tempdir().unwrap();
    let status = Command::new("pdfimages").arg("-j").arg(pdf).arg(dir.path().join("img")).status().expect("pdfimages");
    assert!(status.success());
    let mut files: Vec<_> = std::fs::read_dir(dir.path()).unwrap().map(|e| e.unwrap().path()).collect();
    files.sort();
    files.iter().map(|f| gps_of(&std::fs::read(f).unwrap())).collect()
}

#[test]
fn keep_gps_is_asked_for_on_the_command_line() {
    let demo = report_common::fixture::demo(2, 2, 0, 0);
    let mut store = demo.store;
    let (walk_id, step_id): (String, String) = store
        .conn()
        .query_row(
            "SELECT w.id, s.id FROM walks w JOIN steps s ON s.walk_id = w.id WHERE w.status != 'archived' LIMIT 1",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    let photo = jpeg(64, 48, Some("2026:03:05 09:05:00"), Some((34.7466, 113.6254)));
    store.attach_photo(OwnerKind::Step, &step_id, "a.jpg", &photo, "").unwrap();
    drop(store);

    let db = demo.dir.path().join("walklog.db");
    let export = |name: &str, extra: &[&str]| {
        let out = demo.dir.path().join(name);
        let run = Command::new(env!("CARGO_BIN_EXE_walklog"))
            .arg("--db").arg(&db)
            .args(["export", "walk", &walk_id, "--out"]).arg(&out).args(extra)
            .output().unwrap();
        assert!(run.status.success(), "{}", String::from_utf8_lossy(&run.stderr));
        embedded_gps(&out)
    };
    assert_eq!(export("plain.pdf", &[]), vec![None]);
    let kept = export("kept.pdf", &["--keep-gps"]);
    assert_eq!(kept.len(), 1);
    assert!(kept[0].is_some(), "{kept:?}");
}
