//! 核验 and periods through the commands: the chain, a sealed walk's 核验码 (intact, then
//! refused in format), and a period computed by the core's calendar and clock.
mod common;

use common::TestApp;
use serde_json::{json, Value};

#[test]
fn a_sealed_walks_code_checks_and_a_bad_code_is_refused_beside_its_field() {
    let t = TestApp::new();
    let fx = t.fixture();
    let walk = t.plan_walk(&fx, "体验公积金提取");
    for cmd in ["start_walk", "complete_walk"] {
        let _: Value = t.ok(cmd, json!({"walk_id": walk}));
    }
    let sealed: Value = t.ok("archive_walk", json!({"walk_id": walk}));
    let code = sealed["seal_code"].as_str().unwrap().to_string();

    let chain: Value = t.ok("check_chain", json!({}));
    assert!(chain["first_broken"].is_null(), "{chain}");
    assert!(chain["entries"].as_i64().unwrap() > 5);

    let view: Value = t.ok("check_code", json!({"code": code.to_lowercase()}));
    assert_eq!(view["check"]["verdict"]["kind"], "seal_intact");
    assert!(view["sentence_zh"].as_str().unwrap().contains("核验通过"), "{view}");

    let e = t.invoke("check_code", json!({"code": "12-34"})).expect_err("bad code");
    assert_eq!((e["code"].as_str(), e["field"].as_str()), (Some("validation"), Some("code")));
    let e = t.invoke("check_code", json!({"code": "0000-0000-0000-0000"})).expect_err("unknown code");
    assert_eq!(e["code"], "validation");
    assert!(e["message_zh"].as_str().unwrap().contains("没有核验码"), "{e}");
}

#[test]
fn periods_come_from_the_core() {
    let t = TestApp::new();
    // The test clock reads 2026-05-06.
    let p: Value = t.ok("period", json!({"spec": "this_quarter"}));
    assert_eq!((p["from"].as_str(), p["to"].as_str()), (Some("2026-04-01"), Some("2026-06-30")));
    let p: Value = t.ok("period", json!({"spec": "2024-02"}));
    assert_eq!(p["to"], "2024-02-29");
    let e = t.invoke("period", json!({"spec": "2026-01-01..26-02-01"})).expect_err("lenient date");
    assert_eq!((e["code"].as_str(), e["field"].as_str()), (Some("validation"), Some("period")));
}

#[test]
fn a_chain_head_written_down_is_checked_and_a_log_cut_short_is_said() {
    let t = TestApp::new();
    let fx = t.fixture();
    let _ = t.plan_walk(&fx, "体验不动产登记");
    let tables: Value = t.ok("check_tables", json!({}));
    let anchor = tables["anchor"].as_str().expect("a head").to_string();
    let (seq, code) = anchor.split_once(':').unwrap();

    // As printed in a report's footer, and in the short form.
    let printed = format!("链头 第 {seq} 条 · {code}");
    let held: Value = t.ok("check_anchor", json!({"anchor": printed}));
    assert_eq!(held["held"], true, "{held}");
    let short: Value = t.ok("check_anchor", json!({"anchor": format!("{seq}:{}", &code[..9])}));
    assert_eq!(short["held"], true, "{short}");

    // A head the log never reached is a finding (cut short), not a failed call.
    let gone: Value = t.ok("check_anchor", json!({"anchor": format!("{}:{code}", seq.parse::<i64>().unwrap() + 1000)}));
    assert_eq!(gone["held"], false);
    assert!(gone["message_zh"].as_str().unwrap().contains("变更记录被截断"), "{gone}");
    let e = t.invoke("check_anchor", json!({"anchor": "第五条"})).expect_err("not a head");
    assert_eq!((e["code"].as_str(), e["field"].as_str()), (Some("validation"), Some("against")));
}
