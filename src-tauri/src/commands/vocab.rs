//! The core's closed vocabularies with their Chinese labels, so the UI never spells them itself.

use serde::Serialize;
use walklog::model::*;

#[derive(Debug, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct LabelledCode {
    pub code: &'static str,
    pub label: &'static str,
}

macro_rules! list {
    ($t:ty) => {
        <$t>::ALL.iter().map(|v| LabelledCode { code: v.code(), label: v.label_zh() }).collect::<Vec<_>>()
    };
}

#[derive(Debug, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Vocab {
    pub dept_level: Vec<LabelledCode>,
    pub role: Vec<LabelledCode>,
    pub walk_kind: Vec<LabelledCode>,
    pub manner: Vec<LabelledCode>,
    pub way: Vec<LabelledCode>,
    pub channel: Vec<LabelledCode>,
    pub place_level: Vec<LabelledCode>,
    pub walk_status: Vec<LabelledCode>,
    pub problem_category: Vec<LabelledCode>,
    pub standard: Vec<LabelledCode>,
    pub severity: Vec<LabelledCode>,
    pub nature: Vec<LabelledCode>,
    pub task_status: Vec<LabelledCode>,
    pub install_role: Vec<LabelledCode>,
    pub roster_status: Vec<LabelledCode>,
    pub reminder_kind: Vec<LabelledCode>,
}

#[tauri::command]
pub async fn vocab() -> Vocab {
    Vocab {
        dept_level: list!(DeptLevel),
        role: list!(Role),
        walk_kind: list!(WalkKind),
        manner: list!(Manner),
        way: list!(Way),
        channel: list!(Channel),
        place_level: list!(PlaceLevel),
        walk_status: list!(WalkStatus),
        problem_category: list!(ProblemCategory),
        standard: list!(Standard),
        severity: list!(Severity),
        nature: list!(Nature),
        task_status: list!(TaskStatus),
        install_role: list!(InstallRole),
        roster_status: list!(RosterStatus),
        reminder_kind: list!(ReminderKind),
    }
}
