//! Who may originate which change: one table, checked on every local write (`Writer::log`) and
//! on every replayed line of a bundle, so the office accepts from a unit exactly what the unit
//! could have typed, and a unit accepts from the office only its verdicts.
//!
//! | origin  | may write                                                                   |
//! |---------|-----------------------------------------------------------------------------|
//! | 单位端  | its unit's and sub-units' records: units, people, matters, walks, steps,     |
//! |         | problems, tasks, progress, evidence, outreach — and 完成; never 销号 or 退回 |
//! | 党建办端 | 销号 and 退回 of any unit's done task; the records of its own department     |
//!
//! "Its unit's" is decided by the department a record belongs to, before and after the change,
//! as the receiver's database knows it.

use crate::error::{Error, Result};
use crate::model::{InstallRole, Task, TaskStatus};
use rusqlite::{Connection, OptionalExtension};
use serde_json::Value;

/// Who made a change.
#[derive(Debug, Clone, Copy)]
pub struct Origin<'a> {
    pub install_id: &'a str,
    pub role: InstallRole,
    pub department_id: &'a str,
}

/// One change as the log line carries it.
pub struct Change<'a> {
    pub entity: &'a str,
    pub entity_id: &'a str,
    pub action: &'a str,
    /// The record's new state (JSON).
    pub state: &'a str,
    /// The versions it was based on.
    pub base: &'a [String],
}

/// The office's verdicts: actions only a 党建办端 originates.
const VERDICTS: &[&str] = &["close_out", "send_back"];

fn refuse(message: String) -> Error {
    Error::Authority { field: "origin", message }
}

pub fn check(conn: &Connection, origin: &Origin<'_>, c: &Change<'_>) -> Result<()> {
    // A verb has written the row already when it logs the change: "before" is the version the
    // change is based on, as the log holds it (the row only for records older than versions).
    let mut before = None;
    for b in c.base {
        let prior: Option<(String, String)> = conn
            .prepare_cached("SELECT action, state FROM change_log WHERE entity = ?1 AND entity_id = ?2 AND origin_hash = ?3 LIMIT 1")?
            .query_row([c.entity, c.entity_id, b], |r| Ok((r.get(0)?, r.get(1)?)))
            .optional()?;
        if let Some((action, state)) = prior {
            before = scope_of_state(conn, c.entity, &action, &serde_json::from_str(&state)?)?;
        }
    }
    let before = match before {
        Some(b) => Some(b),
        None => scope_of_row(conn, c.entity, c.entity_id)?,
    };
    check_from(conn, origin, c, before)
}

/// The department a record belongs to as this database holds it now (a bundle takes it before
/// it writes anything, and checks its lines after).
pub(crate) fn scope_now(conn: &Connection, entity: &str, id: &str) -> Result<Option<String>> {
    scope_of_row(conn, entity, id)
}

/// `check` with the record's department before the change given.
pub(crate) fn check_from(conn: &Connection, origin: &Origin<'_>, c: &Change<'_>, before: Option<String>) -> Result<()> {
    let what = format!("{}（{}）", crate::error::entity_zh(c.entity), c.entity_id);
    let state: Value = serde_json::from_str(c.state)?;
    let after = scope_of_state(conn, c.entity, c.action, &state)?;
    match origin.role {
        InstallRole::Unit => {
            if c.entity == "supervision" {
                return Err(refuse(format!("单位端不能作出{what}，督办只能由党建办端作出")));
            }
            if c.entity == "task" && VERDICTS.contains(&c.action) {
                return Err(refuse(format!("单位端不能对{what}销号或退回，销号和退回只能由党建办端进行")));
            }
            for dept in [after.as_deref(), before.as_deref()].into_iter().flatten() {
                if !within(conn, dept, origin.department_id)? {
                    return Err(refuse(format!("{what}不属于本单位（{}）及其下级单位，单位端不能改动", origin.department_id)));
                }
            }
            if c.entity == "task" {
                unit_task(conn, c, &what)?;
            }
        }
        InstallRole::Office => {
            let own = [after.as_deref(), before.as_deref()].into_iter().flatten().all(|d| d == origin.department_id);
            // 督办 is the office's over every unit's task (validate::supervision checks its author).
            if own || c.entity == "supervision" {
                return Ok(());
            }
            if c.entity == "task" {
                return office_verdict(conn, c, &what);
            }
            return Err(refuse(format!("{what}属于其他单位，党建办端只能对其整改任务销号或退回")));
        }
    }
    Ok(())
}

