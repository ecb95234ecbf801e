//! 整改节点 (milestones of a task) and the 挂图 (wall chart) of long tasks: 挂图推进.
//!
//! A milestone belongs to its task's unit (authority, replication and audit follow the task's
//! department). Nothing about a milestone changes once its task is 已销号. Marking one done
//! takes the core's today and needs 完成佐证; 撤销完成 (undo) is allowed while the task is open,
//! and is logged like every other change ("undo").

use super::id_or_new;
use crate::error::{Error, Result};
use crate::model::*;
use crate::store::{date, rows, Store, Writer};
use crate::validate::{self, Normalise};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

/// A task at least this many days from raised to deadline is a "long task" of the 挂图.
pub const LONG_TASK_DAYS: i64 = 30;

/// The status of a row on the wall chart.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum ChartStatus {
    /// 按期: open, within its deadline, no milestone past its planned date undone.
    OnSchedule,
    /// 滞后: past its deadline, or a milestone past its planned date not done.
    Behind,
    /// 已完成: done (待销号) or closed out.
    Done,
}

impl ChartStatus {
    pub fn label(self) -> &'static str {
        match self {
            ChartStatus::OnSchedule => "按期",
            ChartStatus::Behind => "滞后",
            ChartStatus::Done => "已完成",
        }
    }
}

/// Filters of the 挂图: those of the ledger, and which tasks are drawn.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[cfg_attr(feature = "ts", ts(optional_fields = nullable))]
pub struct ChartFilter {
    /// The responsible unit and its sub-units.
    #[serde(default)]
    pub department_id: Option<String>,
    #[serde(default)]
    pub owner_id: Option<String>,
    #[serde(default)]
    pub status: Option<TaskStatus>,
    /// Only rows of this chart status (按期 / 滞后 / 已完成).
    #[serde(default)]
    pub chart_status: Option<ChartStatus>,
    /// Only tasks past their deadline and not closed out.
    #[serde(default)]
    #[cfg_attr(feature = "ts", ts(as = "Option<bool>", optional))]
    pub overdue: bool,
    /// Tasks raised in this period.
    #[serde(default)]
    pub from: Option<Date>,
    #[serde(default)]
    pub to: Option<Date>,
    /// Every task, not only the long ones (span ≥ 30 days or with milestones).
    #[serde(default)]
    #[cfg_attr(feature = "ts", ts(as = "Option<bool>", optional))]
    pub all: bool,
    #[serde(default)]
    #[cfg_attr(feature = "ts", ts(as = "Option<u32>", optional))]
    pub offset: u32,
    /// Page size; 0 = all.
    #[serde(default)]
    #[cfg_attr(feature = "ts", ts(as = "Option<u32>", optional))]
    pub limit: u32,
}

/// One row of the wall chart: a task, its span and its milestones.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ChartRow {
    pub task_id: String,
    pub measure: String,
    pub department_name: String,
    pub owner_name: String,
    pub task_status: TaskStatus,
    #[cfg_attr(feature = "ts", ts(as = "Date"))]
    pub created_on: Date,
    #[cfg_attr(feature = "ts", ts(as = "Date"))]
    pub deadline: Date,
    #[cfg_attr(feature = "ts", ts(as = "Option<Date>"))]
    pub done_on: Option<Date>,
    #[cfg_attr(feature = "ts", ts(as = "Option<Date>"))]
    pub closed_out_on: Option<Date>,
    pub overdue: bool,
    pub status: ChartStatus,
    pub milestones: Vec<Milestone>,
}

/// The 挂图: the three figures over every row the filter keeps, one page of rows, and the
/// time span of all of them (so every page shares one axis).
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ChartData {
    #[cfg_attr(feature = "ts", ts(as = "Date"))]
    pub today: Date,
    pub total: u32,
    pub on_schedule: u32,
    pub behind: u32,
    pub done: u32,
    /// The first and last date any row (or today) reaches.
    #[cfg_attr(feature = "ts", ts(as = "Date"))]
    pub start: Date,
    #[cfg_attr(feature = "ts", ts(as = "Date"))]
    pub end: Date,
    pub rows: Vec<ChartRow>,
}

/// A milestone as typed: name and planned date (its task given beside it).
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct MilestoneInput {
    #[serde(default)]
    pub id: String,
    pub name: String,
    #[cfg_attr(feature = "ts", ts(as = "Date"))]
    pub planned_on: Date,
}

