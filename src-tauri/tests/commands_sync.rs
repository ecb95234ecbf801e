//! Many installs, one programme, through the commands the UI calls: an office and a unit, each
//! an app of its own in its own folder, set up on their first-run screens, enrolled, exchanging
//! 报送包 files; the unit cannot 销号, a tampered bundle is refused with every reason, and a
//! crossing edit and 销号 is a conflict resolved on screen.
mod common;

use common::{Fixture, TestApp};
use serde_json::{json, Value};

/// Sets an app up as 单位端 or 党建办端 with a new unit and its user; returns the identity view.
fn init(t: &TestApp, role: &str, unit: &str, user: &str, user_role: &str) -> Value {
    let level = if role == "office" { "district" } else { "city_department" };
    t.ok("init_identity", json!({"request": {
        "role": role, "department_id": null, "department_name": unit, "department_level": level,
        "user_id": null, "user_name": user, "user_title": "", "user_role": user_role}}))
}

/// The unit's directory: its unit, head (the current user), an owner and, to show that a 党建办
/// person on a unit's install still cannot 销号, someone with the office role.
fn unit_fixture(t: &TestApp, view: &Value) -> Fixture {
    let dept = view["identity"]["department_id"].as_str().unwrap().to_string();
    let me: Value = t.ok("current_user", json!({}));
    let person = |name: &str, role: &str| -> String {
        let p: Value = t.ok("save_person", json!({"person": {
            "id": "", "name": name, "title": "", "role": role, "department_id": dept}}));
        p["id"].as_str().unwrap().to_string()
    };
    Fixture { head: me["id"].as_str().unwrap().to_string(), owner: person("李华", "owner"), office: person("王芳", "office"), dept }
}

/// A completed walk with a 复杂共性 problem and its task, done with a note; returns the task id.
fn done_task(t: &TestApp, fx: &Fixture) -> String {
    let walk = t.plan_walk(fx, "体验企业开办");
    let _: Value = t.ok("start_walk", json!({"walk_id": walk}));
    let _: Value = t.ok("next_step", json!({"walk_id": walk, "name": "取号", "place": "一楼"}));
    let _: Value = t.ok("complete_walk", json!({"walk_id": walk}));
    let p: Value = t.ok("record_problem", json!({"problem": {
        "id": "", "walk_id": walk, "step_id": null, "category": "process", "standards": [],
        "severity": "major", "nature": "systemic", "description": "材料要求反复提交",
        "on_spot_action": null, "resolved_on": null, "found_on": "2026-05-06"}}));
    let task: Value = t.ok("save_task", json!({"task": {
        "id": "", "problem_ids": [p["id"]], "measure": "一次告知所需材料", "department_id": fx.dept,
        "owner_id": fx.owner, "deadline": "2026-12-31", "status": "open", "matter_id": null,
        "before": null, "after": null,
        "outcomes": {"process_optimised": true, "time_compressed": false, "policy_issued": false},
        "sent_back_reason": null, "done_on": null, "closed_out_on": null, "created_on": "2026-05-06"}}));
    let id = task["id"].as_str().unwrap().to_string();
    let _: Value = t.ok("add_note", json!({"task_id": id, "text": "已印发一次性告知单"}));
    let done: Value = t.ok("mark_task_done", json!({"task_id": id}));
    assert_eq!(done["status"], "done");
    id
}

