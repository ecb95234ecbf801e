//! 督办: the office escalates an overdue or stalled task with what it requires by a new date.
//! Only the office's install may write one (sync::authority); the task keeps its own 整改时限,
//! and its 督办 history is the list of these, newest last.

use super::id_or_new;
use crate::error::{Error, Result};
use crate::model::*;
use crate::store::{date, rows, ts, Store, Writer};
use crate::validate::{self, Normalise};
use rusqlite::OptionalExtension;
use serde::{Deserialize, Serialize};

/// A task is stalled (无进展) when nothing was recorded on it for this many days.
pub const STALLED_DAYS: u64 = 30;

/// The office's figures of 督办 in scope.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct SupervisionFigures {
    /// Tasks with a 督办 not yet closed out (督办中).
    pub open: u32,
    /// Tasks ever under 督办.
    pub total: u32,
    /// Of those, done (已完成 or 已销号) by their latest 督办时限 (按期办结).
    pub resolved_on_time: u32,
    /// Done after the latest 督办时限.
    pub resolved_late: u32,
}

/// A task under 督办 as the 工作台 lists it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct SupervisedTask {
    pub task_id: String,
    pub measure: String,
    pub department_name: String,
    pub status: TaskStatus,
    /// The latest 督办时限.
    #[cfg_attr(feature = "ts", ts(as = "Date"))]
    pub required_by: Date,
    /// How many times it was escalated.
    pub times: u32,
}

/// The SQL of "task t is under 督办 now": a 督办 and not closed out.
pub const SUPERVISED_SQL: &str = "EXISTS (SELECT 1 FROM supervisions s WHERE s.task_id = t.id) AND t.status <> 'closed_out'";

impl Store {
    /// 督办: the office (`office_person_id`) escalates a task that is overdue or stalled, with
    /// what it requires (`note`) by `required_by`.
    pub fn supervise_task(&mut self, task_id: &str, office_person_id: &str, note: &str, required_by: Date) -> Result<Supervision> {
        self.supervise_task_with_id("", task_id, office_person_id, note, required_by)
    }

    /// Like `supervise_task`, with the 督办's id given (blank = new): generated data stays
    /// deterministic.
    pub fn supervise_task_with_id(&mut self, id: &str, task_id: &str, office_person_id: &str, note: &str, required_by: Date) -> Result<Supervision> {
        let task = self.task(task_id)?;
        match task.status {
            TaskStatus::ClosedOut => return Err(Error::transition("该任务已销号，不需要督办。")),
            TaskStatus::Done => return Err(Error::transition("该任务已完成待销号，请审核销号或退回，不需要督办。")),
            TaskStatus::Open | TaskStatus::InProgress => {}
        }
        let today = self.today();
        if !task.is_overdue(today) && !self.is_stalled(&task, today)? {
            return Err(Error::transition(format!(
                "该任务未逾期，且近 {STALLED_DAYS} 天内有进展，不属于督办范围。"
            )));
        }
        let mut s = Supervision {
            id: id_or_new(id),
            task_id: task.id.clone(),
            note: note.to_string(),
            required_by,
            by: office_person_id.to_string(),
            at: self.now(),
        };
        s.normalise();
        self.write(|w| {
            s.at = w.now;
            validate::supervision(&w.tx, &s)?;
            put_supervision(w, &s)?;
            w.log("supervision", &s.id, "supervise", &s)?;
            Ok(())
        })?;
        Ok(s)
    }

    /// A task's 督办 history, oldest first.
    pub fn supervisions(&self, task_id: &str) -> Result<Vec<Supervision>> {
        let sql = format!("SELECT {} FROM supervisions WHERE task_id = ?1 ORDER BY at, id", rows::SUPERVISION_COLS);
        let list = self.conn().prepare_cached(&sql)?.query_map([task_id], rows::supervision)?.collect::<rusqlite::Result<_>>()?;
        Ok(list)
    }

    /// The latest 督办 of a task, if any.
    pub fn latest_supervision(&self, task_id: &str) -> Result<Option<Supervision>> {
        let sql = format!("SELECT {} FROM supervisions WHERE task_id = ?1 ORDER BY at DESC, id DESC LIMIT 1", rows::SUPERVISION_COLS);
        Ok(self.conn().prepare_cached(&sql)?.query_row([task_id], rows::supervision).optional()?)
    }

