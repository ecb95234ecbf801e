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
];

/// The fields of two states of one record that differ, both in normal form.
fn differing<T: DeserializeOwned + Serialize + Normalise>(expected: &str, row: &serde_json::Value) -> Result<Vec<String>> {
    let mut a: T = serde_json::from_str(expected)?;
    let mut b: T = serde_json::from_value(row.clone())?;
    a.normalise();
    b.normalise();
    let (a, b) = (serde_json::to_value(&a)?, serde_json::to_value(&b)?);
    let (Some(a), Some(b)) = (a.as_object(), b.as_object()) else { return Ok(Vec::new()) };
    Ok(a.iter().filter(|(k, v)| b.get(*k) != Some(v)).map(|(k, _)| k.clone()).collect())
}

/// The expected state of a walk: an archive line carries the sealed content, whose walk is the
/// row as archived, with the code computed from it.
fn walk_expected(action: &str, state: &str) -> Result<String> {
    if action != "archive" {
        return Ok(state.to_string());
    }
    let sealed: crate::ops::SealedWalk = serde_json::from_str(state)?;
    let code = sealed.code()?;
    let walk = Walk { status: WalkStatus::Archived, seal_code: Some(code), ..sealed.walk };
    Ok(serde_json::to_string(&walk)?)
}

impl Store {
    /// Every record whose row differs from the log's latest version of it, is missing though
    /// the log says it exists, exists though the log deleted it, or was never written through
    /// the log at all.
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
            let mut stmt = conn.prepare(
                "SELECT entity_id, group_concat(version, ',') FROM
                   (SELECT entity_id, version FROM record_heads WHERE entity = ?1 ORDER BY entity_id, at DESC, version DESC)
                 GROUP BY entity_id",
            )?;
            let heads: Vec<(String, String)> =
                stmt.query_map([entity], |r| Ok((r.get(0)?, r.get(1)?)))?.collect::<rusqlite::Result<_>>()?;
            for (id, versions) in heads {
                let versions: Vec<String> = versions.split(',').map(str::to_string).collect();
                let mut states = Vec::with_capacity(versions.len());
                for v in &versions {
                    states.push(replay::find_version_state(conn, entity, &id, v)?);
                }
                if states.iter().any(Option::is_none) {
                    out.push(diff(&id, "其当前版本已不在变更记录中（变更记录被截短或删改）".into()));
                    continue;
                }
                let Some((action, mut state)) = states.swap_remove(0) else { continue };
                if entity == "task" && versions.len() > 1 {
                    state = replay::merged_task(conn, &id, &state, &versions)?;
                }
                let row = replay::row_json(conn, entity, &id)?;
                let deleted = matches!(action.as_str(), "delete" | "detach");
                match (row, deleted) {
                    (None, true) => {}
                    (Some(_), true) => out.push(diff(&id, "变更记录中已删除，表中却仍有此记录".into())),
                    (None, false) => out.push(diff(&id, "变更记录中有此记录，表中却没有（被删除）".into())),
                    (Some(row), false) => {
                        let fields = match entity {
                            "department" => differing::<Department>(&state, &row)?,
                            "person" => differing::<Person>(&state, &row)?,
                            "matter" => differing::<Matter>(&state, &row)?,
                            "walk" => differing::<Walk>(&walk_expected(&action, &state)?, &row)?,
                            "step" => differing::<Step>(&state, &row)?,
                            "problem" => differing::<Problem>(&state, &row)?,
                            "task" => differing::<Task>(&state, &row)?,
                            "note" => differing::<ProgressNote>(&state, &row)?,
                            _ => differing::<Outreach>(&state, &row)?,
                        };
                        if !fields.is_empty() {
                            out.push(diff(&id, format!("表中内容与变更记录不符（{}）", fields.join("、"))));
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
        }
        Ok(out)
    }
}

/// A chain head written down earlier (printed on a report, kept by the office): its sequence
/// number and the first 16 hex digits of its line hash, e.g. `1234:1A2B-3C4D-5E6F-7A8B`.
pub fn parse_anchor(text: &str) -> Result<(i64, String)> {
    let bad = || {
        crate::error::Error::invalid("against", "链头应写作“序号:核验码”，如 1234:1A2B-3C4D-5E6F-7A8B")
    };
    let (seq, code) = text.trim().split_once([':', '：']).ok_or_else(bad)?;
    let seq: i64 = seq.trim().parse().map_err(|_| bad())?;
    let code = crate::verify::normalise_code(code)?;
    Ok((seq, code))
}

impl Store {
    /// This database's chain head as an anchor to write down (`parse_anchor`'s form); None on
    /// an empty log.
    pub fn chain_anchor(&self) -> Result<Option<String>> {
        use rusqlite::OptionalExtension;
        let head: Option<(i64, String)> = self
            .conn()
            .query_row("SELECT seq, hash FROM change_log ORDER BY seq DESC LIMIT 1", [], |r| Ok((r.get(0)?, r.get(1)?)))
            .optional()?;
        Ok(head.map(|(seq, hash)| format!("{seq}:{}", crate::store::verification_code(&hash))))
    }

    /// Does the chain still hold the head written down earlier? A log truncated before it,
    /// rewritten, or rehashed after an edit does not.
    pub fn check_anchor(&self, anchor: &str) -> Result<()> {
        use rusqlite::OptionalExtension;
        let (seq, code) = parse_anchor(anchor)?;
        let hash: Option<String> =
            self.conn().query_row("SELECT hash FROM change_log WHERE seq = ?1", [seq], |r| r.get(0)).optional()?;
        match hash {
            Some(h) if crate::store::verification_code(&h) == code => Ok(()),
            Some(_) => Err(crate::error::Error::Tampered {
                records: vec![format!("第 {seq} 条变更记录已不是记下的 {code}：变更记录被改写或整体重算过")],
            }),
            None => Err(crate::error::Error::Tampered {
                records: vec![format!("变更记录中已没有第 {seq} 条（记下时为 {code}）：变更记录被截短过")],
            }),
        }
    }
}
