//! Report budgets (issue 4), release build:
//!   体验纪实表, 12 steps + 6 photos   < 300 ms
//!   整改台账, 2,000 tasks             < 1.5 s, < 1.5 MB, peak memory < 300 MB
//!   完成情况报告, 100 units           < 500 ms
//!   verify-file of the ledger PDF     < 200 ms (issue 12)
//!   EXIF of one photo on attach, 4000×3000 JPEG with time and GPS   < 20 ms
//!   挂图 of 500 tasks with 2,000 milestones: the rows (Store::chart) and the A3 PDF < 1.5 s
//! Run: `cargo bench --bench report` (`-- chart`: only the 挂图). Exits non-zero when a budget is missed.

#[path = "common/cpu.rs"]
mod cpu;
#[path = "../tests/report_common/fixture.rs"]
mod fixture;
#[path = "../tests/support/exif_jpeg.rs"]
mod exif_jpeg;

use cpu::cpu_seconds;

use std::time::{Duration, Instant};

use walklog::report::{export, ExportRequest, Record};

fn time_export(store: &mut walklog::Store, record: &Record, out: &std::path::Path) -> (Duration, usize) {
    let t = Instant::now();
    let mut phases = Vec::new();
    let s = export(store, record, &ExportRequest::default(), out, &mut |_, label| phases.push((label.to_string(), t.elapsed())))
        .expect("export");
    if std::env::var_os("WALKLOG_BENCH_PHASES").is_some() {
        let list: Vec<String> = phases.iter().map(|(l, d)| format!("{l}@{:.0}", ms(*d))).collect();
        eprintln!("    phases: {}", list.join(" "));
    }
    if std::env::var_os("WALKLOG_BENCH_PHASES").is_some() {
        eprintln!("    {} pages/rows", s.pages);
    }
    (t.elapsed(), s.bytes)
}

/// Median of `runs` timed exports after one warm-up (fonts are loaded once per process).
fn measure(store: &mut walklog::Store, record: &Record, out: &std::path::Path, runs: usize) -> (Duration, Duration, usize) {
    let (cold, _) = time_export(store, record, out);
    let mut times = Vec::new();
    let mut bytes = 0;
    for _ in 0..runs {
        let (t, b) = time_export(store, record, out);
        times.push(t);
        bytes = b;
    }
    times.sort();
    (cold, times[times.len() / 2], bytes)
}

/// Peak resident memory since the last reset (Linux; None elsewhere).
fn peak_rss_mb() -> Option<f64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kb: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb / 1024.0)
}

fn reset_peak_rss() {
    // Writing 5 to clear_refs resets VmHWM to the current RSS (Linux ≥ 4.0).
    let _ = std::fs::write("/proc/self/clear_refs", "5");
}

/// 挂图: 500 long tasks with four milestones each (a quarter of them done).
fn chart_bench(check: &mut dyn FnMut(&str, bool)) {
    // More tasks than drawn: the fixture closes some out, and 已销号 tasks take no milestones.
    let mut demo = fixture::demo(20, 2, 0, 900);
    let rows = demo.store.chart(&walklog::ops::ChartFilter { all: true, ..Default::default() }).expect("chart").rows;
    let ids: Vec<String> =
        rows.iter().filter(|r| r.task_status != walklog::model::TaskStatus::ClosedOut).take(500).map(|r| r.task_id.clone()).collect();
    let today = demo.store.today();
    let mut n = 0;
    for id in &ids {
        let task = demo.store.task(id).expect("task");
        for k in 0..4u64 {
            let planned = task.created_on + chrono::Days::new(k * 10);
            let m = demo
                .store
                .add_milestone(id, walklog::ops::MilestoneInput { id: String::new(), name: format!("第{}节点", k + 1), planned_on: planned })
                .expect("milestone");
            if k == 0 && planned <= today {
                demo.store.mark_milestone_done(&m.id, "佐证").expect("done");
            }
            n += 1;
        }
    }
    let (cpu0, t) = (cpu_seconds(), Instant::now());
    let runs = 10;
    let mut rows = 0;
    for _ in 0..runs {
        rows = demo.store.chart(&walklog::ops::ChartFilter::default()).expect("chart").rows.len();
    }
    let wall = t.elapsed() / runs;
    let cpu = cpu0.zip(cpu_seconds()).map(|(a, b)| (b - a) * 1000.0 / f64::from(runs));
    println!("挂图 rows ({rows} tasks, {n} milestones): {:.1} ms wall, {} CPU", ms(wall), cpu.map(|c| format!("{c:.1} ms")).unwrap_or_else(|| "n/a".into()));
    check("chart rows < 300 ms", wall < Duration::from_millis(300));
    let out = demo.dir.path().join("chart.pdf");
    let cpu0 = cpu_seconds();
    let (cold, warm, bytes) = measure(&mut demo.store, &Record::Chart, &out, 3);
    let cpu = cpu0.zip(cpu_seconds()).map(|(a, b)| (b - a) * 1000.0 / 4.0);
    println!(
        "挂图 PDF (A3, {rows} tasks, {n} milestones): first {:.0} ms, then {:.0} ms wall, {} CPU per export (mean of 4), {} KB",
        ms(cold),
        ms(warm),
        cpu.map(|c| format!("{c:.0} ms")).unwrap_or_else(|| "n/a".into()),
        bytes / 1024
    );
    check("chart PDF < 1.5 s", warm < Duration::from_millis(1500));
}

