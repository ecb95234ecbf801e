//! The hash-chained change log: every write logs, and tampering is found.

use crate::fixture::*;
use walklog::model::*;
use walklog::store::verify_chain;

#[test]
fn every_write_appends_one_linked_line_and_the_chain_verifies() {
    let mut city = city();
    let before: i64 = city.store.conn().query_row("SELECT count(*) FROM change_log", [], |r| r.get(0)).unwrap();
    city.walked(&city.market.clone(), &city.market_head.clone(), WalkKind::Cross, "2026-03-10T09:00:00+08:00");
    let after: i64 = city.store.conn().query_row("SELECT count(*) FROM change_log", [], |r| r.get(0)).unwrap();
    // plan, start, step start, step finish, complete
    assert_eq!(after - before, 5);
    let report = verify_chain(city.store.conn()).unwrap();
    assert!(report.is_intact(), "{report:?}");
    assert_eq!(report.entries, after);
    let (actor, entity, state): (String, String, String) = city
        .store
        .conn()
        .query_row("SELECT actor, entity, state FROM change_log ORDER BY seq DESC LIMIT 1", [], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?))
        })
        .unwrap();
    assert_eq!((actor.as_str(), entity.as_str()), ("测试员", "walk"));
    let walk: Walk = serde_json::from_str(&state).unwrap();
    assert_eq!(walk.status, WalkStatus::Completed);
}

#[test]
fn the_log_is_append_only() {
    let city = city();
    assert!(city.store.conn().execute("UPDATE change_log SET actor = 'x' WHERE seq = 1", []).is_err());
    assert!(city.store.conn().execute("DELETE FROM change_log WHERE seq = 1", []).is_err());
}

#[test]
fn an_edited_or_deleted_line_is_reported_at_the_first_broken_link() {
    let city = city();
    let conn = city.store.conn();
    conn.execute_batch("DROP TRIGGER change_log_no_update; DROP TRIGGER change_log_no_delete;").unwrap();
    conn.execute("UPDATE change_log SET state = replace(state, '王局长', '王某') WHERE seq = 4", []).unwrap();
    let report = verify_chain(conn).unwrap();
    assert_eq!(report.first_broken.as_ref().map(|b| b.0), Some(4), "{report:?}");
    assert!(report.first_broken.unwrap().1.contains("改动"));

    let city = crate::fixture::city();
    let conn = city.store.conn();
    conn.execute_batch("DROP TRIGGER change_log_no_delete;").unwrap();
    conn.execute("DELETE FROM change_log WHERE seq = 3", []).unwrap();
    let report = verify_chain(conn).unwrap();
    assert_eq!(report.first_broken.map(|b| b.0), Some(4));
}

#[test]
fn a_failed_write_leaves_no_log_line() {
    let mut city = city();
    let n = |s: &walklog::Store| -> i64 { s.conn().query_row("SELECT count(*) FROM change_log", [], |r| r.get(0)).unwrap() };
    let before = n(&city.store);
    let mut walk = city.daily_walk("2026-03-10");
    walk.companion_ids = vec!["ghost".into()];
    assert!(city.store.plan_walk(walk).is_err());
    assert_eq!(n(&city.store), before);
    assert!(verify_chain(city.store.conn()).unwrap().is_intact());
}

#[test]
fn a_verification_code_finds_its_line() {
    let mut city = city();
    let (market, head) = (city.market.clone(), city.market_head.clone());
    let w = city.walked(&market, &head, WalkKind::Daily, "2026-03-10T09:00:00+08:00");
    let sealed = city.store.archive_walk(&w.id).unwrap();
    // A sealed walk's code comes from its content: anyone with the records recomputes it.
    let code = sealed.seal_code.unwrap();
    assert_eq!(city.store.sealed_walk(&w.id).unwrap().code().unwrap(), code);
    // An exported record's code names the change-log line it was made from.
    let head_code = walklog::store::head_code(city.store.conn()).unwrap().unwrap();
    let line = walklog::store::find_by_code(city.store.conn(), &head_code).unwrap().unwrap();
    assert_eq!((line.entity.as_str(), line.action.as_str(), line.entity_id.as_str()), ("walk", "archive", w.id.as_str()));
    assert!(walklog::store::find_by_code(city.store.conn(), "0000-0000-0000-0000").unwrap().is_none());
    assert!(walklog::store::find_by_code(city.store.conn(), "garbage").unwrap().is_none());
}
