//! A realistic demo dataset: a year of the programme in a Zhengzhou-like city (see
//! `demo/catalog.rs`). Every record goes through the verbs, so it passes every rule.
//!
//! How it stays deterministic: all randomness comes from one ChaCha stream seeded by `seed`,
//! ids come from that stream (not from the clock), and the whole year is first planned as a list
//! of dated events, then replayed in time order with the store's clock pinned to each event.
//! Replaying in time order also keeps the change log in calendar order, as a real year would.

mod catalog;

use crate::error::Result;
use crate::model::*;
use crate::store::Store;
use catalog::*;

/// What the demo's office requires of a stalled task.
const SUPERVISION_NOTE: &str = "该任务已逾期且长期无进展，请制定整改计划，明确完成时限，按期报送整改佐证材料。";
use chrono::{Datelike, Days, FixedOffset, NaiveTime, TimeZone, Weekday};
use rand::seq::SliceRandom;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use serde::Serialize;
use std::collections::HashMap;

/// How many walks a year of demo data holds (a few of them still planned or under way).
const WALKS: usize = 84;

/// What the generator wrote.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct DemoSummary {
    pub departments: u32,
    pub people: u32,
    pub matters: u32,
    pub walks: u32,
    pub steps: u32,
    pub problems: u32,
    pub tasks: u32,
    pub notes: u32,
    pub outreach: u32,
}

impl DemoSummary {
    pub fn sentence_zh(&self) -> String {
        format!(
            "单位 {} 个、人员 {} 人、事项 {} 项、体验 {} 次、环节 {} 个、问题 {} 个、整改任务 {} 项、进展记录 {} 条、意见征集记录 {} 条",
            self.departments, self.people, self.matters, self.walks, self.steps, self.problems, self.tasks, self.notes, self.outreach
        )
    }
}

/// Loads the demo data into an empty database only, so real records are never mixed with
/// invented ones. Both front ends ask this one rule.
pub fn load_into_empty(store: &mut Store, seed: u64) -> Result<DemoSummary> {
    if !store.is_empty()? {
        return Err(crate::Error::NotEmpty { message: "数据库中已有记录，示例数据只能载入空数据库。".into() });
    }
    generate(store, seed)
}

/// Generates the dataset for the twelve months before today (the local date).
pub fn generate(store: &mut Store, seed: u64) -> Result<DemoSummary> {
    generate_until(store, seed, chrono::Local::now().date_naive())
}

/// Generates the dataset for the twelve months before `today`. Leaves the store's clock on the
/// real time afterwards.
pub fn generate_until(store: &mut Store, seed: u64, today: Date) -> Result<DemoSummary> {
    let mut plan = Planner::new(seed, today);
    plan.directory();
    plan.walks();
    plan.outreach();
    plan.plans();
    let mut events = plan.events;
    // Stable: events at the same instant keep the order they were planned in (their dependencies).
    events.sort_by_key(|e| (e.at, e.order));
    let result = events.into_iter().try_for_each(|e| {
        store.set_clock(Some(e.at));
        apply(store, e.action)
    });
    store.set_clock(None);
    result?;
    summary(store)
}

fn summary(store: &Store) -> Result<DemoSummary> {
    let count = |table: &str| -> Result<u32> {
        Ok(store.conn().query_row(&format!("SELECT count(*) FROM {table}"), [], |r| r.get(0))?)
    };
    Ok(DemoSummary {
        departments: count("departments")?,
        people: count("people")?,
        matters: count("matters")?,
        walks: count("walks")?,
        steps: count("steps")?,
        problems: count("problems")?,
        tasks: count("tasks")?,
        notes: count("progress_notes")?,
        outreach: count("outreach")?,
    })
}

/// One thing a user did, at a moment of the year.
struct Event {
    at: Timestamp,
    order: usize,
    action: Action,
}

