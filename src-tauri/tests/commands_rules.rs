//! The rules of issue "through every door", through the commands the UI calls: un-done only by
//! 退回, new evidence after 退回, authority by role, live times from the core, and the import
//! door refusing what typing would refuse.
mod common;

use common::{Fixture, TestApp};
use serde_json::{json, Value};
use walklog::model::TaskStatus;

/// A walk in progress with one open step and a 复杂共性 problem; returns (walk, step, problem).
fn walk_with_problem(t: &TestApp, fx: &Fixture) -> (String, String, String) {
    let walk = t.plan_walk(fx, "体验不动产登记");
    let _: Value = t.ok("start_walk", json!({"walk_id": walk}));
    let step: Value = t.ok("next_step", json!({"walk_id": walk, "name": "取号", "place": "一楼"}));
    let p: Value = t.ok("record_problem", json!({"problem": {
        "id": "", "walk_id": walk, "step_id": null, "category": "process", "standards": [],
        "severity": "major", "nature": "systemic", "description": "多个窗口重复排队",
        "on_spot_action": null, "resolved_on": null, "found_on": "2026-05-06"}}));
    (walk, step["id"].as_str().unwrap().to_string(), p["id"].as_str().unwrap().to_string())
}

fn raise(t: &TestApp, fx: &Fixture, problem: &str) -> String {
    let task: Value = t.ok("save_task", json!({"task": {
        "id": "", "problem_ids": [problem], "measure": "一窗受理、集成服务", "department_id": fx.dept,
        "owner_id": fx.owner, "deadline": "2099-12-31", "status": "open", "matter_id": null,
        "before": null, "after": null,
        "outcomes": {"process_optimised": true, "time_compressed": false, "policy_issued": false},
        "sent_back_reason": null, "done_on": null, "closed_out_on": null, "created_on": "2026-05-06"}}));
    task["id"].as_str().unwrap().to_string()
}

#[test]
fn a_done_task_goes_back_only_by_send_back_and_then_needs_new_evidence() {
    let t = TestApp::new();
    let fx = t.fixture();
    let (_, _, problem) = walk_with_problem(&t, &fx);
    let id = raise(&t, &fx, &problem);
    let _: Value = t.ok("add_note", json!({"task_id": id, "text": "已合并窗口"}));
    let _: Value = t.ok("mark_task_done", json!({"task_id": id}));

    // 开始整改 on a done task: the back door is shut.
    let (code, msg) = t.err("start_task", json!({"task_id": id}));
    assert_eq!(code, "transition");
    assert!(msg.contains("退回"), "{msg}");

    // Only the office sends back or closes out: an owner as current user is refused by role.
    let _: Value = t.ok("set_current_user", json!({"person_id": fx.owner}));
    assert_eq!(t.err("close_out_task", json!({"task_id": id})).0, "authority");
    assert_eq!(t.err("send_back_task", json!({"task_id": id, "reason": "不行"})).0, "authority");

    let _: Value = t.ok("set_current_user", json!({"person_id": fx.office}));
    t.set_now("2026-05-06T10:00:00+08:00");
    let back: Value = t.ok("send_back_task", json!({"task_id": id, "reason": "缺少整改前后对比"}));
    assert_eq!(back["status"], "in_progress");
    assert_eq!(back["sent_back_by"], fx.office.as_str());

    // The note from before the 退回 does not count again.
    let e = t.invoke("mark_task_done", json!({"task_id": id})).expect_err("old evidence");
    assert_eq!((e["code"].as_str(), e["field"].as_str()), (Some("validation"), Some("evidence")));
    t.set_now("2026-05-06T11:00:00+08:00");
    let _: Value = t.ok("add_note", json!({"task_id": id, "text": "补充对比数据"}));
    let done: Value = t.ok("mark_task_done", json!({"task_id": id}));
    assert_eq!(done["status"], "done");
    let closed: Value = t.ok("close_out_task", json!({"task_id": id}));
    assert_eq!(closed["closed_out_by"], fx.office.as_str());
}

