//! Properties of the import door over generated documents: a valid one imports, and a second
//! import changes nothing; an invalid one (one rule broken somewhere) is refused whole, naming
//! its place, and the database stays as it was.

use crate::fixture::*;
use chrono::Duration;
use proptest::prelude::*;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use walklog::exchange::Exchange;
use walklog::model::*;
use walklog::ops::SealedWalk;

/// A valid document of a few units, walks, problems and tasks in every status, from a seed.
fn valid_doc(seed: u64) -> Exchange {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let mut n = 0;
    let mut id = |prefix: &str| {
        n += 1;
        format!("{prefix}-{seed}-{n}")
    };
    let mut doc = Exchange::new();
    let office = Person { id: id("p"), name: "党建办主任".into(), title: "主任".into(), role: Role::Office, department_id: String::new() };
    for u in 0..rng.gen_range(1..=3) {
        let parent = doc.departments.first().filter(|_| u > 0).map(|d: &Department| d.id.clone());
        doc.departments.push(Department { id: id("d"), name: format!("单位{u}"), level: DeptLevel::Street, parent_id: parent });
    }
    let unit = doc.departments[0].id.clone();
    doc.people.push(Person { department_id: unit.clone(), ..office.clone() });
    let head = Person { id: id("p"), name: "局长".into(), title: String::new(), role: Role::Head, department_id: unit.clone() };
    let owner = Person { id: id("p"), name: "科长".into(), title: String::new(), role: Role::Owner, department_id: unit.clone() };
    doc.people.extend([head.clone(), owner.clone()]);
    let matter = Matter { id: id("m"), name: "事项".into(), department_id: unit.clone(), legal_days: Some(20), promised_days: Some(rng.gen_range(0..=20)), materials_count: 3, steps_count: 2 };
    doc.matters.push(matter.clone());
    for k in 0..rng.gen_range(1..=3) {
        let start = ts("2026-02-02T09:00:00+08:00") + Duration::days(k * 3);
        let steps_n = rng.gen_range(1..=3u32);
        let archived = rng.gen_bool(0.4);
        let kind = if rng.gen_bool(0.5) { WalkKind::Daily } else { WalkKind::Cross };
        let mut walk = Walk {
            id: id("w"),
            title: format!("体验{k}"),
            department_id: unit.clone(),
            leader_id: head.id.clone(),
            kind,
            manner: (kind == WalkKind::Daily).then_some(Manner::InPerson),
            ways: vec![],
            channel: Channel::Hall,
            place_level: PlaceLevel::CityHall,
            place_name: "大厅".into(),
            matter_ids: vec![matter.id.clone()],
            companion_ids: vec![],
            incognito: (kind == WalkKind::Daily).then_some(Incognito { identity_hidden: true, no_notice: true, no_escort: true }),
            alias: None,
            planned_date: start.date_naive(),
            started_at: Some(start),
            ended_at: Some(start + Duration::minutes(i64::from(steps_n) * 10)),
            status: if archived { WalkStatus::Archived } else { WalkStatus::Completed },
            reflection: String::new(),
            suggestions: rng.gen_range(0..5),
            questionnaires: 0,
            coordinated: 0,
            seal_code: None,
            capture: Default::default(),
        };
        let (first_step, first_problem) = (doc.steps.len(), doc.problems.len());
        for s in 0..steps_n {
            let at = start + Duration::minutes(i64::from(s) * 10);
            doc.steps.push(Step {
                id: id("s"), walk_id: walk.id.clone(), seq: s + 1, name: format!("环节{s}"), place: String::new(),
                started_at: at, ended_at: Some(at + Duration::minutes(10)), waiting_minutes: rng.gen_range(0..30),
                materials_count: 0, materials_names: String::new(), trips: 1, observations: "观察".into(), rating: Some(rng.gen_range(1..=5)), capture: Default::default(),
            });
        }
        for _ in 0..rng.gen_range(1..=2) {
            let systemic = rng.gen_bool(0.6);
            let step_id = doc.steps[first_step..].get(rng.gen_range(0..steps_n as usize)).map(|s| s.id.clone());
            let problem = Problem {
                id: id("q"), walk_id: Some(walk.id.clone()), department_id: walk.department_id.clone(), source: ProblemSource::Walk, work_order_no: None, step_id, category: ProblemCategory::Materials, standards: vec![Standard::ToldOnce],
                severity: Severity::Minor, nature: if systemic { Nature::Systemic } else { Nature::Simple },
                description: "材料多".into(), on_spot_action: (!systemic).then(|| "当场改正".into()),
                resolved_on: (!systemic).then(|| start.date_naive()), found_on: start.date_naive(),
            };
            if systemic {
                let mut task = Task { id: id("t"), created_on: start.date_naive(), ..Task::new(vec![problem.id.clone()], "整改", unit.clone(), owner.id.clone(), start.date_naive() + chrono::Days::new(30)) };
                task.status = [TaskStatus::Open, TaskStatus::InProgress, TaskStatus::Done, TaskStatus::ClosedOut][rng.gen_range(0..4)];
                if matches!(task.status, TaskStatus::Done | TaskStatus::ClosedOut) {
                    task.done_on = Some(start.date_naive() + chrono::Days::new(5));
                    doc.notes.push(ProgressNote { id: id("n"), task_id: task.id.clone(), noted_on: start.date_naive(), text: "已整改".into(), author: "科长".into(), recorded_at: Some(start) });
                }
                if task.status == TaskStatus::ClosedOut {
                    task.closed_out_on = Some(start.date_naive() + chrono::Days::new(6));
                    task.closed_out_by = Some(office.id.clone());
                }
                doc.tasks.push(task);
            }
            doc.problems.push(problem);
        }
        if archived {
            let sealed = SealedWalk { walk: walk.clone(), steps: doc.steps[first_step..].to_vec(), problems: doc.problems[first_problem..].to_vec() };
            walk.seal_code = Some(sealed.code().unwrap());
        }
        doc.walks.push(walk);
    }
    doc
}

