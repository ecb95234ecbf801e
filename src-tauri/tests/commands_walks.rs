//! Walk, step and problem commands: the rules of the core arrive as `{code, message_zh, field}`.
mod common;

use common::TestApp;
use serde_json::{json, Value};

#[test]
fn a_walk_is_planned_started_stepped_and_completed() {
    let t = TestApp::new();
    let fx = t.fixture();
    let id = t.plan_walk(&fx, "体验二手房转移登记");
    let w: Value = t.ok("start_walk", json!({"walk_id": id}));
    assert_eq!(w["status"], "in_progress");
    for name in ["取号", "窗口受理", "缴税"] {
        let s: Value = t.ok("next_step", json!({"walk_id": id, "name": name, "place": ""}));
        assert_eq!(s["name"], name);
    }
    let d: Value = t.ok("walk_detail", json!({"walk_id": id}));
    let steps = d["steps"].as_array().expect("steps");
    assert_eq!(steps.len(), 3);
    assert!(steps[0]["ended_at"].is_string(), "the button closes the previous step");
    let done: Value = t.ok("complete_walk", json!({"walk_id": id}));
    assert_eq!(done["status"], "completed");
}

#[test]
fn walk_rules_are_reported_in_chinese() {
    let t = TestApp::new();
    let fx = t.fixture();
    let mut w = t.walk_json(&fx, "  ");
    let e = t.invoke("plan_walk", json!({"walk": w.clone()})).expect_err("blank title");
    assert_eq!((e["code"].as_str(), e["field"].as_str()), (Some("validation"), Some("title")));

    w["title"] = json!("暗访体验");
    // A daily walk records each "no" as it happened; leaving the record out is refused.
    w["incognito"] = json!(null);
    let e = t.invoke("plan_walk", json!({"walk": w.clone()})).expect_err("no incognito record");
    assert_eq!((e["code"].as_str(), e["field"].as_str()), (Some("validation"), Some("incognito")));
    assert!(e["message_zh"].as_str().unwrap_or("").contains("不打招呼"), "{e}");
    w["incognito"] = json!({"identity_hidden": false, "no_notice": true, "no_escort": true});
    let recognised: Value = t.ok("plan_walk", json!({"walk": w}));
    assert_eq!(recognised["incognito"]["identity_hidden"], false);

    let (code, _) = t.err("walk_detail", json!({"walk_id": "missing"}));
    assert_eq!(code, "not_found");

    let id = t.plan_walk(&fx, "受理体验");
    let (code, _) = t.err("complete_walk", json!({"walk_id": id}));
    assert_eq!(code, "transition");
}

#[test]
fn an_archived_walk_is_sealed() {
    let t = TestApp::new();
    let fx = t.fixture();
    let id = t.plan_walk(&fx, "归档测试");
    let _: Value = t.ok("start_walk", json!({"walk_id": id}));
    let _: Value = t.ok("next_step", json!({"walk_id": id, "name": "咨询", "place": ""}));
    let _: Value = t.ok("complete_walk", json!({"walk_id": id}));
    let sealed: Value = t.ok("archive_walk", json!({"walk_id": id}));
    assert!(sealed["seal_code"].is_string());
    let (code, msg) = t.err("update_walk", json!({"walk": sealed}));
    assert_eq!(code, "sealed");
    assert!(msg.contains("归档"), "{msg}");
}

#[test]
fn problems_simple_fixed_on_the_spot_systemic_refused() {
    let t = TestApp::new();
    let fx = t.fixture();
    let id = t.plan_walk(&fx, "问题测试");
    let _: Value = t.ok("start_walk", json!({"walk_id": id}));
    let problem = |nature: &str| json!({"problem": {
        "id": "", "walk_id": id, "step_id": null, "category": "materials", "standards": ["told_once"],
        "severity": "minor", "nature": nature, "description": "要求重复提交身份证复印件",
        "on_spot_action": null, "resolved_on": null, "found_on": "2026-05-06"}});
    let simple: Value = t.ok("record_problem", problem("simple"));
    let fixed: Value = t.ok("resolve_on_spot", json!({"problem_id": simple["id"], "action": "当场告知窗口取消复印件要求"}));
    assert!(fixed["resolved_on"].is_string());
    let systemic: Value = t.ok("record_problem", problem("systemic"));
    let (code, msg) = t.err("resolve_on_spot", json!({"problem_id": systemic["id"], "action": "x"}));
    assert_eq!(code, "transition", "{msg}");
    assert!(msg.contains("复杂共性"), "{msg}");
    let rows: Vec<Value> = t.ok("problems", json!({"filter": {"walk_id": id}}));
    assert_eq!(rows.len(), 2);
}