/// An office and an enrolled unit holding the office's roster, set up through the commands.
fn office_and_unit() -> (TestApp, TestApp, Value) {
    let office = TestApp::new();
    let unit = TestApp::new();
    let state: Value = office.ok("install_state", json!({}));
    assert_eq!((state["identity"].clone(), state["empty"].clone()), (Value::Null, json!(true)), "{state}");
    init(&office, "office", "市委党建办", "赵敏", "office");
    let uview = init(&unit, "unit", "市市场监管局", "张明", "head");

    let enrol = unit.dir.path().join("登记.json");
    let written: Value = unit.ok("enrolment_export", json!({"path": enrol.display().to_string()}));
    assert_eq!(written["path"], enrol.display().to_string());
    let entry: Value = office.ok("roster_enrol", json!({"path": enrol.display().to_string()}));
    assert_eq!(entry["status"], "pending");
    assert_eq!(entry["fingerprint"], uview["fingerprint"], "the office sees the fingerprint the unit reads out");
    let approved: Value = office.ok("roster_approve", json!({"install_id": entry["install_id"]}));
    assert_eq!(approved["status"], "approved");
    let list: Vec<Value> = office.ok("roster", json!({}));
    assert_eq!(list.len(), 1);

    // The roster file into the exports folder (no path chosen), then imported by the unit.
    let roster: Value = office.ok("roster_export", json!({"path": null}));
    let roster_path = roster["path"].as_str().unwrap().to_string();
    assert!(roster_path.contains("exports") && roster_path.ends_with(".json"), "{roster_path}");
    let pinned: Value = unit.ok("roster_import", json!({"path": roster_path}));
    assert_eq!(pinned["pinned_now"], true);
    assert_eq!(pinned["office_department"], "市委党建办");
    (office, unit, uview)
}

#[test]
fn first_run_sets_the_identity_once_and_the_state_says_so() {
    let t = TestApp::new();
    let view = init(&t, "unit", "市医疗保障局", "周敏", "head");
    assert_eq!(view["identity"]["role"], "unit");
    assert_eq!(view["department_name"], "市医疗保障局");
    let fp = view["fingerprint"].as_str().unwrap();
    assert_eq!(fp.split('-').count(), 5, "five groups to read by phone: {fp}");
    assert!(view["key_file"].as_str().unwrap().starts_with(&t.dir.path().display().to_string()));
    let me: Value = t.ok("current_user", json!({}));
    assert_eq!(me["name"], "周敏");
    let state: Value = t.ok("install_state", json!({}));
    assert_eq!(state["identity"]["identity"]["install_id"], view["identity"]["install_id"]);
    assert_eq!((state["empty"].clone(), state["conflicts"].clone()), (json!(false), json!(0)));

    let (code, msg) = t.err("init_identity", json!({"request": {"role": "office", "department_name": "又一个"}}));
    assert_eq!(code, "identity");
    assert!(msg.contains("已设置"), "{msg}");
    // No role chosen: refused beside the role field.
    let other = TestApp::new();
    let e = other.invoke("init_identity", json!({"request": {"department_name": "某单位"}})).unwrap_err();
    assert_eq!((e["code"].as_str(), e["field"].as_str()), (Some("validation"), Some("role")));
    // The demo leaves an install stand-alone, and says it is the demo.
    let _: Value = other.ok("load_demo", json!({}));
    let state: Value = other.ok("install_state", json!({}));
    assert_eq!((state["identity"].clone(), state["empty"].clone(), state["demo"].clone()), (Value::Null, json!(false), json!(true)));
}

