//! Row writers and by-id readers that work inside any transaction: shared by the verbs and by
//! the exchange import (which writes many records in one transaction).

use crate::error::Result;
use crate::model::*;
use crate::store::{date, rows, Writer};
use rusqlite::{Connection, OptionalExtension};

pub(crate) use super::problems::put_problem;
pub(crate) use super::reviews::{put_review, read_review};
pub(crate) use super::steps::put_step;
pub(crate) use super::milestones::put_milestone;
pub(crate) use super::tasks::{put_note, put_task};
pub(crate) use super::walks::put_walk;
pub(crate) use super::plans::{put_plan, read_plan};
pub(crate) use super::supervision::{put_supervision, read_supervision};

pub(crate) fn put_department(w: &mut Writer<'_>, d: &Department) -> Result<()> {
    w.tx.prepare_cached(
        "INSERT INTO departments(id, name, level, parent_id) VALUES (?1, ?2, ?3, ?4)
         ON CONFLICT(id) DO UPDATE SET name = excluded.name, level = excluded.level, parent_id = excluded.parent_id",
    )?
    .execute((&d.id, &d.name, d.level, &d.parent_id))?;
    Ok(())
}

pub(crate) fn put_person(w: &mut Writer<'_>, p: &Person) -> Result<()> {
    w.tx.prepare_cached(
        "INSERT INTO people(id, name, title, role, department_id) VALUES (?1, ?2, ?3, ?4, ?5)
         ON CONFLICT(id) DO UPDATE SET name = excluded.name, title = excluded.title, role = excluded.role,
             department_id = excluded.department_id",
    )?
    .execute((&p.id, &p.name, &p.title, p.role, &p.department_id))?;
    Ok(())
}

pub(crate) fn put_matter(w: &mut Writer<'_>, m: &Matter) -> Result<()> {
    w.tx.prepare_cached(
        "INSERT INTO matters(id, name, department_id, legal_days, promised_days, materials_count, steps_count)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)
         ON CONFLICT(id) DO UPDATE SET name = excluded.name, department_id = excluded.department_id,
             legal_days = excluded.legal_days, promised_days = excluded.promised_days,
             materials_count = excluded.materials_count, steps_count = excluded.steps_count",
    )?
    .execute((&m.id, &m.name, &m.department_id, m.legal_days, m.promised_days, m.materials_count, m.steps_count))?;
    Ok(())
}

pub(crate) fn put_outreach(w: &mut Writer<'_>, o: &Outreach) -> Result<()> {
    w.tx.prepare_cached(
        "INSERT INTO outreach(id, department_id, period_start, period_end, suggestions, questionnaires, coordinated, note)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)
         ON CONFLICT(id) DO UPDATE SET department_id = excluded.department_id, period_start = excluded.period_start,
             period_end = excluded.period_end, suggestions = excluded.suggestions,
             questionnaires = excluded.questionnaires, coordinated = excluded.coordinated, note = excluded.note",
    )?
    .execute(rusqlite::params![
        o.id,
        o.department_id,
        date(&o.period_start),
        date(&o.period_end),
        o.suggestions,
        o.questionnaires,
        o.coordinated,
        o.note
    ])?;
    Ok(())
}

fn read_one<T>(
    conn: &Connection,
    cols: &str,
    table: &str,
    id: &str,
    map: fn(&rusqlite::Row) -> rusqlite::Result<T>,
) -> Result<Option<T>> {
    let sql = format!("SELECT {cols} FROM {table} WHERE id = ?1");
    Ok(conn.prepare_cached(&sql)?.query_row([id], map).optional()?)
}

fn ids(conn: &Connection, sql: &str, id: &str) -> Result<Vec<String>> {
    let mut stmt = conn.prepare_cached(sql)?;
    let list = stmt.query_map([id], |r| r.get(0))?.collect::<rusqlite::Result<_>>()?;
    Ok(list)
}

pub(crate) fn read_department(conn: &Connection, id: &str) -> Result<Option<Department>> {
    read_one(conn, rows::DEPARTMENT_COLS, "departments", id, rows::department)
}

pub(crate) fn read_person(conn: &Connection, id: &str) -> Result<Option<Person>> {
    read_one(conn, rows::PERSON_COLS, "people", id, rows::person)
}

pub(crate) fn read_matter(conn: &Connection, id: &str) -> Result<Option<Matter>> {
    read_one(conn, rows::MATTER_COLS, "matters", id, rows::matter)
}

pub(crate) fn read_walk(conn: &Connection, id: &str) -> Result<Option<Walk>> {
    let Some(mut walk) = read_one(conn, rows::WALK_COLS, "walks", id, rows::walk)? else {
        return Ok(None);
    };
    walk.matter_ids = ids(conn, "SELECT matter_id FROM walk_matters WHERE walk_id = ?1 ORDER BY matter_id", id)?;
    walk.companion_ids = ids(conn, "SELECT person_id FROM walk_companions WHERE walk_id = ?1 ORDER BY person_id", id)?;
    Ok(Some(walk))
}

pub(crate) fn read_step(conn: &Connection, id: &str) -> Result<Option<Step>> {
    read_one(conn, rows::STEP_COLS, "steps", id, rows::step)
}

/// A walk's steps in order, inside any transaction.
pub(crate) fn read_walk_steps(conn: &Connection, walk_id: &str) -> Result<Vec<Step>> {
    let sql = format!("SELECT {} FROM steps WHERE walk_id = ?1 ORDER BY seq", rows::STEP_COLS);
    let list = conn.prepare_cached(&sql)?.query_map([walk_id], rows::step)?.collect::<rusqlite::Result<_>>()?;
    Ok(list)
}

/// A walk's problems in the order they were found, inside any transaction.
pub(crate) fn read_walk_problems(conn: &Connection, walk_id: &str) -> Result<Vec<Problem>> {
    let sql = format!("SELECT {} FROM problems WHERE walk_id = ?1 ORDER BY n", rows::PROBLEM_COLS);
    let list = conn.prepare_cached(&sql)?.query_map([walk_id], rows::problem)?.collect::<rusqlite::Result<_>>()?;
    Ok(list)
}

pub(crate) fn read_problem(conn: &Connection, id: &str) -> Result<Option<Problem>> {
    read_one(conn, rows::PROBLEM_COLS, "problems", id, rows::problem)
}

pub(crate) fn read_task(conn: &Connection, id: &str) -> Result<Option<Task>> {
    let Some(mut task) = read_one(conn, rows::TASK_COLS, "tasks", id, rows::task)? else {
        return Ok(None);
    };
    task.problem_ids = ids(conn, "SELECT problem_id FROM task_problems WHERE task_id = ?1 ORDER BY problem_id", id)?;
    Ok(Some(task))
}

pub(crate) fn read_note(conn: &Connection, id: &str) -> Result<Option<ProgressNote>> {
    read_one(conn, rows::NOTE_COLS, "progress_notes", id, rows::note)
}

pub(crate) fn read_milestone(conn: &Connection, id: &str) -> Result<Option<Milestone>> {
    read_one(conn, rows::MILESTONE_COLS, "milestones", id, rows::milestone)
}

pub(crate) fn read_outreach(conn: &Connection, id: &str) -> Result<Option<Outreach>> {
    read_one(conn, rows::OUTREACH_COLS, "outreach", id, rows::outreach)
}