/// The chart status of a row, from its task and milestones as of `today`.
pub fn chart_status(task_status: TaskStatus, deadline: Date, milestones: &[Milestone], today: Date) -> ChartStatus {
    if matches!(task_status, TaskStatus::Done | TaskStatus::ClosedOut) {
        return ChartStatus::Done;
    }
    if deadline < today || milestones.iter().any(|m| m.done_on.is_none() && m.planned_on < today) {
        return ChartStatus::Behind;
    }
    ChartStatus::OnSchedule
}

impl Store {
    /// 添加节点.
    pub fn add_milestone(&mut self, task_id: &str, input: MilestoneInput) -> Result<Milestone> {
        let task = self.task(task_id)?;
        open_task(&task)?;
        let mut m = Milestone {
            id: id_or_new(&input.id),
            task_id: task.id.clone(),
            name: input.name,
            planned_on: input.planned_on,
            done_on: None,
            evidence: String::new(),
        };
        m.normalise();
        if crate::ops::writes::read_milestone(self.conn(), &m.id)?.is_some() {
            return Err(Error::invalid("id", "该整改节点已存在。"));
        }
        self.put_logged(&m, "add")?;
        Ok(m)
    }

    /// 修改节点: its name and planned date (done date and evidence only by done/undo).
    pub fn update_milestone(&mut self, id: &str, name: &str, planned_on: Date) -> Result<Milestone> {
        let mut m = self.milestone(id)?;
        open_task(&self.task(&m.task_id)?)?;
        m.name = name.to_string();
        m.planned_on = planned_on;
        m.normalise();
        if self.milestone(id)? == m {
            return Ok(m);
        }
        self.put_logged(&m, "update")?;
        Ok(m)
    }

    /// 标记节点完成: done today (the core's), with its 完成佐证.
    pub fn mark_milestone_done(&mut self, id: &str, evidence: &str) -> Result<Milestone> {
        let mut m = self.milestone(id)?;
        open_task(&self.task(&m.task_id)?)?;
        if m.done_on.is_some() {
            return Err(Error::transition("该节点已标记完成。"));
        }
        if evidence.trim().is_empty() {
            return Err(Error::invalid("evidence", "标记节点完成需要填写完成佐证。"));
        }
        m.done_on = Some(self.today());
        m.evidence = evidence.to_string();
        m.normalise();
        self.put_logged(&m, "done")?;
        Ok(m)
    }

    /// 撤销完成: back to planned; the evidence text stays (the log keeps the done version).
    pub fn undo_milestone(&mut self, id: &str) -> Result<Milestone> {
        let mut m = self.milestone(id)?;
        open_task(&self.task(&m.task_id)?)?;
        if m.done_on.is_none() {
            return Err(Error::transition("该节点尚未完成，无需撤销。"));
        }
        m.done_on = None;
        self.put_logged(&m, "undo")?;
        Ok(m)
    }

    /// 删除节点.
    pub fn delete_milestone(&mut self, id: &str) -> Result<()> {
        let m = self.milestone(id)?;
        open_task(&self.task(&m.task_id)?)?;
        self.write(|w| {
            w.tx.execute("DELETE FROM milestones WHERE id = ?1", [id])?;
            w.log("milestone", id, "delete", &m)?;
            Ok(())
        })
    }

    pub fn milestone(&self, id: &str) -> Result<Milestone> {
        crate::ops::writes::read_milestone(self.conn(), id)?.ok_or_else(|| Error::not_found("milestone", id))
    }

    /// A task's milestones by planned date.
    pub fn milestones(&self, task_id: &str) -> Result<Vec<Milestone>> {
        let sql = format!("SELECT {} FROM milestones WHERE task_id = ?1 ORDER BY planned_on, id", rows::MILESTONE_COLS);
        let mut stmt = self.conn().prepare_cached(&sql)?;
        let list = stmt.query_map([task_id], rows::milestone)?.collect::<rusqlite::Result<_>>()?;
        Ok(list)
    }

    fn put_logged(&mut self, m: &Milestone, action: &str) -> Result<()> {
        self.write(|w| {
            validate::milestone(&w.tx, m, w.now.date_naive())?;
            put_milestone(w, m)?;
            w.log("milestone", &m.id, action, m)?;
            Ok(())
        })
    }

