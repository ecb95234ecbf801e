//! The Tauri shell of 走流程纪实. Commands are thin: parse, call the core, map its errors to
//! `{code, message_zh}` (see `error.rs`). All setup lives in `configure` so the command tests can
//! run the same app on `tauri::test::mock_builder()` without a display.

#[cfg(feature = "ts")]
mod bindings;
mod commands;
mod error;
mod state;
mod window;

#[cfg(feature = "ts")]
pub use bindings::export_bindings;
pub use error::CmdError;
pub use state::{AppState, DbChoice};

use tauri::{Builder, Manager, Runtime};

/// The environment variable that overrides the database path (the e2e tests use a temp file).
pub const DB_ENV: &str = "WALKLOG_DB";

/// Registers plugins, state and commands. The database is the one named by `--db PATH`, then
/// `WALKLOG_DB`, or
/// `walklog.db` in the app data folder.
pub fn configure<R: Runtime>(b: Builder<R>) -> Builder<R> {
    configure_with(b, DbChoice::FromEnvOrDataDir)
}

/// Like `configure`, with an explicit database choice (tests run in parallel, so they cannot
/// share one environment variable).
pub fn configure_with<R: Runtime>(b: Builder<R>, db: DbChoice) -> Builder<R> {
    let known = match &db {
        DbChoice::Path(p) => Some(p.clone()),
        DbChoice::FromEnvOrDataDir => None,
    };
    // State is managed before setup runs, so commands always find it; setup only fills in the
    // path when it depends on the app data folder.
    b.plugin(tauri_plugin_dialog::init())
        // The UI opens http(s) links itself (ui/src/lib/markdown.ts, installLinkGuard); the
        // plugin's own link script would also hand mailto:/tel: links to other programs.
        .plugin(tauri_plugin_opener::Builder::new().open_js_links_on_click(false).build())
        .manage(AppState::new(known))
        .manage(commands::ExportedFiles::default())
        .manage(commands::SyncGate::default())
        .plugin(state::wait_notices())
        .setup(move |app| {
            let path = db.resolve(app.handle())?;
            app.state::<AppState>().resolve_path(path);
            window::restore(app);
            daily_backup_later(app.handle().clone());
            Ok(())
        })
        .on_window_event(window::on_event)
        .invoke_handler(commands::handler())
}

/// The daily backup (`<data dir>/backups/daily-YYYY-MM-DD.db`, the last 30 kept), taken a
/// little after start so it never delays the first screen.
fn daily_backup_later<R: Runtime>(handle: tauri::AppHandle<R>) {
    std::thread::spawn(move || {
        std::thread::sleep(std::time::Duration::from_secs(20));
        let state = handle.state::<AppState>();
        // Nowhere better to say it: the next start tries again, and 设置 backs up on demand.
        match state.with_store(|s| s.daily_backup(30)) {
            Ok(Some(report)) => {
                if let Some(missing) = report.missing_error() {
                    eprintln!("每日备份不完整：{}", missing.message_zh());
                }
            }
            Ok(None) => {}
            Err(e) => eprintln!("每日备份失败：{}", e.message_zh),
        }
    });
}

/// Starts the desktop app.
pub fn run() {
    let result = configure(tauri::Builder::default()).run(tauri::generate_context!());
    if let Err(e) = result {
        // No window could be shown, so stderr is the only place left to say why.
        eprintln!("走流程纪实无法启动：{e}");
        std::process::exit(1);
    }
}
