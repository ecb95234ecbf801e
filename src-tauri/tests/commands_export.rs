//! The export command's error mapping (the report module's errors arrive as `{code, message_zh}`).
mod common;

use common::TestApp;
use serde_json::{json, Value};
use tauri::ipc::{Channel, InvokeResponseBody};

fn channel_arg() -> Value {
    // A channel the command can send progress to; the test ignores the messages.
    let ch: Channel<Value> = Channel::new(|_: InvokeResponseBody| Ok(()));
    serde_json::to_value(&ch).expect("channel serialises to its id")
}

#[test]
fn the_json_file_is_written_to_the_exports_folder() {
    let t = TestApp::new();
    let _ = t.fixture();
    let r: Value = t.ok("export", json!({"request": {"kind": "json"}, "path": null, "on_progress": channel_arg()}));
    let path = r["path"].as_str().expect("path");
    assert!(path.contains("exports"), "{path}");
    let text = std::fs::read_to_string(path).expect("file written");
    assert!(text.contains("市不动产登记中心"));
}

#[test]
fn export_errors_are_mapped() {
    let t = TestApp::new();
    let (code, msg) = t.err(
        "export",
        json!({"request": {"kind": "walk_record", "walk_id": "missing"}, "path": null, "on_progress": channel_arg()}),
    );
    assert_eq!(code, "not_found", "{msg}");
    assert!(msg.contains("missing"), "names the walk asked for: {msg}");
    let out = t.dir.path().join("台账.pdf");
    let (code, msg) = t.err(
        "export",
        json!({"request": {"kind": "ledger_xlsx"}, "path": out.display().to_string(), "on_progress": channel_arg()}),
    );
    assert_eq!(code, "validation");
    assert!(msg.contains(".xlsx"), "{msg}");
    let e = t
        .invoke("export", json!({"request": {"kind": "ledger_xlsx"}, "path": out.display().to_string(), "on_progress": channel_arg()}))
        .expect_err("not .xlsx");
    assert_eq!(e["field"], "path", "shown beside the file name: {e}");
    let (code, _) = t.err(
        "export",
        json!({"request": {"kind": "report", "from": "2026-12-31", "to": "2026-01-01"}, "path": null, "on_progress": channel_arg()}),
    );
    assert_eq!(code, "validation");
}

#[test]
fn an_exported_ledger_is_known_to_verify_file_and_a_changed_copy_is_not() {
    let t = TestApp::new();
    let _ = t.fixture();
    let out = t.dir.path().join("台账.xlsx");
    let r: Value = t.ok("export", json!({"request": {"kind": "ledger_xlsx"}, "path": out.display().to_string(), "on_progress": channel_arg()}));
    let path = r["path"].as_str().expect("path").to_string();
    let check: Value = t.ok("verify_file", json!({"path": path}));
    assert_eq!(check["known"], true, "{check}");
    let msg = check["message_zh"].as_str().unwrap();
    assert!(msg.contains("本系统于") && msg.contains("整改台账") && msg.contains("内容未改动"), "{msg}");

    let mut bytes = std::fs::read(&path).unwrap();
    let last = bytes.len() - 1;
    bytes[last] ^= 0x01;
    let changed = t.dir.path().join("改过的台账.xlsx");
    std::fs::write(&changed, bytes).unwrap();
    let check: Value = t.ok("verify_file", json!({"path": changed.display().to_string()}));
    assert_eq!(check["known"], false, "{check}");
    assert!(check["message_zh"].as_str().unwrap().contains("文件已被修改或不是本系统导出"), "{check}");
    let (code, _) = t.err("verify_file", json!({"path": t.dir.path().join("没有.pdf").display().to_string()}));
    assert_eq!(code, "read_failed");
}

#[path = "../../tests/support/exif_jpeg.rs"]
mod exif_jpeg;

/// GPS of each photo embedded in a PDF, as pdfimages extracts them.
fn embedded_gps(pdf: &str) -> Vec<Option<(f64, f64)>> {
    let dir = tempfile::tempdir().expect("temp dir");
    let ok = std::process::Command::new("pdfimages").arg("-j").arg(pdf).arg(dir.path().join("img")).status().expect("pdfimages");
    assert!(ok.success());
    let mut files: Vec<_> = std::fs::read_dir(dir.path()).unwrap().map(|e| e.unwrap().path()).collect();
    files.sort();
    files.iter().map(|f| exif_jpeg::gps_of(&std::fs::read(f).unwrap())).collect()
}

#[test]
fn the_walk_record_keeps_photo_gps_only_when_asked() {
    let t = TestApp::new();
    let fx = t.fixture();
    let walk = t.plan_walk(&fx, "照片位置");
    let _: Value = t.ok("start_walk", json!({"walk_id": walk}));
    let step: Value = t.ok("next_step", json!({"walk_id": walk, "name": "取号", "place": "一楼"}));
    let photo = t.dir.path().join("a.jpg");
    std::fs::write(&photo, exif_jpeg::jpeg(32, 24, None, Some((34.7466, 113.6254)))).unwrap();
    let _: Value = t.ok("attach_file", json!({"owner_kind": "step", "owner_id": step["id"], "path": photo.display().to_string()}));
    let export = |keep: Value, name: &str| {
        let out = t.dir.path().join(name);
        let request = json!({"kind": "walk_record", "walk_id": walk, "keep_gps": keep});
        let r: Value = t.ok("export", json!({"request": request, "path": out.display().to_string(), "on_progress": channel_arg()}));
        embedded_gps(r["path"].as_str().expect("path"))
    };
    assert_eq!(export(Value::Null, "plain.pdf"), vec![None]);
    assert_eq!(export(json!(false), "off.pdf"), vec![None]);
    assert!(export(json!(true), "kept.pdf")[0].is_some());
}
