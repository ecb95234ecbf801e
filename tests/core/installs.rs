//! Installs that meet only through files: one office and units, each its own database in its
//! own folder, exchanging signed 报送包 (shared by the multi-install and convergence tests).

use super::fixture::{d, ts};
use std::path::PathBuf;
use walklog::model::*;
use walklog::sync::bundle::BundleReport;
use walklog::sync::InitRequest;
use walklog::Store;

pub struct Install {
    pub store: Store,
    pub dir: tempfile::TempDir,
    pub name: String,
    /// The unit this install is bound to.
    pub dept: String,
    /// Its head (a unit) or its 党建办 person (the office).
    pub person: String,
    bundles: u32,
}

fn open(name: &str, role: InstallRole, user_role: Role) -> Install {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut store = Store::open(dir.path().join("walklog.db")).expect("open");
    store.set_clock(Some(ts("2026-03-10T09:00:00+08:00")));
    store.set_actor(name);
    let view = store
        .init_identity(&InitRequest {
            role: Some(role),
            department_name: name.into(),
            department_level: Some(if role == InstallRole::Office { DeptLevel::District } else { DeptLevel::CityDepartment }),
            user_name: format!("{name}负责人"),
            user_role: Some(user_role),
            ..Default::default()
        })
        .expect("init identity");
    let person = store.setting("current_user_id").expect("setting").expect("current user");
    Install { store, dir, name: name.into(), dept: view.identity.department_id, person, bundles: 0 }
}

pub fn office() -> Install {
    open("市委党建办", InstallRole::Office, Role::Office)
}

/// A unit enrolled at the office and holding the office's roster.
pub fn unit(office: &mut Install, name: &str) -> Install {
    let mut unit = open(name, InstallRole::Unit, Role::Head);
    let enrolment = unit.store.enrolment_export().expect("enrolment");
    let entry = office.store.roster_enrol(&enrolment).expect("enrol");
    assert_eq!(entry.status, RosterStatus::Pending);
    office.store.roster_approve(&entry.install_id).expect("approve");
    let roster = office.store.roster_export().expect("roster");
    let pinned = unit.store.roster_import(&roster).expect("roster import");
    assert!(pinned.pinned_now);
    unit
}

impl Install {
    /// Writes this install's bundle for `to` (None: a unit's office) into its folder.
    pub fn bundle_for(&mut self, to: Option<&str>) -> PathBuf {
        self.bundles += 1;
        let path = self.dir.path().join(format!("out-{}.wlbundle", self.bundles));
        self.store.bundle_export(to, &path).expect("bundle export");
        path
    }

    pub fn install_id(&self) -> String {
        self.store.install_id().to_string()
    }

    /// A whole walk with one step, one problem and a task raised for it, done with evidence.
    pub fn walk_with_task(&mut self, at: &str) -> (Walk, Problem, Task) {
        self.store.set_clock(Some(ts(at)));
        let owner = self
            .store
            .save_person(Person { id: String::new(), name: "张科长".into(), title: String::new(), role: Role::Owner, department_id: self.dept.clone() })
            .expect("owner")
            .id;
        let walk = self
            .store
            .plan_walk(Walk {
                id: String::new(),
                title: format!("{}走流程", self.name),
                department_id: self.dept.clone(),
                leader_id: self.person.clone(),
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
                planned_date: d(&at[..10]),
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
            .expect("plan");
        self.store.start_walk(&walk.id).expect("start");
        let step = self.store.next_step(&walk.id, "取号", "一楼大厅").expect("step");
        let walk = self.store.complete_walk(&walk.id).expect("complete");
        let problem = self
            .store
            .record_problem(Problem {
                id: String::new(),
                walk_id: Some(walk.id.clone()),
                department_id: String::new(),
                source: ProblemSource::Walk,
                work_order_no: None,
                step_id: Some(step.id),
                category: ProblemCategory::ALL[0],
                standards: vec![Standard::ToldOnce],
                severity: Severity::Minor,
                nature: Nature::Systemic,
                description: "材料要求反复提交".into(),
                on_spot_action: None,
                resolved_on: None,
                found_on: d(&at[..10]),
            })
            .expect("problem");
        let task = self
            .store
            .raise_task(Task::new(vec![problem.id.clone()], "一次告知所需材料", self.dept.clone(), owner, d("2026-12-31")))
            .expect("task");
        self.store.start_task(&task.id).expect("start task");
        self.store.add_note(&task.id, "已印发一次性告知单", None).expect("note");
        let task = self.store.mark_task_done(&task.id).expect("done");
        (walk, problem, task)
    }
}

/// Exports from `from` for `to` and imports it there.
pub fn send(from: &mut Install, to: &mut Install) -> walklog::Result<BundleReport> {
    let target = if from.store.identity().map(|i| i.role) == Some(InstallRole::Office) { Some(to.install_id()) } else { None };
    let path = from.bundle_for(target.as_deref());
    to.store.bundle_import(&path)
}

/// Runs `f` on a unit's database as a stand-alone one (its identity row removed and put back),
/// as someone editing their own database would: the change-log lines are genuine lines of the
/// unit's chain, outside what its install would write.
pub fn as_hacked(u: &mut Install, f: impl FnOnce(&mut walklog::Store)) {
    let db = u.dir.path().join("walklog.db");
    let row: (String, String, String, String, String) = u
        .store
        .conn()
        .query_row("SELECT install_id, role, department_id, public_key, created_at FROM identity", [], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?))
        })
        .unwrap();
    u.store.conn().execute("DELETE FROM identity", []).unwrap();
    u.store = walklog::Store::open(&db).unwrap();
    u.store.set_clock(Some(ts("2026-03-12T09:00:00+08:00")));
    f(&mut u.store);
    u.store.conn().execute("INSERT INTO identity VALUES (?1, ?2, ?3, ?4, ?5)", [&row.0, &row.1, &row.2, &row.3, &row.4]).unwrap();
    u.store = walklog::Store::open(&db).unwrap();
}
