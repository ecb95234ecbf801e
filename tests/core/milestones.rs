//! 整改节点 (milestones) and the 挂图 (wall chart): verbs, refusals, the chart's rows and
//! figures on a hand-computed fixture, replication to the office and authority.

use super::fixture::*;
use super::installs::{as_hacked, office, send, unit};
use walklog::model::*;
use walklog::ops::{ChartFilter, ChartStatus, MilestoneInput};
use walklog::Error;

fn input(name: &str, on: &str) -> MilestoneInput {
    MilestoneInput { id: String::new(), name: name.into(), planned_on: d(on) }
}

fn log_lines(store: &walklog::Store, action: &str) -> i64 {
    store
        .conn()
        .query_row("SELECT count(*) FROM change_log WHERE entity = 'milestone' AND action = ?1", [action], |r| r.get(0))
        .unwrap()
}

fn city_task(city: &mut City, at: &str, deadline: &str) -> Task {
    let walk = city.walked(&city.market.clone(), &city.market_head.clone(), WalkKind::Daily, at);
    let p = city.problem(&walk.id, ProblemCategory::Materials, Nature::Systemic, "申报材料多达 25 份");
    city.task_for(&p.id, deadline)
}

#[test]
fn milestones_are_added_done_with_evidence_undone_and_refused_when_wrong() {
    let mut city = city();
    let task = city_task(&mut city, "2026-03-10T09:00:00+08:00", "2026-06-30");
    let s = &mut city.store;
    let a = s.add_milestone(&task.id, input("  起草方案 ", "2026-04-01")).unwrap();
    assert_eq!(a.name, "起草方案");
    let b = s.add_milestone(&task.id, input("印发实施", "2026-03-20")).unwrap();
    assert_eq!(s.milestones(&task.id).unwrap().iter().map(|m| m.name.as_str()).collect::<Vec<_>>(), ["印发实施", "起草方案"]);
    assert_eq!(log_lines(s, "add"), 2);

    // Bad input: a clear message, nothing written.
    let before = s.milestones(&task.id).unwrap();
    let err = s.add_milestone(&task.id, input("  ", "2026-04-01")).unwrap_err();
    assert_eq!(err.field(), Some("name"));
    assert!(err.message_zh().contains("名称不能为空"), "{}", err.message_zh());
    let err = s.add_milestone(&task.id, input(&"长".repeat(101), "2026-04-01")).unwrap_err();
    assert!(err.message_zh().contains("过长"), "{}", err.message_zh());
    let err = s.add_milestone(&task.id, input("太早", "2026-03-01")).unwrap_err();
    assert_eq!(err.field(), Some("planned_on"));
    assert!(err.message_zh().contains("不能早于任务生成日期"), "{}", err.message_zh());
    let err = s.add_milestone(&task.id, input("太晚", "2028-01-01")).unwrap_err();
    assert_eq!(err.field(), Some("planned_on"));
    let err = s.add_milestone("no-such-task", input("无主", "2026-04-01")).unwrap_err();
    assert_eq!(err.code(), "not_found");
    let err = s.mark_milestone_done(&a.id, "   ").unwrap_err();
    assert_eq!(err.field(), Some("evidence"));
    assert!(err.message_zh().contains("完成佐证"), "{}", err.message_zh());
    assert_eq!(s.milestones(&task.id).unwrap(), before);

    // Done takes the core's today; undo is allowed and logged.
    s.set_clock(Some(ts("2026-03-25T10:00:00+08:00")));
    let done = s.mark_milestone_done(&b.id, "已印发〔2026〕3号文").unwrap();
    assert_eq!(done.done_on, Some(d("2026-03-25")));
    assert_eq!(s.mark_milestone_done(&b.id, "再来").unwrap_err().code(), "transition");
    let undone = s.undo_milestone(&b.id).unwrap();
    assert_eq!(undone.done_on, None);
    assert_eq!(log_lines(s, "undo"), 1);
    s.mark_milestone_done(&b.id, "已印发〔2026〕3号文").unwrap();
    let renamed = s.update_milestone(&a.id, "起草并征求意见", d("2026-04-10")).unwrap();
    assert_eq!((renamed.name.as_str(), renamed.planned_on), ("起草并征求意见", d("2026-04-10")));
    s.delete_milestone(&a.id).unwrap();
    assert_eq!(s.milestone(&a.id).unwrap_err().code(), "not_found");
    assert_eq!(log_lines(s, "delete"), 1);
    // A task with milestones is not deleted behind them.
    assert_eq!(s.delete_task(&task.id).unwrap_err().code(), "transition");
    // The tables match the log.
    assert!(s.check_tables().unwrap().is_empty(), "{:?}", s.check_tables().unwrap());

    // Nothing changes on a 已销号 task.
    s.start_task(&task.id).unwrap();
    s.add_note(&task.id, "已完成整改", None).unwrap();
    s.mark_task_done(&task.id).unwrap();
    let office = city.office.clone();
    city.store.close_out_task(&task.id, &office).unwrap();
    let s = &mut city.store;
    for err in [
        s.add_milestone(&task.id, input("补一个", "2026-04-01")).unwrap_err(),
        s.undo_milestone(&b.id).unwrap_err(),
        s.delete_milestone(&b.id).unwrap_err(),
        s.update_milestone(&b.id, "改名", d("2026-04-01")).unwrap_err(),
    ] {
        assert_eq!(err.code(), "transition");
        assert!(err.message_zh().contains("已销号"), "{}", err.message_zh());
    }
}

