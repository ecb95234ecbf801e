//! `cargo bench --bench core` (or `make bench`): the budgets of issue 3 on a generated city of
//! 100 units × 10 years (≈ 50,000 walks, 500,000 steps, 100,000 problems, 100,000 tasks).
//! The data is built as exchange documents and written with `Store::import_exchange`, one
//! transaction per batch of 5,000 walks, so the timing covers validation, the row writes, the
//! full-text index and the hash-chained change log, exactly as an import does.

#[path = "common/cpu.rs"]
mod cpu;

use cpu::cpu_seconds;
use chrono::{Datelike, Days, FixedOffset, NaiveTime, TimeZone};
use rand::seq::SliceRandom;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use std::time::{Duration, Instant};
use walklog::exchange::Exchange;
use walklog::model::*;
use walklog::ops::{LedgerFilter, LedgerSort};
use walklog::stats::{Period, Scope};
use walklog::Store;

const UNITS: usize = 100;
/// Years of data; `WALKLOG_BENCH_YEARS` overrides it for a quick profile.
fn years() -> i32 {
    std::env::var("WALKLOG_BENCH_YEARS").ok().and_then(|y| y.parse().ok()).unwrap_or(10)
}
const WALKS_PER_UNIT_YEAR: usize = 50;
const STEPS_PER_WALK: u32 = 10;
const PROBLEMS_PER_WALK: usize = 2;
const BATCH_WALKS: usize = 5_000;

const OBSERVATIONS: &[&str] = &[
    "取号后等候十分钟，叫号屏信息清楚。",
    "窗口要求提交纸质申请材料，其中一半可通过数据共享获取。",
    "导办人员主动询问需求，一次性告知所需材料。",
    "办事指南与窗口实际要求不一致。",
    "好差评评价器正常，办结后提示评价。",
    "页面加载较慢，上传两次失败后重新登录才成功。",
    "工作人员业务熟练，当场告知办理时限。",
    "等候期间无人引导，老年群众不会使用取号机。",
    "综合窗口一次受理，后台分发，无需在部门间来回跑。",
    "自助终端字体偏小，没有操作提示。",
];
const STEP_NAMES: &[&str] = &["进门引导", "取号排队", "咨询辅导", "窗口受理", "材料审核", "缴纳费用", "后台审批", "现场核查", "领取结果", "评价反馈"];
const PROBLEMS: &[(ProblemCategory, &str, &str)] = &[
    (ProblemCategory::Materials, "申请材料过多，可共享获取的材料仍要求提交纸质件。", "梳理材料清单，可共享的一律免提交。"),
    (ProblemCategory::Process, "签约、缴税、登记需在三个窗口分别排队。", "推行一窗受理、集成服务。"),
    (ProblemCategory::Mechanism, "首问窗口推诿，未落实首问负责制。", "建立首问负责和兜底机制。"),
    (ProblemCategory::OnlineService, "网上申报后仍需到现场提交纸质件。", "打通系统接口，实现全程网办。"),
    (ProblemCategory::WorkStyle, "窗口人员回答不知道、不清楚、自己找。", "开展窗口作风专项整治。"),
    (ProblemCategory::Efficiency, "承诺时限内未办结，审批在后台积压。", "实行限时办结和超时预警。"),
    (ProblemCategory::ServiceQuality, "进门无人引导，找不到办理窗口。", "完善导视标识，设置帮办岗。"),
    (ProblemCategory::Facilities, "为老服务区缺少轮椅和老花镜。", "按标准配置为老服务设施。"),
    (ProblemCategory::InformationSystem, "业务系统与平台数据不互通，需录入两次。", "完成系统对接改造。"),
];

struct City {
    /// The 党建办 person who closes tasks out.
    office: String,
    units: Vec<String>,
    heads: Vec<String>,
    owners: Vec<String>,
    matters: Vec<String>,
}

