//! 同步服务器 through the commands the UI calls: the address is checked before it is kept, the
//! status says how syncing stands, an unreachable server is an ordinary, recorded failure, and
//! a unit's walk reaches the office through a real PostgreSQL server
//! (tests/support/pg-test-server.sh).
mod common;
#[path = "../../tests/support/pg.rs"]
mod pg;

use pg::PgServer;

use common::{Fixture, TestApp};
use serde_json::{json, Value};

/// Sets an app up as 单位端 or 党建办端 with a new unit and its user; returns the identity view.
fn init(t: &TestApp, role: &str, unit: &str, user: &str, user_role: &str) -> Value {
    let level = if role == "office" { "district" } else { "city_department" };
    t.ok("init_identity", json!({"request": {
        "role": role, "department_id": null, "department_name": unit, "department_level": level,
        "user_id": null, "user_name": user, "user_title": "", "user_role": user_role}}))
}

/// An office and an enrolled, approved unit holding the office's roster.
fn office_and_unit() -> (TestApp, TestApp, Value, Value) {
    let office = TestApp::new();
    let unit = TestApp::new();
    let oview = init(&office, "office", "市委党建办", "赵敏", "office");
    let uview = init(&unit, "unit", "市市场监管局", "张明", "head");
    let enrol = unit.dir.path().join("登记.json");
    let _: Value = unit.ok("enrolment_export", json!({"path": enrol.display().to_string()}));
    let entry: Value = office.ok("roster_enrol", json!({"path": enrol.display().to_string()}));
    let _: Value = office.ok("roster_approve", json!({"install_id": entry["install_id"]}));
    let roster: Value = office.ok("roster_export", json!({"path": null}));
    let _: Value = unit.ok("roster_import", json!({"path": roster["path"]}));
    (office, unit, oview, uview)
}

/// The unit's directory as a fixture (its unit, its head as the current user, an owner).
fn unit_fixture(t: &TestApp, view: &Value) -> Fixture {
    let dept = view["identity"]["department_id"].as_str().unwrap().to_string();
    let me: Value = t.ok("current_user", json!({}));
    let owner: Value = t.ok("save_person", json!({"person": {
        "id": "", "name": "李华", "title": "", "role": "owner", "department_id": dept}}));
    Fixture { head: me["id"].as_str().unwrap().to_string(), owner: owner["id"].as_str().unwrap().to_string(), office: String::new(), dept }
}

#[test]
fn the_address_is_checked_before_it_is_kept_and_removed_on_request() {
    // A stand-alone install has no identity to sync as.
    let alone = TestApp::new();
    assert_eq!(alone.err("set_server_url", json!({"url": "postgres://u:p@10.0.0.5:5432/walklog"})).0, "identity");

    let t = TestApp::new();
    init(&t, "unit", "市医疗保障局", "周敏", "head");
    let status: Value = t.ok("sync_status", json!({}));
    assert_eq!(status["configured"], false, "{status}");
    assert_eq!((status["server"].clone(), status["last_sync_at"].clone(), status["last_error"].clone()), (json!(""), Value::Null, Value::Null));

    // No user: refused beside the address field, in Chinese, and nothing kept.
    for bad in ["postgres://10.0.0.5:5432/walklog", "not a url at all", "postgres://u@/x"] {
        let e = t.invoke("set_server_url", json!({"url": bad})).unwrap_err();
        assert_eq!((e["code"].as_str(), e["field"].as_str()), (Some("validation"), Some("server_url")), "{bad}: {e}");
        let msg = e["message_zh"].as_str().unwrap();
        assert!(msg.contains("同步服务器地址"), "{msg}");
        let status: Value = t.ok("sync_status", json!({}));
        assert_eq!(status["configured"], false, "{bad} was kept: {status}");
    }

    // A good one is kept and shown without its password.
    let status: Value = t.ok("set_server_url", json!({"url": " postgres://wl_abc:s3cret@10.0.0.5:5432/walklog "}));
    assert_eq!(status["configured"], true, "{status}");
    assert_eq!(status["server"], "wl_abc@10.0.0.5:5432/walklog");
    assert!(!status.to_string().contains("s3cret"), "{status}");
    assert_eq!(t.ok::<Value>("sync_status", json!({})), status);

    // A bad one later leaves the good one in place; null removes it.
    assert_eq!(t.err("set_server_url", json!({"url": "postgres://10.0.0.5/walklog"})).0, "validation");
    assert_eq!(t.ok::<Value>("sync_status", json!({}))["configured"], true);
    let status: Value = t.ok("set_server_url", json!({"url": null}));
    assert_eq!((status["configured"].clone(), status["server"].clone()), (json!(false), json!("")));
    // An empty address removes it too (the UI's 保存 needs one typed; 移除 sends null).
    let _: Value = t.ok("set_server_url", json!({"url": "postgres://wl_abc:s3cret@10.0.0.5:5432/walklog"}));
    assert_eq!(t.ok::<Value>("set_server_url", json!({"url": "  "}))["configured"], false);
}

