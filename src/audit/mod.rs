//! Do the tables say what the change log says? The log is hash-chained; the tables are what the
//! screens, figures and reports read. Someone with the database file can change a table row
//! behind the log (set a task to 已销号, delete outreach rows) without touching the chain: this
//! replays the log's latest version of every record and compares it with its row, so such an
//! edit is named (`walklog verify`, the 核验 screen).

use crate::error::Result;
use crate::model::*;
use crate::store::Store;
use crate::sync::replay;
use crate::validate::Normalise;
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};

mod checkpoints;
mod fields;
mod scan;

/// A record whose row is not what the log says.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct TableDifference {
    pub entity: String,
    pub entity_zh: String,
    pub id: String,
    /// What is wrong, in Chinese (the fields that differ, a row the log never wrote, …).
    pub what: String,
}

const TABLES: &[(&str, &str)] = &[
    ("department", "departments"),
    ("person", "people"),
    ("matter", "matters"),
    ("walk", "walks"),
    ("step", "steps"),
    ("problem", "problems"),
    ("task", "tasks"),
    ("note", "progress_notes"),
    ("outreach", "outreach"),
    ("attachment", "attachments"),
    ("plan", "walk_plans"),
    ("supervision", "supervisions"),
    ("milestone", "milestones"),
    ("review", "reviews"),
];

/// The fields of two states of one record that differ, both in normal form, as (field, in the
/// table, in the log). Only the fields the logged state has are compared: a line written before
/// a migration added a field does not have it, and the row's value for it is not a change.
fn differing<T: DeserializeOwned + Serialize>(
    expected: &str,
    row: &serde_json::Value,
    normalise: fn(&mut T),
) -> Result<Vec<(String, serde_json::Value, serde_json::Value)>> {
    let logged: serde_json::Value = serde_json::from_str(expected)?;
    let mut a: T = serde_json::from_value(logged.clone())?;
    let mut b: T = serde_json::from_value(row.clone())?;
    normalise(&mut a);
    normalise(&mut b);
    let (a, b) = (serde_json::to_value(&a)?, serde_json::to_value(&b)?);
    let (Some(keys), Some(a), Some(b)) = (logged.as_object(), a.as_object(), b.as_object()) else { return Ok(Vec::new()) };
    let null = serde_json::Value::Null;
    Ok(keys
        .keys()
        .filter_map(|k| {
            let (want, have) = (a.get(k).unwrap_or(&null), b.get(k).unwrap_or(&null));
            (want != have).then(|| (k.clone(), have.clone(), want.clone()))
        })
        .collect())
}

fn norm<T: Normalise>(t: &mut T) {
    t.normalise();
}

/// The expected state of a walk: an archive line carries the sealed content, whose walk is the
/// row as archived, with the code computed from it. Built on the line's own JSON, so that only
/// the fields the line had are compared (a field added since is not in an older line).
fn walk_expected(action: &str, state: &str) -> Result<String> {
    if action != "archive" {
        return Ok(state.to_string());
    }
    let sealed: crate::ops::SealedWalk = serde_json::from_str(state)?;
    let code = sealed.code()?;
    let mut raw: serde_json::Value = serde_json::from_str(state)?;
    let mut walk = raw.get_mut("walk").map(serde_json::Value::take).unwrap_or_default();
    if let Some(fields) = walk.as_object_mut() {
        fields.insert("status".into(), serde_json::to_value(WalkStatus::Archived)?);
        fields.insert("seal_code".into(), serde_json::Value::String(code));
    }
    Ok(serde_json::to_string(&walk)?)
}