/// Ids as the product makes them: UUIDv7, time-ordered (here from a counter, so the data is
/// deterministic). Random ids would scatter every index insert and measure the wrong thing.
fn id(rng: &mut ChaCha8Rng) -> String {
    use std::sync::atomic::{AtomicU64, Ordering};
    static NEXT_MS: AtomicU64 = AtomicU64::new(1_600_000_000_000);
    let ms = NEXT_MS.fetch_add(1, Ordering::Relaxed);
    let random: [u8; 10] = rng.gen();
    uuid::Builder::from_unix_timestamp_millis(ms, &random).into_uuid().to_string()
}

fn directory(rng: &mut ChaCha8Rng) -> (Exchange, City) {
    let mut doc = Exchange::new();
    let mut city = City { office: String::new(), units: vec![], heads: vec![], owners: vec![], matters: vec![] };
    for u in 0..UNITS {
        // 60 city departments, 10 districts, 30 streets under the districts.
        let (level, parent, name) = match u {
            0..=59 => (DeptLevel::CityDepartment, None, format!("市直部门{u:02}")),
            60..=69 => (DeptLevel::District, None, format!("第{}区", u - 59)),
            _ => (DeptLevel::Street, Some(city.units[60 + (u - 70) % 10].clone()), format!("街道{u:02}")),
        };
        let dept = Department { id: id(rng), name, level, parent_id: parent };
        for (role, title) in [(Role::Head, "局长"), (Role::Staff, "秘书"), (Role::Owner, "科长")] {
            let p = Person { id: id(rng), name: format!("{}{u:02}", role.label_zh()), title: title.into(), role, department_id: dept.id.clone() };
            match role {
                Role::Head => city.heads.push(p.id.clone()),
                Role::Owner => city.owners.push(p.id.clone()),
                _ => {}
            }
            doc.people.push(p);
        }
        for k in 0..3 {
            let m = Matter {
                id: id(rng),
                name: format!("事项{u:02}-{k}"),
                department_id: dept.id.clone(),
                legal_days: Some(20),
                promised_days: Some(10),
                materials_count: 12,
                steps_count: 6,
            };
            city.matters.push(m.id.clone());
            doc.matters.push(m);
        }
        if u == 0 {
            let office = Person { id: id(rng), name: "党建办01".into(), title: "主任".into(), role: Role::Office, department_id: dept.id.clone() };
            city.office = office.id.clone();
            doc.people.push(office);
        }
        city.units.push(dept.id.clone());
        doc.departments.push(dept);
    }
    (doc, city)
}

