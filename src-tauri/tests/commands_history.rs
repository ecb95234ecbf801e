//! 修改记录 through the IPC layer: a walk's history with a step retimed after the end.
mod common;

use common::TestApp;
use serde_json::{json, Value};

#[test]
fn a_walk_history_flags_the_retime_after_the_end() {
    let t = TestApp::new();
    let fx = t.fixture();
    let walk = t.plan_walk(&fx, "体验不动产登记");
    let _: Value = t.ok("start_walk", json!({"walk_id": walk}));
    let step: Value = t.ok("next_step", json!({"walk_id": walk, "name": "取号", "place": "一楼"}));
    let _: Value = t.ok("complete_walk", json!({"walk_id": walk}));
    t.set_now("2026-05-07T10:00:00+08:00");
    let _: Value = t.ok("retime_step", json!({"step_id": step["id"], "started_at": "2026-05-06T08:55:00+08:00", "ended_at": null}));

    let h: Value = t.ok("record_history", json!({"entity": "walk", "id": walk}));
    assert_eq!(h["entity_zh"], "体验");
    let entries = h["entries"].as_array().expect("entries");
    assert_eq!(entries.len(), 6, "{h}");
    assert_eq!(h["late_count"], 1);
    let last = &entries[5];
    assert_eq!((last["late"].as_bool(), last["subject_zh"].as_str()), (Some(true), Some("第1环节（取号）")));
    assert_eq!(last["changes"][0]["field_zh"], "开始时间");
    assert_eq!((last["changes"][0]["before"].as_str(), last["changes"][0]["after"].as_str()), (Some("2026-05-06 09:00"), Some("2026-05-06 08:55")));

    let (code, msg) = t.err("record_history", json!({"entity": "walk", "id": "没有这个"}));
    assert_eq!(code, "not_found", "{msg}");
    let (code, msg) = t.err("record_history", json!({"entity": "department", "id": fx.dept}));
    assert_eq!(code, "validation");
    assert!(msg.contains("体验、问题、整改任务"), "{msg}");
}
