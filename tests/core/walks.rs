//! The walk state machine, the live step flow, and sealing.

use crate::fixture::*;
use walklog::model::*;

#[test]
fn a_walk_goes_planned_in_progress_completed_archived_one_step_at_a_time() {
    let mut city = city();
    let walk = city.store.plan_walk(city.daily_walk("2026-03-10")).unwrap();
    assert_eq!(walk.status, WalkStatus::Planned);
    assert_eq!(city.store.complete_walk(&walk.id).unwrap_err().code(), "transition");
    assert_eq!(city.store.archive_walk(&walk.id).unwrap_err().code(), "transition");
    assert_eq!(city.store.next_step(&walk.id, "取号", "").unwrap_err().code(), "transition");

    city.store.set_clock(Some(ts("2026-03-10T09:00:00+08:00")));
    let started = city.store.start_walk(&walk.id).unwrap();
    assert_eq!(started.status, WalkStatus::InProgress);
    assert_eq!(started.started_at, Some(ts("2026-03-10T09:00:00+08:00")));
    assert_eq!(city.store.start_walk(&walk.id).unwrap_err().code(), "transition");

    // 下一环节 three times: each closes the previous step at the moment the next opens.
    let times = ["2026-03-10T09:01:00+08:00", "2026-03-10T09:15:00+08:00", "2026-03-10T09:40:00+08:00"];
    for (i, t) in times.iter().enumerate() {
        city.store.set_clock(Some(ts(t)));
        city.store.next_step(&walk.id, &format!("环节{}", i + 1), "窗口 3").unwrap();
    }
    let steps = city.store.steps(&walk.id).unwrap();
    assert_eq!(steps.iter().map(|s| s.seq).collect::<Vec<_>>(), vec![1, 2, 3]);
    assert_eq!(steps[0].ended_at, Some(ts(times[1])));
    assert_eq!(steps[1].ended_at, Some(ts(times[2])));
    assert_eq!(steps[2].ended_at, None);

    city.store.set_clock(Some(ts("2026-03-10T10:05:00+08:00")));
    let done = city.store.complete_walk(&walk.id).unwrap();
    assert_eq!(done.status, WalkStatus::Completed);
    assert_eq!(city.store.steps(&walk.id).unwrap()[2].ended_at, Some(ts("2026-03-10T10:05:00+08:00")));

    let sealed = city.store.archive_walk(&walk.id).unwrap();
    assert_eq!(sealed.status, WalkStatus::Archived);
    let code = sealed.seal_code.clone().unwrap();
    assert_eq!(code.len(), 19, "{code}");
    assert_eq!(city.store.walk(&walk.id).unwrap().seal_code, Some(code));
}

#[test]
fn a_sealed_walk_refuses_every_edit_of_itself_its_steps_and_problems() {
    let mut city = city();
    let walk = city.walked(&city.market.clone(), &city.market_head.clone(), WalkKind::Daily, "2026-03-10T09:00:00+08:00");
    let problem = city.problem(&walk.id, ProblemCategory::Materials, Nature::Simple, "材料清单未公示");
    city.store.archive_walk(&walk.id).unwrap();
    let sealed = city.store.walk(&walk.id).unwrap();
    let step = city.store.steps(&walk.id).unwrap()[0].clone();

    let mut edit = sealed.clone();
    edit.title = "改标题".into();
    assert_eq!(city.store.update_walk(edit).unwrap_err().code(), "sealed");
    let mut s = step.clone();
    s.observations = "改记录".into();
    assert_eq!(city.store.save_step(s).unwrap_err().code(), "sealed");
    assert_eq!(city.store.delete_step(&step.id).unwrap_err().code(), "sealed");
    assert_eq!(city.store.resolve_on_spot(&problem.id, "补记").unwrap_err().code(), "sealed");
    let mut p = problem.clone();
    p.description = "改问题".into();
    assert_eq!(city.store.update_problem(p).unwrap_err().code(), "sealed");
    let err = city
        .store
        .attach(walklog::ops::NewAttachment {
            owner_kind: OwnerKind::Step,
            owner_id: step.id.clone(),
            file_name: "a.jpg".into(),
            bytes: vec![0xff, 0xd8, 0xff, 0xe0],
            caption: String::new(),
            taken_at: None,
        })
        .unwrap_err();
    assert_eq!(err.code(), "sealed");
    assert!(err.message_zh().contains("封存"));

    // The database refuses too, even bypassing the core.
    let raw = city.store.conn().execute("UPDATE steps SET observations = 'x' WHERE id = ?1", [&step.id]);
    assert!(raw.is_err());
    assert_eq!(city.store.walk(&walk.id).unwrap(), sealed);
    assert_eq!(city.store.steps(&walk.id).unwrap()[0], step);
}

#[test]
fn the_open_step_survives_a_reopen_of_the_database() {
    let mut city = city();
    let walk = city.store.plan_walk(city.daily_walk("2026-03-10")).unwrap();
    city.store.start_walk(&walk.id).unwrap();
    let step = city.store.next_step(&walk.id, "咨询", "咨询台").unwrap();
    let mut s = step.clone();
    s.observations = "工作人员**一次告知**了全部材料".into();
    s.waiting_minutes = 12;
    city.store.save_step(s.clone()).unwrap();
    let path = city.store.path().to_path_buf();
    drop(city.store);
    let reopened = walklog::Store::open(&path).unwrap();
    assert_eq!(reopened.step(&step.id).unwrap(), s);
    assert_eq!(reopened.walk(&walk.id).unwrap().status, WalkStatus::InProgress);
}

#[test]
fn attachments_are_stored_once_by_content_and_names_never_become_paths() {
    let mut city = city();
    let walk = city.walked(&city.market.clone(), &city.market_head.clone(), WalkKind::Daily, "2026-03-10T09:00:00+08:00");
    let step = city.store.steps(&walk.id).unwrap()[0].clone();
    let bytes = b"\x89PNG\r\n\x1a\nfake".to_vec();
    let mut attach = |name: &str| {
        city.store
            .attach(walklog::ops::NewAttachment {
                owner_kind: OwnerKind::Step,
                owner_id: step.id.clone(),
                file_name: name.into(),
                bytes: bytes.clone(),
                caption: "取号机".into(),
                taken_at: None,
            })
            .unwrap()
    };
    let a = attach("../../etc/passwd.png");
    let b = attach("照片.png");
    assert_eq!(a.file_name, "passwd.png");
    assert_eq!(a.sha256, b.sha256);
    assert_eq!(a.mime, "image/png");
    let path = city.store.attachment_path(&a.sha256).unwrap();
    assert!(path.starts_with(city.store.data_dir().join("attachments")));
    assert_eq!(std::fs::read(&path).unwrap(), bytes);
    assert_eq!(city.store.attachments(OwnerKind::Step, &step.id).unwrap().len(), 2);
    assert_eq!(city.store.attachment_path("../../x").unwrap_err().code(), "validation");
}

#[test]
fn a_newer_schema_is_refused() {
    let (store, _dir) = empty_store();
    let path = store.path().to_path_buf();
    store.conn().pragma_update(None, "user_version", 999).unwrap();
    drop(store);
    let err = walklog::Store::open(&path).err().unwrap();
    assert_eq!(err.code(), "schema_too_new");
    assert!(err.message_zh().contains("升级"));
}
