//! 冲突: records two installs changed from the same version. Both versions are kept (as heads);
//! the row shows the winner (the later change; a 销号 always stays) and the figures count it. A
//! person resolves a conflict by keeping one version or picking each field from either; the
//! resolution is a change like any other and travels to the other installs.

use super::replay;
use crate::error::{Error, Result};
use crate::store::{heads, Store};
use rusqlite::OptionalExtension;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// One version of a record in conflict.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ConflictVersion {
    pub version: String,
    pub origin: String,
    /// The unit whose install made it (党建办 for the office).
    pub origin_name: String,
    pub at: String,
    pub actor: String,
    pub action: String,
    /// Whether the record's row shows this version now.
    pub current: bool,
}

/// A field the versions disagree on, with each version's value as text.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct FieldDiff {
    pub field: String,
    pub values: Vec<String>,
    /// What the record's row shows now: the winning version's value, except that a task keeps
    /// the verdict that stands (a 销号) whichever version wins.
    pub shown: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Conflict {
    pub entity: String,
    pub entity_zh: String,
    pub id: String,
    pub versions: Vec<ConflictVersion>,
    /// Only the fields that differ, side by side (values in `versions` order).
    pub fields: Vec<FieldDiff>,
}

fn shown(v: Option<&serde_json::Value>) -> String {
    match v {
        None | Some(serde_json::Value::Null) => "（空）".into(),
        Some(serde_json::Value::String(s)) => s.clone(),
        Some(other) => other.to_string(),
    }
}

impl Store {
    /// Every record in conflict, side by side.
    pub fn conflicts(&self) -> Result<Vec<Conflict>> {
        let mut out = Vec::new();
        for (entity, id) in heads::conflicted(self.conn())? {
            out.push(self.conflict(&entity, &id)?);
        }
        Ok(out)
    }

    pub fn conflict_count(&self) -> Result<u32> {
        Ok(heads::conflicted(self.conn())?.len() as u32)
    }

