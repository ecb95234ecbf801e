//! 工作台 and 统计: the programme's figures, computed by the core from the records.

use serde::Serialize;
use tauri::State;
use walklog::model::{Department, Person, Role, Walk, WalkStatus};
use walklog::ops::{LedgerFilter, LedgerRow, WalkFilter};
use walklog::stats::{Figures, Period, Scope};

use crate::state::current_user;
use crate::{AppState, CmdError};

/// What the 工作台 shows, in one call.
#[derive(Debug, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Dashboard {
    pub me: Option<Person>,
    /// All records of the open database, city-wide.
    pub total: Figures,
    /// The current user's unit (with its sub-units), or the city for the 党建办 or no user.
    pub month: Figures,
    pub quarter: Figures,
    /// My planned and ongoing walks.
    pub my_walks: Vec<Walk>,
    /// Tasks I am responsible for that are due within 7 days, and overdue ones.
    pub my_tasks_due: Vec<LedgerRow>,
    pub my_tasks_overdue: Vec<LedgerRow>,
}

fn my_scope(me: &Option<Person>) -> Scope {
    match me {
        Some(p) if p.role != Role::Office => Scope::District(p.department_id.clone()),
        _ => Scope::City,
    }
}

#[tauri::command(rename_all = "snake_case")]
pub async fn dashboard(state: State<'_, AppState>) -> Result<Dashboard, CmdError> {
    state.with_store(|s| {
        let me = current_user(s)?;
        let today = s.today();
        let scope = my_scope(&me);
        let total = s.figures(&Scope::City, &Period::all())?;
        let month = s.figures(&scope, &Period::month_of(today)?)?;
        let quarter = s.figures(&scope, &Period::quarter_of(today)?)?;
        let (mut my_walks, mut due, mut overdue) = (Vec::new(), Vec::new(), Vec::new());
        if let Some(p) = &me {
            for status in [WalkStatus::InProgress, WalkStatus::Planned] {
                let f = WalkFilter { leader_id: Some(p.id.clone()), status: Some(status), ..Default::default() };
                my_walks.extend(s.walks(&f)?);
            }
            let mine = |f: LedgerFilter| LedgerFilter { owner_id: Some(p.id.clone()), limit: 50, ..f };
            due = s.ledger(&mine(LedgerFilter { due_within_days: Some(7), ..Default::default() }))?.rows;
            due.retain(|r| !r.overdue);
            overdue = s.ledger(&mine(LedgerFilter { overdue: true, ..Default::default() }))?.rows;
        }
        Ok(Dashboard { me, total, month, quarter, my_walks, my_tasks_due: due, my_tasks_overdue: overdue })
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
