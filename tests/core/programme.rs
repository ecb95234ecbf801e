//! Keeping the programme moving (issue 13): walk plans and 计划完成率, the office's 督办, and
//! reminders on a pinned clock.

use super::fixture::{city, d, ts, City};
use walklog::model::*;
use walklog::ops::plans::completion_rate;
use walklog::remind::ReminderSettings;

fn plan(leader: &str, dept: &str, quarter: Option<u8>, daily: u32, cross: u32, acceptance: u32) -> WalkPlan {
    WalkPlan {
        id: String::new(),
        department_id: dept.into(),
        leader_id: leader.into(),
        year: 2026,
        quarter,
        daily,
        cross,
        acceptance,
        matter_ids: vec![],
        places: String::new(),
        note: String::new(),
    }
}

/// Q1 2026: the market head plans 2 日常 + 1 交叉 and walks 3 日常; the district head plans 2 受理
/// and walks 1; the street head plans nothing and walks nothing.
fn planned_city() -> (City, WalkPlan, WalkPlan) {
    let mut c = city();
    let (market, market_head, district, district_head) = (c.market.clone(), c.market_head.clone(), c.district.clone(), c.district_head.clone());
    let a = c.store.save_plan(plan(&market_head, &market, Some(1), 2, 1, 0)).expect("plan a");
    let b = c.store.save_plan(plan(&district_head, &district, Some(1), 0, 0, 2)).expect("plan b");
    c.walked(&market, &market_head, WalkKind::Daily, "2026-01-15T09:00:00+08:00");
    c.walked(&market, &market_head, WalkKind::Daily, "2026-02-10T09:00:00+08:00");
    c.walked(&market, &market_head, WalkKind::Daily, "2026-03-05T09:00:00+08:00");
    c.walked(&district, &district_head, WalkKind::Acceptance, "2026-02-01T09:00:00+08:00");
    // Outside the quarter: not counted.
    c.walked(&market, &market_head, WalkKind::Cross, "2026-04-02T09:00:00+08:00");
    c.store.set_clock(Some(ts("2026-03-10T09:00:00+08:00")));
    (c, a, b)
}

#[test]
fn plan_progress_and_completion_rate_by_hand() {
    let (mut c, a, _) = planned_city();
    let plans = c.store.plans(None, d("2026-01-01"), d("2026-03-31")).expect("plans");
    assert_eq!(plans.len(), 2);
    let market = plans.iter().find(|p| p.plan.id == a.id).expect("market plan");
    assert_eq!((market.planned, market.done_daily, market.done_cross, market.counted), (3, 3, 0, 2), "3 日常 done, 2 planned: 2 count");
    assert_eq!(market.period_zh, "2026年第1季度");
    let district = plans.iter().find(|p| p.plan.id != a.id).expect("district plan");
    assert_eq!((district.planned, district.counted), (2, 1));
    // 计划完成率 = (2 + 1) / (3 + 2).
    assert_eq!(completion_rate(&plans), Some(0.6));

    let o = c.store.plan_overview(None, 2026, Some(1)).expect("overview");
    assert_eq!(o.heads.len(), 3, "every head of the city, planned or not");
    assert_eq!((o.without_plan, o.without_walk), (1, 1), "the street head planned and walked nothing");
    assert_eq!(o.rate, Some(0.6));
    let street = o.heads.iter().find(|h| h.leader_id == c.street_head).expect("street head");
    assert_eq!((street.planned, street.done), (0, 0));
    // Scoped to the district: the district and its street.
    let o = c.store.plan_overview(Some(&c.district.clone()), 2026, Some(1)).expect("district overview");
    assert_eq!(o.heads.len(), 2);
    assert_eq!(o.rate, Some(0.5));

    // One click: a planned walk of the plan's head, counted once it is walked.
    let w = c.store.walk_from_plan(&a.id, WalkKind::Cross, d("2026-03-20")).expect("walk from plan");
    assert_eq!((w.status, w.kind, w.leader_id.clone(), w.planned_date), (WalkStatus::Planned, WalkKind::Cross, c.market_head.clone(), d("2026-03-20")));
    let cal = c.store.calendar(None, d("2026-03-01"), d("2026-03-31")).expect("calendar");
    assert!(cal.iter().any(|x| x.id == w.id && x.status == WalkStatus::Planned && x.day == d("2026-03-20")));
    assert!(cal.iter().any(|x| x.status == WalkStatus::Completed && x.day == d("2026-03-05")));
    let p = c.store.plans(None, d("2026-01-01"), d("2026-03-31")).unwrap().into_iter().find(|p| p.plan.id == a.id).unwrap();
    assert_eq!((p.counted, p.scheduled), (2, 1));
    c.store.set_clock(Some(ts("2026-03-20T10:00:00+08:00")));
    c.store.start_walk(&w.id).expect("start");
    c.store.next_step(&w.id, "窗口", "二楼").expect("step");
    c.store.complete_walk(&w.id).expect("complete");
    let p = c.store.plans(None, d("2026-01-01"), d("2026-03-31")).unwrap().into_iter().find(|p| p.plan.id == a.id).unwrap();
    assert_eq!(p.counted, 3, "the plan is done");
}

