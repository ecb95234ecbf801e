//! The rectification state machine and the ledger.

use crate::fixture::*;
use walklog::model::*;
use walklog::ops::{LedgerFilter, LedgerSort};

fn city_with_task() -> (City, Task) {
    let mut city = city();
    let walk = city.walked(&city.market.clone(), &city.market_head.clone(), WalkKind::Daily, "2026-03-10T09:00:00+08:00");
    let p = city.problem(&walk.id, ProblemCategory::Materials, Nature::Systemic, "申报材料多达 25 份");
    let task = city.task_for(&p.id, "2026-04-30");
    (city, task)
}

#[test]
fn done_needs_evidence_and_only_the_office_closes_out() {
    let (mut city, task) = city_with_task();
    assert_eq!(task.status, TaskStatus::Open);
    // Closing out a task that is not done is refused.
    let err = city.store.close_out_task(&task.id, &city.office).unwrap_err();
    assert_eq!(err.code(), "transition");
    assert!(err.message_zh().contains("销号"));
    // Done without evidence is refused.
    let err = city.store.mark_task_done(&task.id).unwrap_err();
    assert_eq!(err.field(), Some("evidence"));
    assert_eq!(city.store.task(&task.id).unwrap().status, TaskStatus::Open);

    city.store.start_task(&task.id).unwrap();
    city.store.add_note(&task.id, "已起草告知承诺制方案", None).unwrap();
    let done = city.store.mark_task_done(&task.id).unwrap();
    assert_eq!(done.status, TaskStatus::Done);
    assert_eq!(done.done_on, Some(d("2026-03-10")));

    // Only the 党建办 closes out or sends back.
    let err = city.store.close_out_task(&task.id, &city.market_head).unwrap_err();
    assert_eq!((err.code(), err.field()), ("authority", Some("closed_out_by")));
    assert!(err.message_zh().contains("党建办"));
    // Un-done is not a plain transition: only the office's 退回 goes back.
    let err = city.store.start_task(&task.id).unwrap_err();
    assert_eq!(err.code(), "transition");
    assert!(err.message_zh().contains("退回"), "{}", err.message_zh());
    assert_eq!(city.store.task(&task.id).unwrap().status, TaskStatus::Done);
    let err = city.store.send_back_task(&task.id, &city.market_head, "不行").unwrap_err();
    assert_eq!((err.code(), err.field()), ("authority", Some("sent_back_by")));
    assert_eq!(city.store.send_back_task(&task.id, &city.office, "  ").unwrap_err().field(), Some("reason"));
    city.store.set_clock(Some(ts("2026-03-10T10:00:00+08:00")));
    let back = city.store.send_back_task(&task.id, &city.office, "佐证材料不足，请补充新版清单").unwrap();
    assert_eq!(back.status, TaskStatus::InProgress);
    assert_eq!(back.sent_back_reason.as_deref(), Some("佐证材料不足，请补充新版清单"));
    assert_eq!((back.sent_back_by.as_deref(), back.sent_back_at), (Some(city.office.as_str()), Some(ts("2026-03-10T10:00:00+08:00"))));

    // After 退回, the old note is no evidence for a new 完成.
    city.store.set_clock(Some(ts("2026-03-10T11:00:00+08:00")));
    let err = city.store.mark_task_done(&task.id).unwrap_err();
    assert_eq!((err.code(), err.field()), ("validation", Some("evidence")));
    assert!(err.message_zh().contains("退回"), "{}", err.message_zh());
    assert_eq!(city.store.task(&task.id).unwrap().status, TaskStatus::InProgress);
    city.store.add_note(&task.id, "已补充新版清单", None).unwrap();
    city.store.mark_task_done(&task.id).unwrap();
    let closed = city.store.close_out_task(&task.id, &city.office).unwrap();
    assert_eq!(closed.status, TaskStatus::ClosedOut);
    assert_eq!(closed.closed_out_on, Some(d("2026-03-10")));
    assert_eq!(closed.closed_out_by.as_deref(), Some(city.office.as_str()));
    assert_eq!(city.store.start_task(&task.id).unwrap_err().code(), "transition");
    assert_eq!(city.store.add_note(&task.id, "再补充", None).unwrap_err().code(), "transition");
    let mut edit = closed.clone();
    edit.measure = "改措施".into();
    assert_eq!(city.store.update_task(edit).unwrap_err().code(), "transition");
}