fn main() {
    let mut failed = false;
    let mut check = |name: &str, ok: bool| {
        println!("  {} {name}", if ok { "ok  " } else { "FAIL" });
        failed |= !ok;
    };
    let only: Option<String> = std::env::args().skip(1).find(|a| !a.starts_with('-'));
    if only.as_deref() == Some("chart") {
        chart_bench(&mut check);
        if failed {
            std::process::exit(1);
        }
        return;
    }

    // What attaching a photo adds: its header checked and its EXIF read (no pixels decoded).
    let photo = exif_jpeg::jpeg(4000, 3000, Some("2026:11:14 09:42:00"), Some((34.7466, 113.6254)));
    let runs = 200;
    let cpu_began = cpu::cpu_seconds();
    let mut times = Vec::with_capacity(runs);
    for _ in 0..runs {
        let t = Instant::now();
        let info = walklog::photo::read_photo(&photo).expect("photo");
        times.push(t.elapsed());
        assert!(info.gps.is_some() && info.taken_at.is_some());
    }
    let cpu_ms = cpu::cpu_seconds().zip(cpu_began).map(|(end, start)| (end - start) * 1000.0 / runs as f64);
    times.sort();
    let wall = times[runs / 2];
    println!(
        "照片 EXIF (4000×3000 JPEG, {} KB): {:.3} ms wall (median), CPU {} per photo",
        photo.len() / 1024,
        ms(wall),
        cpu_ms.map(|c| format!("{c:.3} ms")).unwrap_or_else(|| "n/a".into())
    );
    check("EXIF per photo < 20 ms", wall < Duration::from_millis(20));

    let mut demo = fixture::demo(3, 12, 6, 4);
    let out = demo.dir.path().join("walk.pdf");
    let (cold, warm, bytes) = measure(&mut demo.store, &Record::Walk(demo.walk_id.clone()), &out, 5);
    println!("体验纪实表 (12 steps, 6 photos): first {:.0} ms (font load), then {:.0} ms, {} KB", ms(cold), ms(warm), bytes / 1024);
    check("walk record < 300 ms", warm < Duration::from_millis(300));

    let mut demo = fixture::demo(20, 2, 0, 2000);
    let out = demo.dir.path().join("ledger.pdf");
    reset_peak_rss();
    let (cold, warm, bytes) = measure(&mut demo.store, &Record::Ledger, &out, 3);
    let peak = peak_rss_mb();
    println!("整改台账 (2,002 tasks): first {:.0} ms, then {:.0} ms, {:.2} MB, peak RSS {}", ms(cold), ms(warm), bytes as f64 / 1_048_576.0, peak.map(|p| format!("{p:.0} MB")).unwrap_or_else(|| "n/a".into()));
    check("ledger < 1.5 s", warm < Duration::from_millis(1500));
    check("ledger < 1.5 MB", bytes < 1_500_000);
    check("ledger memory < 300 MB", peak.map(|p| p < 300.0).unwrap_or(true));
    // 文件核验 of that PDF: hashed as read, then looked up among the exports' log lines.
    let runs = 10;
    let (cpu, t) = (cpu_seconds(), Instant::now());
    for _ in 0..runs {
        let check = demo.store.verify_file(&out).expect("verify-file");
        assert!(check.known, "the ledger just exported is known");
    }
    let wall = t.elapsed() / runs;
    let cpu = cpu.zip(cpu_seconds()).map(|(a, b)| (b - a) * 1000.0 / f64::from(runs));
    println!(
        "verify-file of the ledger PDF ({:.2} MB): {:.1} ms wall, {} CPU",
        bytes as f64 / 1_048_576.0,
        ms(wall),
        cpu.map(|c| format!("{c:.1} ms")).unwrap_or_else(|| "n/a".into())
    );
    check("verify-file < 200 ms", wall < Duration::from_millis(200));
    let xlsx = demo.dir.path().join("ledger.xlsx");
    let (_, warm, bytes) = measure(&mut demo.store, &Record::Ledger, &xlsx, 3);
    println!("整改台账.xlsx (2,002 rows): {:.0} ms, {} KB", ms(warm), bytes / 1024);

    let mut demo = fixture::demo(100, 2, 0, 300);
    let out = demo.dir.path().join("report.pdf");
    let (cold, warm, bytes) = measure(&mut demo.store, &Record::Report, &out, 5);
    println!("完成情况报告 (100 units): first {:.0} ms, then {:.0} ms, {} KB", ms(cold), ms(warm), bytes / 1024);
    check("completion report < 500 ms", warm < Duration::from_millis(500));

    chart_bench(&mut check);

    if failed {
        std::process::exit(1);
    }
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}
