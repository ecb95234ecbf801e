//! 修改记录: a record's history from the change log, with edits after the fact flagged.

use crate::fixture::*;
use walklog::model::*;

fn city_with_task() -> (City, Task) {
    let mut city = city();
    let walk = city.walked(&city.market.clone(), &city.market_head.clone(), WalkKind::Daily, "2026-03-10T09:00:00+08:00");
    let p = city.problem(&walk.id, ProblemCategory::Materials, Nature::Systemic, "申报材料多达 25 份");
    let task = city.task_for(&p.id, "2026-04-30");
    (city, task)
}

#[test]
fn a_task_edited_before_and_after_done_flags_only_the_later_edit() {
    let (mut city, task) = city_with_task();
    city.store.set_clock(Some(ts("2026-03-11T09:00:00+08:00")));
    city.store.update_task(Task { measure: "推行告知承诺制".into(), ..task.clone() }).unwrap();
    city.store.start_task(&task.id).unwrap();
    city.store.add_note(&task.id, "已起草方案", None).unwrap();
    city.store.set_clock(Some(ts("2026-03-12T09:00:00+08:00")));
    let done = city.store.mark_task_done(&task.id).unwrap();
    city.store.set_clock(Some(ts("2026-03-13T09:00:00+08:00")));
    city.store.update_task(Task { deadline: d("2026-05-31"), ..done }).unwrap();
    city.store.close_out_task(&task.id, &city.office).unwrap();

    let h = city.store.record_history("整改任务", &task.id).unwrap();
    assert_eq!((h.entity.as_str(), h.entity_zh.as_str()), ("task", "整改任务"));
    let actions: Vec<&str> = h.entries.iter().map(|e| e.action.as_str()).collect();
    assert_eq!(actions, ["raise", "update", "start", "done", "update", "close_out"]);
    let late: Vec<bool> = h.entries.iter().map(|e| e.late).collect();
    assert_eq!(late, [false, false, false, false, true, false], "only the edit after 完成 is late; 销号 is the verdict");
    assert_eq!(h.late_count, 1);

    // The first line says what it was raised with, in words.
    let raise = &h.entries[0];
    assert_eq!(raise.action_zh, "立项");
    let owner = raise.changes.iter().find(|c| c.field == "owner_id").expect("owner listed");
    assert_eq!((owner.field_zh.as_str(), owner.before.as_deref(), owner.after.as_deref()), ("责任人", None, Some("张科长")));
    assert!(raise.changes.iter().any(|c| c.field == "status" && c.after.as_deref() == Some("待整改")));
    assert!(raise.changes.iter().all(|c| c.field != "id"), "ids are noise");

    let edit = &h.entries[1];
    assert_eq!(edit.changes.len(), 1, "{:?}", edit.changes);
    assert_eq!(edit.changes[0].field_zh, "整改措施");
    assert_eq!(edit.changes[0].before.as_deref(), Some("精简申报材料，推行告知承诺制"));
    assert_eq!(edit.changes[0].after.as_deref(), Some("推行告知承诺制"));
    assert_eq!(edit.actor, "测试员");

    let done = &h.entries[3];
    assert!(done.changes.iter().any(|c| c.field == "status" && c.before.as_deref() == Some("整改中") && c.after.as_deref() == Some("已完成待销号")));

    let late_edit = &h.entries[4];
    assert_eq!(late_edit.late_reason_zh.as_deref(), Some("任务标记完成后修改"));
    assert_eq!(late_edit.changes.len(), 1);
    assert_eq!((late_edit.changes[0].before.as_deref(), late_edit.changes[0].after.as_deref()), (Some("2026-04-30"), Some("2026-05-31")));
    assert!(h.entries[5].changes.iter().any(|c| c.field == "closed_out_by" && c.after.as_deref() == Some("党建办刘主任")));
}