#[test]
fn bad_plans_are_refused_with_a_reason_and_change_nothing() {
    let (mut c, a, _) = planned_city();
    let before = c.store.plans(None, d("2026-01-01"), d("2026-12-31")).unwrap().len();
    let (market, head, office) = (c.market.clone(), c.market_head.clone(), c.office.clone());
    let cases: Vec<(WalkPlan, &str)> = vec![
        (plan(&head, &market, Some(1), 1, 0, 0), "已有计划"),
        (plan(&head, &market, Some(5), 1, 0, 0), "季度"),
        (plan(&head, &market, Some(2), 0, 0, 0), "至少"),
        (plan(&office, &market, Some(2), 1, 0, 0), "不是一把手"),
        (plan("nobody", &market, Some(2), 1, 0, 0), "找不到人员"),
        (WalkPlan { year: 1999, ..plan(&head, &market, Some(2), 1, 0, 0) }, "年份"),
        (plan(&head, &market, Some(2), 400, 0, 0), "不合理"),
        (plan(&head, &c.district.clone(), Some(2), 1, 0, 0), "不是本单位"),
        (WalkPlan { places: "场".repeat(201), ..plan(&head, &market, Some(2), 1, 0, 0) }, "过长"),
    ];
    for (p, why) in cases {
        let err = c.store.save_plan(p).expect_err(why);
        assert!(err.message_zh().contains(why), "{why}: {}", err.message_zh());
    }
    assert_eq!(c.store.plans(None, d("2026-01-01"), d("2026-12-31")).unwrap().len(), before);
    let err = c.store.walk_from_plan(&a.id, WalkKind::Daily, d("2026-05-01")).expect_err("outside the quarter");
    assert!(err.message_zh().contains("计划日期应在2026年第1季度内"), "{}", err.message_zh());
    assert_eq!(c.store.walk_from_plan("no-such-plan", WalkKind::Daily, d("2026-03-01")).unwrap_err().code(), "not_found");
    assert!(c.store.check_tables().unwrap().is_empty(), "plans agree with the log");
}

/// An overdue task of the market, under way.
fn overdue_task(c: &mut City) -> Task {
    let (market, head) = (c.market.clone(), c.market_head.clone());
    let w = c.walked(&market, &head, WalkKind::Daily, "2026-01-05T09:00:00+08:00");
    let p = c.problem(&w.id, ProblemCategory::Materials, Nature::Systemic, "要求重复提交营业执照复印件");
    let t = c.task_for(&p.id, "2026-02-28");
    c.store.start_task(&t.id).unwrap();
    c.store.set_clock(Some(ts("2026-01-20T09:00:00+08:00")));
    c.store.add_note(&t.id, "已梳理材料清单", None).unwrap();
    c.store.set_clock(Some(ts("2026-03-10T09:00:00+08:00")));
    c.store.task(&t.id).unwrap()
}

