//! One command per user action. Each file groups the commands of one screen.

mod app;

use tauri::{ipc::Invoke, Runtime};

pub fn handler<R: Runtime>() -> impl Fn(Invoke<R>) -> bool + Send + Sync + 'static {
    tauri::generate_handler![app::app_info]
}
