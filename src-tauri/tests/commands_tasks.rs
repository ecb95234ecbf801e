//! Ledger commands: the task state machine and the roles, through the IPC layer.
mod common;

use common::{Fixture, TestApp};
use serde_json::{json, Value};

fn systemic_problem(t: &TestApp, fx: &Fixture) -> (String, String) {
    let walk = t.plan_walk(fx, "体验企业开办");
    let _: Value = t.ok("start_walk", json!({"walk_id": walk}));
    let p: Value = t.ok("record_problem", json!({"problem": {
        "id": "", "walk_id": walk, "step_id": null, "category": "process", "standards": [],
        "severity": "major", "nature": "systemic", "description": "多部门重复踏勘",
        "on_spot_action": null, "resolved_on": null, "found_on": "2026-05-06"}}));
    (walk, p["id"].as_str().expect("problem id").to_string())
}

fn task_json(fx: &Fixture, problem: &str, deadline: &str) -> Value {
    json!({"task": {
        "id": "", "problem_ids": [problem], "measure": "推行联合踏勘，一次完成", "department_id": fx.dept,
        "owner_id": fx.owner, "deadline": deadline, "status": "open", "matter_id": null,
        "before": {"steps": 6, "materials": 25, "days": 16, "trips": 6},
        "after": {"steps": 3, "materials": 13, "days": 5, "trips": 1},
        "outcomes": {"process_optimised": true, "time_compressed": true, "policy_issued": false},
        "sent_back_reason": null, "done_on": null, "closed_out_on": null, "created_on": "2026-05-06"}})
}

#[test]
fn a_deadline_before_the_walk_is_refused_beside_the_deadline() {
    let t = TestApp::new();
    let fx = t.fixture();
    let (_, problem) = systemic_problem(&t, &fx);
    let e = t.invoke("save_task", task_json(&fx, &problem, "2026-05-01")).expect_err("deadline before the walk");
    assert_eq!(e["code"], "validation");
    assert_eq!(e["field"], "deadline");
    assert!(e["message_zh"].as_str().unwrap_or("").contains("整改时限"), "{e}");
}

#[test]
fn done_needs_evidence_and_close_out_needs_the_office() {
    let t = TestApp::new();
    let fx = t.fixture();
    let (_, problem) = systemic_problem(&t, &fx);
    let task: Value = t.ok("save_task", task_json(&fx, &problem, "2026-12-31"));
    let id = task["id"].as_str().expect("task id").to_string();

    let (code, msg) = t.err("mark_task_done", json!({"task_id": id}));
    assert_eq!(code, "validation", "no evidence yet: {msg}");

    let _: Value = t.ok("add_note", json!({"task_id": id, "text": "已与消防、市场监管约定联合踏勘"}));
    let done: Value = t.ok("mark_task_done", json!({"task_id": id}));
    assert_eq!(done["status"], "done");

    let (code, msg) = t.err("close_out_task", json!({"task_id": id}));
    assert_eq!(code, "no_current_user");
    assert!(msg.contains("设置"));

    let _: Value = t.ok("set_current_user", json!({"person_id": fx.owner}));
    let (code, msg) = t.err("close_out_task", json!({"task_id": id}));
    assert_eq!(code, "authority", "an owner is not the office: {msg}");
    assert!(msg.contains("不是党建办人员"), "{msg}");

    let _: Value = t.ok("set_current_user", json!({"person_id": fx.office}));
    let (code, _) = t.err("send_back_task", json!({"task_id": id, "reason": "  "}));
    assert_eq!(code, "validation");
    let closed: Value = t.ok("close_out_task", json!({"task_id": id}));
    assert_eq!(closed["status"], "closed_out");

    let detail: Value = t.ok("task_detail", json!({"task_id": id}));
    assert_eq!(detail["notes"].as_array().map(Vec::len), Some(1));
    let page: Value = t.ok("ledger", json!({"filter": {"status": "closed_out"}}));
    assert_eq!(page["total"], 1);
}

