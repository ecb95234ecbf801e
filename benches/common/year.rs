//! Shared by the benchmarks of installs: a unit's year of walks typed through the verbs, an
//! install set up with its identity, and wall and CPU time side by side.

use std::time::{Duration, Instant};
use walklog::model::*;
use walklog::sync::InitRequest;
use walklog::Store;

pub use crate::cpu::cpu_seconds;

pub fn timed<T>(f: impl FnOnce() -> T) -> (Duration, Option<f64>, T) {
    let cpu = cpu_seconds();
    let t = Instant::now();
    let value = f();
    let wall = t.elapsed();
    (wall, cpu_seconds().zip(cpu).map(|(e, s)| (e - s) * 1000.0), value)
}

pub fn install(dir: &std::path::Path, name: &str, role: InstallRole) -> walklog::Result<(Store, String, String)> {
    let mut store = Store::open(dir.join("walklog.db"))?;
    store.set_clock(Some(chrono::DateTime::parse_from_rfc3339("2026-01-05T09:00:00+08:00").expect("time")));
    let view = store.init_identity(&InitRequest {
        role: Some(role),
        department_name: name.into(),
        user_name: format!("{name}负责人"),
        user_role: Some(if role == InstallRole::Office { Role::Office } else { Role::Head }),
        ..Default::default()
    })?;
    let person = store.setting("current_user_id")?.unwrap_or_default();
    Ok((store, view.identity.department_id, person))
}

/// One unit's year of walks through the verbs: each walk 10 steps, 3 problems on every third
/// walk … on average 3 problems and 3 tasks per walk, 300 of each over the year.
pub fn walk_year(store: &mut Store, dept: &str, head: &str, walks: usize) -> walklog::Result<()> {
    let owner = store.save_person(Person { id: String::new(), name: "责任科长".into(), title: String::new(), role: Role::Owner, department_id: dept.into() })?.id;
    let start = chrono::DateTime::parse_from_rfc3339("2026-01-05T09:00:00+08:00").expect("time");
    for k in 0..walks {
        let at = start + chrono::Duration::hours(k as i64 * 80);
        store.set_clock(Some(at));
        let walk = store.plan_walk(Walk {
            id: String::new(),
            title: format!("第{k}次体验：企业开办全流程"),
            department_id: dept.into(),
            leader_id: head.into(),
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
            planned_date: at.date_naive(),
            started_at: None,
            ended_at: None,
            status: WalkStatus::Planned,
            reflection: "窗口服务总体规范，材料要求仍偏多。".into(),
            suggestions: 2,
            questionnaires: 5,
            coordinated: 1,
            seal_code: None,
            capture: Default::default(),
        })?;
        store.start_walk(&walk.id)?;
        let mut steps = Vec::new();
        for s in 0..10 {
            store.set_clock(Some(at + chrono::Duration::minutes(5 * s + 1)));
            steps.push(store.next_step(&walk.id, &format!("环节{s}：窗口受理"), "一楼大厅")?.id);
        }
        store.set_clock(Some(at + chrono::Duration::minutes(60)));
        store.complete_walk(&walk.id)?;
        for p in 0..3 {
            let problem = store.record_problem(Problem {
                id: String::new(),
                walk_id: Some(walk.id.clone()),
                department_id: String::new(),
                source: ProblemSource::Walk,
                work_order_no: None,
                step_id: Some(steps[p * 3].clone()),
                category: ProblemCategory::Materials,
                standards: vec![Standard::ToldOnce],
                severity: Severity::Minor,
                nature: Nature::Systemic,
                description: "申请材料过多，可共享获取的材料仍要求提交纸质件。".into(),
                on_spot_action: None,
                resolved_on: None,
                found_on: at.date_naive(),
            })?;
            let task = store.raise_task(Task::new(
                vec![problem.id],
                "梳理材料清单，可共享的一律免提交。",
                dept.to_string(),
                owner.clone(),
                at.date_naive() + chrono::Days::new(60),
            ))?;
            store.start_task(&task.id)?;
            store.add_note(&task.id, "已完成材料清单梳理，取消三项证明材料。", None)?;
            store.mark_task_done(&task.id)?;
        }
    }
    Ok(())
}