    /// 无进展: raised more than `STALLED_DAYS` ago and nothing recorded on it since then.
    pub fn is_stalled(&self, task: &Task, today: Date) -> Result<bool> {
        let since = today - chrono::Days::new(STALLED_DAYS);
        if task.created_on > since {
            return Ok(false);
        }
        let recent: Option<i64> = self
            .conn()
            .prepare_cached("SELECT 1 FROM progress_notes WHERE task_id = ?1 AND noted_on > ?2 LIMIT 1")?
            .query_row((&task.id, date(&since)), |r| r.get(0))
            .optional()?;
        Ok(recent.is_none())
    }

    /// 督办 figures of the tasks of a unit and its sub-units (all when None).
    pub fn supervision_figures(&self, department_id: Option<&str>) -> Result<SupervisionFigures> {
        let units = self.subtree_filter(department_id)?;
        // The latest 督办时限 of each supervised task against the day it was done.
        let sql = format!(
            "WITH last AS (SELECT s.task_id, max(s.required_by) AS required_by FROM supervisions s GROUP BY s.task_id)
             SELECT count(*),
                    ifnull(sum({SUPERVISED_SQL}), 0),
                    ifnull(sum(t.done_on IS NOT NULL AND t.done_on <= last.required_by), 0),
                    ifnull(sum(t.done_on IS NOT NULL AND t.done_on > last.required_by), 0)
             FROM last JOIN tasks t ON t.id = last.task_id
             WHERE (?1 IS NULL OR t.department_id IN (SELECT value FROM json_each(?1)))"
        );
        Ok(self.conn().prepare_cached(&sql)?.query_row([&units], |r| {
            Ok(SupervisionFigures { total: r.get(0)?, open: r.get(1)?, resolved_on_time: r.get(2)?, resolved_late: r.get(3)? })
        })?)
    }

    /// Tasks under 督办 now, of a unit and its sub-units, the nearest 督办时限 first (the
    /// 工作台 lists them first).
    pub fn supervised_tasks(&self, department_id: Option<&str>) -> Result<Vec<SupervisedTask>> {
        let units = self.subtree_filter(department_id)?;
        let sql = format!(
            "SELECT t.id, t.measure, d.name, t.status, s.required_by, s.times FROM tasks t
                 JOIN departments d ON d.id = t.department_id
                 JOIN (SELECT task_id, max(required_by) AS required_by, count(*) AS times FROM supervisions GROUP BY task_id) s
                     ON s.task_id = t.id
             WHERE {SUPERVISED_SQL} AND (?1 IS NULL OR t.department_id IN (SELECT value FROM json_each(?1)))
             ORDER BY s.required_by, t.id"
        );
        let mut stmt = self.conn().prepare_cached(&sql)?;
        let list = stmt
            .query_map([&units], |r| {
                Ok(SupervisedTask {
                    task_id: r.get(0)?,
                    measure: r.get(1)?,
                    department_name: r.get(2)?,
                    status: r.get(3)?,
                    required_by: crate::store::parse_date(&r.get::<_, String>(4)?)?,
                    times: r.get(5)?,
                })
            })?
            .collect::<rusqlite::Result<_>>()?;
        Ok(list)
    }
}

pub(crate) fn read_supervision(conn: &rusqlite::Connection, id: &str) -> Result<Option<Supervision>> {
    let sql = format!("SELECT {} FROM supervisions WHERE id = ?1", rows::SUPERVISION_COLS);
    Ok(conn.prepare_cached(&sql)?.query_row([id], rows::supervision).optional()?)
}

pub(crate) fn put_supervision(w: &mut Writer<'_>, s: &Supervision) -> Result<()> {
    w.tx.prepare_cached(
        "INSERT INTO supervisions(id, task_id, note, required_by, by_person, at) VALUES (?1, ?2, ?3, ?4, ?5, ?6)
         ON CONFLICT(id) DO UPDATE SET task_id = excluded.task_id, note = excluded.note, required_by = excluded.required_by,
             by_person = excluded.by_person, at = excluded.at",
    )?
    .execute(rusqlite::params![s.id, s.task_id, s.note, date(&s.required_by), s.by, ts(&s.at)])?;
    Ok(())
}