enum Action {
    Department(Department),
    Person(Person),
    Matter(Matter),
    Plan(Box<Walk>),
    Start(String),
    /// 下一环节 on the live screen: the step opens at the clock, under the planned id.
    NextStep(Box<Step>),
    Step(Box<Step>),
    Problem(Box<Problem>),
    Complete(String),
    Archive(String),
    Raise(Box<Task>),
    StartTask(String),
    Note { id: String, task_id: String, text: String },
    UpdateTask(Box<Task>),
    Done(String),
    CloseOut { task_id: String, office: String },
    SendBack { task_id: String, office: String },
    /// 督办 of a stalled task, `required_by` days after it is made.
    Supervise { id: String, task_id: String, office: String, days: u64 },
    Outreach(Outreach),
    SavePlan(WalkPlan),
}

fn apply(store: &mut Store, action: Action) -> Result<()> {
    match action {
        Action::Department(d) => store.save_department(d).map(drop),
        Action::Person(p) => store.save_person(p).map(drop),
        Action::Matter(m) => store.save_matter(m).map(drop),
        Action::Plan(w) => store.plan_walk(*w).map(drop),
        Action::Start(id) => store.start_walk(&id).map(drop),
        Action::NextStep(s) => store.next_step_as(&s.id, &s.walk_id, &s.name, &s.place).map(drop),
        Action::Step(s) => store.save_step(*s).map(drop),
        Action::Problem(p) => store.record_problem(*p).map(drop),
        Action::Complete(id) => store.complete_walk(&id).map(drop),
        Action::Archive(id) => store.archive_walk(&id).map(drop),
        Action::Raise(t) => store.raise_task(*t).map(drop),
        Action::StartTask(id) => store.start_task(&id).map(drop),
        Action::Note { id, task_id, text } => store.add_note_with_id(&id, &task_id, &text, None).map(drop),
        Action::UpdateTask(t) => store.update_task(*t).map(drop),
        Action::Done(id) => store.mark_task_done(&id).map(drop),
        Action::CloseOut { task_id, office } => store.close_out_task(&task_id, &office).map(drop),
        Action::SendBack { task_id, office } => store.send_back_task(&task_id, &office, SEND_BACK_REASON).map(drop),
        Action::Supervise { id, task_id, office, days } => {
            let by = store.today() + Days::new(days);
            store.supervise_task_with_id(&id, &task_id, &office, SUPERVISION_NOTE, by).map(drop)
        }
        Action::Outreach(o) => store.save_outreach(o).map(drop),
        Action::SavePlan(p) => store.save_plan(p).map(drop),
    }
}

/// The people of one unit.
struct Staff {
    head: String,
    staff: String,
    owner: String,
}

struct Planner {
    rng: ChaCha8Rng,
    today: Date,
    /// China Standard Time: the programme's clock.
    tz: FixedOffset,
    events: Vec<Event>,
    units: HashMap<&'static str, String>,
    staff: HashMap<&'static str, Staff>,
    office: String,
    /// Matter ids with the catalog entry they come from.
    matters: Vec<(String, &'static MatterDef)>,
}

impl Planner {
    fn new(seed: u64, today: Date) -> Planner {
        Planner {
            rng: ChaCha8Rng::seed_from_u64(seed),
            today,
            tz: FixedOffset::east_opt(8 * 3600).expect("UTC+8 is a valid offset"),
            events: Vec::new(),
            units: HashMap::new(),
            staff: HashMap::new(),
            office: String::new(),
            matters: Vec::new(),
        }
    }

    /// A UUID from the seeded stream (version 4 layout), so the same seed gives the same ids.
    fn id(&mut self) -> String {
        let bytes: [u8; 16] = self.rng.gen();
        uuid::Builder::from_random_bytes(bytes).into_uuid().to_string()
    }

    fn at(&self, day: Date, hour: u32, minute: u32) -> Timestamp {
        let time = NaiveTime::from_hms_opt(hour.min(23), minute.min(59), 0).unwrap_or(NaiveTime::MIN);
        self.tz.from_local_datetime(&day.and_time(time)).single().unwrap_or_else(|| self.tz.from_utc_datetime(&day.and_time(time)))
    }

