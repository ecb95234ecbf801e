//! `cargo bench --bench server` (part of `make bench`): the budgets of 联网同步, against a
//! PostgreSQL server the benchmark starts on the loopback (tests/support/pg-test-server.sh).
//! - a unit pushes 10,000 change entries to the server: < 3 s;
//! - an install pulls 100,000 entries (ten units' years) it has never seen: < 20 s;
//! - 50 installs (49 units × ~1,000 entries and the office) push at once: entries/s, and the
//!   time until every install has pulled everything it may see.
//!
//! The units' years are typed through the verbs (synchronous=OFF while generating only: the
//! generation is not what is measured). Wall and CPU time side by side.

#[path = "common/cpu.rs"]
mod cpu;
#[path = "common/year.rs"]
mod year;
#[path = "../tests/support/pg.rs"]
mod pg;

use std::time::{Duration, Instant};
use walklog::model::*;
use walklog::server::{self, SyncReport};
use walklog::Store;
use year::{cpu_seconds, install, timed, walk_year};

struct Unit {
    store: Store,
    _dir: tempfile::TempDir,
    url: String,
}

fn rt() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_current_thread().enable_all().build().expect("runtime")
}

fn sync(store: &mut Store, url: &str) -> walklog::Result<SyncReport> {
    let access = std::sync::Mutex::new(store);
    rt().block_on(server::sync(&access, Some(url)))
}

/// A fresh server, an office, and `walks` walks (≈ 28 entries each) typed by each of `units` units.
fn city(units: usize, walks: usize) -> walklog::Result<(pg::PgServer, Store, tempfile::TempDir, String, Vec<Unit>)> {
    let pg = pg::PgServer::start();
    rt().block_on(server::server_init(pg.admin_url()))?;
    let office_dir = tempfile::tempdir()?;
    let (mut office, _, _) = install(office_dir.path(), "市委党建办", InstallRole::Office)?;
    let mut list = Vec::new();
    for k in 0..units {
        let dir = tempfile::tempdir()?;
        let (mut store, dept, head) = install(dir.path(), &format!("测试单位{k:02}"), InstallRole::Unit)?;
        let entry = office.roster_enrol(&store.enrolment_export()?)?;
        office.roster_approve(&entry.install_id)?;
        store.conn().execute_batch("PRAGMA synchronous = OFF")?;
        walk_year(&mut store, &dept, &head, walks)?;
        store.conn().execute_batch("PRAGMA synchronous = FULL")?;
        list.push((store, dir));
    }
    let roster = office.roster_export()?;
    let enrolled = rt().block_on(server::server_enrol(pg.admin_url(), &office, None, false))?;
    let url_of = |id: &str| enrolled.iter().find(|e| e.install_id == id).and_then(|e| e.url.clone()).unwrap_or_default();
    let office_url = url_of(office.install_id());
    let units = list
        .into_iter()
        .map(|(mut store, dir)| {
            store.roster_import(&roster)?;
            let url = url_of(store.install_id());
            Ok(Unit { store, _dir: dir, url })
        })
        .collect::<walklog::Result<Vec<_>>>()?;
    Ok((pg, office, office_dir, office_url, units))
}

/// CPU seconds the server has used: the postmaster with the backends it reaped, and the live ones.
fn server_cpu(pg: &pg::PgServer) -> Option<f64> {
    let pid = std::fs::read_to_string(pg.dir().join("data/postmaster.pid")).ok()?.lines().next()?.trim().to_string();
    let fields = |stat: &str| -> Option<Vec<String>> { Some(stat.rsplit_once(')')?.1.split_whitespace().map(str::to_string).collect()) };
    let ticks = |f: &[String], from: usize, n: usize| -> f64 { f.iter().skip(from).take(n).filter_map(|v| v.parse::<f64>().ok()).sum() };
    // After the ')': state is field 0, ppid 1, utime 11, stime 12, cutime 13, cstime 14.
    let main = fields(&std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?)?;
    let mut total = ticks(&main, 11, 4);
    for entry in std::fs::read_dir("/proc").ok()?.flatten() {
        if let Ok(stat) = std::fs::read_to_string(entry.path().join("stat")) {
            if let Some(f) = fields(&stat) {
                if f.get(1).map(String::as_str) == Some(pid.as_str()) {
                    total += ticks(&f, 11, 2);
                }
            }
        }
    }
    Some(total / 100.0)
}

fn log_len(store: &Store) -> i64 {
    store.conn().query_row("SELECT count(*) FROM change_log", [], |r| r.get(0)).unwrap_or(0)
}

fn main() {
    if let Err(e) = run() {
        eprintln!("错误[{}]: {}", e.code(), e.message_zh());
        std::process::exit(1);
    }
}

