//! A small city to test against, built through the verbs so it obeys every rule.

use chrono::{DateTime, FixedOffset, NaiveDate};
use walklog::model::*;
use walklog::Store;

pub fn ts(s: &str) -> DateTime<FixedOffset> {
    DateTime::parse_from_rfc3339(s).expect("test timestamp")
}

pub fn d(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").expect("test date")
}

pub struct City {
    pub store: Store,
    pub _dir: tempfile::TempDir,
    /// 市市场监管局 (city department)
    pub market: String,
    /// 金水区 (district) and its street 花园路街道
    pub district: String,
    pub street: String,
    pub market_head: String,
    pub district_head: String,
    pub street_head: String,
    pub office: String,
    pub owner: String,
    pub matter: String,
}

/// Rows of one table.
pub fn count(store: &Store, table: &str) -> i64 {
    store.conn().query_row(&format!("SELECT count(*) FROM {table}"), [], |r| r.get(0)).unwrap()
}

/// What a database holds, enough to tell two apart: the chain's head and the row counts.
pub fn fingerprint(store: &Store) -> (Option<String>, i64, i64, i64) {
    (walklog::store::head_code(store.conn()).unwrap(), count(store, "change_log"), count(store, "departments"), count(store, "walks"))
}

pub fn empty_store() -> (Store, tempfile::TempDir) {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut store = Store::open(dir.path().join("walklog.db")).expect("open store");
    store.set_clock(Some(ts("2026-03-10T09:00:00+08:00")));
    store.set_actor("测试员");
    (store, dir)
}

fn dept(store: &mut Store, name: &str, level: DeptLevel, parent: Option<&str>) -> String {
    store
        .save_department(Department { id: String::new(), name: name.into(), level, parent_id: parent.map(Into::into) })
        .expect("department")
        .id
}

fn person(store: &mut Store, name: &str, role: Role, dept: &str) -> String {
    store
        .save_person(Person { id: String::new(), name: name.into(), title: String::new(), role, department_id: dept.into() })
        .expect("person")
        .id
}

/// Three units (a city department, a district, a street under it), their heads, an office
/// person, an owner and one matter. No walks yet. Today is 2026-03-10.
pub fn city() -> City {
    let (mut store, dir) = empty_store();
    let market = dept(&mut store, "市市场监管局", DeptLevel::CityDepartment, None);
    let district = dept(&mut store, "金水区", DeptLevel::District, None);
    let street = dept(&mut store, "花园路街道", DeptLevel::Street, Some(&district));
    let market_head = person(&mut store, "王局长", Role::Head, &market);
    let district_head = person(&mut store, "李区长", Role::Head, &district);
    let street_head = person(&mut store, "赵书记", Role::Head, &street);
    let office = person(&mut store, "党建办刘主任", Role::Office, &market);
    let owner = person(&mut store, "张科长", Role::Owner, &market);
    let matter = store
        .save_matter(Matter {
            id: String::new(),
            name: "开办餐饮店".into(),
            department_id: market.clone(),
            legal_days: Some(20),
            promised_days: Some(5),
            materials_count: 25,
            steps_count: 6,
        })
        .expect("matter")
        .id;
    City { store, _dir: dir, market, district, street, market_head, district_head, street_head, office, owner, matter }
}

impl City {
    /// An incognito 日常 walk planned for `date` by the market head.
    pub fn daily_walk(&self, date: &str) -> Walk {
        Walk {
            id: String::new(),
            title: "暗访开办餐饮店全流程".into(),
            department_id: self.market.clone(),
            leader_id: self.market_head.clone(),
            kind: WalkKind::Daily,
            manner: Some(Manner::InPerson),
            ways: vec![Way::Unannounced],
            channel: Channel::Hall,
            place_level: PlaceLevel::CityHall,
            place_name: "市民之家".into(),
            matter_ids: vec![self.matter.clone()],
            companion_ids: vec![],
            incognito: Some(Incognito { identity_hidden: true, no_notice: true, no_escort: true }),
            alias: None,
            planned_date: d(date),
            started_at: None,
            ended_at: None,
            status: WalkStatus::Planned,
            reflection: String::new(),
            suggestions: 0,
            questionnaires: 0,
            coordinated: 0,
            seal_code: None,
            capture: Default::default(),
        }
    }

    /// A walk of `kind` by `leader` of `dept`, walked (started and completed) at `at`.
    pub fn walked(&mut self, dept: &str, leader: &str, kind: WalkKind, at: &str) -> Walk {
        let mut walk = self.daily_walk(&at[..10]);
        walk.department_id = dept.into();
        walk.leader_id = leader.into();
        walk.kind = kind;
        if kind != WalkKind::Daily {
            walk.manner = None;
            walk.incognito = None;
        }
        self.store.set_clock(Some(ts(at)));
        let walk = self.store.plan_walk(walk).expect("plan");
        self.store.start_walk(&walk.id).expect("start");
        self.store.next_step(&walk.id, "取号", "一楼大厅").expect("step");
        self.store.complete_walk(&walk.id).expect("complete")
    }

    pub fn problem(&mut self, walk_id: &str, category: ProblemCategory, nature: Nature, text: &str) -> Problem {
        self.store
            .record_problem(Problem {
                id: String::new(),
                walk_id: Some(walk_id.into()),
                department_id: String::new(),
                source: ProblemSource::Walk,
                work_order_no: None,
                step_id: None,
                category,
                standards: vec![Standard::ToldOnce],
                severity: Severity::Minor,
                nature,
                description: text.into(),
                on_spot_action: None,
                resolved_on: None,
                found_on: d("2000-01-01"),
            })
            .expect("problem")
    }

    pub fn task_for(&mut self, problem_id: &str, deadline: &str) -> Task {
        self.store
            .raise_task(Task {
                matter_id: Some(self.matter.clone()),
                ..Task::new(vec![problem_id.into()], "精简申报材料，推行告知承诺制", self.market.clone(), self.owner.clone(), d(deadline))
            })
            .expect("task")
    }
}
