//! Report budgets (issue 4), release build:
//!   体验纪实表, 12 steps + 6 photos   < 300 ms
//!   整改台账, 2,000 tasks             < 1.5 s, < 1.5 MB, peak memory < 300 MB
//!   完成情况报告, 100 units           < 500 ms
//!   verify-file of the ledger PDF     < 200 ms (issue 12)
//!   EXIF of one photo on attach, 4000×3000 JPEG with time and GPS   < 20 ms
//! Run: `cargo bench --bench report`. Exits non-zero when a budget is missed.

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

fn main() {
    let mut failed = false;
    let mut check = |name: &str, ok: bool| {
        println!("  {} {name}", if ok { "ok  " } else { "FAIL" });
        failed |= !ok;
    };

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

    if failed {
        std::process::exit(1);
    }
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}
