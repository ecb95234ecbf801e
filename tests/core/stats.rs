//! The programme figures on a small city, against numbers worked out by hand.

use crate::fixture::*;
use walklog::model::*;
use walklog::stats::{Period, Scope};

/// Q1 2026: the market head walks twice (daily in January, cross in February), the street head
/// once (acceptance, March); the district head does not walk. Today is 2026-03-10.
fn q1_city() -> City {
    let mut city = city();
    let (market, mhead) = (city.market.clone(), city.market_head.clone());
    let w1 = city.walked(&market, &mhead, WalkKind::Daily, "2026-01-05T09:00:00+08:00");
    let materials = city.problem(&w1.id, ProblemCategory::Materials, Nature::Systemic, "开办餐饮店需 25 份材料");
    let process = city.problem(&w1.id, ProblemCategory::Process, Nature::Systemic, "现场核查需跑 6 次");
    let spot = city.problem(&w1.id, ProblemCategory::Facilities, Nature::Simple, "叫号屏不亮");
    city.store.resolve_on_spot(&spot.id, "当场报修，半小时修复").unwrap();
    let mut a = city.task_for(&materials.id, "2026-02-28");
    a.before = Some(ProcessFigures { steps: 6, materials: 25, days: 16, trips: 6 });
    a.after = Some(ProcessFigures { steps: 3, materials: 13, days: 5, trips: 1 });
    a.outcomes = Outcomes { process_optimised: true, time_compressed: true, policy_issued: false };
    city.store.update_task(a.clone()).unwrap();
    city.task_for(&process.id, "2026-02-01");
    city.store.set_clock(Some(ts("2026-02-20T10:00:00+08:00")));
    city.store.add_note(&a.id, "材料精简为 13 份，已上线", None).unwrap();
    city.store.mark_task_done(&a.id).unwrap();
    city.store.close_out_task(&a.id, &city.office).unwrap();

    city.walked(&market, &mhead, WalkKind::Cross, "2026-02-10T14:00:00+08:00");
    let (street, shead) = (city.street.clone(), city.street_head.clone());
    let w3 = city.walked(&street, &shead, WalkKind::Acceptance, "2026-03-01T09:30:00+08:00");
    city.problem(&w3.id, ProblemCategory::WorkStyle, Nature::Simple, "窗口人员离岗");
    // A walk only planned does not count as done.
    let planned = city.daily_walk("2026-03-20");
    city.store.plan_walk(planned).unwrap();
    city.store.set_clock(Some(ts("2026-03-10T09:00:00+08:00")));
    city
}

#[test]
fn city_figures_for_a_quarter() {
    let city = q1_city();
    let f = city.store.figures(&Scope::City, &Period::parse("2026-Q1").unwrap()).unwrap();
    assert_eq!((f.walks, f.walks_daily, f.walks_cross, f.walks_acceptance, f.walks_pending), (3, 1, 1, 1, 1));
    assert_eq!((f.units, f.units_walked, f.heads_walked), (3, 2, 2));
    assert_eq!(f.heads_not_walked.iter().map(|h| h.name.as_str()).collect::<Vec<_>>(), vec!["李区长"]);
    assert_eq!(f.heads_not_walked[0].person_id, city.district_head);
    assert_eq!((f.problems_found, f.problems_solved, f.problems_on_spot), (4, 2, 1));
    assert_eq!((f.measures, f.tasks_open, f.tasks_in_progress, f.tasks_done, f.tasks_closed_out), (2, 1, 0, 0, 1));
    assert_eq!(f.tasks_overdue, 1);
    assert_eq!(f.closure_rate, Some(50.0));
    assert_eq!((f.processes_optimised, f.time_compressed, f.policies_issued), (1, 1, 0));
    assert_eq!((f.steps_removed, f.materials_removed, f.days_cut, f.trips_removed), (3, 12, 11, 5));
    let s = f.sentence();
    assert!(s.contains("共发现问题 4 个、解决问题 2 个"), "{s}");
    assert!(s.contains("优化办理流程 1 个，压缩审批时限事项 1 个，减少办事环节 3 个，减少材料 12 份"), "{s}");
    assert!(s.starts_with("2026年第一季度全市"), "{s}");
    assert!(s.contains("办结率 50%"), "{s}");
}

#[test]
fn district_and_department_scopes() {
    let city = q1_city();
    let q1 = Period::parse("2026-Q1").unwrap();
    let f = city.store.figures(&Scope::District(city.district.clone()), &q1).unwrap();
    assert_eq!((f.units, f.walks, f.walks_acceptance, f.problems_found, f.problems_solved, f.measures), (2, 1, 1, 1, 0, 0));
    assert_eq!(f.closure_rate, None);
    assert_eq!(f.heads_not_walked.len(), 1);
    assert!(f.sentence().contains("办结率 —"));

    let jan = Period::parse("2026-01").unwrap();
    let f = city.store.figures(&Scope::Department(city.market.clone()), &jan).unwrap();
    assert_eq!((f.walks, f.problems_found, f.measures), (1, 3, 2));
    let f = city.store.figures(&Scope::Department(city.street.clone()), &jan).unwrap();
    assert_eq!((f.walks, f.heads_walked, f.heads_not_walked.len()), (0, 0, 1));
}

