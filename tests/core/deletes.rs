//! Deleting is refused where it would lose history or leave a dangling reference.

use crate::fixture::*;
use walklog::model::*;

#[test]
fn referenced_or_started_records_cannot_be_deleted() {
    let mut city = city();
    assert_eq!(city.store.delete_department(&city.market).unwrap_err().code(), "transition");
    assert_eq!(city.store.delete_department("nope").unwrap_err().code(), "not_found");

    let planned = city.store.plan_walk(city.daily_walk("2026-03-20")).unwrap();
    let (market, head) = (city.market.clone(), city.market_head.clone());
    let walked = city.walked(&market, &head, WalkKind::Daily, "2026-03-10T09:00:00+08:00");
    assert_eq!(city.store.delete_walk(&walked.id).unwrap_err().code(), "transition");
    assert_eq!(city.store.delete_person(&city.market_head).unwrap_err().code(), "transition");
    city.store.delete_walk(&planned.id).unwrap();
    assert_eq!(city.store.walk(&planned.id).unwrap_err().code(), "not_found");

    let p = city.problem(&walked.id, ProblemCategory::Other, Nature::Systemic, "误记");
    let t = city.task_for(&p.id, "2026-04-01");
    assert_eq!(city.store.delete_problem(&p.id).unwrap_err().code(), "transition");
    city.store.delete_task(&t.id).unwrap();
    city.store.delete_problem(&p.id).unwrap();
    // The walk that was walked still refers to the matter.
    assert_eq!(city.store.delete_matter(&city.matter).unwrap_err().code(), "transition");
    assert!(walklog::store::verify_chain(city.store.conn()).unwrap().is_intact());
}