/// One batch: `count` walks starting at walk number `first` of the whole city.
fn batch(rng: &mut ChaCha8Rng, city: &City, first: usize, count: usize, start_year: i32, today: Date) -> Exchange {
    let tz = FixedOffset::east_opt(8 * 3600).expect("UTC+8");
    let per_year = UNITS * WALKS_PER_UNIT_YEAR;
    let mut doc = Exchange::new();
    for n in first..first + count {
        let year = start_year + (n / per_year) as i32;
        let u = n % UNITS;
        let day_of_year = ((n % per_year) / UNITS * 365 / WALKS_PER_UNIT_YEAR) as u64 + rng.gen_range(0..7);
        let day = (Date::from_ymd_opt(year, 1, 1).expect("year") + Days::new(day_of_year)).min(today - Days::new(1));
        let start = tz.from_local_datetime(&day.and_time(NaiveTime::from_hms_opt(9, 30, 0).expect("time"))).single().expect("time");
        let kind = [WalkKind::Daily, WalkKind::Daily, WalkKind::Cross, WalkKind::Acceptance][n % 4];
        let archived = rng.gen_bool(0.3);
        let walk = Walk {
            id: id(rng),
            title: format!("{}第{}次", kind.label_zh(), n),
            department_id: city.units[u].clone(),
            leader_id: city.heads[u].clone(),
            kind,
            manner: (kind == WalkKind::Daily).then_some(Manner::InPerson),
            ways: vec![],
            channel: Channel::Hall,
            place_level: PlaceLevel::CityHall,
            place_name: "市政务服务大厅".into(),
            matter_ids: vec![city.matters[u * 3 + n % 3].clone()],
            companion_ids: vec![],
            incognito: (kind == WalkKind::Daily).then_some(Incognito { identity_hidden: true, no_notice: true, no_escort: true }),
            alias: None,
            planned_date: day,
            started_at: Some(start),
            ended_at: Some(start + chrono::Duration::minutes(i64::from(STEPS_PER_WALK) * 12)),
            status: if archived { WalkStatus::Archived } else { WalkStatus::Completed },
            reflection: "换位思考，从办事人的角度看流程。".into(),
            suggestions: rng.gen_range(0..3),
            questionnaires: 0,
            coordinated: rng.gen_range(0..2),
            // Set below from the content, as archiving computes it: an import recomputes it.
            seal_code: None,
            capture: Default::default(),
        };
        let mut walk = walk;
        let (first_step, first_problem) = (doc.steps.len(), doc.problems.len());
        let mut step_ids = Vec::new();
        for s in 0..STEPS_PER_WALK {
            let at = start + chrono::Duration::minutes(i64::from(s) * 12);
            let step = Step {
                id: id(rng),
                walk_id: walk.id.clone(),
                seq: s + 1,
                name: STEP_NAMES[s as usize % STEP_NAMES.len()].into(),
                place: "业务受理区".into(),
                started_at: at,
                ended_at: Some(at + chrono::Duration::minutes(10)),
                waiting_minutes: rng.gen_range(0..20),
                materials_count: rng.gen_range(0..5),
                materials_names: String::new(),
                trips: u32::from(s == 0),
                observations: OBSERVATIONS.choose(rng).copied().unwrap_or_default().into(),
                rating: Some(rng.gen_range(1..=5)), capture: Default::default(),
            };
            step_ids.push(step.id.clone());
            doc.steps.push(step);
        }
        for _ in 0..PROBLEMS_PER_WALK {
            let (category, description, measure) = *PROBLEMS.choose(rng).expect("problems");
            let problem = Problem {
                id: id(rng),
                walk_id: Some(walk.id.clone()),
                department_id: walk.department_id.clone(),
                source: ProblemSource::Walk,
                work_order_no: None,
                step_id: step_ids.choose(rng).cloned(),
                category,
                standards: vec![Standard::ToldOnce],
                severity: Severity::Minor,
                nature: Nature::Systemic,
                description: description.into(),
                on_spot_action: None,
                resolved_on: None,
                found_on: day,
            };
            let created = day + Days::new(1);
            let deadline = created + Days::new(rng.gen_range(20..90));
            let roll: f64 = rng.gen();
            let status = if deadline >= today {
                [TaskStatus::Open, TaskStatus::InProgress, TaskStatus::Done][rng.gen_range(0..3)]
            } else if roll < 0.75 {
                TaskStatus::ClosedOut
            } else if roll < 0.85 {
                TaskStatus::Done
            } else {
                TaskStatus::InProgress
            };
            let done = matches!(status, TaskStatus::Done | TaskStatus::ClosedOut);
            let task = Task {
                id: id(rng),
                problem_ids: vec![problem.id.clone()],
                measure: measure.into(),
                department_id: city.units[u].clone(),
                owner_id: city.owners[u].clone(),
                deadline,
                status,
                matter_id: Some(city.matters[u * 3 + n % 3].clone()),
                before: Some(ProcessFigures { steps: 6, materials: 12, days: 10, trips: 3 }),
                after: done.then_some(ProcessFigures { steps: 5, materials: 8, days: 5, trips: 1 }),
                outcomes: Outcomes { process_optimised: done, time_compressed: done, policy_issued: false },
                sent_back_reason: None,
                sent_back_by: None,
                sent_back_at: None,
                done_on: done.then(|| (deadline - Days::new(3)).min(today)),
                closed_out_on: (status == TaskStatus::ClosedOut).then(|| deadline.min(today)),
                closed_out_by: (status == TaskStatus::ClosedOut).then(|| city.office.clone()),
                created_on: created,
            };
            if done {
                doc.notes.push(ProgressNote {
                    id: id(rng),
                    task_id: task.id.clone(),
                    noted_on: (created + Days::new(5)).min(today),
                    text: "整改措施已落实，附整改前后对比材料。".into(),
                    author: "责任人".into(),
                    recorded_at: None,
                });
            }
            doc.problems.push(problem);
            doc.tasks.push(task);
        }
        if archived {
            let sealed = walklog::ops::SealedWalk {
                walk: walk.clone(),
                steps: doc.steps[first_step..].to_vec(),
                problems: doc.problems[first_problem..].to_vec(),
            };
            walk.seal_code = Some(sealed.code().expect("seal code"));
        }
        doc.walks.push(walk);
    }
    doc
}