    /// The rows of the 挂图: two queries (the tasks, then all their milestones), whatever the
    /// number of rows.
    pub fn chart(&self, filter: &ChartFilter) -> Result<ChartData> {
        let today = self.today();
        let selection = super::tasks::TaskSelection {
            department_id: filter.department_id.as_deref(),
            owner_id: filter.owner_id.as_deref(),
            status: filter.status,
            overdue: filter.overdue,
            due_within_days: None,
            from: filter.from,
            to: filter.to,
            text: None,
        };
        let chosen = super::tasks::TaskWhere::new(self, &selection)?;
        let (where_sql, params) = (&chosen.sql, chosen.params());
        let sql = format!(
            "SELECT t.id, t.measure, d.name, p.name, t.status, t.created_on, t.deadline, t.done_on, t.closed_out_on
             FROM tasks t JOIN departments d ON d.id = t.department_id JOIN people p ON p.id = t.owner_id
             {where_sql} ORDER BY t.deadline, t.id"
        );
        let mut stmt = self.conn().prepare_cached(&sql)?;
        let mut rows_all: Vec<ChartRow> = stmt
            .query_map(params.as_slice(), |r| {
                let opt = |i: usize| -> rusqlite::Result<Option<Date>> {
                    r.get::<_, Option<String>>(i)?.map(|s| crate::store::parse_date(&s)).transpose()
                };
                Ok(ChartRow {
                    task_id: r.get(0)?,
                    measure: r.get(1)?,
                    department_name: r.get(2)?,
                    owner_name: r.get(3)?,
                    task_status: r.get(4)?,
                    created_on: crate::store::parse_date(&r.get::<_, String>(5)?)?,
                    deadline: crate::store::parse_date(&r.get::<_, String>(6)?)?,
                    done_on: opt(7)?,
                    closed_out_on: opt(8)?,
                    overdue: false,
                    status: ChartStatus::OnSchedule,
                    milestones: Vec::new(),
                })
            })?
            .collect::<rusqlite::Result<_>>()?;
        let cols: Vec<String> = rows::MILESTONE_COLS.split(", ").map(|c| format!("m.{c}")).collect();
        let msql = format!(
            "SELECT {} FROM milestones m WHERE m.task_id IN (SELECT t.id FROM tasks t {where_sql}) ORDER BY m.task_id, m.planned_on, m.id",
            cols.join(", ")
        );
        let mut by_task: HashMap<String, Vec<Milestone>> = HashMap::new();
        let mut stmt = self.conn().prepare_cached(&msql)?;
        for m in stmt.query_map(params.as_slice(), rows::milestone)? {
            let m = m?;
            by_task.entry(m.task_id.clone()).or_default().push(m);
        }
        for row in &mut rows_all {
            row.milestones = by_task.remove(&row.task_id).unwrap_or_default();
            row.overdue = row.task_status != TaskStatus::ClosedOut && row.deadline < today;
            row.status = chart_status(row.task_status, row.deadline, &row.milestones, today);
        }
        rows_all.retain(|r| {
            (filter.all || (r.deadline - r.created_on).num_days() >= LONG_TASK_DAYS || !r.milestones.is_empty())
                && filter.chart_status.is_none_or(|s| s == r.status)
        });
        let count = |s: ChartStatus| rows_all.iter().filter(|r| r.status == s).count() as u32;
        let (on_schedule, behind, done) = (count(ChartStatus::OnSchedule), count(ChartStatus::Behind), count(ChartStatus::Done));
        let mut start = today;
        let mut end = today;
        for r in &rows_all {
            start = start.min(r.created_on);
            end = end.max(r.deadline);
            for d in r.milestones.iter().flat_map(|m| [Some(m.planned_on), m.done_on]).flatten().chain(r.done_on).chain(r.closed_out_on) {
                start = start.min(d);
                end = end.max(d);
            }
        }
        let total = rows_all.len() as u32;
        let offset = (filter.offset as usize).min(rows_all.len());
        let mut rows_page: Vec<ChartRow> = rows_all.split_off(offset);
        if filter.limit > 0 {
            rows_page.truncate(filter.limit as usize);
        }
        Ok(ChartData { today, total, on_schedule, behind, done, start, end, rows: rows_page })
    }
}

fn open_task(task: &Task) -> Result<()> {
    if task.status == TaskStatus::ClosedOut {
        return Err(Error::transition("该任务已销号，不能再改动整改节点。"));
    }
    Ok(())
}

pub(crate) fn put_milestone(w: &mut Writer<'_>, m: &Milestone) -> Result<()> {
    w.tx.prepare_cached(
        "INSERT INTO milestones(id, task_id, name, planned_on, done_on, evidence) VALUES (?1, ?2, ?3, ?4, ?5, ?6)
         ON CONFLICT(id) DO UPDATE SET name = excluded.name, planned_on = excluded.planned_on,
             done_on = excluded.done_on, evidence = excluded.evidence",
    )?
    .execute(rusqlite::params![m.id, m.task_id, m.name.trim(), date(&m.planned_on), m.done_on.as_ref().map(date), m.evidence])?;
    Ok(())
}