#[test]
fn a_step_retimed_after_the_walk_ended_is_late() {
    let mut city = city();
    let walk = city.walked(&city.market.clone(), &city.market_head.clone(), WalkKind::Daily, "2026-03-10T09:00:00+08:00");
    let step = city.store.steps(&walk.id).unwrap().remove(0);
    city.store.set_clock(Some(ts("2026-03-10T15:00:00+08:00")));
    city.store
        .retime_step(&step.id, ts("2026-03-10T08:50:00+08:00"), Some(ts("2026-03-10T09:00:00+08:00")))
        .unwrap();

    let h = city.store.record_history("walk", &walk.id).unwrap();
    let actions: Vec<(&str, &str)> = h.entries.iter().map(|e| (e.entity.as_str(), e.action.as_str())).collect();
    assert_eq!(actions, [("walk", "plan"), ("walk", "start"), ("step", "start"), ("step", "finish"), ("walk", "complete"), ("step", "retime")]);
    assert_eq!(h.late_count, 1);
    let retime = h.entries.last().unwrap();
    assert!(retime.late);
    assert_eq!(retime.subject_zh, "第1环节（取号）");
    assert_eq!(retime.action_zh, "修改时间");
    assert!(retime.late_reason_zh.as_deref().unwrap_or("").contains("体验结束（2026-03-10 09:00）"), "{retime:?}");
    let started = retime.changes.iter().find(|c| c.field == "started_at").expect("start changed");
    assert_eq!((started.before.as_deref(), started.after.as_deref()), (Some("2026-03-10 09:00"), Some("2026-03-10 08:50")));
    // How its time was recorded changed too: from live to corrected, with the original.
    let capture = retime.changes.iter().find(|c| c.field == "capture").expect("capture changed");
    assert_eq!(capture.field_zh, "记录方式");
    assert_eq!(capture.before.as_deref(), Some("现场记录"));
    assert_eq!(capture.after.as_deref(), Some("现场记录，2026-03-10 15:00 修改时间（原 2026-03-10 09:00 起）"));
    // The walk's first line reads in words: enums by their labels, lists joined with 、.
    let plan = &h.entries[0];
    assert!(plan.changes.iter().any(|c| c.field_zh == "体验方式" && c.after.as_deref() == Some("日常体验")));
    assert!(plan.changes.iter().any(|c| c.field == "incognito" && c.after.as_deref() == Some("不亮身份、不打招呼、不安排陪同")));
    assert!(plan.changes.iter().any(|c| c.field == "matter_ids" && c.after.as_deref() == Some("开办餐饮店")));

    // A problem recorded during the walk is on time; one edited after the end is late.
    city.store.set_clock(Some(ts("2026-03-10T09:00:00+08:00")));
    let p = city.problem(&walk.id, ProblemCategory::Materials, Nature::Systemic, "申报材料多");
    city.store.set_clock(Some(ts("2026-03-11T09:00:00+08:00")));
    city.store.update_problem(Problem { severity: Severity::Major, ..p.clone() }).unwrap();
    let h = city.store.record_history("问题", &p.id).unwrap();
    assert_eq!(h.entries.iter().map(|e| e.late).collect::<Vec<_>>(), [false, true]);
    let sev = &h.entries[1].changes;
    assert_eq!(sev.len(), 1, "{sev:?}");
    assert_eq!((sev[0].before.as_deref(), sev[0].after.as_deref()), (Some("一般"), Some("较重")));
}

#[test]
fn unknown_kinds_and_records_are_refused_in_chinese() {
    let (city, task) = city_with_task();
    let err = city.store.record_history("单位", &task.id).unwrap_err();
    assert_eq!((err.code(), err.field()), ("validation", Some("entity")));
    assert!(err.message_zh().contains("体验、问题、整改任务"), "{}", err.message_zh());
    let err = city.store.record_history("task", "no-such-task").unwrap_err();
    assert_eq!(err.code(), "not_found");
}

#[test]
fn two_hundred_changes_all_come_back() {
    let (mut city, mut task) = city_with_task();
    for i in 0..200 {
        task = city.store.update_task(Task { measure: format!("第{i}版整改措施：{}", "很长的说明".repeat(20)), ..task }).unwrap();
    }
    let h = city.store.record_history("task", &task.id).unwrap();
    assert_eq!(h.entries.len(), 201);
    let last = &h.entries[200].changes[0];
    assert!(last.after.as_deref().unwrap_or("").ends_with('…'), "long text is clipped: {last:?}");
    assert!(last.after.as_deref().unwrap_or("").chars().count() <= 61);
}

#[test]
fn a_deleted_step_stays_in_its_walks_history() {
    let mut city = city();
    let walk = city.walked(&city.market.clone(), &city.market_head.clone(), WalkKind::Daily, "2026-03-10T09:00:00+08:00");
    let step = city.store.steps(&walk.id).unwrap().remove(0);
    city.store.set_clock(Some(ts("2026-03-10T15:00:00+08:00")));
    city.store.delete_step(&step.id).unwrap();
    let h = city.store.record_history("walk", &walk.id).unwrap();
    let last = h.entries.last().unwrap();
    assert_eq!((last.entity.as_str(), last.action.as_str(), last.action_zh.as_str()), ("step", "delete", "删除"));
    assert_eq!(last.subject_zh, "第1环节（取号）");
    assert!(last.late, "deleted after the walk ended");
    assert_eq!(h.entries.iter().filter(|e| e.entity == "step").count(), 3, "start, finish and delete");
}
