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
        // OS notifications of 提醒, sent from Rust only (notify_reminders): the window is granted
        // none of the plugin's commands.
        .plugin(tauri_plugin_notification::init())
        .manage(AppState::new(known))
        .manage(commands::ExportedFiles::default())
        .manage(commands::SyncGate::default())
        .plugin(state::wait_notices())
        .setup(move |app| {
            let path = db.resolve(app.handle())?;
            app.state::<AppState>().resolve_path(path);
            window::restore(app);
            daily_backup_later(app.handle().clone());
            notify_reminders(app.handle().clone());
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
        wait_until_unlocked(&state);
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

/// An encrypted database opens only when the user gives its password (数据加密): the background
/// work waits for that rather than failing with `locked`.
fn wait_until_unlocked(state: &AppState) {
    while !state.is_open() && state.db_path().is_ok_and(|p| walklog::crypt::is_encrypted(p).unwrap_or(false)) {
        std::thread::sleep(std::time::Duration::from_secs(5));
    }
}

/// 提醒 as OS notifications: soon after start and then hourly, the reminders not yet shown
/// today (the core marks them, so each is notified at most once a day; none when turned off in
/// 设置). One notification sums them up; the 提醒 screen lists them all.
fn notify_reminders<R: Runtime>(handle: tauri::AppHandle<R>) {
    use tauri_plugin_notification::NotificationExt;
    std::thread::spawn(move || loop {
        std::thread::sleep(std::time::Duration::from_secs(8));
        let state = handle.state::<AppState>();
        wait_until_unlocked(&state);
        match state.with_store(|s| s.reminders_to_notify()) {
            Ok(list) if !list.is_empty() => {
                let mut body: Vec<String> = list.iter().take(3).map(|r| r.text.clone()).collect();
                if list.len() > 3 {
                    body.push(format!("……共 {} 条，请打开“提醒”查看", list.len()));
                }
                // No notification service (a bare X server, a locked-down desktop): the 提醒 screen
                // still lists them.
                if let Err(e) = handle.notification().builder().title(format!("走流程纪实：{} 条新提醒", list.len())).body(body.join("\n")).show() {
                    eprintln!("无法显示系统通知：{e}");
                }
            }
            Ok(_) => {}
            Err(e) => eprintln!("提醒读取失败：{}", e.message_zh),
        }
        std::thread::sleep(std::time::Duration::from_secs(3600));
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