/// One rule broken in a valid document, and where the refusal must point.
fn break_rule(doc: &mut Exchange, which: usize, rng: &mut ChaCha8Rng) -> String {
    let w = rng.gen_range(0..doc.walks.len());
    let s = rng.gen_range(0..doc.steps.len());
    let p = rng.gen_range(0..doc.problems.len());
    match which % 10 {
        0 => {
            doc.walks[w].leader_id = doc.people.iter().find(|p| p.role == Role::Owner).unwrap().id.clone();
            format!("walks[{w}].leader_id")
        }
        1 => {
            doc.steps[s].seq = 0;
            format!("steps[{s}].seq")
        }
        2 => {
            doc.steps[s].ended_at = Some(doc.steps[s].started_at - Duration::minutes(1));
            format!("steps[{s}].ended_at")
        }
        3 => {
            doc.problems[p].walk_id = Some("no-such-walk".into());
            format!("problems[{p}].walk_id")
        }
        4 => {
            doc.matters[0].promised_days = Some(21);
            "matters[0].promised_days".into()
        }
        5 => {
            doc.walks[w].title = " ".into();
            format!("walks[{w}].title")
        }
        6 => {
            let copy = doc.problems[p].clone();
            doc.problems.push(copy);
            format!("problems[{}].id", doc.problems.len() - 1)
        }
        7 => match doc.tasks.is_empty() {
            true => {
                doc.walks[w].suggestions = 100_001;
                format!("walks[{w}].suggestions")
            }
            false => {
                let t = rng.gen_range(0..doc.tasks.len());
                doc.tasks[t].status = TaskStatus::ClosedOut;
                doc.tasks[t].done_on = Some(doc.tasks[t].created_on);
                doc.tasks[t].closed_out_on = Some(doc.tasks[t].created_on);
                doc.tasks[t].closed_out_by = None;
                // No evidence or no 党建办 person: either way the task is named.
                format!("tasks[{t}].")
            }
        },
        8 => {
            doc.people[0].department_id = String::new();
            "people[0].department_id".into()
        }
        _ => {
            doc.departments[0].parent_id = Some(doc.departments[0].id.clone());
            "departments[0].parent_id".into()
        }
    }
}

fn log_lines(s: &walklog::Store) -> i64 {
    s.conn().query_row("SELECT count(*) FROM change_log", [], |r| r.get(0)).unwrap()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

    #[test]
    fn a_valid_document_imports_and_a_second_import_changes_nothing(seed in 0u64..1_000_000) {
        let doc = valid_doc(seed);
        let (mut store, _dir) = empty_store();
        let first = store.import_exchange(&doc).map_err(|e| TestCaseError::fail(e.message_zh()))?;
        prop_assert!(first.inserted > 0);
        let lines = log_lines(&store);
        // Through JSON, as a file travels.
        let json = serde_json::to_string(&doc).unwrap();
        let second = store.import_json(&json).map_err(|e| TestCaseError::fail(e.message_zh()))?;
        prop_assert_eq!((second.inserted, second.conflicts.len()), (0, 0));
        prop_assert_eq!(log_lines(&store), lines);
    }

    #[test]
    fn an_invalid_document_is_refused_whole_naming_its_place(seed in 0u64..1_000_000, which in 0usize..10) {
        let mut doc = valid_doc(seed);
        let mut rng = ChaCha8Rng::seed_from_u64(seed ^ 0x5eed);
        let place = break_rule(&mut doc, which, &mut rng);
        let (mut store, _dir) = empty_store();
        let err = store.import_exchange(&doc).unwrap_err();
        let message = err.message_zh();
        prop_assert_eq!(err.code(), "import", "{}", message);
        prop_assert!(message.contains(&place), "«{}» not in «{}»", place, message);
        prop_assert_eq!(log_lines(&store), 0);
        let count: i64 = store.conn().query_row("SELECT (SELECT count(*) FROM departments) + (SELECT count(*) FROM walks)", [], |r| r.get(0)).unwrap();
        prop_assert_eq!(count, 0);
    }
}