/// A unit keeps the office's verdict on a task as its bases had it (the strongest of them when
/// they disagree): it can neither 销号 nor forge or erase a 退回.
fn unit_task(conn: &Connection, c: &Change<'_>, what: &str) -> Result<()> {
    let new: Task = serde_json::from_str(c.state)?;
    let bases = base_tasks(conn, c)?;
    let standing = match super::replay::strongest_verdict(&bases) {
        Some(t) => verdict(&t),
        None => verdict(&blank(&new)),
    };
    if verdict(&new) != standing {
        return Err(refuse(format!("{what}的销号、退回信息只能由党建办端改动，单位端的这项改动不被接受")));
    }
    Ok(())
}

/// The office changes another unit's task only by a verdict: the task as its base had it, but
/// for the verdict's fields, moved 已完成待销号 → 已销号 or → 整改中 (退回).
fn office_verdict(conn: &Connection, c: &Change<'_>, what: &str) -> Result<()> {
    let new: Task = serde_json::from_str(c.state)?;
    let bases = base_tasks(conn, c)?;
    let same_work = |b: &Task| without_verdict(b) == without_verdict(&new);
    let ok = bases.iter().any(|b| {
        same_work(b)
            && match c.action {
                "close_out" => b.status == TaskStatus::Done && new.status == TaskStatus::ClosedOut,
                "send_back" => b.status == TaskStatus::Done && new.status == TaskStatus::InProgress,
                // A conflict resolved by the office keeps one side's work and one side's verdict.
                _ => bases.iter().any(|v| verdict(v) == verdict(&new)),
            }
    });
    if !ok {
        return Err(refuse(format!("{what}属于其他单位，党建办端只能对已完成待销号的任务销号或退回，不能改动整改内容")));
    }
    Ok(())
}

type Verdict = (bool, Option<crate::model::Date>, Option<String>, Option<String>, Option<String>, Option<String>);

fn verdict(t: &Task) -> Verdict {
    (
        t.status == TaskStatus::ClosedOut,
        t.closed_out_on,
        t.closed_out_by.clone(),
        t.sent_back_reason.clone(),
        t.sent_back_by.clone(),
        t.sent_back_at.map(|a| a.to_rfc3339()),
    )
}

fn blank(t: &Task) -> Task {
    Task {
        status: TaskStatus::Open,
        closed_out_on: None,
        closed_out_by: None,
        sent_back_reason: None,
        sent_back_by: None,
        sent_back_at: None,
        ..t.clone()
    }
}

/// The task without its status and verdict fields: the unit's work.
fn without_verdict(t: &Task) -> Task {
    Task { done_on: None, ..blank(t) }
}

/// The states of the versions a change was based on (from the log; the row when the log
/// has no versions for it, e.g. records from before versions existed).
fn base_tasks(conn: &Connection, c: &Change<'_>) -> Result<Vec<Task>> {
    let mut out = Vec::new();
    for b in c.base {
        let state: Option<String> = conn
            .prepare_cached(
                "SELECT state FROM change_log WHERE entity = 'task' AND entity_id = ?2 AND origin_hash = ?1 LIMIT 1",
            )?
            .query_row([b, c.entity_id], |r| r.get(0))
            .optional()?;
        if let Some(state) = state {
            if let Ok(task) = serde_json::from_str::<Task>(&state) {
                out.push(task);
            }
        }
    }
    if out.is_empty() && !c.base.is_empty() {
        if let Some(task) = crate::ops::writes::read_task(conn, c.entity_id)? {
            out.push(task);
        }
    }
    Ok(out)
}

/// Is `dept` the unit `root` or one of its sub-units?
pub(crate) fn within(conn: &Connection, dept: &str, root: &str) -> Result<bool> {
    let mut current = Some(dept.to_string());
    // Bounded: validation keeps the tree acyclic, the bound keeps a damaged one from looping.
    for _ in 0..32 {
        match current {
            Some(d) if d == root => return Ok(true),
            Some(d) => {
                current = conn
                    .prepare_cached("SELECT parent_id FROM departments WHERE id = ?1")?
                    .query_row([&d], |r| r.get::<_, Option<String>>(0))
                    .optional()?
                    .flatten();
            }
            None => return Ok(false),
        }
    }
    Ok(false)
}

