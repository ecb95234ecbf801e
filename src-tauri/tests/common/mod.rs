//! Builds the real app (same `configure_with` as the binary) on the mock runtime with a temp
//! database, and calls commands through the IPC layer the UI uses.
#![allow(dead_code)]

use serde::de::DeserializeOwned;
use serde_json::Value;
use tauri::test::{get_ipc_response, mock_builder, mock_context, noop_assets, MockRuntime, INVOKE_KEY};
use tauri::webview::InvokeRequest;
use tauri::{App, WebviewWindow, WebviewWindowBuilder};
use walklog_app_lib::{configure_with, DbChoice};

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
        Self { _app: app, window, dir }
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
            url: "http://tauri.localhost".parse().expect("url"),
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
