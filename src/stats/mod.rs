//! The programme's figures (DOMAIN.md, "The figures the programme reports"), computed by SQL
//! from the records for a department, a district (a unit and everything below it) or the city,
//! over any period. Nothing here is typed in.

mod dashboard;
mod evidence;
mod period;

pub use dashboard::{scope_of, Dashboard};
pub use evidence::{Evidence, LIVE_SHARE_FLOOR};
pub use period::Period;

use crate::error::Result;
use crate::model::*;
use crate::ops::problems_solved_sql as solved_sql;
use crate::store::{date, Store};
use serde::{Deserialize, Serialize};

/// Whose figures.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(tag = "type", content = "id", rename_all = "snake_case")]
pub enum Scope {
    /// 全市: every unit.
    City,
    /// One unit only.
    Department(String),
    /// A unit and every unit below it (a district with its streets and communities).
    District(String),
}

/// A head of a unit in scope, for the "who has not walked" list.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct HeadRef {
    pub person_id: String,
    pub name: String,
    pub department_id: String,
    pub department_name: String,
}

/// Every figure the reports print, for one scope and period.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Figures {
    pub scope_label: String,
    pub period: Period,
    /// Units in scope, and how many of them walked.
    pub units: u32,
    pub units_walked: u32,
    /// Walks done (completed or archived) in the period, by kind.
    pub walks: u32,
    pub walks_daily: u32,
    pub walks_cross: u32,
    pub walks_acceptance: u32,
    /// Done 日常体验 walks where at least one of the three "no"s was not kept (the head was
    /// recognised, the unit was told, someone escorted).
    #[serde(default)]
    pub walks_incognito_broken: u32,
    /// Walks planned or under way (not yet done) in the period.
    pub walks_pending: u32,
    pub heads_walked: u32,
    pub heads_not_walked: Vec<HeadRef>,
    /// 发现问题 / 解决问题
    pub problems_found: u32,
    pub problems_solved: u32,
    pub problems_on_spot: u32,
    /// 推出解决措施: tasks raised in the period, and where they stand today.
    pub measures: u32,
    pub tasks_open: u32,
    pub tasks_in_progress: u32,
    pub tasks_done: u32,
    pub tasks_closed_out: u32,
    pub tasks_overdue: u32,
    /// 办结率 in percent (closed out of raised), None when nothing was raised.
    pub closure_rate: Option<f64>,
    /// 优化/再造办理流程, 压缩审批时限事项, 出台制度 (closed-out tasks).
    pub processes_optimised: u32,
    pub time_compressed: u32,
    pub policies_issued: u32,
    /// 四减 totals of closed-out tasks.
    pub steps_removed: u32,
    pub materials_removed: u32,
    pub days_cut: u32,
    pub trips_removed: u32,
    pub suggestions: u32,
    pub questionnaires: u32,
    pub coordinated: u32,
    /// 以评促改: ratings of the 好差评 system rated in the period, the 差评 among them, and the
    /// 差评 whose problem is solved; 差评整改率 in percent (None without 差评).
    #[serde(default)]
    pub reviews: u32,
    #[serde(default)]
    pub reviews_bad: u32,
    #[serde(default)]
    pub reviews_bad_solved: u32,
    #[serde(default)]
    pub bad_review_fix_rate: Option<f64>,
}

impl Figures {
    /// The sentence the reports print, e.g.
    /// "共发现和解决问题 57 个，优化办理流程 28 个，压缩审批时限事项 22 个，减少办事环节 115 个，减少材料 125 份".
    pub fn sentence(&self) -> String {
        format!(
            "{}{}，{} 家单位的一把手开展走流程体验 {} 次，共发现问题 {} 个、解决问题 {} 个，推出解决措施 {} 项，优化办理流程 {} 个，压缩审批时限事项 {} 个，减少办事环节 {} 个，减少材料 {} 份，减少跑动 {} 次，压缩办理时间 {} 个工作日，整改办结率 {}。",
            self.period.label_zh(),
            self.scope_label,
            self.units_walked,
            self.walks,
            self.problems_found,
            self.problems_solved,
            self.measures,
            self.processes_optimised,
            self.time_compressed,
            self.steps_removed,
            self.materials_removed,
            self.trips_removed,
            self.days_cut,
            self.closure_rate.map(|r| format!("{r:.0}%")).unwrap_or_else(|| "—".into()),
        )
    }
}