    fn push(&mut self, at: Timestamp, action: Action) {
        let order = self.events.len();
        self.events.push(Event { at, order, action });
    }

    fn name(&mut self) -> String {
        let s = SURNAMES.choose(&mut self.rng).copied().unwrap_or("王");
        let g = GIVEN_NAMES.choose(&mut self.rng).copied().unwrap_or("伟");
        format!("{s}{g}")
    }

    fn unit(&self, key: &str) -> String {
        self.units.get(key).cloned().unwrap_or_default()
    }

    /// Units, people and matters, set up a few weeks before the year starts.
    fn directory(&mut self) {
        let day = self.today - Days::new(400);
        let at = self.at(day, 9, 0);
        for def in UNITS {
            let id = self.id();
            self.units.insert(def.key, id.clone());
            let parent_id = def.parent.map(|p| self.unit(p));
            self.push(at, Action::Department(Department { id, name: def.name.into(), level: def.level, parent_id }));
        }
        for def in UNITS {
            let department_id = self.unit(def.key);
            let head = Person { id: self.id(), name: self.name(), title: def.head_title.into(), role: Role::Head, department_id: department_id.clone() };
            let staff = Person { id: self.id(), name: self.name(), title: "办公室秘书".into(), role: Role::Staff, department_id: department_id.clone() };
            let owner_title = match def.level {
                DeptLevel::Street | DeptLevel::Community => "便民服务中心负责人",
                DeptLevel::PublicEnterprise => "客户服务部经理",
                _ => "行政审批科科长",
            };
            let owner = Person { id: self.id(), name: self.name(), title: owner_title.into(), role: Role::Owner, department_id: department_id.clone() };
            self.staff.insert(def.key, Staff { head: head.id.clone(), staff: staff.id.clone(), owner: owner.id.clone() });
            for p in [head, staff, owner] {
                self.push(at, Action::Person(p));
            }
        }
        let office = Person {
            id: self.id(),
            name: self.name(),
            title: "党建工作领导小组办公室主任".into(),
            role: Role::Office,
            department_id: self.unit(OFFICE_UNIT),
        };
        self.office = office.id.clone();
        self.push(at, Action::Person(office));
        for def in MATTERS {
            let m = Matter {
                id: self.id(),
                name: def.name.into(),
                department_id: self.unit(def.unit),
                legal_days: def.legal_days,
                promised_days: def.promised_days,
                materials_count: def.materials,
                steps_count: def.steps,
            };
            self.matters.push((m.id.clone(), def));
            self.push(at, Action::Matter(m));
        }
    }

    /// The year's walks: most done, the oldest archived, a few planned or under way.
    fn walks(&mut self) {
        let walkers: Vec<&'static UnitDef> = UNITS.iter().filter(|u| u.walks).collect();
        let mut order: Vec<usize> = (0..walkers.len()).collect();
        for i in 0..WALKS {
            if i % walkers.len() == 0 {
                order.shuffle(&mut self.rng);
            }
            let unit = walkers[order[i % walkers.len()]];
            // The last four: two under way since yesterday, two planned for the coming days.
            let stage = match WALKS - i {
                1 | 2 => Stage::Planned,
                3 | 4 => Stage::InProgress,
                _ => Stage::Done,
            };
            let day = match stage {
                Stage::Planned => self.today + Days::new(3 + 7 * (WALKS - i) as u64),
                Stage::InProgress => self.today - Days::new(1),
                // Spread over the year up to two days ago, so this month and quarter have walks too.
                Stage::Done => working_day(self.today - Days::new(360 - (i as u64 * 358 / (WALKS as u64 - 5))), self.today),
            };
            self.walk(i, unit, day, stage);
        }
    }

