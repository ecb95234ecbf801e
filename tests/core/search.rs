//! Chinese full-text search.

use crate::fixture::*;
use walklog::model::*;

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
    assert_eq!(hits[0].kind, "step");
    assert_eq!(hits[0].walk_title, "暗访开办餐饮店全流程");
    assert_eq!(city.store.search("餐饮", 50).unwrap()[0].kind, "walk");
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
