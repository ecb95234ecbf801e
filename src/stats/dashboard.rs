//! 工作台: what a person sees first — the city's totals, their unit's month and quarter, their
//! planned and ongoing walks, their tasks due soon and overdue. Composed here so every front end
//! shows the same thing.

use super::{Figures, Period, Scope};
use crate::error::Result;
use crate::model::{Date, Person, Role, Walk, WalkStatus};
use crate::ops::{LedgerFilter, LedgerRow, WalkFilter};
use crate::store::Store;
use serde::Serialize;

#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Dashboard {
    pub me: Option<Person>,
    /// All records of the open database, city-wide.
    pub total: Figures,
    /// The person's unit (with its sub-units), or the city for the 党建办 or no one.
    pub month: Figures,
    pub quarter: Figures,
    /// The person's planned and ongoing walks.
    pub my_walks: Vec<Walk>,
    /// Tasks the person is responsible for that are due within 7 days, and overdue ones.
    pub my_tasks_due: Vec<LedgerRow>,
    pub my_tasks_overdue: Vec<LedgerRow>,
    /// The core's today: deadlines on the screen count from it, not from the browser's clock.
    pub today: Date,
}

/// The scope a person's own figures cover.
pub fn scope_of(me: Option<&Person>) -> Scope {
    match me {
        Some(p) if p.role != Role::Office => Scope::District(p.department_id.clone()),
        _ => Scope::City,
    }
}

impl Store {
    pub fn dashboard(&self, me: Option<Person>) -> Result<Dashboard> {
        let today = self.today();
        let scope = scope_of(me.as_ref());
        let total = self.figures(&Scope::City, &Period::all())?;
        let month = self.figures(&scope, &Period::month_of(today)?)?;
        let quarter = self.figures(&scope, &Period::quarter_of(today)?)?;
        let (mut my_walks, mut due, mut overdue) = (Vec::new(), Vec::new(), Vec::new());
        if let Some(p) = &me {
            for status in [WalkStatus::InProgress, WalkStatus::Planned] {
                let f = WalkFilter { leader_id: Some(p.id.clone()), status: Some(status), ..Default::default() };
                my_walks.extend(self.walks(&f)?);
            }
            let mine = |f: LedgerFilter| LedgerFilter { owner_id: Some(p.id.clone()), limit: 50, ..f };
            due = self.ledger(&mine(LedgerFilter { due_within_days: Some(7), ..Default::default() }))?.rows;
            due.retain(|r| !r.overdue);
            overdue = self.ledger(&mine(LedgerFilter { overdue: true, ..Default::default() }))?.rows;
        }
        Ok(Dashboard { me, total, month, quarter, my_walks, my_tasks_due: due, my_tasks_overdue: overdue, today })
    }
}