impl Store {
    /// The figures of a scope over a period, as of today.
    pub fn figures(&self, scope: &Scope, period: &Period) -> Result<Figures> {
        let (units, scope_label) = self.scope_units(scope)?;
        let units_json = serde_json::to_string(&units)?;
        let (from, to) = (date(&period.from), date(&period.to));
        let today = date(&self.today());
        let conn = self.conn();
        let mut f = Figures { scope_label, period: period.clone(), units: units.len() as u32, ..Figures::default() };
        // The city is every unit, so its queries need no unit filter: the date indexes alone
        // drive them, the walks' and tasks' covering ones (migration 0014) without reading a row,
        // and problems need no join to their walks (a year of a large city's figures: < 20 ms).
        // `?1 IS NOT NULL` keeps the parameter bound.
        let city = matches!(scope, Scope::City);
        let in_scope = if city { "?1 IS NOT NULL" } else { "department_id IN (SELECT value FROM json_each(?1))" };

        // Walks in scope and period. The unit set is a JSON array; json_each keeps one plan.
        let sql = format!(
            "SELECT count(*) FILTER (WHERE status IN ('completed','archived')),
                    count(*) FILTER (WHERE status IN ('completed','archived') AND kind = 'daily'),
                    count(*) FILTER (WHERE status IN ('completed','archived') AND kind = 'cross'),
                    count(*) FILTER (WHERE status IN ('completed','archived') AND kind = 'acceptance'),
                    count(*) FILTER (WHERE status IN ('planned','in_progress')),
                    count(DISTINCT leader_id) FILTER (WHERE status IN ('completed','archived')),
                    count(DISTINCT department_id) FILTER (WHERE status IN ('completed','archived')),
                    coalesce(sum(suggestions) FILTER (WHERE status IN ('completed','archived')), 0),
                    coalesce(sum(questionnaires) FILTER (WHERE status IN ('completed','archived')), 0),
                    coalesce(sum(coordinated) FILTER (WHERE status IN ('completed','archived')), 0),
                    count(*) FILTER (WHERE status IN ('completed','archived') AND kind = 'daily'
                                     AND NOT (coalesce(identity_hidden, 0) AND coalesce(no_notice, 0) AND coalesce(no_escort, 0)))
             FROM walks WHERE {in_scope} AND walk_date BETWEEN ?2 AND ?3"
        );
        conn.prepare_cached(&sql)?.query_row(
            (&units_json, &from, &to),
            |r| {
                f.walks = r.get(0)?;
                f.walks_daily = r.get(1)?;
                f.walks_cross = r.get(2)?;
                f.walks_acceptance = r.get(3)?;
                f.walks_pending = r.get(4)?;
                f.heads_walked = r.get(5)?;
                f.units_walked = r.get(6)?;
                f.suggestions = r.get(7)?;
                f.questionnaires = r.get(8)?;
                f.coordinated = r.get(9)?;
                f.walks_incognito_broken = r.get(10)?;
                Ok(())
            },
        )?;

        conn.query_row(
            "SELECT coalesce(sum(suggestions), 0), coalesce(sum(questionnaires), 0), coalesce(sum(coordinated), 0)
             FROM outreach WHERE department_id IN (SELECT value FROM json_each(?1)) AND period_start BETWEEN ?2 AND ?3",
            (&units_json, &from, &to),
            |r| {
                f.suggestions += r.get::<_, u32>(0)?;
                f.questionnaires += r.get::<_, u32>(1)?;
                f.coordinated += r.get::<_, u32>(2)?;
                Ok(())
            },
        )?;

        let mut stmt = conn.prepare_cached(
            "SELECT p.id, p.name, d.id, d.name FROM people p JOIN departments d ON d.id = p.department_id
             WHERE p.role = 'head' AND p.department_id IN (SELECT value FROM json_each(?1))
               AND NOT EXISTS (SELECT 1 FROM walks w WHERE w.leader_id = p.id AND w.status IN ('completed','archived')
                               AND w.walk_date BETWEEN ?2 AND ?3)
             ORDER BY d.level, d.name, p.name",
        )?;
        f.heads_not_walked = stmt
            .query_map((&units_json, &from, &to), |r| {
                Ok(HeadRef { person_id: r.get(0)?, name: r.get(1)?, department_id: r.get(2)?, department_name: r.get(3)? })
            })?
            .collect::<rusqlite::Result<_>>()?;

        // Problems found in walks (a 差评 is counted with the ratings below) of units in scope.
        let sql = format!(
            "SELECT count(*), coalesce(sum({solved}), 0), count(*) FILTER (WHERE p.resolved_on IS NOT NULL)
             {from_where} AND p.found_on BETWEEN ?2 AND ?3",
            solved = solved_sql(),
            from_where = if city {
                "FROM problems p WHERE ?1 IS NOT NULL AND p.source = 'walk'"
            } else {
                "FROM problems p WHERE p.department_id IN (SELECT value FROM json_each(?1)) AND p.source = 'walk'"
            }
        );
        conn.prepare_cached(&sql)?.query_row((&units_json, &from, &to), |r| {
            f.problems_found = r.get(0)?;
            f.problems_solved = r.get(1)?;
            f.problems_on_spot = r.get(2)?;
            Ok(())
        })?;

        // Tasks raised in the period whose responsible unit is in scope.
        let sql = format!(
            "SELECT count(*),
                    count(*) FILTER (WHERE status = 'open'),
                    count(*) FILTER (WHERE status = 'in_progress'),
                    count(*) FILTER (WHERE status = 'done'),
                    count(*) FILTER (WHERE status = 'closed_out'),
                    count(*) FILTER (WHERE status <> 'closed_out' AND deadline < ?4),
                    count(*) FILTER (WHERE status = 'closed_out' AND process_optimised),
                    count(*) FILTER (WHERE status = 'closed_out' AND (time_compressed OR after_days < before_days)),
                    count(*) FILTER (WHERE status = 'closed_out' AND policy_issued),
                    coalesce(sum(max(before_steps - after_steps, 0)) FILTER (WHERE status = 'closed_out'), 0),
                    coalesce(sum(max(before_materials - after_materials, 0)) FILTER (WHERE status = 'closed_out'), 0),
                    coalesce(sum(max(before_days - after_days, 0)) FILTER (WHERE status = 'closed_out'), 0),
                    coalesce(sum(max(before_trips - after_trips, 0)) FILTER (WHERE status = 'closed_out'), 0)
             FROM tasks WHERE {in_scope} AND created_on BETWEEN ?2 AND ?3"
        );
        conn.prepare_cached(&sql)?.query_row(
            (&units_json, &from, &to, &today),
            |r| {
                f.measures = r.get(0)?;
                f.tasks_open = r.get(1)?;
                f.tasks_in_progress = r.get(2)?;
                f.tasks_done = r.get(3)?;
                f.tasks_closed_out = r.get(4)?;
                f.tasks_overdue = r.get(5)?;
                f.processes_optimised = r.get(6)?;
                f.time_compressed = r.get(7)?;
                f.policies_issued = r.get(8)?;
                f.steps_removed = r.get(9)?;
                f.materials_removed = r.get(10)?;
                f.days_cut = r.get(11)?;
                f.trips_removed = r.get(12)?;
                Ok(())
            },
        )?;
        // Ratings by their time (`rated_at` is "YYYY-MM-DD HH:MM:SS", so the day's end is ?3 + "~").
        let sql = format!(
            "SELECT count(*), count(r.problem_id), coalesce(sum({solved}) FILTER (WHERE r.problem_id IS NOT NULL), 0)
             FROM reviews r LEFT JOIN problems p ON p.id = r.problem_id
             WHERE {units} AND r.rated_at >= ?2 AND r.rated_at < ?3 || '~'",
            solved = solved_sql(),
            units = if city { "?1 IS NOT NULL" } else { "r.department_id IN (SELECT value FROM json_each(?1))" }
        );
        conn.prepare_cached(&sql)?.query_row((&units_json, &from, &to), |r| {
            f.reviews = r.get(0)?;
            f.reviews_bad = r.get(1)?;
            f.reviews_bad_solved = r.get(2)?;
            Ok(())
        })?;
        f.bad_review_fix_rate =
            (f.reviews_bad > 0).then(|| f64::from(f.reviews_bad_solved) * 100.0 / f64::from(f.reviews_bad));
        f.closure_rate = (f.measures > 0).then(|| f64::from(f.tasks_closed_out) * 100.0 / f64::from(f.measures));
        Ok(f)
    }

