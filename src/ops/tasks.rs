//! Rectification tasks (整改任务) and the ledger (整改台账): raise, progress, done with evidence,
//! close out (销号) or send back (退回) by the party-building office.

use super::id_or_new;
use crate::error::{Error, Result};
use crate::model::*;
use crate::rules;
use crate::store::{date, rows, ts, Store, Writer};
use crate::validate::{self, Normalise};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum LedgerSort {
    #[default]
    DeadlineAsc,
    DeadlineDesc,
    CreatedDesc,
}

/// Filters of the 整改台账.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
// Arguments: what serde fills in by default may be left out.
#[cfg_attr(feature = "ts", ts(optional_fields = nullable))]
pub struct LedgerFilter {
    /// The responsible unit and its sub-units.
    #[serde(default)]
    pub department_id: Option<String>,
    #[serde(default)]
    pub owner_id: Option<String>,
    #[serde(default)]
    pub status: Option<TaskStatus>,
    /// Only tasks past their deadline and not closed out.
    #[serde(default)]
    #[cfg_attr(feature = "ts", ts(as = "Option<bool>", optional))]
    pub overdue: bool,
    /// Only open tasks due within this many days from today (inclusive).
    #[serde(default)]
    pub due_within_days: Option<u32>,
    /// Tasks raised in this period.
    #[serde(default)]
    pub from: Option<Date>,
    #[serde(default)]
    pub to: Option<Date>,
    #[serde(default)]
    #[cfg_attr(feature = "ts", ts(as = "Option<LedgerSort>", optional))]
    pub sort: LedgerSort,
    #[serde(default)]
    #[cfg_attr(feature = "ts", ts(as = "Option<u32>", optional))]
    pub offset: u32,
    /// Page size; 0 = all.
    #[serde(default)]
    #[cfg_attr(feature = "ts", ts(as = "Option<u32>", optional))]
    pub limit: u32,
    /// Words in the task's measure, its progress notes or the problems it addresses.
    #[serde(default)]
    pub text: Option<String>,
}

/// One row of the ledger as people read it.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct LedgerRow {
    pub task: Task,
    pub department_name: String,
    pub owner_name: String,
    /// 问题描述 of the problems the task addresses, joined.
    pub problems: String,
    pub categories: Vec<ProblemCategory>,
    /// The latest progress note (进展情况).
    pub latest_note: Option<String>,
    pub overdue: bool,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct LedgerPage {
    pub total: u64,
    pub rows: Vec<LedgerRow>,
    /// The core's today, which `overdue` was computed for: the screen counts days from it.
    pub today: Date,
}

impl Store {
    /// 生成整改任务: a task for one or more 复杂共性 problems.
    pub fn raise_task(&mut self, mut task: Task) -> Result<Task> {
        task.id = id_or_new(&task.id);
        task.status = TaskStatus::Open;
        task.done_on = None;
        task.closed_out_on = None;
        task.closed_out_by = None;
        task.sent_back_reason = None;
        task.sent_back_by = None;
        task.sent_back_at = None;
        task.created_on = self.today();
        task.normalise();
        if self.find_task(&task.id)?.is_some() {
            return Err(Error::invalid("id", "该整改任务已存在。"));
        }
        self.write(|w| {
            validate::task(&w.tx, &task)?;
            put_task(w, &task)?;
            w.log("task", &task.id, "raise", &task)?;
            Ok(())
        })?;
        Ok(task)
    }

    /// Edits measure, unit, owner, deadline, matter figures and outcomes; never its status or
    /// the record of its transitions.
    pub fn update_task(&mut self, mut task: Task) -> Result<Task> {
        let old = self.task(&task.id)?;
        if old.status == TaskStatus::ClosedOut {
            return Err(Error::transition("该任务已销号，不能再修改。"));
        }
        task.status = old.status;
        task.done_on = old.done_on;
        task.closed_out_on = old.closed_out_on;
        task.closed_out_by = old.closed_out_by.clone();
        task.sent_back_reason = old.sent_back_reason.clone();
        task.sent_back_by = old.sent_back_by.clone();
        task.sent_back_at = old.sent_back_at;
        task.created_on = old.created_on;
        if task.problem_ids.is_empty() {
            task.problem_ids = old.problem_ids.clone();
        }
        task.normalise();
        if task == old {
            return Ok(task);
        }
        self.write(|w| {
            validate::task(&w.tx, &task)?;
            put_task(w, &task)?;
            w.log("task", &task.id, "update", &task)?;
            Ok(())
        })?;
        Ok(task)
    }

