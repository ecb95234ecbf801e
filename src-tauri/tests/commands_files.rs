//! Files the UI hands over or asks to open: attachments are size-checked before they are read;
//! the opener reaches only the data folder and this session's exports; the capability and the
//! CSP grant only what the UI uses.
mod common;

use common::TestApp;
use serde_json::{json, Value};

#[test]
fn an_attachment_over_50_mb_is_refused_before_it_is_read() {
    let t = TestApp::new();
    let fx = t.fixture();
    let walk = t.plan_walk(&fx, "附件测试");
    // A sparse file of 1 TiB: reading it first (as before) runs out of memory or takes hours;
    // its size alone says it is too large.
    let big = t.dir.path().join("录像.mp4");
    std::fs::File::create(&big).and_then(|f| f.set_len(1 << 40)).expect("sparse file");
    let started = std::time::Instant::now();
    let e = t
        .invoke("attach_file", json!({"owner_kind": "walk", "owner_id": walk, "path": big.display().to_string()}))
        .expect_err("too large");
    assert_eq!((e["code"].as_str(), e["field"].as_str()), (Some("validation"), Some("file_name")), "{e}");
    assert_eq!(e["message_zh"], "文件超过 50 MB，请压缩后再添加");
    assert!(started.elapsed().as_secs() < 5, "the file was read: {:?}", started.elapsed());
    // Just over the limit, too (the size check is not only for absurd files).
    std::fs::File::create(&big).and_then(|f| f.set_len(50 * 1024 * 1024 + 1)).expect("sparse file");
    let (code, _) = t.err("attach_file", json!({"owner_kind": "walk", "owner_id": walk, "path": big.display().to_string()}));
    assert_eq!(code, "validation");
    let list: Vec<Value> = t.ok("attachments", json!({"owner_kind": "walk", "owner_id": walk}));
    assert!(list.is_empty());
}

#[test]
fn only_exports_and_the_data_folder_can_be_opened_or_shown() {
    let t = TestApp::new();
    let outside = tempfile::NamedTempFile::new().expect("a file outside the data folder");
    let escape = t.dir.path().join("..").join(outside.path().file_name().expect("name"));
    for cmd in ["open_export", "reveal_export"] {
        for path in [outside.path().display().to_string(), escape.display().to_string(), "/etc/hostname".to_string()] {
            let (code, msg) = t.err(cmd, json!({"path": path}));
            assert_eq!(code, "forbidden_path", "{cmd} {path}: {msg}");
        }
        let (code, _) = t.err(cmd, json!({"path": t.dir.path().join("nothing-here.pdf").display().to_string()}));
        assert_eq!(code, "forbidden_path", "a file that does not exist is not opened either");
    }
}

fn json_file(rel: &str) -> Value {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(rel);
    serde_json::from_str(&std::fs::read_to_string(&path).expect("file")).expect("JSON")
}

#[test]
fn the_capability_grants_only_what_the_ui_uses() {
    let cap = json_file("capabilities/default.json");
    let perms = cap["permissions"].as_array().expect("permissions");
    let ids: Vec<&str> = perms.iter().map(|p| p.as_str().or_else(|| p["identifier"].as_str()).unwrap_or("")).collect();
    assert_eq!(ids, ["core:event:default", "dialog:allow-open", "dialog:allow-save", "opener:allow-open-url"]);
    let open_url = perms.iter().find(|p| p["identifier"] == "opener:allow-open-url").expect("open-url");
    let urls: Vec<&str> = open_url["allow"].as_array().expect("scope").iter().map(|a| a["url"].as_str().unwrap_or("")).collect();
    assert!(!urls.is_empty() && urls.iter().all(|u| u.starts_with("https://") || u.starts_with("http://")), "{urls:?}");
    assert!(open_url.get("deny").is_none());

    let conf = json_file("tauri.conf.json");
    let img = conf["app"]["security"]["csp"]["img-src"].as_str().expect("img-src");
    assert!(!img.contains("asset"), "{img}");
}

#[path = "../../tests/support/exif_jpeg.rs"]
mod exif_jpeg;

#[test]
fn a_step_photo_comes_back_with_its_presence_and_its_gps() {
    let t = TestApp::new();
    let fx = t.fixture();
    let walk = t.plan_walk(&fx, "照片测试");
    t.set_now("2026-03-10T09:00:00+08:00");
    let _: Value = t.ok("start_walk", json!({"walk_id": walk}));
    let step: Value = t.ok("next_step", json!({"walk_id": walk, "name": "取号", "place": "一楼"}));
    t.set_now("2026-03-10T09:20:00+08:00");
    // Taken 2 h 10 min before the step opened (EXIF time is this machine's local time).
    let early = chrono::DateTime::parse_from_rfc3339("2026-03-10T06:50:00+08:00").unwrap().with_timezone(&chrono::Local);
    let bytes = exif_jpeg::jpeg(32, 24, Some(&early.format("%Y:%m:%d %H:%M:%S").to_string()), Some((34.7466, 113.6254)));
    let path = t.dir.path().join("IMG_0001.JPG");
    std::fs::write(&path, &bytes).unwrap();
    let a: Value = t.ok("attach_file", json!({"owner_kind": "step", "owner_id": step["id"], "path": path.display().to_string()}));
    assert_eq!(a["presence"], json!({"kind": "before", "minutes": 130}), "{a}");
    assert!(a["gps_lat"].as_f64().is_some(), "{a}");
    let list: Vec<Value> = t.ok("attachments", json!({"owner_kind": "step", "owner_id": step["id"]}));
    assert_eq!(list, vec![a]);
}
