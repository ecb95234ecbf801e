//! `walklog history`: a record's 修改记录 as the command line prints it.

use chrono::DateTime;
use std::path::Path;
use std::process::Command;
use walklog::model::*;
use walklog::Store;

fn walklog(db: &Path, args: &[&str]) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_walklog")).arg("--db").arg(db).args(args).output().expect("run walklog");
    (out.status.code().unwrap_or(-1), String::from_utf8_lossy(&out.stdout).into_owned(), String::from_utf8_lossy(&out.stderr).into_owned())
}

fn at(s: &str) -> Timestamp {
    DateTime::parse_from_rfc3339(s).expect("test timestamp")
}

/// A walk, its problem and a task edited after it was marked done; returns (walk, task) ids.
fn build(db: &Path) -> (String, String) {
    let mut store = Store::open(db).unwrap();
    store.set_clock(Some(at("2026-03-10T09:00:00+08:00")));
    store.set_actor("秘书小陈");
    let dept = store.save_department(Department { id: String::new(), name: "市市场监管局".into(), level: DeptLevel::CityDepartment, parent_id: None }).unwrap().id;
    let person = |store: &mut Store, name: &str, role| {
        store.save_person(Person { id: String::new(), name: name.into(), title: String::new(), role, department_id: dept.clone() }).unwrap().id
    };
    let head = person(&mut store, "王局长", Role::Head);
    let owner = person(&mut store, "张科长", Role::Owner);
    let walk = store
        .plan_walk(Walk {
            id: String::new(),
            title: "开办餐饮店体验".into(),
            department_id: dept.clone(),
            leader_id: head,
            kind: WalkKind::Cross,
            manner: None,
            ways: vec![],
            channel: Channel::Hall,
            place_level: PlaceLevel::CityHall,
            place_name: "市民之家".into(),
            matter_ids: vec![],
            companion_ids: vec![],
            incognito: None,
            alias: None,
            planned_date: at("2026-03-10T09:00:00+08:00").date_naive(),
            started_at: None,
            ended_at: None,
            status: WalkStatus::Planned,
            reflection: String::new(),
            suggestions: 0,
            questionnaires: 0,
            coordinated: 0,
            seal_code: None,
            capture: Default::default(),
        })
        .unwrap();
    store.start_walk(&walk.id).unwrap();
    store.complete_walk(&walk.id).unwrap();
    let problem = store
        .record_problem(Problem {
            id: String::new(),
            walk_id: Some(walk.id.clone()),
            department_id: String::new(),
            source: ProblemSource::Walk,
            work_order_no: None,
            step_id: None,
            category: ProblemCategory::Materials,
            standards: vec![],
            severity: Severity::Minor,
            nature: Nature::Systemic,
            description: "申报材料多".into(),
            on_spot_action: None,
            resolved_on: None,
            found_on: at("2026-03-10T09:00:00+08:00").date_naive(),
        })
        .unwrap();
    let deadline = at("2026-04-30T00:00:00+08:00").date_naive();
    let task = store.raise_task(Task::new(vec![problem.id], "精简申报材料", dept, owner, deadline)).unwrap();
    store.add_note(&task.id, "已精简", None).unwrap();
    let done = store.mark_task_done(&task.id).unwrap();
    store.set_clock(Some(at("2026-03-12T10:30:00+08:00")));
    store.update_task(Task { measure: "精简申报材料，推行告知承诺制".into(), ..done }).unwrap();
    (walk.id, task.id)
}

#[test]
fn history_prints_changes_and_marks_late_edits() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("walklog.db");
    let (walk, task) = build(&db);

    let (code, out, err) = walklog(&db, &["history", "整改任务", &task]);
    assert_eq!(code, 0, "{out}\n{err}");
    assert!(out.contains("修改记录（共 3 条，其中事后修改 1 条）"), "{out}");
    assert!(out.contains("2026-03-12 10:30  秘书小陈  修改  「事后修改」任务标记完成后修改"), "{out}");
    assert!(out.contains("整改措施：精简申报材料 → 精简申报材料，推行告知承诺制"), "{out}");
    assert!(out.contains("责任人：张科长"), "{out}");
    assert!(out.contains("状态：待整改 → 已完成待销号"), "{out}");

    // --json is the core's value; a walk is found by its title too.
    let (code, out, _) = walklog(&db, &["--json", "history", "walk", "开办餐饮店体验"]);
    assert_eq!(code, 0);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["id"], walk.as_str());
    assert_eq!(v["entries"].as_array().map(Vec::len), Some(3));
    assert_eq!(v["entries"][2]["action_zh"], "结束体验");

    let (code, _, err) = walklog(&db, &["history", "单位", &task]);
    assert_eq!(code, 1);
    assert!(err.starts_with("错误[validation]") && err.contains("体验、问题、整改任务"), "{err}");
    let (code, _, err) = walklog(&db, &["history", "task", "没有这个编号"]);
    assert_eq!(code, 1);
    assert!(err.starts_with("错误[not_found]"), "{err}");
}

#[test]
fn history_help_is_chinese() {
    let dir = tempfile::tempdir().unwrap();
    let (code, out, err) = walklog(&dir.path().join("h.db"), &["history", "--help"]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("用法：") && out.contains("类型") && out.contains("编号") && !out.contains("Usage"), "{out}");
}
