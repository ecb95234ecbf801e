//! `cargo bench --bench bundles` (part of `make bench`): the budgets of the 报送包 issue.
//! A unit install walks a year through the verbs, as its head would (100 walks of 10 steps,
//! 300 problems, 300 tasks taken to done with a note each, no photos), and reports to the
//! office: the bundle export must take < 1 s and be < 2 MB; the office's import of a bundle of
//! ≥ 10,000 change entries must take < 2 s. Wall time and CPU time are printed side by side.

#[path = "common/cpu.rs"]
mod cpu;
#[path = "common/year.rs"]
mod year;

use std::time::Duration;
use walklog::model::*;
use year::{install, timed, walk_year};

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