#[test]
fn the_office_escalates_an_overdue_task_and_the_history_is_kept() {
    let mut c = city();
    let t = overdue_task(&mut c);
    let office = c.office.clone();
    // Only a 党建办 person; the note and a date not before today are required.
    assert_eq!(c.store.supervise_task(&t.id, &c.owner.clone(), "请抓紧", d("2026-03-31")).unwrap_err().code(), "authority");
    assert!(c.store.supervise_task(&t.id, &office, "  ", d("2026-03-31")).unwrap_err().message_zh().contains("督办意见"));
    assert!(c.store.supervise_task(&t.id, &office, "请抓紧", d("2026-03-01")).unwrap_err().message_zh().contains("不能早于"));
    assert!(c.store.supervise_task(&t.id, &office, &"要".repeat(2001), d("2026-03-31")).unwrap_err().message_zh().contains("过长"));
    assert_eq!(c.store.supervise_task("no-such-task", &office, "请抓紧", d("2026-03-31")).unwrap_err().code(), "not_found");
    assert!(c.store.supervisions(&t.id).unwrap().is_empty(), "refusals wrote nothing");

    let s1 = c.store.supervise_task(&t.id, &office, "3月31日前完成材料精简并报送佐证", d("2026-03-31")).expect("督办");
    assert_eq!(s1.at, ts("2026-03-10T09:00:00+08:00"), "the core's clock");
    c.store.set_clock(Some(ts("2026-04-02T09:00:00+08:00")));
    let s2 = c.store.supervise_task(&t.id, &office, "再次督办：4月15日前必须完成", d("2026-04-15")).expect("second 督办");
    let history = c.store.supervisions(&t.id).unwrap();
    assert_eq!(history.iter().map(|s| s.id.clone()).collect::<Vec<_>>(), vec![s1.id.clone(), s2.id.clone()]);
    assert_eq!(c.store.task(&t.id).unwrap().deadline, d("2026-02-28"), "the task keeps its own 整改时限");

    let listed = c.store.supervised_tasks(None).unwrap();
    assert_eq!((listed.len(), listed[0].times, listed[0].required_by), (1, 2, d("2026-04-15")));
    let f = c.store.supervision_figures(None).unwrap();
    assert_eq!((f.total, f.open, f.resolved_on_time, f.resolved_late), (1, 1, 0, 0));

    // Done before the latest 督办时限: resolved on time; then closed out it is no longer open.
    c.store.set_clock(Some(ts("2026-04-10T09:00:00+08:00")));
    c.store.add_note(&t.id, "材料已精简为 5 项", None).unwrap();
    c.store.mark_task_done(&t.id).unwrap();
    let f = c.store.supervision_figures(None).unwrap();
    assert_eq!((f.open, f.resolved_on_time), (1, 1));
    c.store.close_out_task(&t.id, &office).unwrap();
    let f = c.store.supervision_figures(None).unwrap();
    assert_eq!((f.total, f.open, f.resolved_on_time), (1, 0, 1));
    assert!(c.store.supervised_tasks(None).unwrap().is_empty());
    assert_eq!(c.store.supervise_task(&t.id, &office, "再督办", d("2026-05-01")).unwrap_err().code(), "transition");
    // A task under 督办 is never deleted silently.
    assert!(c.store.check_tables().unwrap().is_empty(), "supervisions agree with the log");
}

#[test]
fn a_task_on_time_with_recent_progress_is_not_escalated_but_a_stalled_one_is() {
    let mut c = city();
    let (market, head) = (c.market.clone(), c.market_head.clone());
    let w = c.walked(&market, &head, WalkKind::Daily, "2026-01-05T09:00:00+08:00");
    let p = c.problem(&w.id, ProblemCategory::Process, Nature::Systemic, "线上线下两套流程");
    let t = c.task_for(&p.id, "2026-06-30");
    let office = c.office.clone();
    // Raised 2026-01-05, nothing recorded since: stalled by 2026-03-10.
    c.store.set_clock(Some(ts("2026-03-10T09:00:00+08:00")));
    c.store.supervise_task(&t.id, &office, "两个月无进展，请说明", d("2026-03-20")).expect("stalled task");
    let p2 = c.problem(&w.id, ProblemCategory::Process, Nature::Systemic, "窗口指引不清");
    let t2 = c.task_for(&p2.id, "2026-06-30");
    c.store.add_note(&t2.id, "已制作指引牌", None).unwrap();
    let err = c.store.supervise_task(&t2.id, &office, "请抓紧", d("2026-03-20")).unwrap_err();
    assert!(err.message_zh().contains("不属于督办范围"), "{}", err.message_zh());
}

