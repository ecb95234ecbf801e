//! `cargo bench --bench reviews` (or `make bench`): issue 13's budget for 以评促改 — importing
//! a 好差评 export of 100,000 rows in < 5 s. The export is generated deterministically (60 units,
//! ratings over a year, about 2 % 差评 with realistic texts), written as a CSV and as an .xlsx,
//! and each is read, checked and imported into a fresh database whole: the file read, the row
//! checks, every rating kept with its change-log line, each 差评 a problem. A second import of
//! the same file (nothing new) is timed too.

#[path = "common/cpu.rs"]
mod cpu;

use cpu::cpu_seconds;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use std::fmt::Write as _;
use std::time::Instant;
use walklog::model::*;
use walklog::Store;

const ROWS: usize = 100_000;
const UNITS: usize = 60;
const MATTERS: &[&str] = &["住房公积金提取", "不动产登记", "营业执照办理", "社保卡补办", "医保异地备案", "居住证办理", "食品经营许可", "税务登记"];
const CHANNELS: &[&str] = &["实体大厅评价器", "郑好办APP", "政务服务网", "支付宝小程序", "短信评价"];
const GOOD: &[&str] = &["", "办理很快", "工作人员态度好，一次办成", "不用跑腿，网上就办了", ""];
const BAD: &[&str] = &[
    "要求提交的证明材料太多，跑了两次才办成",
    "窗口排队时间太长，等了一个多小时",
    "网上申报系统打不开，只好到现场",
    "工作人员说不清楚，让我自己找",
    "承诺时限内没有办结，也没人告知进度",
];

fn export(rng: &mut ChaCha8Rng, units: &[String]) -> String {
    let mut csv = String::with_capacity(ROWS * 120);
    csv.push_str("评价时间,事项名称,办理部门,评价渠道,评价等级,评价内容,工单号\n");
    for i in 0..ROWS {
        let day = 1 + (i * 365 / ROWS) as u32;
        let date = chrono::NaiveDate::from_yo_opt(2025, day).expect("day of 2025");
        let (grade, content) = match rng.gen_range(0..100) {
            0..=1 => (if rng.gen_bool(0.5) { "不满意" } else { "非常不满意" }, BAD[rng.gen_range(0..BAD.len())]),
            2..=9 => ("基本满意", ""),
            10..=40 => ("满意", GOOD[rng.gen_range(0..GOOD.len())]),
            _ => ("非常满意", GOOD[rng.gen_range(0..GOOD.len())]),
        };
        let _ = writeln!(
            csv,
            "{} {:02}:{:02}:00,{},{},{},{grade},{content},HCP{:010}",
            date,
            8 + rng.gen_range(0..9),
            rng.gen_range(0..60),
            MATTERS[rng.gen_range(0..MATTERS.len())],
            units[rng.gen_range(0..units.len())],
            CHANNELS[rng.gen_range(0..CHANNELS.len())],
            20250000000u64 + i as u64
        );
    }
    csv
}

fn write_xlsx(csv: &str, path: &std::path::Path) {
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    for (r, line) in csv.lines().enumerate() {
        for (c, cell) in line.split(',').enumerate() {
            sheet.write_string(r as u32, c as u16, cell).expect("cell");
        }
    }
    book.save(path).expect("save xlsx");
}

fn fresh(dir: &std::path::Path, name: &str, units: &[String]) -> walklog::Result<Store> {
    let mut store = Store::open(dir.join(name))?;
    for n in units {
        store.save_department(Department { id: String::new(), name: n.clone(), level: DeptLevel::CityDepartment, parent_id: None })?;
    }
    Ok(store)
}

fn main() {
    if let Err(e) = run() {
        eprintln!("错误[{}]: {}", e.code(), e.message_zh());
        std::process::exit(1);
    }
}

fn run() -> walklog::Result<()> {
    let dir = tempfile::tempdir()?;
    let units: Vec<String> = (1..=UNITS).map(|i| format!("郑州市第{i}政务服务中心")).collect();
    let mut rng = ChaCha8Rng::seed_from_u64(2021);
    let csv = export(&mut rng, &units);
    let csv_path = dir.path().join("好差评.csv");
    std::fs::write(&csv_path, &csv)?;
    let xlsx_path = dir.path().join("好差评.xlsx");
    write_xlsx(&csv, &xlsx_path);
    let size = |p: &std::path::Path| std::fs::metadata(p).map(|m| m.len() as f64 / 1_048_576.0).unwrap_or(0.0);
    println!("好差评导出：{ROWS} 行，{UNITS} 个单位；CSV {:.1} MB，xlsx {:.1} MB", size(&csv_path), size(&xlsx_path));

    let mut rows = Vec::new();
    for (what, path, db) in [("CSV", &csv_path, "csv.db"), ("xlsx", &xlsx_path, "xlsx.db")] {
        let mut store = fresh(dir.path(), db, &units)?;
        let (cpu0, t0) = (cpu_seconds(), Instant::now());
        let parsed = walklog::reviews::parse_file(path, &[], &store.departments()?)?;
        let read = t0.elapsed();
        let done = store.import_reviews(&parsed)?;
        let wall = t0.elapsed();
        let cpu = cpu_seconds().zip(cpu0).map(|(e, s)| e - s);
        println!("{what}：{}（读取与检查 {:.2} s）", done.message_zh, read.as_secs_f64());
        rows.push((format!("导入 {what} {ROWS} 行（读取、检查、写入）"), wall.as_secs_f64(), cpu, 5.0));
        if what == "CSV" {
            let (cpu0, t0) = (cpu_seconds(), Instant::now());
            let parsed = walklog::reviews::parse_file(path, &[], &store.departments()?)?;
            let again = store.import_reviews(&parsed)?;
            let cpu = cpu_seconds().zip(cpu0).map(|(e, s)| e - s);
            assert_eq!(again.added, 0, "a second import adds nothing");
            rows.push((format!("再次导入同一 CSV（{} 条已存在）", again.existing), t0.elapsed().as_secs_f64(), cpu, 5.0));
        }
    }
    let pad = |text: &str, cols: usize| -> String {
        let used: usize = text.chars().map(|c| if c.is_ascii() { 1 } else { 2 }).sum();
        format!("{text}{}", " ".repeat(cols.saturating_sub(used)))
    };
    println!("\n{}{:>10}{:>10}{:>8}  结果（按墙钟）", pad("项目", 48), "墙钟 s", "CPU s", "预算 s");
    for (what, wall, cpu, budget) in rows {
        let cpu = cpu.map(|c| format!("{c:.2}")).unwrap_or_else(|| "—".into());
        println!("{}{wall:>10.2}{cpu:>10}{budget:>8.1}  {}", pad(&what, 48), if wall <= budget { "达标" } else { "超出" });
    }
    let load = std::fs::read_to_string("/proc/loadavg").unwrap_or_default();
    println!("本机负载（1/5/15 分钟）：{}", load.split_whitespace().take(3).collect::<Vec<_>>().join(" "));
    Ok(())
}