impl Store {
    /// Every record whose row differs from the log's latest version of it, is missing though
    /// the log says it exists, exists though the log deleted it, or was never written through
    /// the log at all; and every signed head this install kept that the log no longer holds,
    /// or another install's line past its last signed head (`checkpoints`).
    pub fn check_tables(&self) -> Result<Vec<TableDifference>> {
        let conn = self.conn();
        let mut out = Vec::new();
        for &(entity, table) in TABLES {
            let diff = |id: &str, what: String| TableDifference {
                entity: entity.into(),
                entity_zh: crate::error::entity_zh(entity).into(),
                id: id.into(),
                what,
            };
            let mut versions_stmt = scan::versions_stmt(conn)?;
            let mut records = scan::Versions::new(versions_stmt.query([entity])?);
            let mut rows_stmt = scan::rows_stmt(conn, entity, table)?;
            let mut table_rows = match rows_stmt.as_mut() {
                Some(stmt) => Some(scan::TableRows::new(entity, stmt.query([])?)),
                None => None,
            };
            while let Some(record) = records.next_record()? {
                let id = record.id;
                if record.versions.iter().any(|(_, line)| line.is_none()) {
                    out.push(diff(&id, "其当前版本已不在变更记录中（变更记录被截断或删改）".into()));
                    continue;
                }
                let versions: Vec<String> = record.versions.iter().map(|(v, _)| v.clone()).collect();
                let Some((_, Some((action, mut state)))) = record.versions.into_iter().next() else { continue };
                if entity == "task" && versions.len() > 1 {
                    state = replay::merged_task(conn, &id, &state, &versions)?;
                }
                let row = match table_rows.as_mut() {
                    Some(rows) => rows.row(&id)?,
                    None => replay::row_json(conn, entity, &id)?,
                };
                let deleted = matches!(action.as_str(), "delete" | "detach");
                match (row, deleted) {
                    (None, true) => {}
                    (Some(_), true) => out.push(diff(&id, "变更记录中已删除，表中却仍有此记录".into())),
                    (None, false) => out.push(diff(&id, "变更记录中有此记录，表中却没有（被删除）".into())),
                    (Some(row), false) => {
                        let fields = match entity {
                            "department" => differing::<Department>(&state, &row, norm)?,
                            "person" => differing::<Person>(&state, &row, norm)?,
                            "matter" => differing::<Matter>(&state, &row, norm)?,
                            "walk" => differing::<Walk>(&walk_expected(&action, &state)?, &row, norm)?,
                            "step" => differing::<Step>(&state, &row, norm)?,
                            "problem" => differing::<Problem>(&state, &row, norm)?,
                            "task" => differing::<Task>(&state, &row, norm)?,
                            "note" => differing::<ProgressNote>(&state, &row, norm)?,
                            "attachment" => differing::<Attachment>(&state, &row, |_| {})?,
                            "plan" => differing::<WalkPlan>(&state, &row, norm)?,
                            "supervision" => differing::<Supervision>(&state, &row, norm)?,
                            "milestone" => differing::<Milestone>(&state, &row, norm)?,
                            "review" => differing::<Review>(&state, &row, norm)?,
                            _ => differing::<Outreach>(&state, &row, norm)?,
                        };
                        if !fields.is_empty() {
                            let said: Vec<String> = fields.iter().map(|(k, have, want)| fields::sentence(entity, k, have, want)).collect();
                            out.push(diff(&id, said.join("；")));
                        }
                    }
                }
            }
            let mut stmt = conn.prepare(&format!(
                "SELECT id FROM {table} WHERE id NOT IN (SELECT entity_id FROM record_heads WHERE entity = ?1) ORDER BY id"
            ))?;
            let stray: Vec<String> = stmt.query_map([entity], |r| r.get(0))?.collect::<rusqlite::Result<_>>()?;
            for id in stray {
                out.push(diff(&id, "表中有此记录，变更记录中却没有（未经本系统写入）".into()));
            }
            // The record's versions (record_heads) are a table too: pointed back at an older line,
            // with the row to match, the comparison above would pass. The log's latest line of a
            // record must be one of its versions, unless a later change was based on it (a line
            // that arrived after the change built on it, e.g. sent back after a restore).
            let mut stmt = conn.prepare(
                "SELECT l.entity_id, l.seq FROM change_log l
                  WHERE l.entity = ?1 AND l.action != 'redacted'
                    AND l.seq = (SELECT max(m.seq) FROM change_log m WHERE m.entity = l.entity AND m.entity_id = l.entity_id)
                    AND NOT EXISTS (SELECT 1 FROM record_heads h WHERE h.entity = l.entity AND h.entity_id = l.entity_id AND h.version = l.origin_hash)
                    AND NOT EXISTS (SELECT 1 FROM change_log b WHERE b.entity = l.entity AND b.entity_id = l.entity_id AND instr(b.base, l.origin_hash) > 0)
                  ORDER BY l.seq",
            )?;
            let unheaded: Vec<(String, i64)> = stmt.query_map([entity], |r| Ok((r.get(0)?, r.get(1)?)))?.collect::<rusqlite::Result<_>>()?;
            for (id, seq) in unheaded {
                out.push(diff(&id, format!("变更记录中其最新一条（第 {seq} 条）不是它的当前版本：记录版本被绕过本系统改动")));
            }
        }
        out.extend(self.check_checkpoints()?);
        Ok(out)
    }
}