#[test]
fn the_chart_has_long_tasks_with_their_milestones_and_the_three_figures() {
    let mut city = city();
    // Raised 2026-03-10 (the walk's day is the core's today in the fixture).
    let on_time = city_task(&mut city, "2026-03-10T09:00:00+08:00", "2026-06-30");
    let late_ms = city_task(&mut city, "2026-03-10T10:00:00+08:00", "2026-06-30");
    let overdue = city_task(&mut city, "2026-03-10T11:00:00+08:00", "2026-04-15");
    let done = city_task(&mut city, "2026-03-10T12:00:00+08:00", "2026-05-31");
    let short = city_task(&mut city, "2026-03-10T13:00:00+08:00", "2026-03-20");
    let s = &mut city.store;
    s.add_milestone(&on_time.id, input("方案", "2026-05-20")).unwrap();
    s.add_milestone(&late_ms.id, input("调研", "2026-04-20")).unwrap();
    s.start_task(&done.id).unwrap();
    s.add_note(&done.id, "完成", None).unwrap();
    s.mark_task_done(&done.id).unwrap();
    s.set_clock(Some(ts("2026-05-10T09:00:00+08:00")));
    let chart = s.chart(&ChartFilter::default()).unwrap();
    // Hand-computed on 2026-05-10: on_time's milestone is ahead (按期); late_ms's milestone of
    // 04-20 is undone (滞后); overdue's deadline passed (滞后); done is 已完成; short (10 days,
    // no milestones) is not a long task.
    let status = |id: &str| chart.rows.iter().find(|r| r.task_id == id).map(|r| r.status);
    assert_eq!(status(&on_time.id), Some(ChartStatus::OnSchedule));
    assert_eq!(status(&late_ms.id), Some(ChartStatus::Behind));
    assert_eq!(status(&overdue.id), Some(ChartStatus::Behind));
    assert_eq!(status(&done.id), Some(ChartStatus::Done));
    assert_eq!(status(&short.id), None);
    assert_eq!((chart.total, chart.on_schedule, chart.behind, chart.done), (4, 1, 2, 1));
    assert_eq!((chart.start, chart.end, chart.today), (d("2026-03-10"), d("2026-06-30"), d("2026-05-10")));
    let row = chart.rows.iter().find(|r| r.task_id == on_time.id).unwrap();
    assert_eq!(row.milestones.iter().map(|m| m.name.as_str()).collect::<Vec<_>>(), ["方案"]);
    assert_eq!(row.department_name, "市市场监管局");
    // Rows by deadline.
    assert_eq!(chart.rows[0].task_id, overdue.id);
    // All tasks, one status, a page.
    let all = s.chart(&ChartFilter { all: true, ..Default::default() }).unwrap();
    assert_eq!(all.total, 5);
    let behind = s.chart(&ChartFilter { chart_status: Some(ChartStatus::Behind), ..Default::default() }).unwrap();
    assert_eq!((behind.total, behind.rows.len()), (2, 2));
    let page = s.chart(&ChartFilter { offset: 1, limit: 2, ..Default::default() }).unwrap();
    assert_eq!((page.total, page.rows.len()), (4, 2));
    let none = s.chart(&ChartFilter { department_id: Some(city.district.clone()), ..Default::default() }).unwrap();
    assert_eq!(none.total, 0);
}

#[test]
fn milestones_replicate_to_the_office_and_only_the_unit_writes_them() {
    let mut office = office();
    let mut u = unit(&mut office, "市市场监管局");
    let (_, _, task) = u.walk_with_task("2026-03-11T10:00:00+08:00");
    let m = u.store.add_milestone(&task.id, input("完成调研", "2026-04-01")).unwrap();
    send(&mut u, &mut office).expect("bundle with a milestone");
    assert_eq!(office.store.milestone(&m.id).unwrap(), m);
    u.store.set_clock(Some(ts("2026-03-20T10:00:00+08:00")));
    let done = u.store.mark_milestone_done(&m.id, "调研报告").unwrap();
    send(&mut u, &mut office).expect("second bundle");
    assert_eq!(office.store.milestone(&m.id).unwrap(), done);
    assert!(office.store.check_tables().unwrap().is_empty());
    // The office may not write another unit's milestones.
    let err = office.store.add_milestone(&task.id, input("党建办代加", "2026-04-02")).unwrap_err();
    assert_eq!(err.code(), "authority", "{err:?}");
    // Nor can a hacked office build slip one in: the unit refuses the line.
    let task_id = task.id.clone();
    as_hacked(&mut office, |s| {
        s.add_milestone(&task_id, MilestoneInput { id: "forged-m".into(), name: "伪造节点".into(), planned_on: d("2026-04-03") }).unwrap();
    });
    let result = send(&mut office, &mut u);
    match result {
        Err(Error::BundleRefused { reasons }) => assert!(reasons.join("；").contains("整改节点"), "{reasons:?}"),
        other => panic!("expected a refused bundle, got {other:?}"),
    }
    assert_eq!(u.store.milestone("forged-m").unwrap_err().code(), "not_found");
}
