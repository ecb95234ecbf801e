//! A city with walks, photos, problems and a ledger, built through the core's verbs (so it
//! obeys every rule). Shared by the report tests and `benches/report.rs`.
#![allow(dead_code)]

use chrono::{DateTime, Duration, FixedOffset, NaiveDate};
use walklog::model::*;
use walklog::Store;

pub fn ts(s: &str) -> DateTime<FixedOffset> {
    DateTime::parse_from_rfc3339(s).expect("timestamp")
}

pub fn d(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").expect("date")
}

pub struct Demo {
    pub store: Store,
    pub dir: tempfile::TempDir,
    pub departments: Vec<String>,
    /// The sealed walk with steps, photos, problems and tasks.
    pub walk_id: String,
    pub office: String,
}

const UNITS: &[&str] = &[
    "市市场监管局", "市人社局", "市公安局", "市不动产登记中心", "市医保局", "市住房保障局", "市税务局", "市卫健委",
    "市民政局", "市交通运输局", "市城管局", "市自然资源和规划局", "市生态环境局", "市商务局", "市公积金中心",
    "金水区政务服务中心", "二七区政务服务中心", "中原区政务服务中心", "管城区政务服务中心", "惠济区政务服务中心",
];

const STEP_NAMES: &[(&str, &str)] = &[
    ("进门咨询", "一楼导服台"), ("取号排队", "叫号机"), ("填写申请表", "自助填单区"), ("窗口受理", "综合受理 8 号窗口"),
    ("材料审核", "后台审批区"), ("补正材料", "8 号窗口"), ("缴费", "缴费窗口"), ("现场核查", "企业经营场所"),
    ("审批决定", "后台审批区"), ("制证", "制证区"), ("领取证照", "出件窗口"), ("服务评价", "好差评终端"),
];

const PROBLEM_TEXTS: &[&str] = &[
    "窗口人员对容缺受理政策不熟悉，要求补交非必要的房屋产权证明复印件",
    "一次告知不到位，申请人因缺少授权委托书往返两次",
    "自助填单机无法识别港澳居民来往内地通行证，只能人工填写",
    "“一件事”综合窗口与后台审批系统数据不互通，需重复录入企业信息",
    "叫号系统显示等候人数与实际不符，群众平均等候 45 分钟",
    "网上申报入口隐藏较深，首页无法直接找到开办餐饮店（食品经营许可）事项",
    "好差评设备旁另贴有科室自制二维码，存在码上加码",
    "现场核查需企业另行预约，流程未纳入承诺时限",
];

const MEASURES: &[&str] = &[
    "梳理容缺受理清单并组织窗口人员专题培训，实行首问负责和一次告知",
    "推行告知承诺制，取消房屋产权证明复印件，由部门间数据共享核验",
    "升级自助填单系统，支持港澳台居民证件识读",
    "打通综合受理平台与审批系统接口，实现一次录入、全程共享",
    "优化叫号规则，高峰时段增开潮汐窗口",
];

pub fn photo_bytes(w: u32, h: u32, seed: u32) -> Vec<u8> {
    let img = image::RgbImage::from_fn(w, h, |x, y| {
        let v = ((x / 40 + y / 40 + seed) % 2) as u8;
        image::Rgb([60 + v * 120, ((x * 200 / w) as u8).wrapping_add((seed * 40) as u8), (y * 200 / h) as u8])
    });
    let mut out = Vec::new();
    image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, 85).encode_image(&img).expect("jpeg");
    out
}

fn person(store: &mut Store, name: &str, role: Role, dept: &str, title: &str) -> String {
    store
        .save_person(Person { id: String::new(), name: name.into(), title: title.into(), role, department_id: dept.into() })
        .expect("person")
        .id
}