/// CPU seconds (user + system) this process has used, from /proc (Linux; 100 ticks a second).
/// Other builds share this machine; CPU time shows what the work itself costs.
fn load_average() -> String {
    std::fs::read_to_string("/proc/loadavg").map(|l| l.split_whitespace().take(3).collect::<Vec<_>>().join(" ")).unwrap_or_default()
}

/// What one query costs: the median wall time of `runs` runs, and the mean CPU time per run
/// (the process's CPU ticks over all runs, so other builds on the machine do not count).
struct Timing {
    wall: Duration,
    cpu_ms: Option<f64>,
}

impl Timing {
    const ZERO: Timing = Timing { wall: Duration::ZERO, cpu_ms: Some(0.0) };

    /// Sums another timing into this one (the parts of one measured whole).
    fn add(&mut self, other: &Timing) {
        self.wall += other.wall;
        self.cpu_ms = match (self.cpu_ms, other.cpu_ms) {
            (Some(a), Some(b)) => Some(a + b),
            _ => None,
        };
    }

    /// Keeps the faster of two timings of the same thing (by CPU time when known).
    fn best_of(&mut self, other: &Timing) {
        let faster = match (self.cpu_ms, other.cpu_ms) {
            (Some(a), Some(b)) => b < a,
            _ => other.wall < self.wall,
        };
        if faster {
            (self.wall, self.cpu_ms) = (other.wall, other.cpu_ms);
        }
    }
}

fn time<T>(runs: usize, mut f: impl FnMut() -> T) -> (Timing, T) {
    let mut times = Vec::with_capacity(runs);
    let mut last = None;
    let cpu_began = cpu_seconds();
    for _ in 0..runs {
        let t = Instant::now();
        last = Some(f());
        times.push(t.elapsed());
    }
    let cpu_ms = cpu_seconds().zip(cpu_began).map(|(end, start)| (end - start) * 1000.0 / runs as f64);
    times.sort();
    (Timing { wall: times[runs / 2], cpu_ms }, last.expect("at least one run"))
}

fn main() {
    if let Err(e) = run() {
        eprintln!("错误[{}]: {}", e.code(), e.message_zh());
        std::process::exit(1);
    }
}