#[test]
fn an_unreachable_server_is_a_recorded_failure_not_a_crash() {
    let t = TestApp::new();
    init(&t, "unit", "市医疗保障局", "周敏", "head");
    // Nothing configured yet: said so, beside the address field.
    let (code, msg) = t.err("sync_now", json!({}));
    assert_eq!(code, "validation");
    assert!(msg.contains("尚未设置同步服务器"), "{msg}");

    let _: Value = t.ok("set_server_url", json!({"url": "postgres://u:p@127.0.0.1:1/x"}));
    let (code, msg) = t.err("sync_now", json!({}));
    assert_eq!(code, "server_unreachable", "{msg}");
    let status: Value = t.ok("sync_status", json!({}));
    assert_eq!(status["configured"], true);
    assert_eq!(status["last_sync_at"], Value::Null, "{status}");
    assert!(status["last_attempt_at"].is_string(), "{status}");
    assert_eq!(status["last_error"], json!(msg), "the status bar's tooltip says why: {status}");
    // The app still answers, and a second try fails the same way.
    assert_eq!(t.err("sync_now", json!({})).0, "server_unreachable");
    assert!(t.ok::<Value>("install_state", json!({}))["identity"].is_object());
}

#[test]
fn a_units_walk_reaches_the_office_through_the_server() {
    let (office, unit, oview, uview) = office_and_unit();
    let fx = unit_fixture(&unit, &uview);
    let walk = unit.plan_walk(&fx, "体验企业开办一件事");

    // The DBA creates the schema; the office enrols itself and its approved unit.
    let pg = PgServer::start();
    let enrolled = tauri::async_runtime::block_on(async {
        walklog::server::server_init(pg.admin_url()).await.expect("server init");
        let store = walklog::Store::open(office.db_path()).expect("office store");
        walklog::server::server_enrol(pg.admin_url(), &store, None, false).await.expect("server enrol")
    });
    let url_of = |view: &Value| -> String {
        let id = view["identity"]["install_id"].as_str().unwrap();
        enrolled.iter().find(|e| e.install_id == id).and_then(|e| e.url.clone()).unwrap_or_else(|| panic!("no address for {id}"))
    };
    let status: Value = unit.ok("set_server_url", json!({"url": url_of(&uview)}));
    assert!(status["unsynced"].as_i64().unwrap() > 0, "the unit's walk waits: {status}");
    let _: Value = office.ok("set_server_url", json!({"url": url_of(&oview)}));

    let sent: Value = unit.ok("sync_now", json!({}));
    assert!(sent["pushed"].as_u64().unwrap() > 0, "{sent}");
    assert_eq!(sent["conflicts"], json!([]));
    let status: Value = unit.ok("sync_status", json!({}));
    assert_eq!((status["unsynced"].clone(), status["last_error"].clone()), (json!(0), Value::Null), "{status}");
    assert!(status["last_sync_at"].is_string(), "{status}");

    let got: Value = office.ok("sync_now", json!({}));
    assert!(got["pulled"].as_u64().unwrap() > 0 && got["inserted"].as_u64().unwrap() > 0, "{got}");
    let walks: Vec<Value> = office.ok("walks", json!({"filter": {}}));
    let seen = walks.iter().find(|w| w["id"] == walk.as_str()).unwrap_or_else(|| panic!("the office lacks the walk: {walks:?}"));
    assert_eq!(seen["title"], "体验企业开办一件事");

    // Nothing new: a second sync moves nothing.
    let again: Value = office.ok("sync_now", json!({}));
    assert_eq!((again["pulled"].clone(), again["inserted"].clone()), (json!(0), json!(0)), "{again}");
}