    /// The figures of every unit in scope, one row each (for the completion report and 统计).
    pub fn figures_by_department(&self, scope: &Scope, period: &Period) -> Result<Vec<(Department, Figures)>> {
        let (units, _) = self.scope_units(scope)?;
        let mut out = Vec::with_capacity(units.len());
        for id in units {
            let dept = self.department(&id)?;
            let figures = self.figures(&Scope::Department(id), period)?;
            out.push((dept, figures));
        }
        out.sort_by(|a, b| (a.0.level, &a.0.name).cmp(&(b.0.level, &b.0.name)));
        Ok(out)
    }

    /// Walks done per unit and month (the office's "who has walked" matrix): (unit id, "YYYY-MM", count).
    pub fn walks_by_month(&self, scope: &Scope, period: &Period) -> Result<Vec<(String, String, u32)>> {
        let (units, _) = self.scope_units(scope)?;
        let mut stmt = self.conn().prepare_cached(
            "SELECT department_id, substr(walk_date, 1, 7), count(*) FROM walks
             WHERE department_id IN (SELECT value FROM json_each(?1)) AND walk_date BETWEEN ?2 AND ?3
               AND status IN ('completed','archived')
             GROUP BY 1, 2 ORDER BY 1, 2",
        )?;
        let rows = stmt
            .query_map((serde_json::to_string(&units)?, date(&period.from), date(&period.to)), |r| {
                Ok((r.get(0)?, r.get(1)?, r.get(2)?))
            })?
            .collect::<rusqlite::Result<_>>()?;
        Ok(rows)
    }

    /// The unit ids a scope covers and how the reports name it.
    fn scope_units(&self, scope: &Scope) -> Result<(Vec<String>, String)> {
        Ok(match scope {
            Scope::City => {
                let mut stmt = self.conn().prepare_cached("SELECT id FROM departments")?;
                let ids = stmt.query_map([], |r| r.get(0))?.collect::<rusqlite::Result<_>>()?;
                (ids, "全市".to_string())
            }
            Scope::Department(id) => {
                let d = self.department(id)?;
                (vec![d.id], d.name)
            }
            Scope::District(id) => {
                let d = self.department(id)?;
                (self.department_subtree(id)?, format!("{}（含下属单位）", d.name))
            }
        })
    }
}