    fn walk(&mut self, i: usize, unit: &'static UnitDef, day: Date, stage: Stage) {
        let kind = match i % 4 {
            0 | 1 => WalkKind::Daily,
            2 => WalkKind::Cross,
            _ => WalkKind::Acceptance,
        };
        // The matter: its own for daily and acceptance walks, another unit's for cross walks.
        let own: Vec<usize> = (0..self.matters.len()).filter(|&m| self.matters[m].1.unit == unit.key).collect();
        let others: Vec<usize> = (0..self.matters.len()).filter(|&m| self.matters[m].1.unit != unit.key).collect();
        let pool = if kind == WalkKind::Cross || own.is_empty() { &others } else { &own };
        let m = pool.choose(&mut self.rng).copied().unwrap_or(0);
        let (matter_id, mdef) = (self.matters[m].0.clone(), self.matters[m].1);
        let home = UNITS.iter().find(|u| u.key == mdef.unit).unwrap_or(unit);

        let mut ways = Vec::new();
        if kind == WalkKind::Daily && self.rng.gen_bool(0.6) {
            ways.push(Way::Unannounced);
        }
        if i % 11 == 5 || self.rng.gen_bool(0.15) {
            ways.push(Way::Linked);
        }
        if kind == WalkKind::Cross {
            ways.push(Way::Mutual);
        }
        let grassroots = i % 9 == 4 || matches!(home.level, DeptLevel::Street | DeptLevel::Community);
        if grassroots {
            ways.push(Way::Grassroots);
        }
        let channel = match kind {
            WalkKind::Acceptance => Channel::Hall,
            WalkKind::Cross => *[Channel::Hall, Channel::Hall, Channel::Web].choose(&mut self.rng).unwrap_or(&Channel::Hall),
            WalkKind::Daily => *[Channel::Hall, Channel::Hall, Channel::Hall, Channel::Web, Channel::App, Channel::App, Channel::Kiosk, Channel::Phone]
                .choose(&mut self.rng)
                .unwrap_or(&Channel::Hall),
        };
        let (place_level, place_name) = match channel {
            Channel::Web => (PlaceLevel::Online, "河南政务服务网（郑州站）".to_string()),
            Channel::App => (PlaceLevel::Online, "“郑好办”APP".to_string()),
            Channel::Phone => (PlaceLevel::Online, "12345政务服务便民热线".to_string()),
            Channel::Kiosk => (PlaceLevel::Kiosk, format!("{}7×24小时自助服务区", home.place.1)),
            Channel::Hall if grassroots && !matches!(home.level, DeptLevel::Street | DeptLevel::Community) => {
                let street = *["jbl", "hyl", "jzj", "hhl", "ldc", "hzl", "nkl"].choose(&mut self.rng).unwrap_or(&"jbl");
                let place = UNITS.iter().find(|u| u.key == street).map(|u| u.place).unwrap_or(home.place);
                (place.0, place.1.to_string())
            }
            Channel::Hall => (home.place.0, home.place.1.to_string()),
        };
        let manner = (kind == WalkKind::Daily).then(|| [Manner::InPerson, Manner::AsAgent, Manner::Accompanying][(i / 4) % 3]);
        let title = match (kind, manner) {
            (WalkKind::Daily, Some(Manner::InPerson)) => format!("以申请人身份办理{}", mdef.name),
            (WalkKind::Daily, Some(Manner::AsAgent)) => format!("代理群众办理{}", mdef.name),
            (WalkKind::Daily, _) => format!("陪同群众办理{}", mdef.name),
            (WalkKind::Cross, _) => format!("交叉体验{}“{}”", home.name.trim_start_matches("郑州市"), mdef.name),
            (WalkKind::Acceptance, _) => format!("在{}窗口受理{}", place_name, mdef.name),
        };
        let staff = &self.staff[unit.key];
        let (leader_id, staff_id) = (staff.head.clone(), staff.staff.clone());
        let alias = (kind == WalkKind::Daily && self.rng.gen_bool(0.3)).then(|| ["办事群众甲", "张女士", "李先生"][i % 3].to_string());
        let walk_id = self.id();
        let (hour, minute) = (9 + self.rng.gen_range(0..4), self.rng.gen_range(0..60));
        let start = self.at(day, hour, minute);
        // What the leader writes and collects comes after the walk: a walk still planned or under
        // way has none of it yet (drawn anyway, so the seed's sequence is the same for every stage).
        let reflection = REFLECTIONS.choose(&mut self.rng).copied().unwrap_or_default().to_string();
        let suggestions = self.rng.gen_range(0..4);
        let questionnaires = if kind == WalkKind::Acceptance { self.rng.gen_range(5..40) } else { 0 };
        let coordinated = self.rng.gen_range(0..3);
        let walked = stage == Stage::Done;
        let walk = Walk {
            id: walk_id.clone(),
            title,
            department_id: self.unit(unit.key),
            leader_id,
            kind,
            manner,
            ways,
            channel,
            place_level,
            place_name,
            matter_ids: vec![matter_id.clone()],
            companion_ids: if kind == WalkKind::Daily { Vec::new() } else { vec![staff_id] },
            incognito: (kind == WalkKind::Daily).then_some(Incognito { identity_hidden: true, no_notice: true, no_escort: true }),
            alias,
            planned_date: day,
            started_at: None,
            ended_at: None,
            status: WalkStatus::Planned,
            reflection: if walked { reflection } else { String::new() },
            suggestions: if walked { suggestions } else { 0 },
            questionnaires: if walked { questionnaires } else { 0 },
            coordinated: if walked { coordinated } else { 0 },
            seal_code: None,
            capture: Capture::default(),
        };
        let planned_at = self.at(day - Days::new(7), 10, 0).min(self.at(self.today, 8, 0));
        self.push(planned_at, Action::Plan(Box::new(walk)));
        if stage == Stage::Planned {
            return;
        }
        self.push(start, Action::Start(walk_id.clone()));
        let step_names = self.step_names(kind, channel);
        // Most heads log their walks live on the 体验 screen; the housing fund centre's secretary
        // types its steps in afterwards, so the office's figures have a unit that stands out.
        let live = unit.key != "gjj" && i % 9 != 4;
        let mut t = start;
        let mut steps = Vec::new();
        let last = step_names.len();
        for (n, name) in step_names.into_iter().enumerate() {
            let waiting = if channel == Channel::Hall { self.rng.gen_range(0..25) } else { 0 };
            let busy = self.rng.gen_range(3..18);
            let end = t + chrono::Duration::minutes(i64::from(waiting + busy));
            let materials = if name.contains("受理") || name.contains("上传") || name.contains("审核") || name.contains("预审") {
                self.rng.gen_range(2..=mdef.materials.max(2))
            } else {
                0
            };
            let names: Vec<&str> = mdef.material_names.iter().take(materials as usize).copied().collect();
            let shared = materials / 2;
            let observations = OBSERVATIONS
                .choose(&mut self.rng)
                .copied()
                .unwrap_or_default()
                .replace("{w}", &waiting.to_string())
                .replace("{m}", &materials.max(1).to_string())
                .replace("{s}", &shared.max(1).to_string());
            // The walk under way has its last step still open.
            let open = stage == Stage::InProgress && n + 1 == last;
            let step = Step {
                id: self.id(),
                walk_id: walk_id.clone(),
                seq: (n + 1) as u32,
                name: name.to_string(),
                place: self.step_place(channel, name),
                started_at: t,
                ended_at: (!open).then_some(end),
                waiting_minutes: waiting,
                materials_count: materials,
                materials_names: names.join("、"),
                trips: u32::from(n == 0 || (channel == Channel::Hall && self.rng.gen_bool(0.15))),
                observations,
                rating: Some(self.rng.gen_range(2..=5)),
                capture: Capture::default(),
            };
            steps.push((step.id.clone(), end));
            if live {
                // 下一环节 at t (closing the step before), then the secretary's fields.
                self.push(t, Action::NextStep(Box::new(step.clone())));
                self.push(t, Action::Step(Box::new(step)));
            } else {
                self.push(end.max(t), Action::Step(Box::new(step)));
            }
            t = end + chrono::Duration::minutes(self.rng.gen_range(1..10));
        }
        if stage == Stage::InProgress {
            return;
        }
        let end = t + chrono::Duration::minutes(5);
        // Problems are recorded at the step they arose at, while the walk is under way.
        // The first walks find at least one problem each and go through the whole catalog once,
        // so every category shows up whatever the seed.
        let found = self.rng.gen_range(usize::from(i < PROBLEMS.len())..=3usize);
        let mut systemic = Vec::new();
        for k in 0..found {
            let def = if i < PROBLEMS.len() && k == 0 {
                &PROBLEMS[i]
            } else {
                PROBLEMS.choose(&mut self.rng).unwrap_or(&PROBLEMS[0])
            };
            let (step_id, step_end) = steps.choose(&mut self.rng).cloned().unwrap_or_default();
            let nature = if self.rng.gen_bool(0.45) { Nature::Simple } else { Nature::Systemic };
            // Most simple problems are fixed on the spot; a few wait.
            let fixed = nature == Nature::Simple && self.rng.gen_bool(0.85);
            let problem = Problem {
                id: self.id(),
                walk_id: Some(walk_id.clone()),
                department_id: self.unit(unit.key),
                source: ProblemSource::Walk,
                work_order_no: None,
                step_id: Some(step_id),
                category: def.category,
                standards: def.standards.to_vec(),
                severity: *[Severity::Minor, Severity::Minor, Severity::Major, Severity::Severe].choose(&mut self.rng).unwrap_or(&Severity::Minor),
                nature,
                description: def.description.to_string(),
                on_spot_action: fixed.then(|| def.on_spot.to_string()),
                resolved_on: None,
                found_on: day,
            };
            if nature == Nature::Systemic {
                systemic.push((problem.id.clone(), def));
            }
            self.push(step_end.min(end), Action::Problem(Box::new(problem)));
        }
        self.push(end, Action::Complete(walk_id.clone()));
        if day + Days::new(20) < self.today && self.rng.gen_bool(0.6) {
            let later = day + Days::new(self.rng.gen_range(3..10));
            let sealed = self.at(working_day(later, self.today), 16, 30);
            self.push(sealed, Action::Archive(walk_id.clone()));
        }
        let responsible = if kind == WalkKind::Cross { home.key } else { unit.key };
        for (problem_id, def) in systemic {
            self.task(problem_id, def, responsible, &matter_id, mdef, day);
        }
    }