#[test]
fn reminders_on_a_pinned_clock_once_a_day_and_dismissible() {
    let mut c = city();
    let (market, head) = (c.market.clone(), c.market_head.clone());
    let w = c.walked(&market, &head, WalkKind::Daily, "2026-03-01T09:00:00+08:00");
    let p1 = c.problem(&w.id, ProblemCategory::Materials, Nature::Systemic, "明天到期的任务");
    let p2 = c.problem(&w.id, ProblemCategory::Materials, Nature::Systemic, "已经逾期的任务");
    let p3 = c.problem(&w.id, ProblemCategory::Materials, Nature::Systemic, "等待销号的任务");
    let p4 = c.problem(&w.id, ProblemCategory::Materials, Nature::Systemic, "下月到期的任务");
    let due = c.task_for(&p1.id, "2026-03-11");
    let late = c.task_for(&p2.id, "2026-03-05");
    let waiting = c.task_for(&p3.id, "2026-04-30");
    c.task_for(&p4.id, "2026-04-30");
    c.store.add_note(&waiting.id, "已整改", None).unwrap();
    c.store.mark_task_done(&waiting.id).unwrap(); // done on 2026-03-01
    // A walk planned this week (Mon 9 – Sun 15 March) and one started yesterday, never ended.
    let mut planned = c.daily_walk("2026-03-12");
    planned.title = "本周计划体验".into();
    let planned = c.store.plan_walk(planned).unwrap();
    c.store.set_clock(Some(ts("2026-03-09T15:00:00+08:00")));
    let open = c.daily_walk("2026-03-09");
    let open = c.store.plan_walk(open).unwrap();
    c.store.start_walk(&open.id).unwrap();
    c.store.set_clock(Some(ts("2026-03-10T09:00:00+08:00")));

    let list = c.store.reminders().expect("reminders");
    let keys: Vec<String> = list.items.iter().map(|r| r.key.clone()).collect();
    let find = |kind: ReminderKind, id: &str| list.items.iter().find(|r| r.kind == kind && r.id == id).cloned();
    let r = find(ReminderKind::TaskDueSoon, &due.id).expect("due tomorrow");
    assert!(r.text.starts_with("明天到期："), "{}", r.text);
    assert_eq!(r.day, d("2026-03-11"));
    let r = find(ReminderKind::TaskOverdue, &late.id).expect("overdue");
    assert!(r.text.starts_with("已逾期 5 天："), "{}", r.text);
    let r = find(ReminderKind::AwaitingCloseOut, &waiting.id).expect("waiting for 销号 9 days > 7");
    assert!(r.text.contains("已完成 9 天待销号"), "{}", r.text);
    assert!(find(ReminderKind::WalkThisWeek, &planned.id).is_some());
    assert!(find(ReminderKind::WalkUnfinished, &open.id).expect("unfinished").text.starts_with("1 天前开始的体验尚未结束"));
    assert_eq!(list.items.len(), 5, "the task due next month is not reminded: {keys:?}");

    // OS notifications: each reminder once a day.
    assert_eq!(c.store.reminders_to_notify().unwrap().len(), 5);
    assert!(c.store.reminders_to_notify().unwrap().is_empty(), "shown once today");
    // Dismissed today, back tomorrow while it still holds.
    let key = format!("task_overdue:{}", late.id);
    c.store.dismiss_reminder(&key).unwrap();
    let list = c.store.reminders().unwrap();
    assert_eq!((list.items.len(), list.dismissed), (4, 1));
    c.store.set_clock(Some(ts("2026-03-11T09:00:00+08:00")));
    let list = c.store.reminders().unwrap();
    assert!(list.items.iter().any(|r| r.key == key), "back the next day");
    assert!(find_kind(&list, ReminderKind::TaskDueSoon).map(|r| r.text.starts_with("今天到期")).unwrap_or(false));
    assert!(!c.store.reminders_to_notify().unwrap().is_empty(), "a new day notifies again");

    // Turned off: nothing, and no notification; a kind turned off is left out.
    let mut s = ReminderSettings { off: vec![ReminderKind::TaskOverdue], ..ReminderSettings::default() };
    c.store.save_reminder_settings(&s).unwrap();
    assert!(c.store.reminders().unwrap().items.iter().all(|r| r.kind != ReminderKind::TaskOverdue));
    s.notify = false;
    c.store.save_reminder_settings(&s).unwrap();
    c.store.set_clock(Some(ts("2026-03-12T09:00:00+08:00")));
    assert!(c.store.reminders_to_notify().unwrap().is_empty(), "notifications off");
    s.enabled = false;
    c.store.save_reminder_settings(&s).unwrap();
    let list = c.store.reminders().unwrap();
    assert!(!list.enabled && list.items.is_empty());
    let err = c.store.save_reminder_settings(&ReminderSettings { due_within_days: 91, ..ReminderSettings::default() }).unwrap_err();
    assert_eq!(err.field(), Some("due_within_days"));
    assert!(c.store.dismiss_reminder("").is_err());
}

fn find_kind(list: &walklog::remind::ReminderList, kind: ReminderKind) -> Option<walklog::remind::Reminder> {
    list.items.iter().find(|r| r.kind == kind).cloned()
}