fn run() -> walklog::Result<()> {
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    let cpu = |c: Option<f64>| c.map(|c| format!("{c:.0}")).unwrap_or_else(|| "—".into());
    let load = || std::fs::read_to_string("/proc/loadavg").unwrap_or_default().split_whitespace().take(3).collect::<Vec<_>>().join(" ");

    println!("生成十个单位各约 1 万条变更（经由日常操作）……");
    let (pg, mut office, _office_dir, office_url, mut units) = city(10, 264)?;
    let first = log_len(&units[0].store);
    let first_url = units[0].url.clone();
    let server_before = server_cpu(&pg);
    let (push_wall, push_cpu, pushed) = timed(|| sync(&mut units[0].store, &first_url));
    let push_server = server_cpu(&pg).zip(server_before).map(|(e, s)| (e - s) * 1000.0);
    let pushed = pushed?;
    for u in units.iter_mut().skip(1) {
        let url = u.url.clone();
        sync(&mut u.store, &url)?;
    }
    let server_before = server_cpu(&pg);
    let (pull_wall, pull_cpu, pulled) = timed(|| sync(&mut office, &office_url));
    let pull_server = server_cpu(&pg).zip(server_before).map(|(e, s)| (e - s) * 1000.0);
    let pulled = pulled?;
    drop(units);
    drop(pg);

    println!("生成 49 个单位各约 1,000 条变更……");
    let (pg, mut office, _office_dir, office_url, units) = city(49, 36)?;
    let total: i64 = units.iter().map(|u| log_len(&u.store)).sum();
    let cpu_before = cpu_seconds();
    let server_before = server_cpu(&pg);
    let started = Instant::now();
    let handles: Vec<_> = units
        .into_iter()
        .map(|mut u| {
            std::thread::spawn(move || -> walklog::Result<(Unit, Duration)> {
                let url = u.url.clone();
                sync(&mut u.store, &url)?;
                let pushed = started.elapsed();
                Ok((u, pushed))
            })
        })
        .collect();
    let mut units = Vec::new();
    let mut all_pushed = Duration::ZERO;
    for h in handles {
        let (u, at) = h.join().map_err(|_| walklog::Error::Internal { message: "线程异常退出".into() })??;
        all_pushed = all_pushed.max(at);
        units.push(u);
    }
    // Converged: the office holds everything, and every unit has pulled what it may see.
    sync(&mut office, &office_url)?;
    for u in units.iter_mut() {
        let url = u.url.clone();
        sync(&mut u.store, &url)?;
    }
    let converged = started.elapsed();
    let concurrent_cpu = cpu_seconds().zip(cpu_before).map(|(e, s)| (e - s) * 1000.0);
    let concurrent_server = server_cpu(&pg).zip(server_before).map(|(e, s)| (e - s) * 1000.0);
    let on_server: i64 = pg.psql("SELECT count(*) FROM walklog.entries").trim().parse().unwrap_or(0);
    let office_has = log_len(&office);

    println!();
    println!("机器负载（1/5/15 分钟）：{}", load());
    println!("{:<36}{:>10}{:>12}{:>12}{:>10}  结果", "项目", "墙钟 ms", "客户端CPU", "服务器CPU", "预算 ms");
    let rows = [
        (format!("单位上传 {} 条变更", first), ms(push_wall), cpu(push_cpu), cpu(push_server), 3000.0, pushed.pushed >= 9_000),
        (format!("党建办拉取 {} 条变更", pulled.pulled), ms(pull_wall), cpu(pull_cpu), cpu(pull_server), 20000.0, pulled.pulled >= 100_000),
    ];
    let mut all_ok = true;
    for (what, wall, client, server, budget, size_ok) in rows {
        let ok = wall <= budget && size_ok;
        all_ok &= ok;
        println!("{what:<30}{wall:>10.0}{client:>12}{server:>12}{budget:>10.0}  {}", if ok { "达标" } else { "超出" });
    }
    println!(
        "50 台安装同时上传：共 {total} 条，{:.0} ms 全部上传完（{:.0} 条/秒），{:.0} ms 全部收敛；CPU：50 个客户端 {} ms，服务器 {} ms；服务器 {on_server} 条，党建办 {office_has} 条",
        ms(all_pushed),
        total as f64 / all_pushed.as_secs_f64(),
        ms(converged),
        cpu(concurrent_cpu),
        cpu(concurrent_server)
    );
    if on_server < total {
        all_ok = false;
        println!("服务器上的变更少于各安装之和。");
    }
    if !all_ok {
        println!("有项目超出预算。");
    }
    Ok(())
}
