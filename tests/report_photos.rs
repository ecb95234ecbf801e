//! Photos in the 体验纪实表: 拍摄时间 and the presence flag in the caption; the embedded JPEG
//! carries no GPS unless the export keeps it, while the store keeps the original with GPS.

mod report_common;
#[path = "support/exif_jpeg.rs"]
mod exif_jpeg;

use std::path::{Path, PathBuf};
use std::process::Command;

use exif_jpeg::{gps_of, jpeg};
use report_common::fixture::demo;
use report_common::*;
use walklog::model::OwnerKind;
use walklog::report::{export, ExportRequest, Record};

/// The embedded images of a PDF, extracted as they are stored in it (`pdfimages -j`).
fn embedded_jpegs(pdf: &Path) -> Vec<Vec<u8>> {
    let dir = pdf.parent().unwrap().join(format!("{}-images", pdf.file_stem().unwrap().to_string_lossy()));
    std::fs::create_dir_all(&dir).unwrap();
    let status = Command::new("pdfimages").arg("-j").arg(pdf).arg(dir.join("img")).status().expect("pdfimages (poppler-utils)");
    assert!(status.success());
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir).unwrap().map(|e| e.unwrap().path()).collect();
    files.sort();
    assert!(files.iter().all(|f| f.extension().is_some_and(|e| e == "jpg")), "{files:?}");
    files.iter().map(|f| std::fs::read(f).unwrap()).collect()
}

/// One of the demo's walks that is not sealed, and a step of it: photos can still be added.
fn open_step(store: &walklog::Store) -> (String, String) {
    store
        .conn()
        .query_row(
            "SELECT w.id, s.id FROM walks w JOIN steps s ON s.walk_id = w.id WHERE w.status != 'archived' LIMIT 1",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .expect("an open walk with a step")
}

#[test]
fn the_pdf_shows_when_photos_were_taken_flags_the_odd_ones_and_drops_gps_unless_kept() {
    let mut demo = demo(2, 2, 0, 0);
    let (walk_id, step_id) = open_step(&demo.store);
    let step = demo.store.step(&step_id).unwrap();
    let local = |minutes: i64| {
        (step.started_at + chrono::Duration::minutes(minutes)).with_timezone(&chrono::Local).format("%Y:%m:%d %H:%M:%S").to_string()
    };
    let home = (34.7466, 113.6254);
    let in_step = jpeg(320, 240, Some(&local(5)), Some(home));
    // Larger than what is embedded as is: shrunk for the PDF, GPS carried only when kept.
    let early = jpeg(2400, 1800, Some(&local(-130)), Some(home));
    let a = demo.store.attach_photo(OwnerKind::Step, &step_id, "a.jpg", &in_step, "取号机").unwrap();
    demo.store.attach_photo(OwnerKind::Step, &step_id, "b.jpg", &early, "窗口").unwrap();

    let out = demo.dir.path().join("walk.pdf");
    let req = ExportRequest::default();
    export(&mut demo.store, &Record::Walk(walk_id.clone()), &req, &out, &mut |_, _| {}).expect("export");
    // Raw order: the captions of photos side by side are not interleaved.
    let text = squeezed(&pdftotext_raw(&out));
    assert!(text.contains("取号机"), "{text}");
    assert!(text.contains("拍摄时间不在本环节内（早2小时10分）"), "{text}");
    // In the walk's own offset, like the step's 起止时间.
    let taken = (step.started_at + chrono::Duration::minutes(5)).with_timezone(step.started_at.offset());
    assert!(text.contains(&squeezed(&walklog::photo::presence::taken_zh(&taken))), "{text}");
    let images = embedded_jpegs(&out);
    assert_eq!(images.len(), 2);
    assert!(images.iter().all(|i| gps_of(i).is_none()), "no GPS in the PDF's photos");
    // The store still has the original, GPS and all.
    let stored = std::fs::read(demo.store.attachment_path(&a.sha256).unwrap()).unwrap();
    assert_eq!(stored, in_step);
    assert!(gps_of(&stored).is_some());

    let kept = demo.dir.path().join("walk-gps.pdf");
    let req = ExportRequest { keep_gps: true, ..Default::default() };
    export(&mut demo.store, &Record::Walk(walk_id), &req, &kept, &mut |_, _| {}).expect("export");
    let images = embedded_jpegs(&kept);
    assert_eq!(images.len(), 2);
    assert!(images.iter().all(|i| gps_of(i).is_some()), "GPS kept on request");
    // The small photo is embedded byte for byte when the location is kept.
    assert!(images.contains(&in_step));
}

/// 数据加密: the photo files are sealed on disk, and the record still prints them.
#[test]
fn an_encrypted_store_prints_its_sealed_photos() {
    let mut demo = demo(2, 2, 0, 0);
    let (walk_id, step_id) = open_step(&demo.store);
    let photo = jpeg(320, 240, None, None);
    let a = demo.store.attach_photo(OwnerKind::Step, &step_id, "a.jpg", &photo, "取号机").unwrap();
    demo.store.encrypt("演示单位密码2026").unwrap();
    let on_disk = std::fs::read(demo.store.attachment_path(&a.sha256).unwrap()).unwrap();
    assert!(!on_disk.starts_with(&[0xff, 0xd8]), "the file is sealed, not a JPEG");
    let out = demo.dir.path().join("walk.pdf");
    let summary = export(&mut demo.store, &Record::Walk(walk_id), &ExportRequest::default(), &out, &mut |_, _| {}).expect("export");
    assert!(summary.warnings.is_empty(), "{:?}", summary.warnings);
    assert_eq!(embedded_jpegs(&out).len(), 1, "the sealed photo is printed");
    assert!(squeezed(&pdftotext_raw(&out)).contains("取号机"));
}
