//! Replaying a change another install made: its versions replace the ones it was based on;
//! the record's row then shows the winning head (the same on every install), checked by the
//! same rules as a typed record. A task's 销号 is never undone by a crossing edit: when the
//! heads disagree, the row keeps the edit's work and the verdict (task status is a state
//! machine, not last-writer-wins).

use crate::error::{Error, Result};
use crate::exchange::Record;
use crate::model::*;
use crate::ops::SealedWalk;
use crate::store::{heads, Writer};
use rusqlite::OptionalExtension;

/// What one replayed change did to its record.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Outcome {
    Inserted,
    Updated,
    Conflict,
}

/// A change as it arrives (already checked against its origin's chain and authority).
pub(crate) struct Incoming<'a> {
    pub entity: &'a str,
    pub entity_id: &'a str,
    pub version: &'a str,
    pub at: &'a str,
    pub base: &'a [String],
    pub action: &'a str,
    pub state: &'a str,
}

fn table(entity: &str) -> Option<&'static str> {
    Some(match entity {
        "department" => "departments",
        "person" => "people",
        "matter" => "matters",
        "walk" => "walks",
        "step" => "steps",
        "problem" => "problems",
        "task" => "tasks",
        "note" => "progress_notes",
        "attachment" => "attachments",
        "outreach" => "outreach",
        _ => return None,
    })
}

fn exists(w: &Writer<'_>, entity: &str, id: &str) -> Result<bool> {
    let Some(table) = table(entity) else { return Ok(false) };
    let sql = format!("SELECT 1 FROM {table} WHERE id = ?1");
    Ok(w.tx.prepare_cached(&sql)?.query_row([id], |_| Ok(())).optional()?.is_some())
}

