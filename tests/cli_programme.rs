//! `walklog plan`, `task supervise`, `remind` and the 督办单 / 周报 exports through the built
//! binary. The records are laid down by the core at a pinned past clock (so a task is overdue
//! and a walk done); the commands then run on the real clock, as a script would.

use chrono::{DateTime, Datelike};
use serde_json::Value;
use std::path::Path;
use std::process::Command;
use walklog::model::*;
use walklog::Store;

fn walklog(db: &Path, args: &[&str]) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_walklog")).arg("--db").arg(db).args(args).output().expect("run walklog");
    (out.status.code().unwrap_or(-1), String::from_utf8_lossy(&out.stdout).into_owned(), String::from_utf8_lossy(&out.stderr).into_owned())
}

fn ok(db: &Path, args: &[&str]) -> Value {
    let mut all = vec!["--json"];
    all.extend_from_slice(args);
    let (code, out, err) = walklog(db, &all);
    assert_eq!(code, 0, "walklog {args:?} failed:\n{out}\n{err}");
    serde_json::from_str(&out).unwrap_or_else(|e| panic!("no JSON from {args:?} ({e}): {out}"))
}

fn refused(db: &Path, args: &[&str], code: &str) -> String {
    let mut all = vec!["--json"];
    all.extend_from_slice(args);
    let (status, out, err) = walklog(db, &all);
    assert_eq!(status, 1, "walklog {args:?} should fail:\n{out}\n{err}");
    let e: Value = serde_json::from_str(err.trim()).unwrap_or_else(|x| panic!("no JSON error ({x}): {err}"));
    assert_eq!(e["code"], code, "{e}");
    e["message_zh"].as_str().unwrap_or_default().to_string()
}