#[test]
fn units_report_by_bundle_the_office_closes_out_and_a_unit_cannot() {
    let (office, unit, _) = office_and_unit();
    let fx = unit_fixture(&unit, &unit.ok::<Value>("install_state", json!({}))["identity"]);
    let task = done_task(&unit, &fx);

    // On the unit's install nobody closes out or sends back, not even a 党建办 person.
    let _: Value = unit.ok("set_current_user", json!({"person_id": fx.office}));
    let (code, msg) = unit.err("close_out_task", json!({"task_id": task}));
    assert_eq!(code, "authority", "{msg}");
    assert!(msg.contains("单位端"), "{msg}");
    assert_eq!(unit.err("send_back_task", json!({"task_id": task, "reason": "不行"})).0, "authority");

    // What the bundle will hold, then the bundle into a chosen folder under its own name.
    let preview: Value = unit.ok("bundle_preview", json!({"to": null}));
    assert_eq!(preview["to_department"], "市委党建办");
    assert_eq!((preview["summary"]["walks"].clone(), preview["summary"]["problems"].clone(), preview["summary"]["tasks"].clone()), (json!(1), json!(1), json!(1)));
    assert_eq!(preview["path"], "");
    let folder = unit.dir.path().join("U盘");
    std::fs::create_dir(&folder).unwrap();
    let sent: Value = unit.ok("bundle_export", json!({"to": null, "path": folder.display().to_string()}));
    let path = std::path::PathBuf::from(sent["path"].as_str().unwrap());
    assert_eq!(path.parent(), Some(folder.as_path()));
    let name = path.file_name().unwrap().to_string_lossy().to_string();
    assert!(name.starts_with("报送包_市市场监管局至市委党建办_第1号_") && name.ends_with(".wlbundle"), "{name}");
    assert_eq!(sent["counter"], 1);
    assert!(sent["bytes"].as_u64().unwrap() > 0);
    // A file name that is not a bundle's is refused.
    let e = unit.invoke("bundle_export", json!({"to": null, "path": folder.join("x.txt").display().to_string()})).unwrap_err();
    assert_eq!((e["code"].as_str(), e["field"].as_str()), (Some("validation"), Some("path")));

    let report: Value = office.ok("bundle_import", json!({"path": path.display().to_string()}));
    assert!(report["inserted"].as_u64().unwrap() > 0, "{report}");
    assert_eq!(report["conflicts"], json!([]));
    assert_eq!(report["from_department"], "市市场监管局");
    let again: Value = office.ok("bundle_import", json!({"path": path.display().to_string()}));
    assert_eq!((again["already_received"].clone(), again["inserted"].clone()), (json!(true), json!(0)));

    // The office closes out; its bundle, addressed by the unit's name, brings the verdict back.
    let me: Value = office.ok("current_user", json!({}));
    assert_eq!(me["role"], "office");
    let closed: Value = office.ok("close_out_task", json!({"task_id": task}));
    assert_eq!(closed["status"], "closed_out");
    let back: Value = office.ok("bundle_export", json!({"to": "市市场监管局", "path": null}));
    assert!(back["path"].as_str().unwrap().contains("exports"), "{back}");
    let at_unit: Value = unit.ok("bundle_import", json!({"path": back["path"]}));
    assert_eq!(at_unit["updated"], 1, "{at_unit}");
    let detail: Value = unit.ok("task_detail", json!({"task_id": task}));
    assert_eq!(detail["task"]["status"], "closed_out");

    let status: Vec<Value> = office.ok("bundle_status", json!({}));
    let peer = status.iter().find(|p| p["department_name"] == "市市场监管局").expect("the unit is a peer");
    assert_eq!((peer["received_counter"].clone(), peer["sent_counter"].clone()), (json!(1), json!(1)));
    assert_eq!(peer["reported_this_month"], true);
    assert!(peer["received_at"].is_string());
}

#[test]
fn a_tampered_bundle_is_refused_with_its_reasons_and_changes_nothing() {
    let (office, unit, _) = office_and_unit();
    let fx = unit_fixture(&unit, &unit.ok::<Value>("install_state", json!({}))["identity"]);
    done_task(&unit, &fx);
    let sent: Value = unit.ok("bundle_export", json!({"to": null, "path": unit.dir.path().join("a.wlbundle").display().to_string()}));
    let mut bytes = std::fs::read(sent["path"].as_str().unwrap()).unwrap();
    let at = bytes.len() / 2;
    bytes[at] ^= 0x01;
    let bad = unit.dir.path().join("改过.wlbundle");
    std::fs::write(&bad, &bytes).unwrap();

    let walks_before: Vec<Value> = office.ok("walks", json!({"filter": {}}));
    let e = office.invoke("bundle_import", json!({"path": bad.display().to_string()})).unwrap_err();
    assert_eq!(e["code"], "bundle_refused", "{e}");
    assert!(e["message_zh"].as_str().unwrap().contains("没有任何改动"), "{e}");
    let reasons = e["reasons"].as_array().expect("each reason on its own");
    assert!(!reasons.is_empty() && reasons.iter().all(|r| r.as_str().is_some_and(|r| !r.is_empty())), "{e}");
    let walks_after: Vec<Value> = office.ok("walks", json!({"filter": {}}));
    assert_eq!(walks_after.len(), walks_before.len());
    // Other errors carry no reasons list.
    let e = office.invoke("bundle_import", json!({"path": ""})).unwrap_err();
    assert_eq!((e["code"].as_str(), e.get("reasons")), (Some("validation"), None));
}

