//! Problems (难点堵点): record during a walk, fix on the spot (简单个性) or send to the ledger
//! (复杂共性), and list with filters.

use super::id_or_new;
use crate::error::{Error, Result};
use crate::model::*;
use crate::rules;
use crate::store::{date, rows, Store, Writer};
use crate::validate::{self, Normalise};
use rusqlite::OptionalExtension;
use serde::{Deserialize, Serialize};

/// Filters of the 问题清单.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
// Arguments: what serde fills in by default may be left out.
#[cfg_attr(feature = "ts", ts(optional_fields = nullable))]
pub struct ProblemFilter {
    /// The problem's unit and its sub-units.
    #[serde(default)]
    pub department_id: Option<String>,
    #[serde(default)]
    pub walk_id: Option<String>,
    #[serde(default)]
    pub category: Option<ProblemCategory>,
    #[serde(default)]
    pub nature: Option<Nature>,
    /// true = solved only, false = unsolved only.
    #[serde(default)]
    pub solved: Option<bool>,
    #[serde(default)]
    pub from: Option<Date>,
    #[serde(default)]
    pub to: Option<Date>,
    #[serde(default)]
    pub limit: Option<u32>,
    /// 体验 or 好差评.
    #[serde(default)]
    pub source: Option<ProblemSource>,
    /// Words in the problem's description or on-the-spot action (the full-text index).
    #[serde(default)]
    pub text: Option<String>,
}

/// A problem with what the list shows beside it.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ProblemRow {
    pub problem: Problem,
    /// None for a 差评 (the list shows its 工单号).
    pub walk_title: Option<String>,
    pub department_id: String,
    pub department_name: String,
    /// 已解决: fixed on the spot, or every task raised for it closed out.
    pub solved: bool,
    pub task_ids: Vec<String>,
}

/// SQL truth of "solved", shared with the figures: fixed on the spot, or 复杂共性 with tasks that
/// are all closed out. The tally (migration 0013) answers the second part in one lookup, since
/// the figures evaluate it for every problem of a period.
pub(crate) const SOLVED_SQL: &str = "(p.resolved_on IS NOT NULL OR (p.nature = 'systemic'
    AND coalesce((SELECT c.tasks > 0 AND c.unclosed = 0 FROM problem_task_tally c WHERE c.problem_id = p.id), 0)))";

/// Recounts the whole tally from the tables, for a database whose tally cannot be trusted (a
/// restored backup: the tally is derived, so a file edited outside walklog could carry any).
pub(crate) const TALLY_REBUILD_SQL: &str = "DELETE FROM problem_task_tally;
    INSERT INTO problem_task_tally (problem_id, tasks, unclosed)
    SELECT tp.problem_id, count(*), count(*) FILTER (WHERE t.status <> 'closed_out')
    FROM task_problems tp JOIN tasks t ON t.id = tp.task_id GROUP BY tp.problem_id;";

impl Store {
    /// 记问题: records a problem found in a walk (optionally at one of its steps).
    pub fn record_problem(&mut self, mut problem: Problem) -> Result<Problem> {
        let Some(walk_id) = problem.walk_id.clone().filter(|id| !id.trim().is_empty()) else {
            return Err(Error::invalid("walk_id", "问题须记在一次体验中；好差评的差评请从“导入”导入。"));
        };
        let walk = self.walk(&walk_id)?;
        self.ensure_editable(&walk)?;
        problem.id = id_or_new(&problem.id);
        if self.find_problem(&problem.id)?.is_some() {
            return Err(Error::invalid("id", "该问题已存在。"));
        }
        problem.found_on = walk.walk_date();
        problem.department_id = walk.department_id.clone();
        problem.source = ProblemSource::Walk;
        problem.work_order_no = None;
        problem.normalise();
        if problem.nature == Nature::Simple && problem.on_spot_action.is_some() {
            problem.resolved_on.get_or_insert(self.today());
        } else {
            problem.resolved_on = None;
        }
        self.write(|w| {
            validate::problem(&w.tx, &problem)?;
            put_problem(w, &problem)?;
            w.log("problem", &problem.id, "record", &problem)?;
            Ok(())
        })?;
        Ok(problem)
    }

