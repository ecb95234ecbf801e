//! 计划, 督办 and 提醒 through the IPC layer: what the screens call, with the core's refusals
//! crossing as {code, message_zh, field}.
mod common;

use common::TestApp;
use serde_json::{json, Value};

#[test]
fn a_plan_its_calendar_and_a_walk_made_from_it() {
    let t = TestApp::new();
    let fx = t.fixture();
    let plan = json!({"plan": {"id": "", "department_id": fx.dept, "leader_id": fx.head, "year": 2026, "quarter": 2,
        "daily": 1, "cross": 0, "acceptance": 1, "matter_ids": [], "places": "市民之家", "note": ""}});
    let saved: Value = t.ok("save_plan", plan.clone());
    let id = saved["id"].as_str().expect("plan id").to_string();
    // The same head and quarter again: refused beside the period.
    let e = t.invoke("save_plan", plan).expect_err("one plan per head and period");
    assert_eq!((e["code"].as_str(), e["field"].as_str()), (Some("validation"), Some("quarter")), "{e}");
    let bad = json!({"plan": {"id": "", "department_id": fx.dept, "leader_id": fx.owner, "year": 2026, "quarter": 3,
        "daily": 1, "cross": 0, "acceptance": 0, "matter_ids": [], "places": "", "note": ""}});
    let (code, msg) = t.err("save_plan", bad);
    assert_eq!(code, "validation");
    assert!(msg.contains("不是一把手"), "{msg}");

    let walk: Value = t.ok("walk_from_plan", json!({"plan_id": id, "kind": "acceptance", "day": "2026-05-20"}));
    assert_eq!((walk["status"].as_str(), walk["planned_date"].as_str()), (Some("planned"), Some("2026-05-20")));
    let (code, _) = t.err("walk_from_plan", json!({"plan_id": id, "kind": "daily", "day": "2026-08-01"}));
    assert_eq!(code, "validation");
    let cal: Vec<Value> = t.ok("calendar", json!({"department_id": null, "from": "2026-05-01", "to": "2026-05-31"}));
    assert_eq!(cal.len(), 1);
    assert_eq!(cal[0]["day"], "2026-05-20");
    let plans: Vec<Value> = t.ok("plans", json!({"department_id": null, "from": "2026-04-01", "to": "2026-06-30"}));
    assert_eq!((plans[0]["planned"].as_u64(), plans[0]["counted"].as_u64(), plans[0]["scheduled"].as_u64()), (Some(2), Some(0), Some(1)));
    let o: Value = t.ok("plan_overview", json!({"department_id": null, "year": 2026, "quarter": 2}));
    assert_eq!((o["without_plan"].as_u64(), o["without_walk"].as_u64()), (Some(0), Some(1)));
    let _: Value = t.ok("delete_plan", json!({"plan_id": id}));
    let (code, _) = t.err("delete_plan", json!({"plan_id": id}));
    assert_eq!(code, "not_found");
}

#[test]
fn supervision_needs_the_office_and_reminders_list_what_is_due() {
    let t = TestApp::new();
    let fx = t.fixture();
    let walk = t.plan_walk(&fx, "体验不动产登记");
    let _: Value = t.ok("start_walk", json!({"walk_id": walk}));
    let p: Value = t.ok("record_problem", json!({"problem": {
        "id": "", "walk_id": walk, "step_id": null, "category": "process", "standards": [],
        "severity": "major", "nature": "systemic", "description": "登记与缴税分两处办理",
        "on_spot_action": null, "resolved_on": null, "found_on": "2026-05-06"}}));
    let task: Value = t.ok("save_task", json!({"task": {
        "id": "", "problem_ids": [p["id"]], "measure": "登记缴税一窗办理", "department_id": fx.dept,
        "owner_id": fx.owner, "deadline": "2026-05-07", "status": "open", "matter_id": null,
        "before": null, "after": null,
        "outcomes": {"process_optimised": false, "time_compressed": false, "policy_issued": false},
        "sent_back_reason": null, "done_on": null, "closed_out_on": null, "created_on": "2026-05-06"}}));
    let id = task["id"].as_str().expect("task id").to_string();

    // The screens ask the core for today (the 督办时限 defaults to a week after it).
    let today: Value = t.ok("period", json!({"spec": "today"}));
    assert_eq!((today["from"].as_str(), today["to"].as_str()), (Some("2026-05-06"), Some("2026-05-06")));

    // Due tomorrow: a reminder.
    let list: Value = t.ok("reminders", json!({}));
    let items = list["items"].as_array().expect("items");
    assert!(items.iter().any(|r| r["kind"] == "task_due_soon" && r["id"] == id.as_str() && r["text"].as_str().unwrap().starts_with("明天到期")), "{list}");
    let key = items.iter().find(|r| r["id"] == id.as_str()).unwrap()["key"].as_str().unwrap().to_string();
    let _: Value = t.ok("dismiss_reminder", json!({"key": key}));
    let list: Value = t.ok("reminders", json!({}));
    assert_eq!(list["dismissed"], 1);

    // Overdue two days later: the owner cannot 督办, the office can.
    t.set_now("2026-05-09T10:00:00+08:00");
    let _: Value = t.ok("set_current_user", json!({"person_id": fx.owner}));
    let (code, msg) = t.err("supervise_task", json!({"task_id": id, "note": "请抓紧", "required_by": "2026-05-20"}));
    assert_eq!(code, "authority", "{msg}");
    let _: Value = t.ok("set_current_user", json!({"person_id": fx.office}));
    let e = t.invoke("supervise_task", json!({"task_id": id, "note": "", "required_by": "2026-05-20"})).expect_err("no note");
    assert_eq!(e["field"], "note");
    let s: Value = t.ok("supervise_task", json!({"task_id": id, "note": "逾期两天，请5月20日前完成", "required_by": "2026-05-20"}));
    assert_eq!(s["at"].as_str().map(|a| &a[..10]), Some("2026-05-09"), "the core's clock");
    let detail: Value = t.ok("task_detail", json!({"task_id": id}));
    assert_eq!(detail["supervisions"].as_array().map(Vec::len), Some(1));
    let listed: Vec<Value> = t.ok("supervised_tasks", json!({"department_id": null}));
    assert_eq!(listed[0]["required_by"], "2026-05-20");
    let f: Value = t.ok("supervision_figures", json!({"department_id": null}));
    assert_eq!((f["total"].as_u64(), f["open"].as_u64()), (Some(1), Some(1)));

    // Settings: bad numbers are refused beside the field; off empties the list.
    let e = t.invoke("save_reminder_settings", json!({"settings": {"enabled": true, "notify": true, "due_within_days": 400,
        "close_out_wait_days": 7, "off": []}})).expect_err("400 days");
    assert_eq!(e["field"], "due_within_days");
    let saved: Value = t.ok("save_reminder_settings", json!({"settings": {"enabled": false, "notify": true, "due_within_days": 3,
        "close_out_wait_days": 7, "off": []}}));
    assert_eq!(saved["enabled"], false);
    let list: Value = t.ok("reminders", json!({}));
    assert_eq!((list["enabled"].as_bool(), list["items"].as_array().map(Vec::len)), (Some(false), Some(0)));
}