#[test]
fn outreach_and_walk_counts_add_up() {
    let mut city = q1_city();
    city.store
        .save_outreach(Outreach {
            id: String::new(),
            department_id: city.market.clone(),
            period_start: d("2026-02-01"),
            period_end: d("2026-02-28"),
            suggestions: 30,
            questionnaires: 200,
            coordinated: 4,
            note: "走访座谈".into(),
        })
        .unwrap();
    let mut w = city.store.walks(&Default::default()).unwrap().into_iter().find(|w| w.kind == WalkKind::Cross).unwrap();
    w.suggestions = 5;
    w.coordinated = 1;
    city.store.update_walk(w).unwrap();
    let f = city.store.figures(&Scope::City, &Period::parse("2026").unwrap()).unwrap();
    assert_eq!((f.suggestions, f.questionnaires, f.coordinated), (35, 200, 5));
}

#[test]
fn per_department_rows_and_the_month_matrix() {
    let city = q1_city();
    let q1 = Period::parse("2026-Q1").unwrap();
    let rows = city.store.figures_by_department(&Scope::City, &q1).unwrap();
    let names: Vec<&str> = rows.iter().map(|(d, _)| d.name.as_str()).collect();
    assert_eq!(names, vec!["市市场监管局", "金水区", "花园路街道"]);
    assert_eq!(rows[0].1.walks, 2);
    let matrix = city.store.walks_by_month(&Scope::City, &q1).unwrap();
    let market: Vec<(String, u32)> =
        matrix.iter().filter(|m| m.0 == city.market).map(|m| (m.1.clone(), m.2)).collect();
    assert_eq!(market, vec![("2026-01".to_string(), 1), ("2026-02".to_string(), 1)]);
}

#[test]
fn an_unknown_scope_is_refused() {
    let city = q1_city();
    let err = city.store.figures(&Scope::Department("nope".into()), &walklog::stats::Period::all()).unwrap_err();
    assert_eq!(err.code(), "not_found");
}

/// The tally behind 解决问题 (migration 0013), against a count made from the tables themselves.
fn tally(store: &walklog::Store) -> (Vec<(String, i64, i64)>, Vec<(String, i64, i64)>) {
    let rows = |sql: &str| -> Vec<(String, i64, i64)> {
        let mut stmt = store.conn().prepare(sql).unwrap();
        stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?))).unwrap().map(|r| r.unwrap()).collect()
    };
    (
        rows("SELECT problem_id, tasks, unclosed FROM problem_task_tally WHERE tasks > 0 ORDER BY 1"),
        rows("SELECT tp.problem_id, count(*), count(*) FILTER (WHERE t.status <> 'closed_out')
              FROM task_problems tp JOIN tasks t ON t.id = tp.task_id GROUP BY 1 ORDER BY 1"),
    )
}

fn solved(city: &City) -> u32 {
    let (kept, counted) = tally(&city.store);
    assert_eq!(kept, counted, "the tally drifted from the tables");
    city.store.figures(&Scope::City, &Period::parse("2026-Q1").unwrap()).unwrap().problems_solved
}

#[test]
fn solved_follows_every_task_write_through_the_tally() {
    let mut city = city();
    let (market, head) = (city.market.clone(), city.market_head.clone());
    let walk = city.walked(&market, &head, WalkKind::Daily, "2026-01-05T09:00:00+08:00");
    let p = city.problem(&walk.id, ProblemCategory::Materials, Nature::Systemic, "材料过多");
    let q = city.problem(&walk.id, ProblemCategory::Process, Nature::Systemic, "跑动过多");
    let (a, b) = (city.task_for(&p.id, "2026-02-28"), city.task_for(&p.id, "2026-02-28"));
    assert_eq!(solved(&city), 0);
    let office = city.office.clone();
    city.store.set_clock(Some(ts("2026-02-20T10:00:00+08:00")));
    for t in [&a, &b] {
        city.store.add_note(&t.id, "已整改", None).unwrap();
        city.store.mark_task_done(&t.id).unwrap();
        assert_eq!(solved(&city), 0, "one task is still not closed out");
        city.store.close_out_task(&t.id, &office).unwrap();
    }
    assert_eq!(solved(&city), 1);
    // A new task for the problem reopens it; deleting that task (its links go by cascade) closes it again.
    let c = city.task_for(&p.id, "2026-03-31");
    assert_eq!(solved(&city), 0);
    city.store.delete_task(&c.id).unwrap();
    assert_eq!(solved(&city), 1);
    // A task moved from one problem to another: both are recounted.
    let d = city.task_for(&q.id, "2026-03-31");
    city.store.add_note(&d.id, "已整改", None).unwrap();
    city.store.mark_task_done(&d.id).unwrap();
    city.store.close_out_task(&d.id, &office).unwrap();
    assert_eq!(solved(&city), 2);
    let e = city.task_for(&q.id, "2026-03-31");
    assert_eq!(solved(&city), 1);
    let mut e = city.store.task(&e.id).unwrap();
    e.problem_ids = vec![p.id.clone()];
    city.store.update_task(e.clone()).unwrap();
    assert_eq!(solved(&city), 1, "q is solved again, p is not");
    assert_eq!(tally(&city.store).0.iter().find(|r| r.0 == q.id).map(|r| r.2), Some(0));
    // Sent back by the office: the problem is not solved until it is closed out again.
    city.store.add_note(&e.id, "已整改", None).unwrap();
    city.store.mark_task_done(&e.id).unwrap();
    city.store.send_back_task(&e.id, &office, "材料清单未公示").unwrap();
    assert_eq!(solved(&city), 1);
}