    /// Edits a problem's text and tags. A problem with tasks stays 复杂共性.
    pub fn update_problem(&mut self, mut problem: Problem) -> Result<Problem> {
        let old = self.problem(&problem.id)?;
        self.ensure_problem_editable(&old)?;
        if problem.walk_id != old.walk_id {
            return Err(Error::invalid("walk_id", "问题不能移到另一次体验。"));
        }
        // Where it came from is not the user's to change.
        problem.department_id = old.department_id.clone();
        problem.source = old.source;
        problem.work_order_no = old.work_order_no.clone();
        if problem.nature == Nature::Simple && !self.problem_task_ids(&problem.id)?.is_empty() {
            return Err(Error::invalid("nature", "该问题已生成整改任务，不能改为简单个性问题。"));
        }
        problem.found_on = old.found_on;
        problem.normalise();
        if problem.nature == Nature::Systemic {
            problem.resolved_on = None;
        }
        self.write(|w| {
            validate::problem(&w.tx, &problem)?;
            put_problem(w, &problem)?;
            w.log("problem", &problem.id, "update", &problem)?;
            Ok(())
        })?;
        Ok(problem)
    }

    /// 立行立改: records what was done on the spot and closes a 简单个性 problem today.
    pub fn resolve_on_spot(&mut self, problem_id: &str, action: &str) -> Result<Problem> {
        rules::check_text("on_spot_action", action, rules::NOTE_MAX, false)?;
        let mut problem = self.problem(problem_id)?;
        self.ensure_problem_editable(&problem)?;
        if problem.nature != Nature::Simple {
            return Err(Error::transition("复杂共性问题须生成整改任务并销号，不能当场销结。"));
        }
        problem.on_spot_action = Some(action.trim().to_string());
        problem.resolved_on = Some(self.today());
        self.write(|w| {
            validate::problem(&w.tx, &problem)?;
            put_problem(w, &problem)?;
            w.log("problem", &problem.id, "resolve", &problem)?;
            Ok(())
        })?;
        Ok(problem)
    }

    /// A walk's problem is editable while its walk is; a 差评 has no walk to seal it.
    pub(crate) fn ensure_problem_editable(&self, problem: &Problem) -> Result<()> {
        match &problem.walk_id {
            Some(walk_id) => self.ensure_editable(&self.walk(walk_id)?),
            None => Ok(()),
        }
    }

    pub fn problem(&self, id: &str) -> Result<Problem> {
        self.find_problem(id)?.ok_or_else(|| Error::not_found("problem", id))
    }

    fn find_problem(&self, id: &str) -> Result<Option<Problem>> {
        let sql = format!("SELECT {} FROM problems WHERE id = ?1", rows::PROBLEM_COLS);
        Ok(self.conn().query_row(&sql, [id], rows::problem).optional()?)
    }

    /// The problems of one walk, in the order they were found.
    pub fn walk_problems(&self, walk_id: &str) -> Result<Vec<Problem>> {
        let sql = format!("SELECT {} FROM problems WHERE walk_id = ?1 ORDER BY n", rows::PROBLEM_COLS);
        let mut stmt = self.conn().prepare_cached(&sql)?;
        let list = stmt.query_map([walk_id], rows::problem)?.collect::<rusqlite::Result<_>>()?;
        Ok(list)
    }

    pub(crate) fn problem_task_ids(&self, problem_id: &str) -> Result<Vec<String>> {
        let mut stmt = self.conn().prepare_cached("SELECT task_id FROM task_problems WHERE problem_id = ?1 ORDER BY task_id")?;
        let ids = stmt.query_map([problem_id], |r| r.get(0))?.collect::<rusqlite::Result<_>>()?;
        Ok(ids)
    }