#[test]
fn an_attachment_is_evidence_too() {
    let (mut city, task) = city_with_task();
    city.store
        .attach(walklog::ops::NewAttachment {
            owner_kind: OwnerKind::Task,
            owner_id: task.id.clone(),
            file_name: "新版材料清单.pdf".into(),
            bytes: b"%PDF-1.4 evidence".to_vec(),
            caption: "新版清单".into(),
            taken_at: None,
        })
        .unwrap();
    assert_eq!(city.store.mark_task_done(&task.id).unwrap().status, TaskStatus::Done);
}

#[test]
fn notes_are_dated_and_not_in_the_future() {
    let (mut city, task) = city_with_task();
    assert_eq!(city.store.add_note(&task.id, "x", Some(d("2026-03-11"))).unwrap_err().field(), Some("noted_on"));
    assert_eq!(city.store.add_note(&task.id, "", None).unwrap_err().field(), Some("text"));
    city.store.add_note(&task.id, "第二条", Some(d("2026-03-10"))).unwrap();
    city.store.add_note(&task.id, "第一条", Some(d("2026-03-09"))).unwrap();
    let notes = city.store.notes(&task.id).unwrap();
    assert_eq!(notes.iter().map(|n| n.text.as_str()).collect::<Vec<_>>(), vec!["第一条", "第二条"]);
    assert_eq!(notes[0].author, "测试员");
}

#[test]
fn the_ledger_filters_sorts_pages_and_marks_overdue() {
    let mut city = city();
    let walk = city.walked(&city.market.clone(), &city.market_head.clone(), WalkKind::Daily, "2026-01-05T09:00:00+08:00");
    let mut ids = Vec::new();
    for (i, deadline) in ["2026-02-01", "2026-03-15", "2026-06-30", "2026-01-20"].iter().enumerate() {
        let p = city.problem(&walk.id, ProblemCategory::Process, Nature::Systemic, &format!("流程问题{i}"));
        ids.push(city.task_for(&p.id, deadline).id);
    }
    city.store.set_clock(Some(ts("2026-03-10T09:00:00+08:00")));
    // Close out the one due 2026-01-20: no longer overdue.
    city.store.add_note(&ids[3], "已完成", None).unwrap();
    city.store.mark_task_done(&ids[3]).unwrap();
    city.store.close_out_task(&ids[3], &city.office).unwrap();

    let all = city.store.ledger(&LedgerFilter::default()).unwrap();
    assert_eq!(all.total, 4);
    let deadlines: Vec<String> = all.rows.iter().map(|r| r.task.deadline.to_string()).collect();
    assert_eq!(deadlines, vec!["2026-01-20", "2026-02-01", "2026-03-15", "2026-06-30"]);
    assert_eq!(all.rows.iter().filter(|r| r.overdue).count(), 1);
    assert_eq!(all.rows[0].latest_note.as_deref(), Some("已完成"));
    assert_eq!(all.rows[1].owner_name, "张科长");
    assert_eq!(all.rows[1].department_name, "市市场监管局");
    assert_eq!(all.rows[1].problems, "流程问题0");

    let overdue = city.store.ledger(&LedgerFilter { overdue: true, ..Default::default() }).unwrap();
    assert_eq!(overdue.rows.iter().map(|r| r.task.id.clone()).collect::<Vec<_>>(), vec![ids[0].clone()]);

    let soon = city.store.ledger(&LedgerFilter { due_within_days: Some(7), ..Default::default() }).unwrap();
    assert_eq!(soon.total, 2, "the overdue one and the one due on 03-15");

    let page = city
        .store
        .ledger(&LedgerFilter { sort: LedgerSort::DeadlineDesc, limit: 2, offset: 1, ..Default::default() })
        .unwrap();
    assert_eq!(page.total, 4);
    assert_eq!(page.rows.len(), 2);
    assert_eq!(page.rows[0].task.deadline, d("2026-03-15"));

    let closed = city.store.ledger(&LedgerFilter { status: Some(TaskStatus::ClosedOut), ..Default::default() }).unwrap();
    assert_eq!(closed.total, 1);
    let district = city.store.ledger(&LedgerFilter { department_id: Some(city.district.clone()), ..Default::default() }).unwrap();
    assert_eq!(district.total, 0);
}