/// The (action, state) a version carries, from the log.
/// Found through the record's own lines (the `(entity, entity_id)` index): a record has few.
fn version_state(w: &Writer<'_>, entity: &str, id: &str, version: &str) -> Result<(String, String)> {
    w.tx.prepare_cached("SELECT action, state FROM change_log WHERE entity = ?1 AND entity_id = ?2 AND origin_hash = ?3 LIMIT 1")?
        .query_row([entity, id, version], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?
        .ok_or_else(|| Error::Internal { message: format!("版本 {version} 不在本机变更记录中") })
}

/// Records the new version among the heads, then makes the row show the winner.
pub(crate) fn apply(w: &mut Writer<'_>, c: &Incoming<'_>, today: Date) -> Result<Outcome> {
    let existed = exists(w, c.entity, c.entity_id)?;
    heads::advance(&w.tx, c.entity, c.entity_id, c.base, c.version, c.at)?;
    let heads = heads::all(&w.tx, c.entity, c.entity_id)?;
    let Some(winner) = heads.first() else { return Ok(Outcome::Updated) };
    // Usually the change just received wins: its state is at hand.
    let (action, mut state) =
        if winner == c.version { (c.action.to_string(), c.state.to_string()) } else { version_state(w, c.entity, c.entity_id, winner)? };
    if c.entity == "task" && heads.len() > 1 {
        state = merged_task(w, c.entity_id, &state, &heads)?;
    }
    materialise(w, c.entity, c.entity_id, &action, &state, today)?;
    Ok(if heads.len() > 1 {
        Outcome::Conflict
    } else if existed {
        Outcome::Updated
    } else {
        Outcome::Inserted
    })
}

/// A task in conflict shows the winner's work with the strongest verdict among its heads:
/// a 销号 stays a 销号, and a 退回 is not undone by a 完成 that crossed it in the post.
fn merged_task(w: &Writer<'_>, id: &str, winner: &str, heads: &[String]) -> Result<String> {
    let mut task: Task = serde_json::from_str(winner)?;
    let mut all = Vec::new();
    for v in heads {
        let (_, state) = version_state(w, "task", id, v)?;
        if let Ok(t) = serde_json::from_str::<Task>(&state) {
            all.push(t);
        }
    }
    if let Some(strongest) = strongest_verdict(&all) {
        take_verdict(&mut task, &strongest);
    }
    Ok(serde_json::to_string(&task)?)
}

/// The version whose verdict stands: a 销号 first, else the latest 退回, else none.
pub(crate) fn strongest_verdict(tasks: &[Task]) -> Option<Task> {
    let closed = tasks.iter().filter(|t| t.status == TaskStatus::ClosedOut).min_by_key(|t| t.closed_out_on);
    if let Some(t) = closed {
        return Some(t.clone());
    }
    tasks.iter().filter(|t| t.sent_back_at.is_some()).max_by_key(|t| t.sent_back_at).cloned()
}

/// Puts `from`'s verdict (and the status it implies) on `task`, unless they already agree.
pub(crate) fn take_verdict(task: &mut Task, from: &Task) {
    let same = task.closed_out_on == from.closed_out_on
        && task.closed_out_by == from.closed_out_by
        && task.sent_back_at == from.sent_back_at
        && (task.status == TaskStatus::ClosedOut) == (from.status == TaskStatus::ClosedOut);
    if same {
        return;
    }
    task.status = from.status;
    task.done_on = from.done_on;
    task.closed_out_on = from.closed_out_on;
    task.closed_out_by = from.closed_out_by.clone();
    task.sent_back_reason = from.sent_back_reason.clone();
    task.sent_back_by = from.sent_back_by.clone();
    task.sent_back_at = from.sent_back_at;
}

/// Writes a record's state as its row (or removes the row), then checks it as if typed in.
pub(crate) fn materialise(w: &mut Writer<'_>, entity: &str, id: &str, action: &str, state: &str, today: Date) -> Result<()> {
    if matches!(action, "delete" | "detach") {
        if let Some(table) = table(entity) {
            w.tx.execute(&format!("DELETE FROM {table} WHERE id = ?1"), [id])?;
        }
        return Ok(());
    }
    match entity {
        "department" => put::<Department>(w, state, today),
        "person" => put::<Person>(w, state, today),
        "matter" => put::<Matter>(w, state, today),
        "walk" if action == "archive" => {
            let sealed: SealedWalk = serde_json::from_str(state)?;
            let mut walk = sealed.walk.clone();
            walk.seal_code = Some(sealed.code()?);
            crate::exchange::put_open_walk(w, &walk)?;
            Walk::check(&w.tx, &walk, today)?;
            crate::exchange::seal_imported(w, &walk)
        }
        "walk" => {
            let walk: Walk = serde_json::from_str(state)?;
            let sealed_here: Option<String> = w
                .tx
                .query_row("SELECT seal_code FROM walks WHERE id = ?1 AND status = 'archived'", [id], |r| r.get(0))
                .optional()?;
            if sealed_here.is_some() {
                return Err(Error::Sealed { walk_id: id.to_string() });
            }
            crate::exchange::put_open_walk(w, &walk)?;
            Walk::check(&w.tx, &walk, today)
        }
        "step" => put::<Step>(w, state, today),
        "problem" => put::<Problem>(w, state, today),
        "task" => put::<Task>(w, state, today),
        "note" => put::<ProgressNote>(w, state, today),
        "outreach" => put::<Outreach>(w, state, today),
        "attachment" => {
            let a: Attachment = serde_json::from_str(state)?;
            crate::validate::check_id("id", &a.id)?;
            w.tx.prepare_cached(
                "INSERT INTO attachments(id, owner_kind, owner_id, sha256, file_name, mime, size, caption, taken_at, added_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)
                 ON CONFLICT(id) DO UPDATE SET caption = excluded.caption, taken_at = excluded.taken_at",
            )?
            .execute(rusqlite::params![
                a.id,
                a.owner_kind,
                a.owner_id,
                a.sha256,
                a.file_name,
                a.mime,
                a.size,
                a.caption,
                a.taken_at.as_ref().map(crate::store::ts),
                a.added_at.as_ref().map(crate::store::ts)
            ])?;
            Ok(())
        }
        other => Err(Error::invalid("entity", format!("未知的记录类型 {other}"))),
    }
}

fn put<T: Record + serde::de::DeserializeOwned>(w: &mut Writer<'_>, state: &str, today: Date) -> Result<()> {
    let record: T = serde_json::from_str(state)?;
    T::put(w, &record)?;
    T::check(&w.tx, &record, today)
}