#[test]
fn dashboard_and_figures_count_the_records() {
    let t = TestApp::new();
    let fx = t.fixture();
    let (walk, problem) = systemic_problem(&t, &fx);
    let _: Value = t.ok("next_step", json!({"walk_id": walk, "name": "咨询", "place": ""}));
    let _: Value = t.ok("complete_walk", json!({"walk_id": walk}));
    let _: Value = t.ok("save_task", task_json(&fx, &problem, "2026-12-31"));
    let d: Value = t.ok("dashboard", json!({}));
    assert_eq!(d["total"]["walks"], 1);
    assert_eq!(d["total"]["problems_found"], 1);
    assert_eq!(d["total"]["measures"], 1);
    let f: Value = t.ok("figures", json!({"scope": {"type": "city"}, "period": {"from": "2026-01-01", "to": "2026-12-31"}}));
    assert!(f["sentence"].as_str().unwrap_or("").contains("发现问题 1 个"), "{f}");
    let (code, _) = t.err("figures", json!({"scope": {"type": "city"}, "period": {"from": "2026-12-31", "to": "2026-01-01"}}));
    assert_eq!(code, "validation");
    let (code, _) = t.err("figures", json!({"scope": {"type": "department", "id": "missing"}, "period": {"from": "2026-01-01", "to": "2026-12-31"}}));
    assert_eq!(code, "not_found");
}

#[test]
fn the_commands_run_on_the_test_clock() {
    // Without a pinned clock these tests would break on 1 January 2027 (deadline 2026-12-31
    // before a walk started "today"; figures for 2026 with walks in 2027).
    let t = TestApp::new();
    let fx = t.fixture();
    let walk = t.plan_walk(&fx, "时钟测试");
    let w: Value = t.ok("start_walk", json!({"walk_id": walk}));
    assert_eq!(w["started_at"], common::NOW);
}

#[test]
fn milestones_through_the_ipc_and_the_chart_shows_them() {
    let t = TestApp::new();
    let fx = t.fixture();
    let (_, problem) = systemic_problem(&t, &fx);
    let task: Value = t.ok("save_task", task_json(&fx, &problem, "2026-12-31"));
    let id = task["id"].as_str().expect("task id").to_string();
    let a: Value = t.ok("add_milestone", json!({"task_id": id, "milestone": {"name": "联合踏勘方案", "planned_on": "2026-06-01"}}));
    let _: Value = t.ok("add_milestone", json!({"task_id": id, "milestone": {"name": "全面推行", "planned_on": "2026-09-01"}}));
    let e = t.invoke("add_milestone", json!({"task_id": id, "milestone": {"name": " ", "planned_on": "2026-06-01"}})).expect_err("empty name");
    assert_eq!((e["code"].as_str(), e["field"].as_str()), (Some("validation"), Some("name")));
    let a_id = a["id"].as_str().expect("milestone id").to_string();
    let (code, msg) = t.err("mark_milestone_done", json!({"milestone_id": a_id, "evidence": ""}));
    assert_eq!(code, "validation");
    assert!(msg.contains("完成佐证"), "{msg}");
    let done: Value = t.ok("mark_milestone_done", json!({"milestone_id": a_id, "evidence": "方案已印发"}));
    assert!(done["done_on"].is_string(), "{done}");
    let list: Value = t.ok("milestones", json!({"task_id": id}));
    assert_eq!(list.as_array().map(Vec::len), Some(2));
    let chart: Value = t.ok("chart", json!({"filter": {}}));
    assert_eq!(chart["total"], 1);
    assert_eq!(chart["on_schedule"], 1);
    let row = &chart["rows"][0];
    assert_eq!(row["task_id"], id.as_str());
    assert_eq!(row["status"], "on_schedule");
    assert_eq!(row["milestones"][0]["name"], "联合踏勘方案");
    let undone: Value = t.ok("undo_milestone", json!({"milestone_id": a_id}));
    assert!(undone["done_on"].is_null());
    let _: Value = t.ok("delete_milestone", json!({"milestone_id": a_id}));
    let list: Value = t.ok("milestones", json!({"task_id": id}));
    assert_eq!(list.as_array().map(Vec::len), Some(1));
}
