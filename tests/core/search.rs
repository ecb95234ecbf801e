//! Chinese full-text search.

use crate::fixture::*;
use walklog::model::*;
use walklog::ops::{LedgerFilter, ProblemFilter};
use walklog::search::SearchKind;

#[test]
fn finds_two_character_words_and_phrases_in_steps_problems_and_walks() {
    let mut city = city();
    let (market, mhead) = (city.market.clone(), city.market_head.clone());
    let w = city.walked(&market, &mhead, WalkKind::Daily, "2026-03-01T09:00:00+08:00");
    let mut step = city.store.steps(&w.id).unwrap()[0].clone();
    step.observations = "窗口要求重复提交身份证复印件".into();
    city.store.save_step(step.clone()).unwrap();
    let p = city.problem(&w.id, ProblemCategory::Materials, Nature::Systemic, "申请材料清单与网上公示不一致");

    let hits = city.store.search("材料", 50).unwrap();
    assert_eq!(hits.iter().map(|h| h.id.as_str()).collect::<Vec<_>>(), vec![p.id.as_str()]);
    assert!(hits[0].excerpt.contains("材料"));
    let hits = city.store.search("身份证复印", 50).unwrap();
    assert_eq!(hits.len(), 1);
    assert_eq!(hits[0].kind, SearchKind::Step);
    assert_eq!(hits[0].context, "暗访开办餐饮店全流程");
    assert_eq!(hits[0].walk_id.as_deref(), Some(w.id.as_str()));
    assert_eq!(city.store.search("餐饮", 50).unwrap()[0].kind, SearchKind::Walk);
    // Not a substring: no hit, even though every character occurs somewhere.
    assert!(city.store.search("料材", 50).unwrap().is_empty());
    // FTS syntax in the query is searched for literally, never executed.
    assert!(city.store.search("\" OR 1=1 --", 50).is_ok());
    assert!(city.store.search("   ", 50).unwrap().is_empty());

    // Edits reindex.
    step.observations = "已改为告知承诺".into();
    city.store.save_step(step).unwrap();
    assert!(city.store.search("复印件", 50).unwrap().is_empty());
    assert_eq!(city.store.search("告知承诺", 50).unwrap().len(), 1);
}

#[test]
fn finds_tasks_notes_and_review_problems_and_filters_the_lists_by_text() {
    let mut city = city();
    let (market, mhead) = (city.market.clone(), city.market_head.clone());
    let w = city.walked(&market, &mhead, WalkKind::Daily, "2026-03-01T09:00:00+08:00");
    let p = city.problem(&w.id, ProblemCategory::Materials, Nature::Systemic, "申请材料清单与网上公示不一致");
    let other = city.problem(&w.id, ProblemCategory::Process, Nature::Systemic, "窗口排队时间过长");
    let task = city.task_for(&p.id, "2026-06-30");
    let queue_task = city.task_for(&other.id, "2026-06-30");
    let note = city.store.add_note(&task.id, "已联系大数据局修改公示清单", None).unwrap();

    // A task by its measure: it opens the task, under its unit.
    let hits = city.store.search("告知承诺", 50).unwrap();
    assert_eq!(hits.len(), 2, "{hits:?}");
    assert!(hits.iter().all(|h| h.kind == SearchKind::Task && h.walk_id.is_none() && h.context == "市市场监管局"));
    assert!(hits.iter().any(|h| h.task_id.as_deref() == Some(task.id.as_str())));
    // A progress note: it opens its task, named by the task's measure.
    let hits = city.store.search("大数据", 50).unwrap();
    assert_eq!(hits.len(), 1);
    assert_eq!((hits[0].kind, hits[0].id.as_str(), hits[0].task_id.as_deref()), (SearchKind::Note, note.id.as_str(), Some(task.id.as_str())));
    assert!(hits[0].context.starts_with("精简申报材料"), "{:?}", hits[0].context);

    // 整改台账's search box: by the task's measure, a note, or a problem the task addresses.
    let by = |store: &walklog::Store, text: &str| {
        let page = store.ledger(&LedgerFilter { text: Some(text.into()), ..Default::default() }).unwrap();
        let mut ids: Vec<String> = page.rows.iter().map(|r| r.task.id.clone()).collect();
        ids.sort();
        assert_eq!(page.total as usize, ids.len());
        ids
    };
    let mut both = vec![task.id.clone(), queue_task.id.clone()];
    both.sort();
    assert_eq!(by(&city.store, "承诺"), both);
    assert_eq!(by(&city.store, "公示清单"), vec![task.id.clone()], "a note or the problem");
    assert_eq!(by(&city.store, "排队"), vec![queue_task.id.clone()], "the problem the task addresses");
    assert!(by(&city.store, "不存在的词").is_empty());
    assert_eq!(by(&city.store, "  ").len(), 2, "nothing to search for filters nothing");
    // 问题清单's search box.
    let texts = |text: &str| -> Vec<String> {
        city.store.problems(&ProblemFilter { text: Some(text.into()), ..Default::default() }).unwrap().into_iter().map(|r| r.problem.id).collect()
    };
    assert_eq!(texts("排队"), vec![other.id.clone()]);
    assert_eq!(texts("材"), vec![p.id.clone()], "one character matches as a prefix");
    let too_long = "长".repeat(500);
    let err = city.store.problems(&ProblemFilter { text: Some(too_long.clone()), ..Default::default() }).unwrap_err();
    assert_eq!(err.field(), Some("text"));
    assert!(err.message_zh().contains("过长"));
    assert!(city.store.ledger(&LedgerFilter { text: Some(too_long), ..Default::default() }).is_err());

    // Edits reindex; a status change leaves the index alone and still finds the task.
    let mut edited = city.store.task(&queue_task.id).unwrap();
    edited.measure = "增设自助取号机分流".into();
    city.store.update_task(edited).unwrap();
    assert_eq!(by(&city.store, "取号"), vec![queue_task.id.clone()]);
    assert_eq!(by(&city.store, "承诺"), vec![task.id.clone()]);
    city.store.start_task(&task.id).unwrap();
    assert_eq!(by(&city.store, "承诺"), vec![task.id.clone()]);
}

