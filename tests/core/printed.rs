//! A printed page checked later: the code (typed, or the QR payload scanned) is answered with
//! what the record says now — a task sent back since the page was printed says so.

use crate::fixture::*;
use walklog::model::*;

#[test]
fn a_scanned_or_typed_code_shows_the_records_current_state() {
    let mut city = city();
    let (market, head, office) = (city.market.clone(), city.market_head.clone(), city.office.clone());
    let walk = city.walked(&market, &head, WalkKind::Daily, "2026-03-01T09:00:00+08:00");
    let p = city.problem(&walk.id, ProblemCategory::Materials, Nature::Systemic, "申报材料多");
    let task = city.task_for(&p.id, "2026-04-01");
    let code = city.store.archive_walk(&walk.id).unwrap().seal_code.unwrap();

    let now = city.store.check_code(&code).unwrap().now.expect("a sealed walk's code names it");
    assert_eq!(now.record_zh, "体验纪实表「暗访开办餐饮店全流程」");
    assert_eq!(now.lines[0], format!("体验状态：已归档（核验码 {code}）。"));
    assert_eq!(now.lines[2], "发现问题 1 个，生成整改任务 1 项。");
    assert_eq!(now.lines[3], "整改任务“精简申报材料，推行告知承诺制”：待整改。");

    // Later the task is done and sent back by the office: the same printed code now says so.
    city.store.set_clock(Some(ts("2026-03-20T10:00:00+08:00")));
    city.store.add_note(&task.id, "已精简", None).unwrap();
    city.store.mark_task_done(&task.id).unwrap();
    city.store.send_back_task(&task.id, &office, "证据不足，请补充整改前后对比照片").unwrap();
    let scanned = format!("WALKLOG1:{code}:WALK:{}", walk.id.to_ascii_uppercase());
    let check = city.store.check_code(&scanned).unwrap();
    assert!(matches!(check.verdict, walklog::verify::CodeVerdict::SealIntact { .. }));
    let now = check.now.unwrap();
    assert_eq!(now.lines[3], "整改任务“精简申报材料，推行告知承诺制”：整改中（2026-03-20 被退回：证据不足，请补充整改前后对比照片）。", "{now:?}");

    // A ledger's QR names the ledger: today's task figures.
    let log = walklog::store::verify_chain(city.store.conn()).unwrap();
    let ledger_code = walklog::store::verification_code(&log.last_hash);
    let now = city.store.check_code(&format!("WALKLOG1:{ledger_code}:LEDGER")).unwrap().now.unwrap();
    assert_eq!(now.record_zh, "整改台账");
    assert!(now.lines[0].starts_with("截至今天，整改任务共 1 项：已销号 0 项，已完成待销号 0 项，整改中 1 项"), "{now:?}");
    // A record the QR code cannot name is refused in words, changing nothing.
    let e = city.store.check_code(&format!("WALKLOG1:{ledger_code}:SOMETHING")).unwrap_err();
    assert!(e.to_string().contains("二维码中的记录无法识别"), "{e}");
}