fn text(v: &Value, key: &str) -> Option<String> {
    v.get(key).and_then(Value::as_str).map(str::to_string)
}

/// The department a record's new state belongs to. A new unit belongs to its parent (the
/// unit itself when it has none: a unit install's own unit).
fn scope_of_state(conn: &Connection, entity: &str, action: &str, state: &Value) -> Result<Option<String>> {
    let state = if entity == "walk" && action == "archive" { state.get("walk").unwrap_or(state) } else { state };
    Ok(match entity {
        "department" => {
            let id = text(state, "id");
            let exists = match &id {
                Some(id) => scope_of_row(conn, "department", id)?.is_some(),
                None => false,
            };
            if exists { id } else { text(state, "parent_id").or(id) }
        }
        "person" | "matter" | "walk" | "task" | "outreach" | "plan" | "review" => text(state, "department_id"),
        "step" => match text(state, "walk_id") {
            Some(walk) => scope_of_row(conn, "walk", &walk)?,
            None => None,
        },
        // A walk's problem is its walk's (validation holds the two equal); a 差评 its unit's.
        "problem" => match text(state, "walk_id") {
            Some(walk) => scope_of_row(conn, "walk", &walk)?,
            None => text(state, "department_id"),
        },
        "note" | "supervision" | "milestone" => match text(state, "task_id") {
            Some(task) => scope_of_row(conn, "task", &task)?,
            None => None,
        },
        "attachment" => match (text(state, "owner_kind"), text(state, "owner_id")) {
            (Some(kind), Some(id)) => scope_of_row(conn, &kind, &id)?,
            _ => None,
        },
        _ => None,
    })
}

/// The department a record as stored here belongs to (None when it is not here).
fn scope_of_row(conn: &Connection, entity: &str, id: &str) -> Result<Option<String>> {
    let sql = match entity {
        "department" => "SELECT id FROM departments WHERE id = ?1",
        "person" => "SELECT department_id FROM people WHERE id = ?1",
        "matter" => "SELECT department_id FROM matters WHERE id = ?1",
        "walk" => "SELECT department_id FROM walks WHERE id = ?1",
        "task" => "SELECT department_id FROM tasks WHERE id = ?1",
        "outreach" => "SELECT department_id FROM outreach WHERE id = ?1",
        "plan" => "SELECT department_id FROM walk_plans WHERE id = ?1",
        "supervision" => "SELECT t.department_id FROM supervisions s JOIN tasks t ON t.id = s.task_id WHERE s.id = ?1",
        "step" => "SELECT w.department_id FROM steps s JOIN walks w ON w.id = s.walk_id WHERE s.id = ?1",
        "problem" => "SELECT department_id FROM problems WHERE id = ?1",
        "review" => "SELECT department_id FROM reviews WHERE id = ?1",
        "note" => "SELECT t.department_id FROM progress_notes n JOIN tasks t ON t.id = n.task_id WHERE n.id = ?1",
        "milestone" => "SELECT t.department_id FROM milestones m JOIN tasks t ON t.id = m.task_id WHERE m.id = ?1",
        "attachment" => {
            let owner: Option<(String, String)> = conn
                .prepare_cached("SELECT owner_kind, owner_id FROM attachments WHERE id = ?1")?
                .query_row([id], |r| Ok((r.get(0)?, r.get(1)?)))
                .optional()?;
            return match owner {
                Some((kind, owner)) if kind != "attachment" => scope_of_row(conn, &kind, &owner),
                _ => Ok(None),
            };
        }
        _ => return Ok(None),
    };
    Ok(conn.prepare_cached(sql)?.query_row([id], |r| r.get(0)).optional()?)
}

/// The department a change's record belongs to, from its state (for what a bundle carries).
pub(crate) fn department_of(conn: &Connection, entity: &str, action: &str, state: &Value) -> Result<Option<String>> {
    match scope_of_state(conn, entity, action, state)? {
        Some(d) => Ok(Some(d)),
        None => match text(state, "id") {
            Some(id) => scope_of_row(conn, entity, &id),
            None => Ok(None),
        },
    }
}
