//! Every rejected input: a clear error with a stable code and a Chinese message, and no change.

use crate::fixture::*;
use walklog::model::*;
use walklog::Error;

fn log_len(store: &walklog::Store) -> i64 {
    store.conn().query_row("SELECT count(*) FROM change_log", [], |r| r.get(0)).unwrap()
}

fn assert_validation(err: Error, field: &str) {
    assert_eq!(err.code(), "validation", "{err:?}");
    assert_eq!(err.field(), Some(field), "{err:?}");
    assert!(!err.message_zh().is_empty());
}

#[test]
fn blank_and_oversized_names_are_refused_and_change_nothing() {
    let mut city = city();
    let before = log_len(&city.store);
    for name in ["", "   ", "\n\t"] {
        let err = city
            .store
            .save_department(Department { id: String::new(), name: name.into(), level: DeptLevel::Street, parent_id: None })
            .unwrap_err();
        assert_validation(err, "name");
    }
    let long = "长".repeat(201);
    let err = city
        .store
        .save_department(Department { id: String::new(), name: long, level: DeptLevel::Street, parent_id: None })
        .unwrap_err();
    assert!(err.message_zh().contains("过长"), "{}", err.message_zh());
    assert_validation(err, "name");
    let mut walk = city.daily_walk("2026-03-12");
    walk.reflection = "字".repeat(20_001);
    assert_validation(city.store.plan_walk(walk).unwrap_err(), "reflection");
    assert_eq!(log_len(&city.store), before);
    assert_eq!(city.store.departments().unwrap().len(), 3);
}

#[test]
fn incognito_daily_walk_needs_its_three_nos_and_a_manner() {
    let mut city = city();
    let mut walk = city.daily_walk("2026-03-12");
    // Each "no" may be false (what happened is recorded: see defects.rs); the record must be there.
    walk.incognito = None;
    assert_validation(city.store.plan_walk(walk.clone()).unwrap_err(), "incognito");
    walk.incognito = Some(Incognito { identity_hidden: true, no_notice: true, no_escort: true });
    walk.manner = None;
    assert_validation(city.store.plan_walk(walk.clone()).unwrap_err(), "manner");
    // A cross walk takes no manner.
    walk.kind = WalkKind::Cross;
    walk.manner = Some(Manner::AsAgent);
    assert_validation(city.store.plan_walk(walk).unwrap_err(), "manner");
    assert!(city.store.walks(&Default::default()).unwrap().is_empty());
}

#[test]
fn only_a_head_leads_a_walk_and_unknown_ids_are_named() {
    let mut city = city();
    let mut walk = city.daily_walk("2026-03-12");
    walk.leader_id = city.owner.clone();
    assert_validation(city.store.plan_walk(walk.clone()).unwrap_err(), "leader_id");
    // A reference to nothing is a mistake in that field, named beside it.
    walk.leader_id = "no-such-person".into();
    let err = city.store.plan_walk(walk.clone()).unwrap_err();
    assert!(err.message_zh().contains("人员"), "{}", err.message_zh());
    assert_validation(err, "leader_id");
    walk.leader_id = city.market_head.clone();
    walk.matter_ids = vec!["nope".into()];
    assert_validation(city.store.plan_walk(walk).unwrap_err(), "matter_ids");
    assert_eq!(city.store.walk("nope").unwrap_err().code(), "not_found");
    assert_eq!(city.store.task("nope").unwrap_err().code(), "not_found");
    assert_eq!(city.store.start_walk("nope").unwrap_err().code(), "not_found");
}

#[test]
fn a_step_or_walk_that_ends_before_it_starts_is_refused() {
    let mut city = city();
    let walk = city.walked(&city.market.clone(), &city.market_head.clone(), WalkKind::Daily, "2026-03-10T09:00:00+08:00");
    let saved = city.store.steps(&walk.id).unwrap()[0].clone();
    let err = city.store.retime_step(&saved.id, saved.started_at, Some(ts("2026-03-10T08:00:00+08:00"))).unwrap_err();
    assert_validation(err, "ended_at");
    assert_eq!(city.store.step(&saved.id).unwrap(), saved);

    let err = city.store.retime_walk(&walk.id, None, Some(ts("2026-03-09T08:00:00+08:00"))).unwrap_err();
    assert_validation(err, "ended_at");
    assert_eq!(city.store.walk(&walk.id).unwrap(), walk);
}

#[test]
fn step_counts_and_rating_have_sane_bounds() {
    let mut city = city();
    let walk = city.walked(&city.market.clone(), &city.market_head.clone(), WalkKind::Daily, "2026-03-10T09:00:00+08:00");
    let mut step = city.store.steps(&walk.id).unwrap()[0].clone();
    step.rating = Some(6);
    assert_validation(city.store.save_step(step.clone()).unwrap_err(), "rating");
    step.rating = Some(5);
    step.waiting_minutes = 1_000_000;
    assert_validation(city.store.save_step(step.clone()).unwrap_err(), "waiting_minutes");
    step.waiting_minutes = 25;
    assert_eq!(city.store.save_step(step).unwrap().waiting_minutes, 25);
}

#[test]
fn a_deadline_before_the_walk_is_refused() {
    let mut city = city();
    let walk = city.walked(&city.market.clone(), &city.market_head.clone(), WalkKind::Daily, "2026-03-10T09:00:00+08:00");
    let p = city.problem(&walk.id, ProblemCategory::Materials, Nature::Systemic, "材料要求重复提交");
    let mut task = Task::new(vec![p.id.clone()], "取消重复材料", city.market.clone(), city.owner.clone(), d("2026-03-09"));
    let err = city.store.raise_task(task.clone()).unwrap_err();
    assert_validation(err, "deadline");
    assert!(city.store.ledger(&Default::default()).unwrap().rows.is_empty());
    task.deadline = d("2026-03-10");
    assert!(city.store.raise_task(task).is_ok(), "a deadline on the walk's own day is allowed");
}

#[test]
fn simple_problems_are_fixed_on_the_spot_not_ledgered() {
    let mut city = city();
    let walk = city.walked(&city.market.clone(), &city.market_head.clone(), WalkKind::Daily, "2026-03-10T09:00:00+08:00");
    let simple = city.problem(&walk.id, ProblemCategory::Facilities, Nature::Simple, "等候区缺少老花镜");
    let err = city.store.raise_task(Task::new(vec![simple.id.clone()], "配备老花镜", city.market.clone(), city.owner.clone(), d("2026-04-01")));
    assert_validation(err.unwrap_err(), "problem_ids");
    let fixed = city.store.resolve_on_spot(&simple.id, "当场配备老花镜 2 副").unwrap();
    assert_eq!(fixed.resolved_on, Some(d("2026-03-10")));
    let systemic = city.problem(&walk.id, ProblemCategory::Process, Nature::Systemic, "需两次跑动");
    assert_eq!(city.store.resolve_on_spot(&systemic.id, "已处理").unwrap_err().code(), "transition");
    assert_validation(city.store.resolve_on_spot(&simple.id, "  ").unwrap_err(), "on_spot_action");
}

#[test]
fn a_department_cannot_be_its_own_ancestor() {
    let mut city = city();
    let mut district = city.store.department(&city.district).unwrap();
    district.parent_id = Some(city.street.clone());
    assert_validation(city.store.save_department(district).unwrap_err(), "parent_id");
}