    /// The 问题清单: problems matching the filter, newest first.
    pub fn problems(&self, filter: &ProblemFilter) -> Result<Vec<ProblemRow>> {
        let departments = self.subtree_filter(filter.department_id.as_deref())?;
        let text = match &filter.text {
            Some(t) => crate::search::match_text("text", t)?,
            None => None,
        };
        let cols: Vec<String> = rows::PROBLEM_COLS.split(", ").map(|c| format!("p.{c}")).collect();
        let sql = format!(
            "SELECT {}, w.title, p.department_id, d.name, {SOLVED_SQL}
             FROM problems p LEFT JOIN walks w ON w.id = p.walk_id JOIN departments d ON d.id = p.department_id
             WHERE (?1 IS NULL OR p.department_id IN (SELECT value FROM json_each(?1)))
               AND (?2 IS NULL OR p.walk_id = ?2) AND (?3 IS NULL OR p.category = ?3) AND (?4 IS NULL OR p.nature = ?4)
               AND (?5 IS NULL OR {SOLVED_SQL} = ?5)
               AND (?6 IS NULL OR p.found_on >= ?6) AND (?7 IS NULL OR p.found_on <= ?7)
               AND (?9 IS NULL OR p.source = ?9)
               AND (?10 IS NULL OR p.n IN (SELECT rowid FROM problems_fts WHERE problems_fts MATCH ?10))
             ORDER BY p.found_on DESC, p.n DESC LIMIT ?8",
            cols.join(", ")
        );
        let mut stmt = self.conn().prepare(&sql)?;
        let list: Vec<ProblemRow> = stmt
            .query_map(
                rusqlite::params![
                    departments,
                    filter.walk_id,
                    filter.category,
                    filter.nature,
                    filter.solved,
                    filter.from.as_ref().map(date),
                    filter.to.as_ref().map(date),
                    filter.limit.map(i64::from).unwrap_or(-1),
                    filter.source,
                    text
                ],
                |r| {
                    Ok(ProblemRow {
                        problem: rows::problem(r)?,
                        walk_title: r.get(14)?,
                        department_id: r.get(15)?,
                        department_name: r.get(16)?,
                        solved: r.get(17)?,
                        task_ids: Vec::new(),
                    })
                },
            )?
            .collect::<rusqlite::Result<_>>()?;
        let mut list = list;
        for row in &mut list {
            row.task_ids = self.problem_task_ids(&row.problem.id)?;
        }
        Ok(list)
    }
}

/// A change-log line written before problems had their own unit carries none: the walk's is
/// taken (validation accepts the blank only for a walk's problem).
pub(crate) fn put_problem(w: &mut Writer<'_>, p: &Problem) -> Result<()> {
    w.tx.prepare_cached(
        "INSERT INTO problems(id, walk_id, step_id, category, standards, severity, nature, description, on_spot_action,
             resolved_on, found_on, department_id, source, work_order_no)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11,
                 coalesce(nullif(?12, ''), (SELECT department_id FROM walks WHERE id = ?2)), ?13, ?14)
         ON CONFLICT(id) DO UPDATE SET step_id = excluded.step_id, category = excluded.category,
             standards = excluded.standards, severity = excluded.severity, nature = excluded.nature,
             description = excluded.description, on_spot_action = excluded.on_spot_action,
             resolved_on = excluded.resolved_on, found_on = excluded.found_on")?
    .execute(rusqlite::params![
            p.id,
            p.walk_id,
            p.step_id,
            p.category,
            serde_json::to_string(&p.standards)?,
            p.severity,
            p.nature,
            p.description,
            p.on_spot_action,
            p.resolved_on.as_ref().map(date),
            date(&p.found_on),
            p.department_id,
            p.source,
            p.work_order_no
        ])?;
    Ok(())
}