    /// 开始整改: 待整改 → 整改中. A done task goes back only by the office's 退回.
    pub fn start_task(&mut self, task_id: &str) -> Result<Task> {
        self.move_task(task_id, TaskStatus::InProgress, "start", |_, _| Ok(()))
    }

    /// 添加进展: a dated progress note (today unless given).
    pub fn add_note(&mut self, task_id: &str, text: &str, noted_on: Option<Date>) -> Result<ProgressNote> {
        self.add_note_with_id("", task_id, text, noted_on)
    }

    /// Like `add_note`, with the note's id given (blank = new): generated data stays
    /// deterministic and a note can be re-sent without being doubled.
    pub fn add_note_with_id(&mut self, id: &str, task_id: &str, text: &str, noted_on: Option<Date>) -> Result<ProgressNote> {
        let task = self.task(task_id)?;
        if task.status == TaskStatus::ClosedOut {
            return Err(Error::transition("该任务已销号，不能再添加进展。"));
        }
        let mut note = ProgressNote {
            id: id_or_new(id),
            task_id: task_id.to_string(),
            noted_on: noted_on.unwrap_or(self.today()),
            text: text.to_string(),
            author: self.actor().to_string(),
            recorded_at: None,
        };
        note.normalise();
        self.write(|w| {
            note.recorded_at = Some(w.now);
            validate::note(&w.tx, &note, w.now.date_naive())?;
            put_note(w, &note)?;
            w.log("note", &note.id, "add", &note)?;
            Ok(())
        })?;
        Ok(note)
    }

    pub fn notes(&self, task_id: &str) -> Result<Vec<ProgressNote>> {
        let sql = format!("SELECT {} FROM progress_notes WHERE task_id = ?1 ORDER BY noted_on, id", rows::NOTE_COLS);
        let mut stmt = self.conn().prepare_cached(&sql)?;
        let list = stmt.query_map([task_id], rows::note)?.collect::<rusqlite::Result<_>>()?;
        Ok(list)
    }

    /// 标记完成: needs evidence — a progress note or an attachment on the task, and after a
    /// 退回 one recorded since (checked by `validate::task` on the new state).
    pub fn mark_task_done(&mut self, task_id: &str) -> Result<Task> {
        self.move_task(task_id, TaskStatus::Done, "done", |task, now| {
            task.done_on = Some(now.date_naive());
            Ok(())
        })
    }

    /// 销号: the party-building office verifies a done task and closes it out.
    pub fn close_out_task(&mut self, task_id: &str, office_person_id: &str) -> Result<Task> {
        self.move_task(task_id, TaskStatus::ClosedOut, "close_out", |task, now| {
            task.closed_out_on = Some(now.date_naive());
            task.closed_out_by = Some(office_person_id.trim().to_string());
            Ok(())
        })
    }

    /// 退回: the office sends a done task back to 整改中, with its reason. The only way back
    /// from 已完成待销号.
    pub fn send_back_task(&mut self, task_id: &str, office_person_id: &str, reason: &str) -> Result<Task> {
        let task = self.task(task_id)?;
        if task.status != TaskStatus::Done {
            return Err(Error::transition("只有已完成待销号的任务才能退回。"));
        }
        self.write(|w| {
            let mut task = task;
            task.status = TaskStatus::InProgress;
            task.done_on = None;
            task.sent_back_reason = Some(reason.trim().to_string());
            task.sent_back_by = Some(office_person_id.trim().to_string());
            task.sent_back_at = Some(w.now);
            validate::task(&w.tx, &task)?;
            put_task(w, &task)?;
            w.log("task", &task.id, "send_back", &task)?;
            Ok(task)
        })
    }

