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
        "plan" => "walk_plans",
        "supervision" => "supervisions",
        "milestone" => "milestones",
        "review" => "reviews",
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
pub(crate) fn version_state(conn: &rusqlite::Connection, entity: &str, id: &str, version: &str) -> Result<(String, String)> {
    find_version_state(conn, entity, id, version)?
        .ok_or_else(|| Error::Internal { message: format!("版本 {version} 不在本机变更记录中") })
}

pub(crate) fn find_version_state(conn: &rusqlite::Connection, entity: &str, id: &str, version: &str) -> Result<Option<(String, String)>> {
    Ok(conn.prepare_cached("SELECT action, state FROM change_log WHERE entity = ?1 AND entity_id = ?2 AND origin_hash = ?3 LIMIT 1")?
        .query_row([entity, id, version], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?)
}

/// Records a received version among the record's heads.
pub(crate) fn advance(w: &Writer<'_>, c: &Incoming<'_>) -> Result<()> {
    heads::advance(&w.tx, c.entity, c.entity_id, c.base, c.version, c.at)
}

pub(crate) fn row_exists(w: &Writer<'_>, entity: &str, id: &str) -> Result<bool> {
    exists(w, entity, id)
}

/// What a record's row must show once its heads are known: the winner's (action, state) — a
/// merged state for a task in conflict — and how many heads it has. `last` is the newest
/// received change of the record, whose state is at hand when it wins.
pub(crate) fn shown(w: &Writer<'_>, last: &Incoming<'_>) -> Result<Option<(String, String, usize)>> {
    let heads = heads::all(&w.tx, last.entity, last.entity_id)?;
    let Some(winner) = heads.first() else { return Ok(None) };
    let (action, mut state) = if *winner == last.version {
        (last.action.to_string(), last.state.to_string())
    } else {
        version_state(&w.tx, last.entity, last.entity_id, winner)?
    };
    if last.entity == "task" && heads.len() > 1 {
        state = merged_task(&w.tx, last.entity_id, &state, &heads)?;
    }
    Ok(Some((action, state, heads.len())))
}

/// A task in conflict shows the winner's work with the strongest verdict among its heads:
/// a 销号 stays a 销号, and a 退回 is not undone by a 完成 that crossed it in the post.
pub(crate) fn merged_task(conn: &rusqlite::Connection, id: &str, winner: &str, heads: &[String]) -> Result<String> {
    let mut task: Task = serde_json::from_str(winner)?;
    let mut all = Vec::new();
    for v in heads {
        let (_, state) = version_state(conn, "task", id, v)?;
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
    write_row(w, entity, id, action, state)?;
    check_row(w, entity, id, action, state, today)
}

/// Writes the row a state describes, unchecked (a bundle writes all its rows first, so that
/// references between them resolve, then checks each). An archived walk is written open; it is
/// sealed by `check_row` once its steps and problems are in.
pub(crate) fn write_row(w: &mut Writer<'_>, entity: &str, id: &str, action: &str, state: &str) -> Result<()> {
    if matches!(action, "delete" | "detach") {
        if let Some(table) = table(entity) {
            w.tx.execute(&format!("DELETE FROM {table} WHERE id = ?1"), [id])?;
        }
        return Ok(());
    }
    match entity {
        "department" => put::<Department>(w, state),
        "person" => put::<Person>(w, state),
        "matter" => put::<Matter>(w, state),
        "walk" => {
            let sealed_here: Option<String> = w
                .tx
                .query_row("SELECT seal_code FROM walks WHERE id = ?1 AND status = 'archived'", [id], |r| r.get(0))
                .optional()?;
            if sealed_here.is_some() {
                return Err(Error::Sealed { walk_id: id.to_string() });
            }
            let walk = if action == "archive" { serde_json::from_str::<SealedWalk>(state)?.walk } else { serde_json::from_str(state)? };
            crate::exchange::put_open_walk(w, &walk)
        }
        "step" => put::<Step>(w, state),
        "problem" => put::<Problem>(w, state),
        "task" => put::<Task>(w, state),
        "note" => put::<ProgressNote>(w, state),
        "milestone" => put::<Milestone>(w, state),
        "outreach" => put::<Outreach>(w, state),
        "plan" => put::<WalkPlan>(w, state),
        "supervision" => put::<Supervision>(w, state),
        "review" => put::<Review>(w, state),
        "attachment" => {
            let a: Attachment = serde_json::from_str(state)?;
            crate::validate::check_id("id", &a.id)?;
            w.tx.prepare_cached(
                "INSERT INTO attachments(id, owner_kind, owner_id, sha256, file_name, mime, size, caption, taken_at, added_at, gps_lat, gps_lon)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)
                 ON CONFLICT(id) DO UPDATE SET caption = excluded.caption, taken_at = excluded.taken_at,
                   gps_lat = excluded.gps_lat, gps_lon = excluded.gps_lon",
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
                a.added_at.as_ref().map(crate::store::ts),
                a.gps_lat,
                a.gps_lon
            ])?;
            Ok(())
        }
        other => Err(Error::invalid("entity", format!("未知的记录类型 {other}"))),
    }
}

/// Checks a written row by the rules of typing it in; seals an archived walk after
/// recomputing its 核验码 from the content now here.
pub(crate) fn check_row(w: &mut Writer<'_>, entity: &str, _id: &str, action: &str, state: &str, today: Date) -> Result<()> {
    if matches!(action, "delete" | "detach") {
        return Ok(());
    }
    match entity {
        "department" => check::<Department>(w, state, today),
        "person" => check::<Person>(w, state, today),
        "matter" => check::<Matter>(w, state, today),
        "walk" if action == "archive" => {
            let sealed: SealedWalk = serde_json::from_str(state)?;
            let mut walk = sealed.walk.clone();
            walk.seal_code = Some(sealed.code()?);
            Walk::check(&w.tx, &walk, today)?;
            crate::exchange::seal_imported(w, &walk)
        }
        "walk" => check::<Walk>(w, state, today),
        "step" => check::<Step>(w, state, today),
        "problem" => check::<Problem>(w, state, today),
        "task" => check::<Task>(w, state, today),
        "note" => check::<ProgressNote>(w, state, today),
        "milestone" => check::<Milestone>(w, state, today),
        "outreach" => check::<Outreach>(w, state, today),
        "plan" => check::<WalkPlan>(w, state, today),
        "supervision" => check::<Supervision>(w, state, today),
        "review" => check::<Review>(w, state, today),
        _ => Ok(()),
    }
}

fn put<T: Record + serde::de::DeserializeOwned>(w: &mut Writer<'_>, state: &str) -> Result<()> {
    let record: T = serde_json::from_str(state)?;
    T::put(w, &record)
}

fn check<T: Record + serde::de::DeserializeOwned>(w: &mut Writer<'_>, state: &str, today: Date) -> Result<()> {
    let record: T = serde_json::from_str(state)?;
    T::check(&w.tx, &record, today)
}

/// A record's row as JSON (what the 冲突 screen compares the versions with).
pub(crate) fn row_json(conn: &rusqlite::Connection, entity: &str, id: &str) -> Result<Option<serde_json::Value>> {
    use crate::ops::writes::*;
    fn json<T: serde::Serialize>(r: Option<T>) -> Result<Option<serde_json::Value>> {
        Ok(r.map(serde_json::to_value).transpose()?)
    }
    match entity {
        "department" => json(read_department(conn, id)?),
        "person" => json(read_person(conn, id)?),
        "matter" => json(read_matter(conn, id)?),
        "walk" => json(read_walk(conn, id)?),
        "step" => json(read_step(conn, id)?),
        "problem" => json(read_problem(conn, id)?),
        "task" => json(read_task(conn, id)?),
        "note" => json(read_note(conn, id)?),
        "milestone" => json(read_milestone(conn, id)?),
        "outreach" => json(read_outreach(conn, id)?),
        "plan" => json(read_plan(conn, id)?),
        "supervision" => json(read_supervision(conn, id)?),
        "review" => json(read_review(conn, id)?),
        _ => Ok(None),
    }
}