#[test]
fn live_times_come_from_the_core_and_a_late_save_cannot_reopen_a_step() {
    let t = TestApp::new();
    let fx = t.fixture();
    let (walk, first, _) = walk_with_problem(&t, &fx);
    let _: Value = t.ok("next_step", json!({"walk_id": walk, "name": "窗口受理", "place": ""}));
    let detail: Value = t.ok("walk_detail", json!({"walk_id": walk}));
    let closed = detail["steps"][0].clone();
    assert_eq!(closed["id"], first.as_str());
    assert!(closed["ended_at"].is_string(), "next_step closed the first step: {closed}");

    // A save that arrives late, carrying the draft's stale times, changes the fields only.
    let mut late = closed.clone();
    late["ended_at"] = Value::Null;
    late["started_at"] = json!("2000-01-01T00:00:00+08:00");
    late["observations"] = json!("叫号屏不亮");
    let saved: Value = t.ok("save_step", json!({"step": late}));
    assert_eq!(saved["ended_at"], closed["ended_at"]);
    assert_eq!(saved["started_at"], closed["started_at"]);
    assert_eq!(saved["observations"], "叫号屏不亮");

    // Changing a time is its own act; a bad time is refused beside its field.
    let e = t.invoke("retime_step", json!({"step_id": first, "started_at": "2026-05-06 09:00", "ended_at": null})).expect_err("bad time");
    assert_eq!((e["code"].as_str(), e["field"].as_str()), (Some("validation"), Some("started_at")));
    let retimed: Value = t.ok("retime_step", json!({"step_id": first, "started_at": "2026-05-06T09:00:00+08:00", "ended_at": null}));
    assert_eq!(retimed["started_at"], "2026-05-06T09:00:00+08:00");
    assert_eq!(retimed["ended_at"], closed["ended_at"]);
}

#[test]
fn the_import_door_refuses_what_typing_refuses_and_a_padded_file_changes_nothing() {
    let t = TestApp::new();
    let fx = t.fixture();
    let (walk, _, problem) = walk_with_problem(&t, &fx);
    let _: Value = t.ok("complete_walk", json!({"walk_id": walk}));
    let task = raise(&t, &fx, &problem);
    let _: Value = t.ok("add_note", json!({"task_id": task, "text": "推进中"}));
    let archived = t.plan_walk(&fx, "体验公积金提取");
    for cmd in ["start_walk", "complete_walk", "archive_walk"] {
        let _: Value = t.ok(cmd, json!({"walk_id": archived}));
    }
    let doc = walklog::Store::open(t.db_path()).unwrap().export_exchange().unwrap();
    let lines = || -> i64 {
        let s = walklog::Store::open(t.db_path()).unwrap();
        s.conn().query_row("SELECT count(*) FROM change_log", [], |r| r.get(0)).unwrap()
    };
    let write = |name: &str, d: &walklog::exchange::Exchange| -> String {
        let path = t.dir.path().join(name);
        std::fs::write(&path, serde_json::to_vec(d).unwrap()).unwrap();
        path.display().to_string()
    };
    let before = lines();

    // Padded text re-imported: nothing new, nothing logged.
    let mut padded = doc.clone();
    padded.walks[0].title = format!(" {} ", padded.walks[0].title);
    let report: Value = t.ok("import_file", json!({"path": write("padded.json", &padded)}));
    assert_eq!((report["inserted"].as_u64(), report["conflicts"].as_array().map(Vec::len)), (Some(0), Some(0)));
    assert_eq!(lines(), before);

    // A 销号 that names no 党建办 person, in a file for a fresh install.
    let fresh = TestApp::new();
    let mut bad = doc.clone();
    let t0 = bad.tasks.iter_mut().find(|x| x.id == task).unwrap();
    t0.status = TaskStatus::ClosedOut;
    t0.done_on = Some(t0.created_on);
    t0.closed_out_on = Some(t0.created_on);
    let (code, msg) = fresh.err("import_file", json!({"path": write("closed.json", &bad)}));
    assert_eq!(code, "import");
    assert!(msg.contains("closed_out_by") && msg.contains("党建办"), "{msg}");

    // An archived walk whose 核验码 does not match its content.
    let mut bad = doc.clone();
    let w = bad.walks.iter_mut().find(|w| w.id == archived).unwrap();
    w.title = "封存后改过的标题".into();
    let (code, msg) = fresh.err("import_file", json!({"path": write("sealed.json", &bad)}));
    assert_eq!(code, "import");
    assert!(msg.contains("seal_code") && msg.contains("核验码"), "{msg}");
    let departments: Value = fresh.ok("departments", json!({}));
    assert_eq!(departments.as_array().map(Vec::len), Some(0), "a refused file wrote nothing");

    // Changed content under a known id: a conflict, named, in the preview and the import.
    let mut changed = doc.clone();
    changed.walks[0].title = "另一标题".into();
    let path = write("changed.json", &changed);
    let preview: Value = t.ok("preview_import", json!({"path": path}));
    assert_eq!(preview["conflicts"][0]["location"], "walks[0]");
    assert_eq!(t.err("import_file", json!({"path": path})).0, "conflict");
    assert_eq!(lines(), before);
}