    pub fn task(&self, id: &str) -> Result<Task> {
        self.find_task(id)?.ok_or_else(|| Error::not_found("task", id))
    }

    fn find_task(&self, id: &str) -> Result<Option<Task>> {
        super::writes::read_task(self.conn(), id)
    }

    /// One page of the 整改台账.
    pub fn ledger(&self, filter: &LedgerFilter) -> Result<LedgerPage> {
        let selection = TaskSelection {
            department_id: filter.department_id.as_deref(),
            owner_id: filter.owner_id.as_deref(),
            status: filter.status,
            overdue: filter.overdue,
            due_within_days: filter.due_within_days,
            from: filter.from,
            to: filter.to,
            text: filter.text.as_deref(),
        };
        let chosen = TaskWhere::new(self, &selection)?;
        let (where_sql, params) = (&chosen.sql, chosen.params());
        let order = match filter.sort {
            LedgerSort::DeadlineAsc => "t.deadline ASC, t.id ASC",
            LedgerSort::DeadlineDesc => "t.deadline DESC, t.id DESC",
            LedgerSort::CreatedDesc => "t.created_on DESC, t.id DESC",
        };
        let total: u64 =
            self.conn().prepare_cached(&format!("SELECT count(*) FROM tasks t {where_sql}"))?.query_row(params.as_slice(), |r| r.get(0))?;
        let cols: Vec<String> = rows::TASK_COLS.split(", ").map(|c| format!("t.{c}")).collect();
        let sql = format!(
            "SELECT {}, d.name AS department_name, p.name AS owner_name,
                 (SELECT text FROM progress_notes n WHERE n.task_id = t.id ORDER BY n.noted_on DESC, n.id DESC LIMIT 1) AS latest_note
             FROM tasks t JOIN departments d ON d.id = t.department_id JOIN people p ON p.id = t.owner_id
             {where_sql} ORDER BY {order} LIMIT :limit OFFSET :offset",
            cols.join(", ")
        );
        let limit = if filter.limit == 0 { -1 } else { i64::from(filter.limit) };
        let mut page_params = params.clone();
        page_params.push((":limit", &limit));
        page_params.push((":offset", &filter.offset));
        let mut stmt = self.conn().prepare_cached(&sql)?;
        let today_date = self.today();
        let list: Vec<LedgerRow> = stmt
            .query_map(page_params.as_slice(), |r| {
                let task = rows::task(r)?;
                Ok(LedgerRow {
                    overdue: task.is_overdue(today_date),
                    task,
                    // By name: a column added to TASK_COLS must not shift these.
                    department_name: r.get("department_name")?,
                    owner_name: r.get("owner_name")?,
                    problems: String::new(),
                    categories: Vec::new(),
                    latest_note: r.get("latest_note")?,
                })
            })?
            .collect::<rusqlite::Result<_>>()?;
        let mut rows_out = list;
        let mut stmt = self.conn().prepare_cached(
            "SELECT p.id, p.description, p.category FROM task_problems tp JOIN problems p ON p.id = tp.problem_id
             WHERE tp.task_id = ?1 ORDER BY p.n",
        )?;
        for row in &mut rows_out {
            let linked: Vec<(String, String, ProblemCategory)> =
                stmt.query_map([&row.task.id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?.collect::<rusqlite::Result<_>>()?;
            row.task.problem_ids = linked.iter().map(|l| l.0.clone()).collect();
            row.problems = linked.iter().map(|l| l.1.as_str()).collect::<Vec<_>>().join("；");
            // Each category once, in the order the problems were found (not only adjacent repeats).
            row.categories = Vec::new();
            for (_, _, category) in &linked {
                if !row.categories.contains(category) {
                    row.categories.push(*category);
                }
            }
        }
        Ok(LedgerPage { total, rows: rows_out, today: today_date })
    }

    /// Every status change: the machine's table first, then the new state's demands
    /// (evidence, authority, dates) in the same transaction that writes it.
    fn move_task(
        &mut self,
        task_id: &str,
        to: TaskStatus,
        action: &str,
        edit: impl FnOnce(&mut Task, Timestamp) -> Result<()>,
    ) -> Result<Task> {
        let mut task = self.task(task_id)?;
        rules::task_transition(task.status, to)?;
        self.write(|w| {
            edit(&mut task, w.now)?;
            task.status = to;
            validate::task(&w.tx, &task)?;
            put_task(w, &task)?;
            w.log("task", &task.id, action, &task)?;
            Ok(())
        })?;
        Ok(task)
    }
}

pub(crate) fn put_task(w: &mut Writer<'_>, t: &Task) -> Result<()> {
    let b = t.before;
    let a = t.after;
    w.tx.prepare_cached(
        "INSERT INTO tasks(id, measure, department_id, owner_id, deadline, status, matter_id,
             before_steps, before_materials, before_days, before_trips, after_steps, after_materials, after_days, after_trips,
             process_optimised, time_compressed, policy_issued, sent_back_reason, done_on, closed_out_on, created_on,
             closed_out_by, sent_back_by, sent_back_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20, ?21, ?22,
             ?23, ?24, ?25)
         ON CONFLICT(id) DO UPDATE SET measure = excluded.measure, department_id = excluded.department_id,
             owner_id = excluded.owner_id, deadline = excluded.deadline, status = excluded.status,
             matter_id = excluded.matter_id, before_steps = excluded.before_steps,
             before_materials = excluded.before_materials, before_days = excluded.before_days,
             before_trips = excluded.before_trips, after_steps = excluded.after_steps,
             after_materials = excluded.after_materials, after_days = excluded.after_days,
             after_trips = excluded.after_trips, process_optimised = excluded.process_optimised,
             time_compressed = excluded.time_compressed, policy_issued = excluded.policy_issued,
             sent_back_reason = excluded.sent_back_reason, done_on = excluded.done_on,
             closed_out_on = excluded.closed_out_on, created_on = excluded.created_on,
             closed_out_by = excluded.closed_out_by, sent_back_by = excluded.sent_back_by,
             sent_back_at = excluded.sent_back_at")?
    .execute(rusqlite::params![
            t.id,
            t.measure.trim(),
            t.department_id,
            t.owner_id,
            date(&t.deadline),
            t.status,
            t.matter_id,
            b.map(|f| f.steps),
            b.map(|f| f.materials),
            b.map(|f| f.days),
            b.map(|f| f.trips),
            a.map(|f| f.steps),
            a.map(|f| f.materials),
            a.map(|f| f.days),
            a.map(|f| f.trips),
            t.outcomes.process_optimised,
            t.outcomes.time_compressed,
            t.outcomes.policy_issued,
            t.sent_back_reason,
            t.done_on.as_ref().map(date),
            t.closed_out_on.as_ref().map(date),
            date(&t.created_on),
            t.closed_out_by,
            t.sent_back_by,
            t.sent_back_at.as_ref().map(ts),
        ])?;
    w.tx.prepare_cached("DELETE FROM task_problems WHERE task_id = ?1")?.execute([&t.id])?;
    for p in &t.problem_ids {
        w.tx.prepare_cached("INSERT OR IGNORE INTO task_problems(task_id, problem_id) VALUES (?1, ?2)")?.execute((&t.id, p))?;
    }
    Ok(())
}

pub(crate) fn put_note(w: &mut Writer<'_>, n: &ProgressNote) -> Result<()> {
    w.tx.prepare_cached(
        "INSERT INTO progress_notes(id, task_id, noted_on, text, author, recorded_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6)
         ON CONFLICT(id) DO UPDATE SET noted_on = excluded.noted_on, text = excluded.text, author = excluded.author,
             recorded_at = excluded.recorded_at")?
    .execute(rusqlite::params![n.id, n.task_id, date(&n.noted_on), n.text, n.author, n.recorded_at.as_ref().map(ts)])?;
    Ok(())
}

/// Which tasks a list shows: the ledger's filters, shared with the 挂图.
pub(crate) struct TaskSelection<'a> {
    pub department_id: Option<&'a str>,
    pub owner_id: Option<&'a str>,
    pub status: Option<TaskStatus>,
    pub overdue: bool,
    pub due_within_days: Option<u32>,
    pub from: Option<Date>,
    pub to: Option<Date>,
    /// Words typed in the ledger's search box.
    pub text: Option<&'a str>,
}

/// A selection as SQL over `tasks t`: only the filters in use enter the WHERE clause, so the
/// planner can use the (department, status, deadline) index ("?n IS NULL OR …" terms would
/// make it scan every task); the values are bound by name.
pub(crate) struct TaskWhere {
    pub sql: String,
    units: Option<String>,
    owner: Option<String>,
    status: Option<TaskStatus>,
    today: String,
    due_by: Option<String>,
    from: Option<String>,
    to: Option<String>,
    text: Option<String>,
}

impl TaskWhere {
    pub(crate) fn new(store: &Store, s: &TaskSelection<'_>) -> Result<TaskWhere> {
        let today = store.today();
        let w = TaskWhere {
            sql: String::new(),
            units: store.subtree_filter(s.department_id)?,
            owner: s.owner_id.map(str::to_string),
            status: s.status,
            today: date(&today),
            due_by: s.due_within_days.map(|d| date(&(today + chrono::Days::new(u64::from(d))))),
            from: s.from.as_ref().map(date),
            to: s.to.as_ref().map(date),
            text: match s.text {
                Some(t) => crate::search::match_text("text", t)?,
                None => None,
            },
        };
        let mut terms: Vec<&str> = Vec::new();
        if w.units.is_some() {
            terms.push("t.department_id IN (SELECT value FROM json_each(:units))");
        }
        if w.owner.is_some() {
            terms.push("t.owner_id = :owner");
        }
        if w.status.is_some() {
            terms.push("t.status = :status");
        }
        if s.overdue {
            terms.push("t.deadline < :today AND t.status <> 'closed_out'");
        }
        if w.due_by.is_some() {
            terms.push("t.deadline <= :due_by AND t.status <> 'closed_out'");
        }
        if w.from.is_some() {
            terms.push("t.created_on >= :from");
        }
        if w.to.is_some() {
            terms.push("t.created_on <= :to");
        }
        if w.text.is_some() {
            terms.push(
                "(t.id IN (SELECT task_id FROM tasks_fts WHERE tasks_fts MATCH :text)
                  OR t.id IN (SELECT task_id FROM notes_fts WHERE notes_fts MATCH :text)
                  OR t.id IN (SELECT tp.task_id FROM task_problems tp JOIN problems p ON p.id = tp.problem_id
                              WHERE p.n IN (SELECT rowid FROM problems_fts WHERE problems_fts MATCH :text)))",
            );
        }
        let sql = if terms.is_empty() { String::new() } else { format!("WHERE {}", terms.join(" AND ")) };
        Ok(TaskWhere { sql, ..w })
    }

    /// The named values the clause uses (SQLite refuses a named parameter the SQL lacks).
    pub(crate) fn params(&self) -> Vec<(&str, &dyn rusqlite::ToSql)> {
        let mut out: Vec<(&str, &dyn rusqlite::ToSql)> = Vec::new();
        let named: [(&str, Option<&dyn rusqlite::ToSql>); 7] = [
            (":units", self.units.as_ref().map(|v| v as &dyn rusqlite::ToSql)),
            (":owner", self.owner.as_ref().map(|v| v as &dyn rusqlite::ToSql)),
            (":status", self.status.as_ref().map(|v| v as &dyn rusqlite::ToSql)),
            (":due_by", self.due_by.as_ref().map(|v| v as &dyn rusqlite::ToSql)),
            (":from", self.from.as_ref().map(|v| v as &dyn rusqlite::ToSql)),
            (":to", self.to.as_ref().map(|v| v as &dyn rusqlite::ToSql)),
            (":text", self.text.as_ref().map(|v| v as &dyn rusqlite::ToSql)),
        ];
        for (name, value) in named {
            if let Some(v) = value {
                out.push((name, v));
            }
        }
        if self.sql.contains(":today") {
            out.push((":today", &self.today));
        }
        out
    }
}