#[test]
fn a_close_out_crossing_a_unit_edit_is_a_conflict_resolved_field_by_field() {
    let (office, unit, _) = office_and_unit();
    let fx = unit_fixture(&unit, &unit.ok::<Value>("install_state", json!({}))["identity"]);
    let task = done_task(&unit, &fx);
    let first: Value = unit.ok("bundle_export", json!({"to": null, "path": null}));
    let _: Value = office.ok("bundle_import", json!({"path": first["path"]}));

    // Crossing in the post: the office closes out, the unit edits the measure.
    office.set_now("2026-05-07T09:00:00+08:00");
    let _: Value = office.ok("close_out_task", json!({"task_id": task}));
    unit.set_now("2026-05-08T09:00:00+08:00");
    let mut edited = unit.ok::<Value>("task_detail", json!({"task_id": task}))["task"].clone();
    edited["measure"] = json!("一次告知所需材料，并公开办事指南");
    let _: Value = unit.ok("save_task", json!({"task": edited}));
    let second: Value = unit.ok("bundle_export", json!({"to": null, "path": null}));
    office.set_now("2026-05-09T09:00:00+08:00");
    let report: Value = office.ok("bundle_import", json!({"path": second["path"]}));
    assert_eq!(report["conflicts"].as_array().map(Vec::len), Some(1), "{report}");
    assert_eq!(report["conflicts"][0]["entity_zh"], "整改任务");
    assert_eq!(office.ok::<Value>("install_state", json!({}))["conflicts"], 1);

    let list: Vec<Value> = office.ok("conflicts", json!({}));
    let c = &list[0];
    assert_eq!((c["entity"].as_str(), c["id"].as_str()), (Some("task"), Some(task.as_str())));
    let versions = c["versions"].as_array().unwrap();
    assert_eq!(versions.iter().filter(|v| v["current"] == true).count(), 1);
    let mine = versions.iter().find(|v| v["origin_name"] == "本机").expect("the office's own version");
    let theirs = versions.iter().find(|v| v["origin_name"] == "市市场监管局").expect("the unit's version");
    let measure = c["fields"].as_array().unwrap().iter().find(|f| f["field"] == "measure").expect("measure differs");
    assert!(measure["values"].as_array().unwrap().contains(&json!("一次告知所需材料，并公开办事指南")));

    // Keep the office's version (its 销号), take the unit's measure.
    let left: Vec<Value> = office.ok("resolve_conflict", json!({
        "entity": "task", "id": task, "keep": mine["version"], "picks": {"measure": theirs["version"]}}));
    assert!(left.is_empty());
    assert_eq!(office.ok::<Value>("install_state", json!({}))["conflicts"], 0);
    let t: Value = office.ok::<Value>("task_detail", json!({"task_id": task}))["task"].clone();
    assert_eq!((t["status"].as_str(), t["measure"].as_str()), (Some("closed_out"), Some("一次告知所需材料，并公开办事指南")));
    // A version that is not one of the record's is refused.
    let e = office.invoke("resolve_conflict", json!({"entity": "task", "id": task, "keep": "nope", "picks": null})).unwrap_err();
    assert_eq!(e["code"], "not_found", "{e}");
}
