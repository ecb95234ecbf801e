//! The two streams `check_tables` walks side by side, so that the 10-year city (hundreds of
//! thousands of records) is read in one pass per table instead of a query per record: every
//! version of every record with its line's state, and the table's rows, both in id order.

use crate::error::Result;
use crate::store::rows;
use rusqlite::{Row, Rows, Statement};
use serde_json::Value;

/// One record's versions, newest first: (version, its line's action and state — None when the
/// line is no longer in the log).
pub(super) struct Record {
    pub id: String,
    pub versions: Vec<(String, Option<(String, String)>)>,
}

pub(super) fn versions_stmt<'c>(conn: &'c rusqlite::Connection) -> Result<Statement<'c>> {
    Ok(conn.prepare(
        "SELECT h.entity_id, h.version, l.action, l.state FROM record_heads h
           LEFT JOIN change_log l ON l.entity = h.entity AND l.entity_id = h.entity_id AND l.origin_hash = h.version
          WHERE h.entity = ?1 ORDER BY h.entity_id, h.at DESC, h.version DESC",
    )?)
}

/// Groups the versions query's rows by record (they come ordered by id).
pub(super) struct Versions<'s> {
    rows: Rows<'s>,
    ahead: Option<(String, String, Option<(String, String)>)>,
}

impl<'s> Versions<'s> {
    pub fn new(rows: Rows<'s>) -> Self {
        Versions { rows, ahead: None }
    }

    fn read(&mut self) -> Result<Option<(String, String, Option<(String, String)>)>> {
        let Some(r) = self.rows.next()? else { return Ok(None) };
        let (action, state): (Option<String>, Option<String>) = (r.get(2)?, r.get(3)?);
        Ok(Some((r.get(0)?, r.get(1)?, action.zip(state))))
    }

    pub fn next_record(&mut self) -> Result<Option<Record>> {
        let first = match self.ahead.take() {
            Some(a) => Some(a),
            None => self.read()?,
        };
        let Some((id, version, line)) = first else { return Ok(None) };
        let mut record = Record { id, versions: vec![(version, line)] };
        while let Some(next) = self.read()? {
            if next.0 != record.id {
                self.ahead = Some(next);
                break;
            }
            record.versions.push((next.1, next.2));
        }
        Ok(Some(record))
    }
}

/// The bulk reader of a table whose rows are read by one query (walks and tasks also need
/// their lists of ids, read per record by `replay::row_json`); None for those.
pub(super) fn rows_stmt<'c>(conn: &'c rusqlite::Connection, entity: &str, table: &str) -> Result<Option<Statement<'c>>> {
    let cols = match entity {
        "department" => rows::DEPARTMENT_COLS,
        "person" => rows::PERSON_COLS,
        "matter" => rows::MATTER_COLS,
        "step" => rows::STEP_COLS,
        "problem" => rows::PROBLEM_COLS,
        "note" => rows::NOTE_COLS,
        "milestone" => rows::MILESTONE_COLS,
        "outreach" => rows::OUTREACH_COLS,
        "attachment" => rows::ATTACHMENT_COLS,
        "plan" => rows::PLAN_COLS,
        "supervision" => rows::SUPERVISION_COLS,
        "review" => crate::ops::reviews::REVIEW_COLS,
        _ => return Ok(None),
    };
    Ok(Some(conn.prepare(&format!("SELECT {cols} FROM {table} ORDER BY id"))?))
}

fn json<T: serde::Serialize>(t: rusqlite::Result<T>) -> Result<Value> {
    Ok(serde_json::to_value(t?)?)
}

fn value(entity: &str, r: &Row) -> Result<Value> {
    match entity {
        "department" => json(rows::department(r)),
        "person" => json(rows::person(r)),
        "matter" => json(rows::matter(r)),
        "step" => json(rows::step(r)),
        "problem" => json(rows::problem(r)),
        "note" => json(rows::note(r)),
        "milestone" => json(rows::milestone(r)),
        "outreach" => json(rows::outreach(r)),
        "plan" => json(rows::plan(r)),
        "supervision" => json(rows::supervision(r)),
        "review" => json(crate::ops::reviews::review_row(r)),
        _ => json(rows::attachment(r)),
    }
}

/// A cursor over a table's rows in id order: `row(id)` for ids asked in increasing order.
pub(super) struct TableRows<'s> {
    entity: &'static str,
    rows: Rows<'s>,
    /// A row read ahead: its id and its record as JSON.
    ahead: Option<(String, Value)>,
    done: bool,
}

impl<'s> TableRows<'s> {
    pub fn new(entity: &'static str, rows: Rows<'s>) -> Self {
        TableRows { entity, rows, ahead: None, done: false }
    }

    pub fn row(&mut self, id: &str) -> Result<Option<Value>> {
        loop {
            if let Some((have, _)) = &self.ahead {
                match have.as_str().cmp(id) {
                    std::cmp::Ordering::Equal => return Ok(self.ahead.take().map(|(_, v)| v)),
                    std::cmp::Ordering::Greater => return Ok(None),
                    std::cmp::Ordering::Less => self.ahead = None,
                }
            }
            if self.done {
                return Ok(None);
            }
            match self.rows.next()? {
                Some(r) => {
                    let id: String = r.get(0)?;
                    self.ahead = Some((id, value(self.entity, r)?));
                }
                None => self.done = true,
            }
        }
    }
}