    fn step_names(&mut self, kind: WalkKind, channel: Channel) -> Vec<&'static str> {
        let all = match (kind, channel) {
            (WalkKind::Acceptance, _) => ACCEPTANCE_STEPS,
            (_, Channel::Web | Channel::App) => ONLINE_STEPS,
            (_, Channel::Kiosk) => KIOSK_STEPS,
            (_, Channel::Phone) => PHONE_STEPS,
            (_, Channel::Hall) => HALL_STEPS,
        };
        let want = self.rng.gen_range(3..=all.len().min(8));
        let mut picked: Vec<usize> = (0..all.len()).collect::<Vec<_>>();
        picked.shuffle(&mut self.rng);
        picked.truncate(want);
        picked.sort_unstable();
        picked.into_iter().map(|k| all[k]).collect()
    }

    fn step_place(&mut self, channel: Channel, name: &str) -> String {
        match channel {
            Channel::Hall => {
                let area = if name.contains("引导") || name.contains("取号") {
                    "大厅入口"
                } else if name.contains("咨询") {
                    "咨询辅导区"
                } else if name.contains("审批") {
                    "后台审批区"
                } else if name.contains("领取") {
                    "综合出件窗口"
                } else {
                    ["“一件事”综合受理窗口", "业务受理区", "容缺受理通道", "绿色通道"][self.rng.gen_range(0..4)]
                };
                area.to_string()
            }
            Channel::Web => "河南政务服务网".into(),
            Channel::App => "“郑好办”APP".into(),
            Channel::Kiosk => "7×24小时自助服务区".into(),
            Channel::Phone => "12345热线".into(),
        }
    }

