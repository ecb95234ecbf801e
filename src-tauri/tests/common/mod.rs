//! Builds the real app (same `configure_with` as the binary) on the mock runtime with a temp
//! database, and calls commands through the IPC layer the UI uses.
#![allow(dead_code)]

use serde::de::DeserializeOwned;
use serde_json::Value;
use tauri::test::{get_ipc_response, mock_builder, mock_context, noop_assets, MockRuntime, INVOKE_KEY};
use tauri::webview::InvokeRequest;
use tauri::{App, Manager, WebviewWindow, WebviewWindowBuilder};
use walklog_app_lib::{configure_with, AppState, DbChoice};

/// "Now" for every command test: the morning of the fixtures' walk date. The tests' dates
/// (deadlines at the end of 2026, figures for 2026) hold whatever the real date is.
pub const NOW: &str = "2026-05-06T09:00:00+08:00";

#[cfg(windows)]
const LOCAL_ORIGIN: &str = "http://tauri.localhost";
#[cfg(not(windows))]
const LOCAL_ORIGIN: &str = "tauri://localhost";

pub struct TestApp {
    pub _app: App<MockRuntime>,
    pub window: WebviewWindow<MockRuntime>,
    pub dir: tempfile::TempDir,
}

impl TestApp {
    pub fn new() -> Self {
        let dir = tempfile::tempdir().expect("temp dir");
        let db = dir.path().join("walklog.db");
        let app = configure_with(mock_builder(), DbChoice::Path(db))
            .build(mock_context(noop_assets()))
            .expect("app builds on the mock runtime");
        let window = WebviewWindowBuilder::new(&app, "main", Default::default())
            .build()
            .expect("mock window");
        let now = chrono::DateTime::parse_from_rfc3339(NOW).expect("test clock");
        app.state::<AppState>()
            .with_store(|s| {
                s.set_clock(Some(now));
                Ok(())
            })
            .expect("the store opens and takes the test clock");
        Self { _app: app, window, dir }
    }

    /// The app again on the database another TestApp left in `dir`, as a restart would: the
    /// store is not opened (it may be encrypted and wait for its password).
    pub fn restarted(dir: tempfile::TempDir) -> Self {
        let db = dir.path().join("walklog.db");
        let app = configure_with(mock_builder(), DbChoice::Path(db))
            .build(mock_context(noop_assets()))
            .expect("app builds on the mock runtime");
        let window = WebviewWindowBuilder::new(&app, "main", Default::default()).build().expect("mock window");
        Self { _app: app, window, dir }
    }

    /// Closes the app and keeps its folder (for `restarted`).
    pub fn close(self) -> tempfile::TempDir {
        let TestApp { _app, window, dir } = self;
        drop(window);
        drop(_app);
        dir
    }

    /// Moves the app's pinned clock (a test that needs one act to come after another).
    pub fn set_now(&self, now: &str) {
        let now = chrono::DateTime::parse_from_rfc3339(now).expect("test clock");
        self._app
            .state::<AppState>()
            .with_store(|s| {
                s.set_clock(Some(now));
                Ok(())
            })
            .expect("the store takes the clock");
    }

    pub fn db_path(&self) -> std::path::PathBuf {
        self.dir.path().join("walklog.db")
    }

    /// Invokes `cmd` with JSON arguments; Ok = the command's value, Err = the rejected value.
    pub fn invoke(&self, cmd: &str, args: Value) -> Result<Value, Value> {
        let req = InvokeRequest {
            cmd: cmd.into(),
            callback: tauri::ipc::CallbackFn(0),
            error: tauri::ipc::CallbackFn(1),
            // The app's own origin (as the embedded UI has it), so the request counts as local.
            url: LOCAL_ORIGIN.parse().expect("url"),
            body: tauri::ipc::InvokeBody::Json(args),
            headers: Default::default(),
            invoke_key: INVOKE_KEY.to_string(),
        };
        get_ipc_response(&self.window, req).map(|b| b.deserialize::<Value>().expect("JSON response"))
    }

    pub fn ok<T: DeserializeOwned>(&self, cmd: &str, args: Value) -> T {
        match self.invoke(cmd, args) {
            Ok(v) => serde_json::from_value(v).expect("response has the expected shape"),
            Err(e) => panic!("{cmd} failed: {e}"),
        }
    }

    /// Invokes a command expected to fail and returns its `(code, message_zh)`.
    pub fn err(&self, cmd: &str, args: Value) -> (String, String) {
        match self.invoke(cmd, args) {
            Ok(v) => panic!("{cmd} should have failed but returned {v}"),
            Err(e) => {
                let code = e["code"].as_str().unwrap_or_else(|| panic!("no code in {e}")).to_string();
                let msg = e["message_zh"].as_str().unwrap_or_else(|| panic!("no message_zh in {e}")).to_string();
                (code, msg)
            }
        }
    }
}

/// Ids of a small directory made through the commands: one unit with a head, an owner and a
/// 党建办 person.
pub struct Fixture {
    pub dept: String,
    pub head: String,
    pub owner: String,
    pub office: String,
}

impl TestApp {
    pub fn fixture(&self) -> Fixture {
        let d: Value = self.ok("save_department", serde_json::json!({"department": {
            "id": "", "name": "市不动产登记中心", "level": "city_department", "parent_id": null}}));
        let dept = d["id"].as_str().expect("dept id").to_string();
        let person = |name: &str, role: &str| -> String {
            let p: Value = self.ok("save_person", serde_json::json!({"person": {
                "id": "", "name": name, "title": "", "role": role, "department_id": dept}}));
            p["id"].as_str().expect("person id").to_string()
        };
        let head = person("张明", "head");
        let owner = person("李华", "owner");
        let office = person("王芳", "office");
        Fixture { dept, head, owner, office }
    }

    /// A planned incognito daily walk on 2026-05-06.
    pub fn walk_json(&self, fx: &Fixture, title: &str) -> Value {
        serde_json::json!({
            "id": "", "title": title, "department_id": fx.dept, "leader_id": fx.head,
            "kind": "daily", "manner": "in_person", "ways": ["unannounced"], "channel": "hall",
            "place_level": "city_hall", "place_name": "市民之家", "matter_ids": [], "companion_ids": [],
            "incognito": {"identity_hidden": true, "no_notice": true, "no_escort": true},
            "alias": null, "planned_date": "2026-05-06", "started_at": null, "ended_at": null,
            "status": "planned", "reflection": "", "suggestions": 0, "questionnaires": 0, "coordinated": 0,
            "seal_code": null
        })
    }

    pub fn plan_walk(&self, fx: &Fixture, title: &str) -> String {
        let w: Value = self.ok("plan_walk", serde_json::json!({"walk": self.walk_json(fx, title)}));
        w["id"].as_str().expect("walk id").to_string()
    }
}
