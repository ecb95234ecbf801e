//! One command per user action. Each file groups the commands of one screen. All commands are
//! async so that database work never runs on the window's main thread.

mod app;
mod attachments;
mod data;
mod deletes;
mod encryption;
mod directory;
mod export;
mod history;
mod import;
mod problems;
mod programme;
mod server;
mod stats;
mod sync;
mod tasks;
mod templates;
mod vocab;
mod walks;

use tauri::{ipc::Invoke, Runtime};

pub use export::ExportedFiles;
pub use server::SyncGate;
// The types the bindings generator names (src/bindings.rs).
#[cfg(feature = "ts")]
pub(crate) use {
    app::{About, AppInfo},
    data::{BackupDone, DemoLoaded, RestoreDone},
    deletes::Deletable,
    encryption::{EncryptionDone, EncryptionState},
    export::{ExportProgress, ExportRequest, ExportResult, ListOptions},
    import::{CodeView, TablesCheck},
    stats::{EvidenceView, FiguresView, MonthCount, UnitEvidence, UnitFigures},
    sync::{FileWritten, InstallState},
    tasks::TaskDetail,
    vocab::{LabelledCode, Vocab},
    walks::WalkDetail,
};

pub fn handler<R: Runtime>() -> impl Fn(Invoke<R>) -> bool + Send + Sync + 'static {
    tauri::generate_handler![
        app::app_info,
        app::about,
        app::current_user,
        app::set_current_user,
        app::ui_state,
        app::set_ui_state,
        app::report_font,
        app::set_report_font,
        vocab::vocab,
        directory::departments,
        directory::save_department,
        directory::people,
        directory::save_person,
        directory::matters,
        directory::save_matter,
        walks::walks,
        walks::walk_detail,
        walks::plan_walk,
        walks::update_walk,
        walks::start_walk,
        walks::complete_walk,
        walks::archive_walk,
        walks::next_step,
        walks::walk_captures,
        walks::save_step,
        walks::retime_step,
        walks::search,
        problems::problems,
        problems::record_problem,
        problems::update_problem,
        problems::resolve_on_spot,
        tasks::ledger,
        tasks::task_detail,
        tasks::save_task,
        tasks::start_task,
        tasks::add_note,
        tasks::mark_task_done,
        tasks::close_out_task,
        tasks::send_back_task,
        programme::plans,
        programme::save_plan,
        programme::delete_plan,
        programme::walk_from_plan,
        programme::plan_overview,
        programme::calendar,
        programme::supervise_task,
        programme::supervision_figures,
        programme::supervised_tasks,
        programme::reminders,
        programme::dismiss_reminder,
        programme::reminder_settings,
        programme::save_reminder_settings,
        tasks::milestones,
        tasks::add_milestone,
        tasks::update_milestone,
        tasks::mark_milestone_done,
        tasks::undo_milestone,
        tasks::delete_milestone,
        tasks::chart,
        history::record_history,
        stats::dashboard,
        stats::figures,
        stats::figures_by_unit,
        stats::evidence,
        stats::walks_by_month,
        stats::period,
        attachments::attach_file,
        attachments::attachments,
        export::export,
        import::preview_import,
        import::import_file,
        import::review_headers,
        import::preview_reviews,
        import::import_reviews,
        import::check_chain,
        import::check_tables,
        import::check_anchor,
        import::check_code,
        import::verify_file,
        export::open_export,
        export::reveal_export,
        templates::templates,
        templates::template_source,
        templates::template_preview,
        templates::save_template,
        templates::set_default_template,
        data::load_demo,
        data::backup_now,
        data::restore_backup,
        encryption::encryption_state,
        encryption::unlock,
        encryption::encryption_enable,
        encryption::encryption_change,
        encryption::encryption_disable,
        deletes::delete_record,
        sync::install_state,
        sync::init_identity,
        sync::enrolment_export,
        sync::roster_enrol,
        sync::roster_approve,
        sync::roster_revoke,
        sync::roster,
        sync::roster_export,
        sync::roster_import,
        sync::bundle_preview,
        sync::bundle_export,
        sync::bundle_import,
        sync::bundle_status,
        sync::conflicts,
        sync::resolve_conflict,
        server::sync_status,
        server::set_server_url,
        server::sync_now,
    ]
}