    /// A rectification task and its life until today: some on time, some late, some stalled
    /// (overdue), some sent back once by the office.
    fn task(&mut self, problem_id: String, def: &'static ProblemDef, unit: &'static str, matter_id: &str, mdef: &MatterDef, walk_day: Date) {
        let raised = working_day(walk_day + Days::new(1), self.today);
        let deadline = raised + Days::new(self.rng.gen_range(20..75));
        let trips_before = mdef.trips;
        let before = ProcessFigures { steps: mdef.steps, materials: mdef.materials, days: mdef.promised_days.unwrap_or(0), trips: trips_before };
        let after = match mdef.after {
            Some((steps, materials, days, trips)) => ProcessFigures { steps, materials, days, trips },
            None => self.reduce(before, def.category),
        };
        let owner = self.staff[unit].owner.clone();
        let mut task = Task {
            id: self.id(),
            matter_id: Some(matter_id.to_string()),
            before: Some(before),
            created_on: raised,
            ..Task::new(vec![problem_id], def.measure, self.unit(unit), owner, deadline)
        };
        let id = task.id.clone();
        let mut chain: Vec<(Date, Action)> = vec![(raised, Action::Raise(Box::new(task.clone())))];
        let span = (deadline - raised).num_days().max(1) as u64;
        // pace < 1: done before the deadline; > 1: late. Stalled tasks never get done.
        // Shares chosen so overdue tasks are a minority of those not closed out, as in the
        // reports (most units close on time; a few tasks stall).
        let idle = self.rng.gen_bool(0.04);
        let stalled = idle || self.rng.gen_bool(0.05);
        let pace = self.rng.gen_range(0.5..1.05);
        let started = raised + Days::new(self.rng.gen_range(1..5));
        if idle {
            // Raised and never taken up: stays 待整改 (and turns overdue past its deadline).
            chain.truncate(1);
        } else {
        chain.push((started, Action::StartTask(id.clone())));
        let note_day = started + Days::new(self.rng.gen_range(3..10));
        chain.push((note_day, Action::Note { id: self.id(), task_id: id.clone(), text: NOTES[self.rng.gen_range(0..NOTES.len())].into() }));
        if !stalled {
            let done_day = (raised + Days::new((span as f64 * pace) as u64)).max(note_day + Days::new(1));
            task.after = Some(after);
            task.outcomes = Outcomes {
                process_optimised: after.steps < before.steps,
                time_compressed: after.days < before.days,
                policy_issued: def.category == ProblemCategory::Mechanism,
            };
            chain.push((done_day, Action::UpdateTask(Box::new(task.clone()))));
            chain.push((done_day, Action::Note { id: self.id(), task_id: id.clone(), text: DONE_NOTE.into() }));
            chain.push((done_day, Action::Done(id.clone())));
            let mut verified = done_day + Days::new(self.rng.gen_range(2..8));
            if self.rng.gen_bool(0.2) {
                chain.push((verified, Action::SendBack { task_id: id.clone(), office: self.office.clone() }));
                let again = verified + Days::new(self.rng.gen_range(3..10));
                chain.push((again, Action::Note { id: self.id(), task_id: id.clone(), text: "已补充整改前后对比数据和新版办事指南。".into() }));
                chain.push((again, Action::Done(id.clone())));
                verified = again + Days::new(self.rng.gen_range(2..6));
            }
            if self.rng.gen_bool(0.95) {
                chain.push((verified, Action::CloseOut { task_id: id.clone(), office: self.office.clone() }));
            }
        }
        }
        if stalled {
            // The office escalates a stalled task a week past its deadline (once that has come).
            chain.push((deadline + Days::new(7), Action::Supervise { id: self.id(), task_id: id.clone(), office: self.office.clone(), days: 14 }));
        }
        // Only what has happened by today; the rest of the chain is still to come.
        for (k, (day, action)) in chain.into_iter().enumerate() {
            if day >= self.today {
                break;
            }
            let at = self.at(day, 10 + (k as u32 % 6), 0);
            self.push(at, action);
        }
    }

