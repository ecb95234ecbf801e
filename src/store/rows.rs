//! Row ↔ entity mappings: one SELECT column list and one mapper per entity, used by every read.

use super::{parse_date, parse_ts};
use crate::model::*;
use rusqlite::Row;

pub const DEPARTMENT_COLS: &str = "id, name, level, parent_id";
pub fn department(r: &Row) -> rusqlite::Result<Department> {
    Ok(Department { id: r.get(0)?, name: r.get(1)?, level: r.get(2)?, parent_id: r.get(3)? })
}

pub const PERSON_COLS: &str = "id, name, title, role, department_id";
pub fn person(r: &Row) -> rusqlite::Result<Person> {
    Ok(Person { id: r.get(0)?, name: r.get(1)?, title: r.get(2)?, role: r.get(3)?, department_id: r.get(4)? })
}

pub const MATTER_COLS: &str = "id, name, department_id, legal_days, promised_days, materials_count, steps_count";
pub fn matter(r: &Row) -> rusqlite::Result<Matter> {
    Ok(Matter {
        id: r.get(0)?,
        name: r.get(1)?,
        department_id: r.get(2)?,
        legal_days: r.get(3)?,
        promised_days: r.get(4)?,
        materials_count: r.get(5)?,
        steps_count: r.get(6)?,
    })
}

/// Walk columns; matter and companion ids are filled by the caller from their link tables.
pub const WALK_COLS: &str = "id, title, department_id, leader_id, kind, manner, ways, channel, place_level, place_name, \
     identity_hidden, no_notice, no_escort, alias, planned_date, started_at, ended_at, status, reflection, \
     suggestions, questionnaires, coordinated, seal_code, capture_mode, entered_at, amended_at, original_started_at, \
     original_ended_at";
pub fn walk(r: &Row) -> rusqlite::Result<Walk> {
    let ways: String = r.get(6)?;
    let hidden: Option<bool> = r.get(10)?;
    let incognito = hidden.map(|identity_hidden| -> rusqlite::Result<Incognito> {
        Ok(Incognito {
            identity_hidden,
            no_notice: r.get::<_, Option<bool>>(11)?.unwrap_or(false),
            no_escort: r.get::<_, Option<bool>>(12)?.unwrap_or(false),
        })
    });
    Ok(Walk {
        id: r.get(0)?,
        title: r.get(1)?,
        department_id: r.get(2)?,
        leader_id: r.get(3)?,
        kind: r.get(4)?,
        manner: r.get(5)?,
        ways: json_col(&ways)?,
        channel: r.get(7)?,
        place_level: r.get(8)?,
        place_name: r.get(9)?,
        matter_ids: Vec::new(),
        companion_ids: Vec::new(),
        incognito: incognito.transpose()?,
        alias: r.get(13)?,
        planned_date: parse_date(&r.get::<_, String>(14)?)?,
        started_at: opt_ts(r.get(15)?)?,
        ended_at: opt_ts(r.get(16)?)?,
        status: r.get(17)?,
        reflection: r.get(18)?,
        suggestions: r.get(19)?,
        questionnaires: r.get(20)?,
        coordinated: r.get(21)?,
        seal_code: r.get(22)?,
        capture: capture(r, 23)?,
    })
}

pub const STEP_COLS: &str = "id, walk_id, seq, name, place, started_at, ended_at, waiting_minutes, materials_count, \
     materials_names, trips, observations, rating, capture_mode, entered_at, amended_at, original_started_at, \
     original_ended_at";
pub fn step(r: &Row) -> rusqlite::Result<Step> {
    Ok(Step {
        id: r.get(0)?,
        walk_id: r.get(1)?,
        seq: r.get(2)?,
        name: r.get(3)?,
        place: r.get(4)?,
        started_at: parse_ts(&r.get::<_, String>(5)?)?,
        ended_at: opt_ts(r.get(6)?)?,
        waiting_minutes: r.get(7)?,
        materials_count: r.get(8)?,
        materials_names: r.get(9)?,
        trips: r.get(10)?,
        observations: r.get(11)?,
        rating: r.get(12)?,
        capture: capture(r, 13)?,
    })
}

/// The five capture columns from `at` on (the same order in walks and steps).
fn capture(r: &Row, at: usize) -> rusqlite::Result<Capture> {
    Ok(Capture {
        mode: r.get(at)?,
        entered_at: opt_ts(r.get(at + 1)?)?,
        amended_at: opt_ts(r.get(at + 2)?)?,
        original_started_at: opt_ts(r.get(at + 3)?)?,
        original_ended_at: opt_ts(r.get(at + 4)?)?,
    })
}

pub const PROBLEM_COLS: &str = "id, walk_id, step_id, category, standards, severity, nature, description, \
     on_spot_action, resolved_on, found_on, department_id, source, work_order_no";
pub fn problem(r: &Row) -> rusqlite::Result<Problem> {
    let standards: String = r.get(4)?;
    Ok(Problem {
        id: r.get(0)?,
        walk_id: r.get(1)?,
        step_id: r.get(2)?,
        category: r.get(3)?,
        standards: json_col(&standards)?,
        severity: r.get(5)?,
        nature: r.get(6)?,
        description: r.get(7)?,
        on_spot_action: r.get(8)?,
        resolved_on: opt_date(r.get(9)?)?,
        found_on: parse_date(&r.get::<_, String>(10)?)?,
        department_id: r.get(11)?,
        source: r.get(12)?,
        work_order_no: r.get(13)?,
    })
}

/// Task columns; problem ids are filled by the caller from `task_problems`.
pub const TASK_COLS: &str = "id, measure, department_id, owner_id, deadline, status, matter_id, \
     before_steps, before_materials, before_days, before_trips, after_steps, after_materials, after_days, after_trips, \
     process_optimised, time_compressed, policy_issued, sent_back_reason, done_on, closed_out_on, created_on, \
     closed_out_by, sent_back_by, sent_back_at";