#[test]
fn search_finds_step_observations_in_chinese() {
    let t = TestApp::new();
    let fx = t.fixture();
    let id = t.plan_walk(&fx, "搜索测试");
    let _: Value = t.ok("start_walk", json!({"walk_id": id}));
    let mut step: Value = t.ok("next_step", json!({"walk_id": id, "name": "窗口受理", "place": ""}));
    step["observations"] = json!("窗口要求提交纸质复印件，等候四十分钟");
    let _: Value = t.ok("save_step", json!({"step": step}));
    let hits: Vec<Value> = t.ok("search", json!({"query": "复印件"}));
    assert!(hits.iter().any(|h| h["walk_id"] == id.as_str()), "{hits:?}");
    let none: Vec<Value> = t.ok("search", json!({"query": "  "}));
    assert!(none.is_empty());
}

#[test]
fn deletes_are_refused_for_sealed_walks() {
    let t = TestApp::new();
    let fx = t.fixture();
    let id = t.plan_walk(&fx, "删除测试");
    let _: Value = t.ok("start_walk", json!({"walk_id": id}));
    let step: Value = t.ok("next_step", json!({"walk_id": id, "name": "咨询", "place": ""}));
    let _: Value = t.ok("complete_walk", json!({"walk_id": id}));
    let _: Value = t.ok("archive_walk", json!({"walk_id": id}));
    let (code, _) = t.err("delete_record", json!({"kind": "step", "id": step["id"]}));
    assert_eq!(code, "sealed");
    let (code, _) = t.err("delete_record", json!({"kind": "walk", "id": id}));
    assert_eq!(code, "sealed");
    let (code, _) = t.err("delete_record", json!({"kind": "task", "id": "missing"}));
    assert_eq!(code, "not_found");
}

/// 记录方式 through the commands: the live flow is 现场记录; a step typed in is 事后补录 whatever
/// the UI sends; the list's headlines come in one call.
#[test]
fn capture_modes_are_the_cores_whatever_the_ui_sends() {
    let t = TestApp::new();
    let fx = t.fixture();
    let live = t.plan_walk(&fx, "现场体验");
    t.ok::<Value>("start_walk", json!({"walk_id": live}));
    t.ok::<Value>("next_step", json!({"walk_id": live, "name": "取号", "place": ""}));
    t.ok::<Value>("complete_walk", json!({"walk_id": live}));
    let d: Value = t.ok("walk_detail", json!({"walk_id": live}));
    assert_eq!(d["capture"]["headline"], "现场记录 1/1 环节");
    assert_eq!(d["capture"]["all_live"], true);
    assert_eq!(d["steps"][0]["capture"]["mode"], "live");

    let typed = t.plan_walk(&fx, "补录体验");
    let w: Value = t.ok("start_walk", json!({"walk_id": typed}));
    let day = &w["started_at"].as_str().unwrap()[..10];
    let offset = &w["started_at"].as_str().unwrap()[19..];
    let offset = offset.trim_start_matches(|c: char| c == '.' || c.is_ascii_digit());
    let step = json!({
        "id": "", "walk_id": typed, "seq": 0, "name": "窗口受理", "place": "",
        "started_at": format!("{day}T00:10:00{offset}"), "ended_at": format!("{day}T00:20:00{offset}"),
        "waiting_minutes": 0, "materials_count": 0, "materials_names": "", "trips": 0, "observations": "", "rating": null,
        // A forged claim of a live record.
        "capture": {"mode": "live", "entered_at": null, "amended_at": null, "original_started_at": null, "original_ended_at": null},
    });
    let saved: Value = t.ok("save_step", json!({"step": step}));
    assert_eq!(saved["capture"]["mode"], "typed");
    assert!(saved["capture"]["entered_at"].is_string(), "{saved}");
    let d: Value = t.ok("walk_detail", json!({"walk_id": typed}));
    assert_eq!(d["capture"]["headline"], "现场记录 0/1 环节");
    assert!(d["capture"]["notes"][0].as_str().unwrap().starts_with("第 1 环节时间为事后补录（"), "{d}");

    let list: Vec<Value> = t.ok("walk_captures", json!({"walk_ids": [live, typed, "没有这个编号"]}));
    assert_eq!(list.len(), 2, "an unknown id is left out: {list:?}");
    assert_eq!((list[0]["all_live"].as_bool(), list[1]["all_live"].as_bool()), (Some(true), Some(false)));

    // The office's figures: one of the two done walks was live throughout.
    let v: Value = t.ok("evidence", json!({"scope": {"type": "city"}, "period": {"from": "2000-01-01", "to": "2100-12-31"}}));
    assert_eq!((v["total"]["walks"].as_u64(), v["total"]["walks_live"].as_u64()), (Some(1), Some(1)), "{v}");
    assert!(v["sentence"].as_str().unwrap().starts_with("完成的 1 次体验中，现场记录 1 次（100%）"), "{v}");
    let e = t.invoke("evidence", json!({"scope": {"type": "city"}, "period": {"from": "2026-12-31", "to": "2026-01-01"}})).expect_err("reversed period");
    assert_eq!(e["code"], "validation");
}