fn run() -> walklog::Result<()> {
    let dir = tempfile::tempdir()?;
    // WALKLOG_BENCH_KEEP=FILE keeps the database for looking at query plans afterwards.
    // WALKLOG_BENCH_REUSE=1 with it times the queries on the kept database without rebuilding it.
    let reuse = std::env::var("WALKLOG_BENCH_REUSE").is_ok();
    let path = match std::env::var("WALKLOG_BENCH_KEEP") {
        Ok(keep) => {
            if !reuse {
                for suffix in ["", "-wal", "-shm"] {
                    let _ = std::fs::remove_file(format!("{keep}{suffix}"));
                }
            }
            std::path::PathBuf::from(keep)
        }
        Err(_) => dir.path().join("bench.db"),
    };
    let years = years();
    let mut store = Store::open(&path)?;
    let mut rng = ChaCha8Rng::seed_from_u64(2021);
    let today = chrono::Local::now().date_naive();
    let start_year = today.year() - years + 1;
    let total_walks = UNITS * WALKS_PER_UNIT_YEAR * years as usize;

    println!("生成并写入：{UNITS} 个单位 × {years} 年，{total_walks} 次体验，每批 {BATCH_WALKS} 次一个事务……");
    let began = Instant::now();
    let cpu_began = cpu_seconds();
    let (doc, city) = directory(&mut rng);
    let total_walks = if reuse { 0 } else { total_walks };
    store.import_exchange(&doc)?;
    let mut build = Duration::ZERO;
    let mut first = 0;
    while first < total_walks {
        let count = BATCH_WALKS.min(total_walks - first);
        let t = Instant::now();
        let doc = batch(&mut rng, &city, first, count, start_year, today);
        build += t.elapsed();
        store.import_exchange(&doc)?;
        first += count;
        if first % 10_000 == 0 {
            println!("  {first} 次体验，用时 {:.1} s", began.elapsed().as_secs_f64());
        }
    }
    let insert = began.elapsed();
    let insert_cpu = cpu_seconds().zip(cpu_began).map(|(end, start)| end - start);
    let count = |table: &str| -> walklog::Result<i64> { Ok(store.conn().query_row(&format!("SELECT count(*) FROM {table}"), [], |r| r.get(0))?) };
    println!(
        "已写入：体验 {}，环节 {}，问题 {}，整改任务 {}，进展 {}，变更记录 {}（其中构造数据 {:.1} s）",
        count("walks")?,
        count("steps")?,
        count("problems")?,
        count("tasks")?,
        count("progress_notes")?,
        count("change_log")?,
        build.as_secs_f64()
    );
    store.conn().execute_batch("PRAGMA wal_checkpoint(TRUNCATE); ANALYZE;")?;

    let year = Period::year(today.year() - 1)?;
    let (figures_time, figures) = time(40, || store.figures(&Scope::City, &year));
    let figures = figures?;
    let dept = city.units[7].clone();
    let filter = LedgerFilter {
        department_id: Some(dept),
        status: Some(TaskStatus::ClosedOut),
        sort: LedgerSort::DeadlineAsc,
        limit: 50,
        ..Default::default()
    };
    let (ledger_time, page) = time(200, || store.ledger(&filter));
    let page = page?;
    let (search_time, hits) = time(200, || store.search("材料", 50));
    let hits = hits?;
    // 修改记录 of a task with 200 changes (issue 12: opens in < 100 ms), on the full log.
    let task_id: String = store.conn().query_row("SELECT id FROM tasks WHERE status != 'closed_out' ORDER BY id LIMIT 1", [], |r| r.get(0))?;
    let mut task = store.task(&task_id)?;
    for i in 0..200 {
        task = store.update_task(Task { measure: format!("第 {i} 次修改的整改措施"), ..task })?;
    }
    let (history_time, history) = time(50, || store.record_history("task", &task_id));
    let history = history?;
    // 纪实真实性 of the city's last year per unit (issue 12): the office's 统计 and report.
    let (evidence_time, evidence) = time(10, || store.evidence(&Scope::City, &year));
    let (evidence, _) = evidence?;
    // 核验 (issue 12 item 5): the tables against the log's latest version of every record, on
    // the whole log in one pass per table.
    // 提醒 (issue 13: < 50 ms on the 10-year city): the whole database, as an install without
    // an identity sees it (every kind, every unit); and the office's plan overview of a quarter.
    let (remind_time, reminders) = time(50, || store.reminders());
    let reminders = reminders?;
    let (overview_time, overview) = time(50, || store.plan_overview(None, today.year(), Some(((today.month() - 1) / 3 + 1) as u8)));
    let overview = overview?;
    println!("提醒：{} 条（另 {} 条未列出）；计划总览：{} 名一把手", reminders.items.len(), reminders.more, overview.heads.len());
    let (tables_time, tables) = time(1, || store.check_tables());
    let tables = tables?;
    println!("核验各表：与变更记录不符 {} 处", tables.len());
    let size: u64 = ["", "-wal"]
        .iter()
        .filter_map(|s| std::fs::metadata(format!("{}{s}", path.display())).ok())
        .map(|m| m.len())
        .sum();

    println!("\n{}", figures.sentence());
    println!("{}", evidence.sentence());
    println!(
        "台账一页：{} 行（共 {} 行）；搜索“材料”：{} 条；修改记录：{} 条\n",
        page.rows.len(),
        page.total,
        hits.len(),
        history.entries.len()
    );
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    let insert_timing = Timing { wall: insert, cpu_ms: insert_cpu.map(|s| s * 1000.0) };
    // Budgets of issue 15 where it set them (import by CPU time, figures, ledger page, search),
    // of issues 3, 12 and 13 otherwise.
    let rows = [
        ("生成并写入全部数据（按 CPU）", &insert_timing, 30_000.0),
        ("全市一年的统计数据", &figures_time, 20.0),
        ("台账一页 50 行（按单位+状态筛选，按时限排序）", &ledger_time, 5.0),
        ("全文搜索“材料”前 50 条", &search_time, 5.0),
        ("修改记录：有 200 次修改的整改任务", &history_time, 100.0),
        ("全市一年的纪实真实性（按单位）", &evidence_time, 200.0),
        ("提醒列表（全库）", &remind_time, 50.0),
        ("计划总览：全市一个季度的一把手", &overview_time, 50.0),
        ("核验：各表与变更记录逐条对照", &tables_time, 60_000.0),
    ];
    // Padding counts display columns: a Chinese character takes two.
    let pad = |text: &str, cols: usize| -> String {
        let used: usize = text.chars().map(|c| if c.is_ascii() { 1 } else { 2 }).sum();
        format!("{text}{}", " ".repeat(cols.saturating_sub(used)))
    };
    println!("{}{:>12}{:>12}{:>10}  结果（除注明外按墙钟）", pad("项目", 48), "墙钟 ms", "CPU ms", "预算 ms");
    let mut all_ok = true;
    for (what, timing, budget) in rows {
        let wall = ms(timing.wall);
        let by_cpu = what.ends_with("（按 CPU）");
        let ok = if by_cpu { timing.cpu_ms.unwrap_or(wall) <= budget } else { wall <= budget };
        all_ok &= ok;
        let cpu = timing.cpu_ms.map(|c| format!("{c:.1}")).unwrap_or_else(|| "—".into());
        println!("{}{wall:>12.1}{cpu:>12}{budget:>10.0}  {}", pad(what, 48), if ok { "达标" } else { "超出" });
    }
    println!("数据库大小：{:.1} MB", size as f64 / 1_048_576.0);
    println!("本机负载（1/5/15 分钟）：{}（2 核；其他编译任务同时运行时墙钟时间偏长）", load_average());
    if !all_ok {
        println!("有项目超出预算。");
    }
    encryption_cost(&store, &mut rng, &city, total_walks, start_year, today, &pad, dir.path())
}

