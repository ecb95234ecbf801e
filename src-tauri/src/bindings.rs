//! The TypeScript bindings of everything that crosses the IPC: the commands' arguments, results
//! and error. Written into ui/src/lib/bindings/ by `make bindings` (tests/bindings.rs), so the
//! UI's types are never written by hand; `make test-ui` fails when the committed ones are stale.

use std::path::Path;

use ts_rs::{Config, ExportError, TS};

use crate::commands::*;
use walklog::model::*;

/// Exports every root type (and, through them, every type they use) into `dir`, one file each.
pub fn export_bindings(dir: &Path) -> Result<(), ExportError> {
    // Counts and sizes are far below 2^53: plain numbers, not bigint, on the TypeScript side.
    let cfg = Config::new().with_large_int("number").with_out_dir(dir);
    macro_rules! export {
        ($($t:ty),+ $(,)?) => { $( <$t as TS>::export_all(&cfg)?; )+ };
    }
    export!(
        // The records (src/model) and their vocabularies.
        Department, Person, Matter, Walk, Step, Problem, Task, ProgressNote, Attachment, OwnerKind,
        walklog::photo::presence::AttachmentView, walklog::photo::Presence,
        // Lists, filters and figures (src/ops, src/stats), search, import.
        walklog::ops::WalkFilter, walklog::ops::SealedWalk, walklog::ops::CaptureSummary, walklog::ops::ProblemFilter, walklog::ops::ProblemRow,
        walklog::ops::LedgerFilter, walklog::ops::LedgerRow, walklog::ops::LedgerPage,
        walklog::model::Milestone, walklog::ops::MilestoneInput, walklog::ops::ChartFilter, walklog::ops::ChartRow, walklog::ops::ChartData, walklog::ops::ChartStatus,
        walklog::stats::Scope, walklog::stats::Period, walklog::stats::Figures, walklog::stats::HeadRef,
        walklog::search::SearchHit, walklog::search::SearchKind, walklog::exchange::ImportReport, walklog::exchange::ImportConflict,
        walklog::stats::Dashboard, walklog::store::ChainReport, walklog::audit::TableDifference, walklog::anchor::AnchorCheck, walklog::verify::CodeCheck, walklog::verify::CodeVerdict,
        walklog::exports::ExportedFile, walklog::exports::FileCheck,
        walklog::report::library::TemplateKind, walklog::report::library::TemplateFile, walklog::report::library::TemplatePreview,
        walklog::history::RecordHistory,
        // Plans, 督办 and reminders (issue 13).
        WalkPlan, Supervision, walklog::ops::PlanProgress, walklog::ops::PlanOverview, walklog::ops::HeadPlanLine,
        walklog::ops::CalendarWalk, walklog::ops::SupervisionFigures, walklog::ops::SupervisedTask, walklog::remind::ReminderList,
        walklog::remind::Reminder, walklog::remind::ReminderSettings, ReminderKind,
        // 以评促改: ratings imported from the 好差评 system.
        walklog::model::Review, walklog::model::ReviewGrade, walklog::ops::ReviewImport, walklog::ops::BadReview, ProblemSource,
        // The commands' own results and arguments (src-tauri/src/commands).
        AppInfo, About, DemoLoaded, BackupDone, RestoreDone, EncryptionState, EncryptionDone, walklog::store::EncryptionStatus, Deletable, Vocab, LabelledCode, WalkDetail, TaskDetail,
        CodeView, TablesCheck, FiguresView, UnitFigures, EvidenceView, UnitEvidence, MonthCount, ListOptions, ExportRequest, ExportProgress, ExportResult,
        // Many installs (src/sync): identity, roster, 报送包, conflicts.
        InstallState, FileWritten, walklog::sync::InitRequest, walklog::sync::IdentityView, walklog::sync::RosterEntry,
        walklog::sync::roster::RosterImport, walklog::sync::bundle::ExportedBundle, walklog::sync::bundle::BundleReport,
        walklog::sync::bundle::PeerStatus, walklog::sync::conflicts::Conflict,
        // The sync server (src/server): the status bar's line and what a sync did.
        walklog::server::SyncStatus, walklog::server::SyncReport,
        // The error every command rejects with, and its codes (one per variant of walklog::Error).
        crate::CmdError, walklog::ErrorCode,
    );
    Ok(())
}