fn pdf_text(pdf: &Path) -> String {
    let out = Command::new("pdftotext").args(["-enc", "UTF-8", "-layout"]).arg(pdf).arg("-").output().expect("pdftotext (poppler-utils) is needed");
    assert!(out.status.success());
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// A unit with its head, an owner and a 党建办 person; one walk done in March 2026 and a task
/// due at the end of March, so overdue on any later day.
fn build(db: &Path) -> String {
    let mut store = Store::open(db).unwrap();
    store.set_clock(Some(DateTime::parse_from_rfc3339("2026-03-10T09:00:00+08:00").unwrap()));
    store.set_actor("秘书小陈");
    let dept = store.save_department(Department { id: String::new(), name: "市市场监管局".into(), level: DeptLevel::CityDepartment, parent_id: None }).unwrap().id;
    let person = |store: &mut Store, name: &str, role| {
        store.save_person(Person { id: String::new(), name: name.into(), title: String::new(), role, department_id: dept.clone() }).unwrap().id
    };
    let head = person(&mut store, "王局长", Role::Head);
    let owner = person(&mut store, "张科长", Role::Owner);
    person(&mut store, "刘主任", Role::Office);
    let walk = store
        .plan_walk(Walk {
            id: String::new(),
            title: "开办餐饮店受理体验".into(),
            department_id: dept.clone(),
            leader_id: head,
            kind: WalkKind::Acceptance,
            manner: None,
            ways: vec![],
            channel: Channel::Hall,
            place_level: PlaceLevel::CityHall,
            place_name: "市民之家".into(),
            matter_ids: vec![],
            companion_ids: vec![],
            incognito: None,
            alias: None,
            planned_date: chrono::NaiveDate::from_ymd_opt(2026, 3, 10).unwrap(),
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
            description: "营业执照复印件重复提交".into(),
            on_spot_action: None,
            resolved_on: None,
            found_on: chrono::NaiveDate::from_ymd_opt(2026, 3, 10).unwrap(),
        })
        .unwrap();
    store
        .raise_task(Task::new(vec![problem.id], "取消复印件，改为系统共享核验", dept, owner, chrono::NaiveDate::from_ymd_opt(2026, 3, 31).unwrap()))
        .unwrap()
        .id
}

#[test]
fn plans_supervision_reminders_and_their_records_from_the_command_line() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("walklog.db");
    let task = build(&db);
    let today = chrono::Local::now().date_naive();
    let (year, quarter) = (today.year().to_string(), ((today.month() - 1) / 3 + 1).to_string());

    // A plan for this quarter, its list and the office's overview.
    let plan = ok(&db, &["plan", "add", "--leader", "王局长", "--year", &year, "--quarter", &quarter, "--daily", "1", "--cross", "1", "--places", "市民之家"]);
    assert_eq!(plan["daily"], 1);
    let msg = refused(&db, &["plan", "add", "--leader", "王局长", "--year", &year, "--quarter", &quarter, "--daily", "1"], "validation");
    assert!(msg.contains("已有计划"), "{msg}");
    assert!(refused(&db, &["plan", "add", "--leader", "张科长", "--year", &year, "--daily", "1"], "validation").contains("不是一把手"));
    let list = ok(&db, &["plan", "list"]);
    assert_eq!(list.as_array().unwrap().len(), 1);
    assert_eq!(list[0]["planned"], 2);
    let overview = ok(&db, &["plan", "overview"]);
    assert_eq!((overview["heads"].as_array().unwrap().len(), overview["without_plan"].as_u64()), (1, Some(0)));
    let (_, text, _) = walklog(&db, &["plan", "overview"]);
    assert!(text.contains("计划完成率 0.0%"), "{text}");
    // One click: a planned walk of the plan, today.
    let walk = ok(&db, &["plan", "walk", plan["id"].as_str().unwrap(), "--kind", "日常体验", "--date", &today.to_string()]);
    assert_eq!((walk["status"].as_str(), walk["kind"].as_str()), (Some("planned"), Some("daily")));

    // 督办 by the office only, then shown with the task.
    let until = (today + chrono::Days::new(10)).to_string();
    let msg = refused(&db, &["--as", "张科长", "task", "supervise", &task, "--note", "请抓紧", "--until", &until], "authority");
    assert!(msg.contains("张科长"), "{msg}");
    assert!(refused(&db, &["--as", "刘主任", "task", "supervise", &task, "--note", "请抓紧", "--until", "2099-01-01"], "validation").contains("一年"));
    let s = ok(&db, &["--as", "刘主任", "task", "supervise", &task, "--note", "逾期未完成，请限期整改到位", "--until", &until]);
    assert_eq!(s["required_by"], until.as_str());
    let shown = ok(&db, &["task", "show", &task]);
    assert_eq!(shown["supervisions"].as_array().unwrap().len(), 1);
    let (_, text, _) = walklog(&db, &["task", "show", &task]);
    assert!(text.contains("督办 第 1 次"), "{text}");

    // The reminders: the overdue task (under 督办) and the walk planned today.
    let r = ok(&db, &["remind"]);
    let kinds: Vec<&str> = r["items"].as_array().unwrap().iter().filter_map(|i| i["kind"].as_str()).collect();
    // The task under 督办 is reminded of once, as 督办, by its 督办时限.
    assert!(kinds.contains(&"supervised") && kinds.contains(&"walk_this_week") && !kinds.contains(&"task_overdue"), "{kinds:?}");
    let (code, text, _) = walklog(&db, &["remind"]);
    assert_eq!(code, 0);
    assert!(text.contains("【督办任务】距督办时限还有 10 天：取消复印件"), "{text}");

    // The 督办单 and the 周报 as PDFs.
    let sheet = dir.path().join("督办单.pdf");
    assert_eq!(ok(&db, &["export", "supervision", "--out", sheet.to_str().unwrap()])["pages"], 1, "one page per task");
    let t = pdf_text(&sheet);
    for want in ["整改任务督办单", "取消复印件，改为系统共享核验", "原定整改时限", "2026年3月31日", "第 1 次督办时限", "逾期未完成，请限期整改到位"] {
        assert!(t.contains(want), "督办单 lacks {want}:\n{t}");
    }
    let weekly = dir.path().join("周报.pdf");
    assert_eq!(ok(&db, &["export", "weekly", "--week", "2026-03-10", "--out", weekly.to_str().unwrap()])["pages"], 1, "the 周报 is one page");
    let t = pdf_text(&weekly);
    for want in ["工作周报", "2026年3月9日 至 2026年3月15日", "完成走流程体验 1 次", "新建整改任务 1 项"] {
        assert!(t.split_whitespace().collect::<String>().contains(&want.split_whitespace().collect::<String>()), "周报 lacks {want}:\n{t}");
    }
    let msg = refused(&db, &["export", "weekly", "--week", "2026-02-30", "--out", weekly.to_str().unwrap()], "validation");
    assert!(!msg.is_empty());
}