    /// One record's conflict: its versions and the fields they disagree on.
    pub fn conflict(&self, entity: &str, id: &str) -> Result<Conflict> {
        let versions = heads::all(self.conn(), entity, id)?;
        if versions.len() < 2 {
            return Err(Error::not_found("conflict", id));
        }
        let mut list = Vec::new();
        let mut states = Vec::new();
        for (i, v) in versions.iter().enumerate() {
            let (origin, at, actor, action, state): (String, String, String, String, String) = self
                .conn()
                .query_row(
                    "SELECT install_id, at, actor, action, state FROM change_log
                     WHERE entity = ?2 AND entity_id = ?3 AND origin_hash = ?1 LIMIT 1",
                    [v, entity, id],
                    |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?)),
                )
                .optional()?
                .ok_or_else(|| Error::not_found("version", v))?;
            let origin_name = self.origin_name(&origin)?;
            let value: serde_json::Value = serde_json::from_str(&state)?;
            states.push(if action == "archive" { value.get("walk").cloned().unwrap_or(value) } else { value });
            list.push(ConflictVersion { version: v.clone(), origin, origin_name, at, actor, action, current: i == 0 });
        }
        let mut keys: Vec<String> = Vec::new();
        for s in &states {
            if let Some(obj) = s.as_object() {
                for k in obj.keys() {
                    if !keys.contains(k) {
                        keys.push(k.clone());
                    }
                }
            }
        }
        let row = replay::row_json(self.conn(), entity, id)?;
        let fields = keys
            .into_iter()
            .filter_map(|k| {
                let values: Vec<String> = states.iter().map(|s| shown(s.get(&k))).collect();
                let now = row.as_ref().map_or_else(|| values[0].clone(), |r| shown(r.get(&k)));
                (values.iter().any(|v| *v != values[0])).then_some(FieldDiff { field: k, values, shown: now })
            })
            .collect();
        Ok(Conflict {
            entity: entity.to_string(),
            entity_zh: crate::error::entity_zh(entity).to_string(),
            id: id.to_string(),
            versions: list,
            fields,
        })
    }

    /// A version of a record in conflict as a person names it: its number in the list (1 = the
    /// one the row shows), the version itself, or a beginning of it (at least 6 characters)
    /// that only one of the versions has.
    pub fn conflict_version(&self, entity: &str, id: &str, key: &str) -> Result<String> {
        let key = key.trim().to_ascii_lowercase();
        let versions = heads::all(self.conn(), entity, id)?;
        if versions.len() < 2 {
            return Err(Error::invalid("id", format!("{}（编号 {id}）没有冲突", crate::error::entity_zh(entity))));
        }
        if let Ok(n) = key.parse::<usize>() {
            if (1..=versions.len()).contains(&n) {
                return Ok(versions[n - 1].clone());
            }
        }
        let found: Vec<&String> = versions.iter().filter(|v| key.len() >= 6 && v.starts_with(&key)).collect();
        match found.as_slice() {
            [one] => Ok((*one).to_string()),
            _ => Err(Error::invalid(
                "version",
                format!("“{key}”不是该记录的冲突版本之一（可用序号 1–{} 或版本号的前几位）", versions.len()),
            )),
        }
    }

    fn origin_name(&self, origin: &str) -> Result<String> {
        if self.identity().is_some_and(|i| i.install_id == origin) {
            return Ok("本机".into());
        }
        Ok(super::roster::find(self.conn(), origin)?.map(|e| e.department_name).unwrap_or_else(|| origin.to_string()))
    }

    /// Resolves a conflict: every field from `keep` (a version), except the fields named in
    /// `picks`, each taken from the version given. The result replaces all versions.
    pub fn resolve_conflict(&mut self, entity: &str, id: &str, keep: &str, picks: &BTreeMap<String, String>) -> Result<()> {
        let conflict = self.conflict(entity, id)?;
        let versions: Vec<String> = conflict.versions.iter().map(|v| v.version.clone()).collect();
        let state_of = |store: &Store, v: &str| -> Result<(String, serde_json::Value)> {
            if !versions.iter().any(|x| x == v) {
                return Err(Error::invalid("version", "所选版本不是该记录的冲突版本之一"));
            }
            let (action, state) = replay::version_state(store.conn(), entity, id, v)?;
            Ok((action, serde_json::from_str(&state)?))
        };
        let (action, mut state) = state_of(self, keep)?;
        for (field, v) in picks {
            let (_, other) = state_of(self, v)?;
            let value = other.get(field).cloned().unwrap_or(serde_json::Value::Null);
            let target = if action == "archive" { state.get_mut("walk") } else { Some(&mut state) };
            if let Some(serde_json::Value::Object(obj)) = target {
                if !obj.contains_key(field) && other.get(field).is_none() {
                    return Err(Error::invalid("field", format!("字段 {field} 不在该记录中")));
                }
                obj.insert(field.clone(), value);
            }
        }
        if entity == "task" {
            // Whoever resolves, the verdict that stands among the versions stays (销号, 退回).
            let mut task: crate::model::Task = serde_json::from_value(state)?;
            let mut all = Vec::new();
            for v in &versions {
                all.push(serde_json::from_value::<crate::model::Task>(state_of(self, v)?.1)?);
            }
            if let Some(strongest) = replay::strongest_verdict(&all) {
                replay::take_verdict(&mut task, &strongest);
            }
            state = serde_json::to_value(&task)?;
        }
        let text = serde_json::to_string(&state)?;
        let action = if matches!(action.as_str(), "delete" | "detach" | "archive") { action } else { "resolve".to_string() };
        let now = self.now();
        self.write(|w| {
            w.log_based_on(entity, id, &action, &state, Some(versions.clone()))?;
            replay::materialise(w, entity, id, &action, &text, now.date_naive())?;
            Ok(())
        })
    }
}