/// 数据加密 (issue 14, goal: < 15 % slower): the same imports and the same queries on two
/// copies of the same city, one plain and one encrypted. Each batch is imported into both, the
/// order alternating between batches, and the queries are timed in turns, so a machine that
/// slows down or speeds up during the run (other builds, caches) weighs on both sides alike.
fn encryption_cost(
    store: &Store,
    rng: &mut ChaCha8Rng,
    city: &City,
    written: usize,
    start_year: i32,
    today: Date,
    pad: &dyn Fn(&str, usize) -> String,
    dir: &std::path::Path,
) -> walklog::Result<()> {
    const ROUNDS: usize = 2;
    const PASSWORD: &str = "基准测试的密码-2026";
    println!(
        "\n数据加密的代价（同一个数据库复制两份，一份加密；{ROUNDS} 批各 {BATCH_WALKS} 次体验分别导入两份，先后轮换，查询轮流计时）："
    );
    // Both copies are written by VACUUM INTO, so they are laid out alike: encrypting rewrites
    // the file in the same compact order, and the imported original is fragmented by its
    // batches (its queries read up to three times as many pages).
    let copy = |name: &str| -> walklog::Result<Store> {
        let path = dir.join(name);
        store.conn().execute("VACUUM INTO ?1", [path.to_string_lossy()])?;
        Store::open(&path)
    };
    let mut encrypted = copy("encrypted.db")?;
    let (encrypt_time, done) = time(1, || encrypted.encrypt(PASSWORD));
    done?;
    // Side 0 is plain, side 1 encrypted.
    let mut sides = [copy("plain.db")?, encrypted];

    let mut import = [Timing::ZERO, Timing::ZERO];
    for round in 0..ROUNDS {
        let doc = batch(rng, city, written + round * BATCH_WALKS, BATCH_WALKS, start_year, today);
        let order = if round % 2 == 0 { [0, 1] } else { [1, 0] };
        for side in order {
            let (t, r) = time(1, || sides[side].import_exchange(&doc));
            r?;
            import[side].add(&t);
        }
    }
    // The queries run on new connections to both files. The connection that made a large
    // import was at times three times slower on the same queries than a new one to the same
    // file (either side, not every run; seen on this 2-core machine): measured as it comes, one
    // side's luck decided the comparison.
    drop(sides);
    let sides = [Store::open(dir.join("plain.db"))?, Store::open_with_password(dir.join("encrypted.db"), PASSWORD)?];
    let mut timed = [queries(&sides[0], city, today)?, queries(&sides[1], city, today)?];
    for side in [1, 0] {
        let again = queries(&sides[side], city, today)?;
        for ((_, t), (_, more)) in timed[side].iter_mut().zip(again) {
            t.best_of(&more);
        }
    }
    let [plain_queries, enc_queries] = timed;

    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    let cpu = |t: &Timing| t.cpu_ms.map(|c| format!("{c:.1}")).unwrap_or_else(|| "—".into());
    println!("{}{:>11}{:>11}{:>11}{:>11}{:>9}  目标 < 15%", pad("项目", 44), "不加密 ms", "CPU", "加密 ms", "CPU", "增加");
    let [plain_import, enc_import] = import;
    let mut rows = vec![(format!("导入 {ROUNDS}×{BATCH_WALKS} 次体验（每批一个事务）"), plain_import, enc_import)];
    rows.extend(plain_queries.into_iter().zip(enc_queries).map(|((what, p), (_, e))| (what.to_string(), p, e)));
    let mut over = 0;
    for (what, p, e) in &rows {
        // CPU time when known (other builds on the machine inflate wall time, not CPU time).
        let (a, b) = match (p.cpu_ms, e.cpu_ms) {
            (Some(a), Some(b)) if a > 0.0 => (a, b),
            _ => (ms(p.wall), ms(e.wall)),
        };
        let more = (b / a - 1.0) * 100.0;
        over += usize::from(more >= 15.0);
        println!(
            "{}{:>11.1}{:>11}{:>11.1}{:>11}{:>8.1}%  {}",
            pad(what, 44),
            ms(p.wall),
            cpu(p),
            ms(e.wall),
            cpu(e),
            more,
            if more < 15.0 { "达标" } else { "超出" }
        );
    }
    println!("加密整个数据库（sqlcipher_export 并改名替换）：{:.1} s 墙钟，CPU {} ms", encrypt_time.wall.as_secs_f64(), cpu(&encrypt_time));
    println!("（增加按 CPU 时间计算；查询取两轮中较快的一轮；本机负载：{}）", load_average());
    if over > 0 {
        println!("有 {over} 项加密后慢 15% 以上。");
    }
    Ok(())
}

/// The read paths a user waits on, each timed as in the table above.
fn queries(store: &Store, city: &City, today: Date) -> walklog::Result<Vec<(&'static str, Timing)>> {
    let year = Period::year(today.year() - 1)?;
    let filter = LedgerFilter {
        department_id: Some(city.units[7].clone()),
        status: Some(TaskStatus::ClosedOut),
        sort: LedgerSort::DeadlineAsc,
        limit: 50,
        ..Default::default()
    };
    let (figures, r) = time(40, || store.figures(&Scope::City, &year));
    r?;
    let (ledger, r) = time(200, || store.ledger(&filter));
    r?;
    let (search, r) = time(200, || store.search("材料", 50));
    r?;
    let (evidence, r) = time(10, || store.evidence(&Scope::City, &year));
    r?;
    let (remind, r) = time(50, || store.reminders());
    r?;
    Ok(vec![
        ("全市一年的统计数据", figures),
        ("台账一页 50 行", ledger),
        ("全文搜索“材料”前 50 条", search),
        ("全市一年的纪实真实性", evidence),
        ("提醒列表（全库）", remind),
    ])
}