pub fn task(r: &Row) -> rusqlite::Result<Task> {
    let figures = |at: usize| -> rusqlite::Result<Option<ProcessFigures>> {
        let steps: Option<u32> = r.get(at)?;
        Ok(match steps {
            None => None,
            Some(steps) => Some(ProcessFigures {
                steps,
                materials: r.get::<_, Option<u32>>(at + 1)?.unwrap_or(0),
                days: r.get::<_, Option<u32>>(at + 2)?.unwrap_or(0),
                trips: r.get::<_, Option<u32>>(at + 3)?.unwrap_or(0),
            }),
        })
    };
    Ok(Task {
        id: r.get(0)?,
        problem_ids: Vec::new(),
        measure: r.get(1)?,
        department_id: r.get(2)?,
        owner_id: r.get(3)?,
        deadline: parse_date(&r.get::<_, String>(4)?)?,
        status: r.get(5)?,
        matter_id: r.get(6)?,
        before: figures(7)?,
        after: figures(11)?,
        outcomes: Outcomes { process_optimised: r.get(15)?, time_compressed: r.get(16)?, policy_issued: r.get(17)? },
        sent_back_reason: r.get(18)?,
        done_on: opt_date(r.get(19)?)?,
        closed_out_on: opt_date(r.get(20)?)?,
        created_on: parse_date(&r.get::<_, String>(21)?)?,
        closed_out_by: r.get(22)?,
        sent_back_by: r.get(23)?,
        sent_back_at: opt_ts(r.get(24)?)?,
    })
}

pub const NOTE_COLS: &str = "id, task_id, noted_on, text, author, recorded_at";
pub fn note(r: &Row) -> rusqlite::Result<ProgressNote> {
    Ok(ProgressNote {
        id: r.get(0)?,
        task_id: r.get(1)?,
        noted_on: parse_date(&r.get::<_, String>(2)?)?,
        text: r.get(3)?,
        author: r.get(4)?,
        recorded_at: opt_ts(r.get(5)?)?,
    })
}

pub const MILESTONE_COLS: &str = "id, task_id, name, planned_on, done_on, evidence";
pub fn milestone(r: &Row) -> rusqlite::Result<Milestone> {
    Ok(Milestone {
        id: r.get(0)?,
        task_id: r.get(1)?,
        name: r.get(2)?,
        planned_on: parse_date(&r.get::<_, String>(3)?)?,
        done_on: opt_date(r.get(4)?)?,
        evidence: r.get(5)?,
    })
}

pub const ATTACHMENT_COLS: &str = "id, owner_kind, owner_id, sha256, file_name, mime, size, caption, taken_at, added_at, gps_lat, gps_lon";
pub fn attachment(r: &Row) -> rusqlite::Result<Attachment> {
    Ok(Attachment {
        id: r.get(0)?,
        owner_kind: r.get(1)?,
        owner_id: r.get(2)?,
        sha256: r.get(3)?,
        file_name: r.get(4)?,
        mime: r.get(5)?,
        size: r.get(6)?,
        caption: r.get(7)?,
        taken_at: opt_ts(r.get(8)?)?,
        added_at: opt_ts(r.get(9)?)?,
        gps_lat: r.get(10)?,
        gps_lon: r.get(11)?,
    })
}

pub const OUTREACH_COLS: &str = "id, department_id, period_start, period_end, suggestions, questionnaires, coordinated, note";
pub fn outreach(r: &Row) -> rusqlite::Result<Outreach> {
    Ok(Outreach {
        id: r.get(0)?,
        department_id: r.get(1)?,
        period_start: parse_date(&r.get::<_, String>(2)?)?,
        period_end: parse_date(&r.get::<_, String>(3)?)?,
        suggestions: r.get(4)?,
        questionnaires: r.get(5)?,
        coordinated: r.get(6)?,
        note: r.get(7)?,
    })
}

pub const PLAN_COLS: &str = "id, department_id, leader_id, year, quarter, daily, cross_unit, acceptance, matter_ids, places, note";
pub fn plan(r: &Row) -> rusqlite::Result<WalkPlan> {
    Ok(WalkPlan {
        id: r.get(0)?,
        department_id: r.get(1)?,
        leader_id: r.get(2)?,
        year: r.get(3)?,
        quarter: r.get(4)?,
        daily: r.get(5)?,
        cross: r.get(6)?,
        acceptance: r.get(7)?,
        matter_ids: json_col(&r.get::<_, String>(8)?)?,
        places: r.get(9)?,
        note: r.get(10)?,
    })
}

pub const SUPERVISION_COLS: &str = "id, task_id, note, required_by, by_person, at";
pub fn supervision(r: &Row) -> rusqlite::Result<Supervision> {
    Ok(Supervision {
        id: r.get(0)?,
        task_id: r.get(1)?,
        note: r.get(2)?,
        required_by: parse_date(&r.get::<_, String>(3)?)?,
        by: r.get(4)?,
        at: parse_ts(&r.get::<_, String>(5)?)?,
    })
}

fn opt_ts(text: Option<String>) -> rusqlite::Result<Option<Timestamp>> {
    text.as_deref().map(parse_ts).transpose()
}

fn opt_date(text: Option<String>) -> rusqlite::Result<Option<Date>> {
    text.as_deref().map(parse_date).transpose()
}

fn json_col<T: serde::de::DeserializeOwned>(text: &str) -> rusqlite::Result<T> {
    serde_json::from_str(text)
        .map_err(|e| rusqlite::Error::FromSqlConversionFailure(0, rusqlite::types::Type::Text, Box::new(e)))
}
