//! 工作台 and 统计: the programme's figures, computed by the core from the records.

use serde::Serialize;
use tauri::State;
use walklog::model::Department;
use walklog::stats::{Dashboard, Evidence, Figures, Period, Scope};

use crate::state::current_user;
use crate::{AppState, CmdError};

/// 工作台: composed by the core for the current user.
#[tauri::command(rename_all = "snake_case")]
pub async fn dashboard(state: State<'_, AppState>) -> Result<Dashboard, CmdError> {
    state.with_store(|s| {
        let me = current_user(s)?;
        s.dashboard(me)
    })
}

/// The figures of one scope and period (统计's header and the programme sentence).
#[derive(Debug, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct FiguresView {
    pub figures: Figures,
    pub sentence: String,
}

#[tauri::command(rename_all = "snake_case")]
pub async fn figures(state: State<'_, AppState>, scope: Scope, period: Period) -> Result<FiguresView, CmdError> {
    let period = Period::new(period.from, period.to)?;
    state.with_store(|s| {
        let figures = s.figures(&scope, &period)?;
        Ok(FiguresView { sentence: figures.sentence(), figures })
    })
}

#[derive(Debug, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct UnitFigures {
    pub department: Department,
    pub figures: Figures,
}

/// One row per unit in scope: closure rate per unit, overdue ranking.
#[tauri::command(rename_all = "snake_case")]
pub async fn figures_by_unit(state: State<'_, AppState>, scope: Scope, period: Period) -> Result<Vec<UnitFigures>, CmdError> {
    let period = Period::new(period.from, period.to)?;
    state.with_store(|s| {
        Ok(s.figures_by_department(&scope, &period)?
            .into_iter()
            .map(|(department, figures)| UnitFigures { department, figures })
            .collect())
    })
}

#[derive(Debug, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct UnitEvidence {
    pub department: Department,
    pub evidence: Evidence,
}

#[derive(Debug, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct EvidenceView {
    pub total: Evidence,
    pub sentence: String,
    /// Every unit in scope, in the order of `figures_by_unit`.
    pub units: Vec<UnitEvidence>,
}

/// 纪实真实性: how the walks of each unit were recorded (live, photos, edits after the fact).
#[tauri::command(rename_all = "snake_case")]
pub async fn evidence(state: State<'_, AppState>, scope: Scope, period: Period) -> Result<EvidenceView, CmdError> {
    let period = Period::new(period.from, period.to)?;
    state.with_store(|s| {
        let (total, units) = s.evidence(&scope, &period)?;
        let units = units.into_iter().map(|(department, evidence)| UnitEvidence { department, evidence }).collect();
        Ok(EvidenceView { sentence: total.sentence(), total, units })
    })
}

#[derive(Debug, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct MonthCount {
    pub department_id: String,
    pub month: String,
    pub walks: u32,
}

/// The units × months matrix of walks done (who has walked, who has not).
#[tauri::command(rename_all = "snake_case")]
pub async fn walks_by_month(state: State<'_, AppState>, scope: Scope, period: Period) -> Result<Vec<MonthCount>, CmdError> {
    let period = Period::new(period.from, period.to)?;
    state.with_store(|s| {
        Ok(s.walks_by_month(&scope, &period)?
            .into_iter()
            .map(|(department_id, month, walks)| MonthCount { department_id, month, walks })
            .collect())
    })
}

/// A period from its text ("2026", "2026-Q3", "2026-03", "FROM..TO", "this_month", …), by the
/// core's calendar and clock: the screens do no date arithmetic of their own.
#[tauri::command(rename_all = "snake_case")]
pub async fn period(state: State<'_, AppState>, spec: String) -> Result<Period, CmdError> {
    state.with_store(|s| Period::parse_at(&spec, s.today()))
}