/// `units` departments (each with a head and a responsible person), one sealed walk of
/// `steps` steps and `photos` photos, and `tasks` rectification tasks spread over the units
/// (some overdue, some closed out). A tenth of the units have not walked.
pub fn demo(units: usize, steps: usize, photos: usize, tasks: usize) -> Demo {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut store = Store::open(dir.path().join("walklog.db")).expect("open store");
    store.set_clock(Some(ts("2026-03-02T09:00:00+08:00")));
    store.set_actor("秘书小王");
    let mut departments = Vec::new();
    let mut heads = Vec::new();
    let mut owners = Vec::new();
    for i in 0..units.max(1) {
        let name = UNITS.get(i).map(|s| s.to_string()).unwrap_or_else(|| format!("第{}街道便民服务中心", i + 1 - UNITS.len()));
        let level = if i < 15 { DeptLevel::CityDepartment } else { DeptLevel::District };
        let id = store.save_department(Department { id: String::new(), name, level, parent_id: None }).expect("dept").id;
        heads.push(person(&mut store, &format!("负责人{}", i + 1), Role::Head, &id, "局长"));
        owners.push(person(&mut store, &format!("科长{}", i + 1), Role::Owner, &id, "科长"));
        departments.push(id);
    }
    // The first head has a real-looking name for the walk record.
    let head0 = store.person(&heads[0]).expect("head");
    store.save_person(Person { name: "王建国".into(), ..head0 }).expect("rename");
    let office = person(&mut store, "党建办刘主任", Role::Office, &departments[0], "主任");
    let matter = store
        .save_matter(Matter {
            id: String::new(),
            name: "开办餐饮店（食品经营许可）".into(),
            department_id: departments[0].clone(),
            legal_days: Some(20),
            promised_days: Some(5),
            materials_count: 25,
            steps_count: 6,
        })
        .expect("matter")
        .id;

    let walk_id = record_walk(&mut store, &departments[0], &heads[0], &owners[0], &matter, &office, steps, photos);

    // Other walks and the ledger: one walk per unit that walked, problems spread over them.
    let walked: Vec<usize> = (0..departments.len()).filter(|i| units < 10 || i % 10 != 9).collect();
    let mut unit_walks = Vec::new();
    for (k, &i) in walked.iter().enumerate() {
        let day = 3 + (k % 20) as i64;
        store.set_clock(Some(ts("2026-03-02T09:00:00+08:00") + Duration::days(day)));
        let kind = [WalkKind::Daily, WalkKind::Cross, WalkKind::Acceptance][k % 3];
        let walk = plan(&mut store, &departments[i], &heads[i], kind, &matter, &format!("{}走流程体验", UNITS[i % UNITS.len()]));
        store.start_walk(&walk.id).expect("start");
        store.next_step(&walk.id, "窗口受理", "综合窗口").expect("step");
        unit_walks.push((i, walk.id, store.today()));
    }
    let today = d("2026-03-25");
    for t in 0..tasks {
        let (i, walk_id, walked_on) = &unit_walks[t % unit_walks.len()];
        let problem = store
            .record_problem(Problem {
                id: String::new(),
                walk_id: Some(walk_id.clone()),
                department_id: String::new(),
                source: ProblemSource::Walk,
                work_order_no: None,
                step_id: None,
                category: ProblemCategory::ALL[t % ProblemCategory::ALL.len()],
                standards: vec![Standard::ALL[t % Standard::ALL.len()]],
                severity: Severity::Minor,
                nature: Nature::Systemic,
                description: format!("{}（第{}项）", PROBLEM_TEXTS[t % PROBLEM_TEXTS.len()], t + 1),
                on_spot_action: None,
                resolved_on: None,
                found_on: today,
            })
            .expect("problem");
        // Deadlines from the walk's day to a month later: the early ones are overdue by the 25th.
        let deadline = *walked_on + Duration::days((t % 31) as i64);
        let task = store
            .raise_task(Task::new(vec![problem.id], MEASURES[t % MEASURES.len()], departments[*i].clone(), owners[*i].clone(), deadline))
            .expect("task");
        match t % 4 {
            1 => {
                store.start_task(&task.id).expect("start task");
                store.add_note(&task.id, "已完成窗口人员培训 2 场，正在修订办事指南", None).expect("note");
            }
            2 => {
                store.add_note(&task.id, "已取消复印件要求，系统改造完成并上线试运行", None).expect("note");
                store.mark_task_done(&task.id).expect("done");
                store.close_out_task(&task.id, &office).expect("close out");
            }
            _ => {}
        }
    }
    store.set_clock(Some(ts("2026-03-25T16:30:00+08:00")));
    for (_, walk_id, _) in &unit_walks {
        store.complete_walk(walk_id).expect("complete");
    }
    Demo { store, dir, departments, walk_id, office }
}

/// A walk planned for today in the unit (incognito when 日常), for a test or a benchmark to start.
pub fn plan(store: &mut Store, dept: &str, head: &str, kind: WalkKind, matter: &str, title: &str) -> Walk {
    let daily = kind == WalkKind::Daily;
    store
        .plan_walk(Walk {
            id: String::new(),
            title: title.into(),
            department_id: dept.into(),
            leader_id: head.into(),
            kind,
            manner: daily.then_some(Manner::InPerson),
            ways: if daily { vec![Way::Unannounced] } else { vec![] },
            channel: Channel::Hall,
            place_level: PlaceLevel::CityHall,
            place_name: "市民之家".into(),
            matter_ids: vec![matter.into()],
            companion_ids: vec![],
            incognito: daily.then_some(Incognito { identity_hidden: true, no_notice: true, no_escort: true }),
            alias: None,
            planned_date: store.today(),
            started_at: None,
            ended_at: None,
            status: WalkStatus::Planned,
            reflection: String::new(),
            suggestions: 0,
            questionnaires: 0,
            coordinated: 0,
            seal_code: None,
            capture: Default::default(),
        })
        .expect("plan")
}