    /// After-figures a rectification of this kind of problem plausibly reaches.
    fn reduce(&mut self, before: ProcessFigures, category: ProblemCategory) -> ProcessFigures {
        let mut after = before;
        match category {
            ProblemCategory::Materials | ProblemCategory::OnlineService => {
                after.materials = before.materials.saturating_sub(self.rng.gen_range(1..=before.materials.max(1) / 2 + 1));
                after.trips = before.trips.min(1);
            }
            ProblemCategory::Process | ProblemCategory::ReformResults => {
                after.steps = before.steps.saturating_sub(self.rng.gen_range(1..=2)).max(1);
                after.trips = before.trips.min(1);
            }
            ProblemCategory::Efficiency => after.days = before.days / 2,
            _ => after.trips = before.trips.saturating_sub(1).max(1),
        }
        after
    }

    /// 走流程计划: the walking units' heads plan this quarter and the last at the quarter's start
    /// (every fifth unit has not planned this quarter, so the office's view has some to chase).
    fn plans(&mut self) {
        let quarter = |d: Date| ((d.month() - 1) / 3 + 1) as u8;
        let start_of = |d: Date| Date::from_ymd_opt(d.year(), u32::from(quarter(d)) * 3 - 2, 1).unwrap_or(d);
        let this = start_of(self.today);
        let last = start_of(this - Days::new(1));
        for (k, def) in UNITS.iter().filter(|u| u.walks).enumerate() {
            for (start, skip) in [(last, false), (this, k % 5 == 4)] {
                if skip {
                    continue;
                }
                let plan = WalkPlan {
                    id: self.id(),
                    department_id: self.unit(def.key),
                    leader_id: self.staff[def.key].head.clone(),
                    year: start.year(),
                    quarter: Some(quarter(start)),
                    daily: 1 + (k % 2) as u32,
                    cross: 1,
                    acceptance: (k % 3 == 0) as u32,
                    matter_ids: Vec::new(),
                    places: "政务服务大厅、网上办事大厅".into(),
                    note: String::new(),
                };
                let at = self.at(start.max(self.today - Days::new(399)), 9, 30);
                self.push(at, Action::SavePlan(plan));
            }
        }
    }