/// An import fills the index once at its end (store/search_index.rs) instead of row by row:
/// the imported copy finds exactly what the original finds, and a failed import leaves the
/// triggers indexing again.
#[test]
fn an_import_indexes_what_the_triggers_index() {
    let mut city = city();
    let (market, mhead) = (city.market.clone(), city.market_head.clone());
    let w = city.walked(&market, &mhead, WalkKind::Daily, "2026-03-01T09:00:00+08:00");
    let mut step = city.store.steps(&w.id).unwrap()[0].clone();
    step.observations = "窗口要求重复提交身份证复印件".into();
    city.store.save_step(step).unwrap();
    let p = city.problem(&w.id, ProblemCategory::Materials, Nature::Systemic, "申请材料清单与网上公示不一致");
    let task = city.task_for(&p.id, "2026-06-30");
    city.store.add_note(&task.id, "已联系大数据局修改公示清单", None).unwrap();
    let doc = city.store.export_exchange().unwrap();

    let (mut copy, _dir) = empty_store();
    let report = copy.import_exchange(&doc).unwrap();
    assert!(report.inserted > 5, "{report:?}");
    let hits = |store: &walklog::Store, q: &str| {
        let mut ids: Vec<(SearchKind, String)> = store.search(q, 50).unwrap().into_iter().map(|h| (h.kind, h.id)).collect();
        ids.sort_by(|a, b| a.1.cmp(&b.1));
        ids
    };
    for q in ["材料", "身份证复印", "餐饮", "告知承诺", "大数据", "公示清单", "暗访"] {
        let found = hits(&copy, q);
        assert!(!found.is_empty(), "{q}");
        assert_eq!(found, hits(&city.store, q), "{q}");
    }
    // Importing the same file again adds nothing, to the tables or to the index.
    let again = copy.import_exchange(&doc).unwrap();
    assert_eq!(again.inserted, 0);
    assert_eq!(hits(&copy, "材料").len(), hits(&city.store, "材料").len());

    // A refused import (a conflict) rolls back, and the next ordinary write is indexed.
    let mut changed = doc.clone();
    changed.problems[0].description = "被改动的问题描述".into();
    assert!(copy.import_exchange(&changed).is_err());
    let mut step = copy.steps(&w.id).unwrap()[0].clone();
    step.observations = "自助终端没有操作提示".into();
    copy.save_step(step).unwrap();
    assert_eq!(hits(&copy, "操作提示").len(), 1);
}