#[allow(clippy::too_many_arguments)]
fn record_walk(store: &mut Store, dept: &str, head: &str, owner: &str, matter: &str, office: &str, steps: usize, photos: usize) -> String {
    let walk = plan(store, dept, head, WalkKind::Daily, matter, "暗访开办餐饮店全流程");
    let mut now = ts("2026-03-02T09:00:00+08:00");
    store.set_clock(Some(now));
    store.start_walk(&walk.id).expect("start");
    let mut step_ids = Vec::new();
    for i in 0..steps {
        let (name, place) = STEP_NAMES[i % STEP_NAMES.len()];
        now += Duration::minutes(6 + (i as i64 * 5) % 17);
        store.set_clock(Some(now));
        let step = store.next_step(&walk.id, name, place).expect("step");
        step_ids.push(step.id.clone());
    }
    now += Duration::minutes(9);
    store.set_clock(Some(now));
    // Fill each step's details after the fact, as a secretary tidying the log would.
    for (i, id) in step_ids.iter().enumerate() {
        let mut s = store.step(id).expect("step");
        s.waiting_minutes = (i as u32 * 7) % 25;
        s.materials_count = if i == 3 { 13 } else { (i as u32) % 3 };
        s.materials_names = if i == 3 { "营业执照、法定代表人身份证、经营场所证明、食品安全管理制度".into() } else { String::new() };
        s.trips = u32::from(i == 5);
        s.rating = Some(3 + (i % 3) as u8);
        s.observations = match i {
            1 => "取号机提示语不清楚，导服人员主动上前引导，但未询问办理事项。\n等候区座位充足，叫号屏显示正常。".into(),
            3 => "窗口人员要求提供房屋产权证明复印件，称“系统要求必须上传”，与容缺受理清单不符。".into(),
            5 => "因缺少授权委托书需回单位补办，往返一次约 40 分钟。".into(),
            _ => format!("环节{}办理顺利，工作人员态度良好，按一次告知要求说明了后续流程。", i + 1),
        };
        store.save_step(s).expect("save step");
    }
    for (k, id) in step_ids.iter().take(photos).enumerate() {
        let bytes = photo_bytes(1600, 1200, k as u32);
        store.attach_photo(OwnerKind::Step, id, &format!("IMG_{:04}.jpg", k + 1), &bytes, &format!("环节现场照片{}", k + 1)).expect("photo");
    }
    let problem = |store: &mut Store, step: Option<&String>, cat, nature, text: &str, on_spot: Option<&str>| {
        store
            .record_problem(Problem {
                id: String::new(),
                walk_id: Some(walk.id.clone()),
                department_id: String::new(),
                source: ProblemSource::Walk,
                work_order_no: None,
                step_id: step.cloned(),
                category: cat,
                standards: vec![Standard::ToldOnce, Standard::FirstAsked],
                severity: Severity::Major,
                nature,
                description: text.into(),
                on_spot_action: on_spot.map(Into::into),
                resolved_on: None,
                found_on: d("2026-03-02"),
            })
            .expect("problem")
    };
    problem(store, step_ids.get(1), ProblemCategory::ServiceQuality, Nature::Simple, "导服人员未主动询问办理事项", Some("现场提醒导服人员落实首问负责制"));
    let p2 = problem(store, step_ids.get(3), ProblemCategory::Materials, Nature::Systemic, "要求提供容缺受理清单之外的房屋产权证明复印件", None);
    let p3 = problem(store, step_ids.get(5), ProblemCategory::Process, Nature::Systemic, "一次告知不到位，申请人往返补交授权委托书", None);
    for (p, measure, deadline) in [(p2, MEASURES[1], "2026-04-30"), (p3, MEASURES[0], "2026-03-20")] {
        store
            .raise_task(Task { matter_id: Some(matter.into()), ..Task::new(vec![p.id], measure, dept, owner, d(deadline)) })
            .expect("task");
    }
    let mut w = store.walk(&walk.id).expect("walk");
    w.reflection = "以普通群众身份走完开办餐饮店全流程，切身感受到材料多、跑动多的难点。\n下一步将以“减材料、减跑动”为重点，推动容缺受理清单落地，让群众少跑腿。".into();
    w.suggestions = 6;
    w.questionnaires = 20;
    w.coordinated = 2;
    store.update_walk(w).expect("update walk");
    store.complete_walk(&walk.id).expect("complete");
    let _ = office;
    store.archive_walk(&walk.id).expect("archive");
    walk.id
}