    /// Suggestions, questionnaires and matters coordinated, per unit and quarter.
    fn outreach(&mut self) {
        let keys = ["scjg", "rsj", "zfbz", "bdc", "yb", "zwb", "jsq", "eqq", "jbl", "water"];
        for q in 0..4u64 {
            let end = self.today - Days::new(1 + 91 * q);
            let start = end - Days::new(90);
            for key in keys {
                let item = Outreach {
                    id: self.id(),
                    department_id: self.unit(key),
                    period_start: start,
                    period_end: end,
                    suggestions: self.rng.gen_range(3..40),
                    questionnaires: self.rng.gen_range(20..200),
                    coordinated: self.rng.gen_range(1..15),
                    note: "通过问卷调查、走访座谈和线上征集收集群众意见建议。".into(),
                };
                let at = self.at(end, 17, 0);
                self.push(at, Action::Outreach(item));
            }
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Stage {
    Planned,
    InProgress,
    Done,
}

/// Moves a weekend day to the next Monday, as long as that is before `today`.
fn working_day(day: Date, today: Date) -> Date {
    let shift = match day.weekday() {
        Weekday::Sat => 2,
        Weekday::Sun => 1,
        _ => 0,
    };
    let moved = day + Days::new(shift);
    if moved < today {
        moved
    } else {
        day
    }
}
