//! `cargo bench --bench bundles` (part of `make bench`): the budgets of the 报送包 issue.
//! A unit install walks a year through the verbs, as its head would (100 walks of 10 steps,
//! 300 problems, 300 tasks taken to done with a note each, no photos), and reports to the
//! office: the bundle export must take < 1 s and be < 2 MB; the office's import of a bundle of
//! ≥ 10,000 change entries must take < 2 s. Wall time and CPU time are printed side by side.

use std::time::{Duration, Instant};
use walklog::model::*;
use walklog::sync::InitRequest;
use walklog::Store;

fn cpu_seconds() -> Option<f64> {
    let stat = std::fs::read_to_string("/proc/self/stat").ok()?;
    let rest = stat.rsplit_once(')')?.1;
    let fields: Vec<&str> = rest.split_whitespace().collect();
    let utime: f64 = fields.get(11)?.parse().ok()?;
    let stime: f64 = fields.get(12)?.parse().ok()?;
    Some((utime + stime) / 100.0)
}

fn timed<T>(f: impl FnOnce() -> T) -> (Duration, Option<f64>, T) {
    let cpu = cpu_seconds();
    let t = Instant::now();
    let value = f();
    let wall = t.elapsed();
    (wall, cpu_seconds().zip(cpu).map(|(e, s)| (e - s) * 1000.0), value)
}

fn install(dir: &std::path::Path, name: &str, role: InstallRole) -> walklog::Result<(Store, String, String)> {
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
fn walk_year(store: &mut Store, dept: &str, head: &str, walks: usize) -> walklog::Result<()> {
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
                walk_id: walk.id.clone(),
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

fn main() {
    if let Err(e) = run() {
        eprintln!("错误[{}]: {}", e.code(), e.message_zh());
        std::process::exit(1);
    }
}

fn run() -> walklog::Result<()> {
    let (office_dir, unit_dir) = (tempfile::tempdir()?, tempfile::tempdir()?);
    let (mut office, _, _) = install(office_dir.path(), "市委党建办", InstallRole::Office)?;
    let (mut unit, dept, head) = install(unit_dir.path(), "市市场监管局", InstallRole::Unit)?;
    let entry = office.roster_enrol(&unit.enrolment_export()?)?;
    office.roster_approve(&entry.install_id)?;
    unit.roster_import(&office.roster_export()?)?;

    println!("生成一个单位一年的数据（经由日常操作，每步一个事务）……");
    walk_year(&mut unit, &dept, &head, 100)?;
    let year = unit_dir.path().join("year.wlbundle");
    let (export_wall, export_cpu, exported) = timed(|| unit.bundle_export(None, &year));
    let exported = exported?;
    let (import_wall, import_cpu, report) = timed(|| office.bundle_import(&year));
    let report = report?;

    println!("另一个单位生成 2.7 年的数据，凑足 1 万条以上的变更……");
    let unit2_dir = tempfile::tempdir()?;
    let (mut unit2, dept2, head2) = install(unit2_dir.path(), "金水区政务服务中心", InstallRole::Unit)?;
    let entry = office.roster_enrol(&unit2.enrolment_export()?)?;
    office.roster_approve(&entry.install_id)?;
    unit2.roster_import(&office.roster_export()?)?;
    walk_year(&mut unit2, &dept2, &head2, 270)?;
    let big = unit2_dir.path().join("big.wlbundle");
    let big_bundle = unit2.bundle_export(None, &big)?;
    let (big_wall, big_cpu, big_report) = timed(|| office.bundle_import(&big));
    let big_report = big_report?;

    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    let cpu = |c: Option<f64>| c.map(|c| format!("{c:.0}")).unwrap_or_else(|| "—".into());
    println!();
    println!("{:<40}{:>10}{:>10}{:>10}{:>12}  结果", "项目", "墙钟 ms", "CPU ms", "预算 ms", "大小");
    let rows = [
        ("单位一年的报送包导出", ms(export_wall), cpu(export_cpu), 1000.0, format!("{:.2} MB", exported.bytes as f64 / 1_048_576.0), exported.bytes < 2 * 1_048_576),
        ("党建办导入该报送包", ms(import_wall), cpu(import_cpu), 2000.0, format!("{} 条", exported.summary.entries), true),
        ("导入 1 万条以上变更的报送包", ms(big_wall), cpu(big_cpu), 2000.0, format!("{} 条", big_bundle.summary.entries), big_bundle.summary.entries >= 10_000),
    ];
    let mut all_ok = true;
    for (what, wall, cpu, budget, size, size_ok) in rows {
        let ok = wall <= budget && size_ok;
        all_ok &= ok;
        println!("{what:<32}{wall:>10.0}{cpu:>10}{budget:>10.0}{size:>12}  {}", if ok { "达标" } else { "超出" });
    }
    println!(
        "单位一年：体验 {}、环节 {}、问题 {}、整改任务 {}、进展 {}；党建办新增 {}、更新 {}；大包新增 {}、更新 {}",
        exported.summary.walks,
        exported.summary.steps,
        exported.summary.problems,
        exported.summary.tasks,
        exported.summary.notes,
        report.inserted,
        report.updated,
        big_report.inserted,
        big_report.updated
    );
    if !all_ok {
        println!("有项目超出预算。");
    }
    Ok(())
}
