//! Walks (走流程/体验): plan, edit, start, complete, archive (seal), and list.

use super::id_or_new;
use crate::error::{Error, Result};
use crate::model::*;
use crate::rules;
use crate::store::{date, rows, ts, verification_code, Store, Writer};
use crate::validate::{self, Normalise};
use rusqlite::OptionalExtension;
use serde::{Deserialize, Serialize};

/// Filters of the 体验记录 list. Every field is optional.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
// Arguments: what serde fills in by default may be left out.
#[cfg_attr(feature = "ts", ts(optional_fields = nullable))]
pub struct WalkFilter {
    /// The department and its sub-units.
    #[serde(default)]
    pub department_id: Option<String>,
    #[serde(default)]
    pub leader_id: Option<String>,
    #[serde(default)]
    pub kind: Option<WalkKind>,
    #[serde(default)]
    pub status: Option<WalkStatus>,
    #[serde(default)]
    pub from: Option<Date>,
    #[serde(default)]
    pub to: Option<Date>,
    #[serde(default)]
    pub limit: Option<u32>,
}

/// What a sealed walk's 核验码 vouches for: the walk with its steps and problems.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct SealedWalk {
    pub walk: Walk,
    pub steps: Vec<Step>,
    pub problems: Vec<Problem>,
}

impl SealedWalk {
    /// The content as the 核验码 vouches for it: the walk as archived without its code, steps
    /// in order, problems by id (insertion order differs between installs).
    fn canonical(&self) -> SealedWalk {
        let mut c = self.clone();
        c.walk.seal_code = None;
        // The seal vouches for the content; how its times were captured is kept by the log
        // (and walks sealed before capture modes existed keep their codes).
        c.walk.capture = Capture::default();
        for s in &mut c.steps {
            s.capture = Capture::default();
        }
        c.walk.status = WalkStatus::Archived;
        c.steps.sort_by_key(|s| s.seq);
        c.problems.sort_by(|a, b| a.id.cmp(&b.id));
        c
    }

    /// The 核验码 of this content: the SHA-256 of its canonical JSON, as 16 hex digits in groups
    /// of four. Anyone holding the records can recompute it; no install's log is needed.
    pub fn code(&self) -> Result<String> {
        use sha2::{Digest, Sha256};
        let json = serde_json::to_vec(&self.canonical())?;
        Ok(verification_code(&hex::encode(Sha256::digest(&json))))
    }
}

impl Store {
    /// Plans a new walk (status 计划中).
    pub fn plan_walk(&mut self, mut walk: Walk) -> Result<Walk> {
        walk.id = id_or_new(&walk.id);
        walk.status = WalkStatus::Planned;
        walk.started_at = None;
        walk.ended_at = None;
        walk.seal_code = None;
        walk.capture = Capture::default();
        walk.normalise();
        self.write(|w| {
            validate::walk(&w.tx, &walk)?;
            put_walk(w, &walk)?;
            w.log("walk", &walk.id, "plan", &walk)?;
            Ok(())
        })?;
        Ok(walk)
    }

    /// Edits a walk's fields; its status, times and seal are changed only by the transitions
    /// (and times of record by `retime_walk`), so an edit form can never move them.
    pub fn update_walk(&mut self, mut walk: Walk) -> Result<Walk> {
        let old = self.walk(&walk.id)?;
        if old.status == WalkStatus::Archived {
            return Err(Error::Sealed { walk_id: old.id });
        }
        walk.status = old.status;
        walk.seal_code = None;
        walk.started_at = old.started_at;
        walk.ended_at = old.ended_at;
        walk.capture = old.capture;
        walk.normalise();
        self.write(|w| {
            validate::walk(&w.tx, &walk)?;
            put_walk(w, &walk)?;
            w.log("walk", &walk.id, "update", &walk)?;
            Ok(())
        })?;
        Ok(walk)
    }

    /// 修改时间: corrects the start or end time of a started walk after the fact. A separate,
    /// explicit act, logged as `retime` (the walk's previous line holds the times it replaces).
    pub fn retime_walk(&mut self, walk_id: &str, started_at: Option<Timestamp>, ended_at: Option<Timestamp>) -> Result<Walk> {
        let mut walk = self.walk(walk_id)?;
        self.ensure_editable(&walk)?;
        if walk.status == WalkStatus::Planned {
            return Err(Error::transition("体验尚未开始，没有可修改的时间。"));
        }
        let (old_start, old_end) = (walk.started_at, walk.ended_at);
        walk.started_at = started_at.or(walk.started_at);
        if walk.status != WalkStatus::InProgress {
            walk.ended_at = ended_at.or(walk.ended_at);
        } else if ended_at.is_some() {
            return Err(Error::invalid("ended_at", "体验尚未结束，不能设定结束时间。"));
        }
        if (walk.started_at, walk.ended_at) == (old_start, old_end) {
            return Ok(walk);
        }
        self.write(|w| {
            walk.capture.amend(w.now, old_start, old_end);
            validate::walk(&w.tx, &walk)?;
            put_walk(w, &walk)?;
            w.log("walk", &walk.id, "retime", &walk)?;
            Ok(())
        })?;
        Ok(walk)
    }

    /// 开始体验: planned → in progress, stamped with the core's clock.
    pub fn start_walk(&mut self, walk_id: &str) -> Result<Walk> {
        let mut walk = self.walk(walk_id)?;
        rules::walk_transition(walk.status, WalkStatus::InProgress).map_err(|e| sealed_id(e, walk_id))?;
        walk.status = WalkStatus::InProgress;
        walk.capture = Capture::live();
        self.write(|w| {
            walk.started_at = Some(w.now);
            validate::walk(&w.tx, &walk)?;
            put_walk(w, &walk)?;
            w.log("walk", &walk.id, "start", &walk)?;
            Ok(())
        })?;
        Ok(walk)
    }

    /// 结束体验: in progress → completed; the open step (if any) closes now too.
    pub fn complete_walk(&mut self, walk_id: &str) -> Result<Walk> {
        let mut walk = self.walk(walk_id)?;
        rules::walk_transition(walk.status, WalkStatus::Completed).map_err(|e| sealed_id(e, walk_id))?;
        let open_step = self.steps(walk_id)?.into_iter().find(|s| s.ended_at.is_none());
        walk.status = WalkStatus::Completed;
        self.write(|w| {
            let now = w.now;
            // An end before the start (a clock set back) is refused by `validate::walk` below.
            walk.ended_at = Some(now);
            if let Some(mut step) = open_step {
                step.ended_at = Some(now.max(step.started_at));
                super::steps::put_step(w, &step)?;
                w.log("step", &step.id, "finish", &step)?;
            }
            validate::walk(&w.tx, &walk)?;
            put_walk(w, &walk)?;
            w.log("walk", &walk.id, "complete", &walk)?;
            Ok(())
        })?;
        Ok(walk)
    }

    /// 归档: completed → archived. Seals the walk, its steps and problems under a 核验码 computed
    /// from that content; the change log records the sealed content beside it.
    pub fn archive_walk(&mut self, walk_id: &str) -> Result<Walk> {
        let mut walk = self.walk(walk_id)?;
        rules::walk_transition(walk.status, WalkStatus::Archived).map_err(|e| sealed_id(e, walk_id))?;
        walk.status = WalkStatus::Archived;
        let sealed = SealedWalk { walk: walk.clone(), steps: self.steps(walk_id)?, problems: self.walk_problems(walk_id)? };
        let code = sealed.code()?;
        self.write(|w| {
            w.log("walk", &sealed.walk.id, "archive", &sealed)?;
            w.tx.execute("UPDATE walks SET status = 'archived', seal_code = ?2 WHERE id = ?1", (walk_id, &code))?;
            Ok(())
        })?;
        walk.seal_code = Some(code);
        Ok(walk)
    }

    /// What a sealed walk's 核验码 vouches for, as the database holds it now.
    pub fn sealed_walk(&self, walk_id: &str) -> Result<SealedWalk> {
        Ok(SealedWalk { walk: self.walk(walk_id)?, steps: self.steps(walk_id)?, problems: self.walk_problems(walk_id)? })
    }

    pub fn walk(&self, id: &str) -> Result<Walk> {
        let sql = format!("SELECT {} FROM walks WHERE id = ?1", rows::WALK_COLS);
        let walk = self.conn().query_row(&sql, [id], rows::walk).optional()?;
        let mut walk = walk.ok_or_else(|| Error::not_found("walk", id))?;
        self.fill_walk_links(&mut walk)?;
        Ok(walk)
    }

    /// Walks matching the filter, newest first.
    pub fn walks(&self, filter: &WalkFilter) -> Result<Vec<Walk>> {
        let departments = self.subtree_filter(filter.department_id.as_deref())?;
        let sql = format!(
            "SELECT {} FROM walks
             WHERE (?1 IS NULL OR department_id IN (SELECT value FROM json_each(?1)))
               AND (?2 IS NULL OR leader_id = ?2) AND (?3 IS NULL OR kind = ?3) AND (?4 IS NULL OR status = ?4)
               AND (?5 IS NULL OR walk_date >= ?5) AND (?6 IS NULL OR walk_date <= ?6)
             ORDER BY walk_date DESC, n DESC LIMIT ?7",
            rows::WALK_COLS
        );
        let mut stmt = self.conn().prepare(&sql)?;
        let list: Vec<Walk> = stmt
            .query_map(
                rusqlite::params![
                    departments,
                    filter.leader_id,
                    filter.kind,
                    filter.status,
                    filter.from.as_ref().map(date),
                    filter.to.as_ref().map(date),
                    filter.limit.map(i64::from).unwrap_or(-1)
                ],
                rows::walk,
            )?
            .collect::<rusqlite::Result<_>>()?;
        let mut list = list;
        for walk in &mut list {
            self.fill_walk_links(walk)?;
        }
        Ok(list)
    }

    fn fill_walk_links(&self, walk: &mut Walk) -> Result<()> {
        let mut stmt = self.conn().prepare_cached("SELECT matter_id FROM walk_matters WHERE walk_id = ?1 ORDER BY matter_id")?;
        walk.matter_ids = stmt.query_map([&walk.id], |r| r.get(0))?.collect::<rusqlite::Result<_>>()?;
        let mut stmt =
            self.conn().prepare_cached("SELECT person_id FROM walk_companions WHERE walk_id = ?1 ORDER BY person_id")?;
        walk.companion_ids = stmt.query_map([&walk.id], |r| r.get(0))?.collect::<rusqlite::Result<_>>()?;
        Ok(())
    }
}

fn sealed_id(e: Error, walk_id: &str) -> Error {
    match e {
        Error::Sealed { .. } => Error::Sealed { walk_id: walk_id.to_string() },
        other => other,
    }
}

/// Inserts or replaces a walk row and its link rows (the caller logs the change).
pub(crate) fn put_walk(w: &mut Writer<'_>, walk: &Walk) -> Result<()> {
    let walk_date = walk.walk_date();
    let inc = walk.incognito;
    w.tx.prepare_cached(
        "INSERT INTO walks(id, title, department_id, leader_id, kind, manner, ways, channel, place_level, place_name,
             identity_hidden, no_notice, no_escort, alias, planned_date, started_at, ended_at, walk_date, status,
             reflection, suggestions, questionnaires, coordinated, seal_code, capture_mode, entered_at, amended_at,
             original_started_at, original_ended_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20, ?21, ?22, ?23, ?24,
             ?25, ?26, ?27, ?28, ?29)
         ON CONFLICT(id) DO UPDATE SET title = excluded.title, department_id = excluded.department_id,
             leader_id = excluded.leader_id, kind = excluded.kind, manner = excluded.manner, ways = excluded.ways,
             channel = excluded.channel, place_level = excluded.place_level, place_name = excluded.place_name,
             identity_hidden = excluded.identity_hidden, no_notice = excluded.no_notice, no_escort = excluded.no_escort,
             alias = excluded.alias, planned_date = excluded.planned_date, started_at = excluded.started_at,
             ended_at = excluded.ended_at, walk_date = excluded.walk_date, status = excluded.status,
             reflection = excluded.reflection, suggestions = excluded.suggestions,
             questionnaires = excluded.questionnaires, coordinated = excluded.coordinated, seal_code = excluded.seal_code,
             capture_mode = excluded.capture_mode, entered_at = excluded.entered_at, amended_at = excluded.amended_at,
             original_started_at = excluded.original_started_at, original_ended_at = excluded.original_ended_at")?
    .execute(rusqlite::params![
            walk.id,
            walk.title.trim(),
            walk.department_id,
            walk.leader_id,
            walk.kind,
            walk.manner,
            serde_json::to_string(&walk.ways)?,
            walk.channel,
            walk.place_level,
            walk.place_name.trim(),
            inc.map(|i| i.identity_hidden),
            inc.map(|i| i.no_notice),
            inc.map(|i| i.no_escort),
            walk.alias.as_deref().map(str::trim).filter(|a| !a.is_empty()),
            date(&walk.planned_date),
            walk.started_at.as_ref().map(ts),
            walk.ended_at.as_ref().map(ts),
            date(&walk_date),
            walk.status,
            walk.reflection,
            walk.suggestions,
            walk.questionnaires,
            walk.coordinated,
            walk.seal_code,
            walk.capture.mode,
            walk.capture.entered_at.as_ref().map(ts),
            walk.capture.amended_at.as_ref().map(ts),
            walk.capture.original_started_at.as_ref().map(ts),
            walk.capture.original_ended_at.as_ref().map(ts),
        ])?;
    w.tx.prepare_cached("DELETE FROM walk_matters WHERE walk_id = ?1")?.execute([&walk.id])?;
    for m in &walk.matter_ids {
        w.tx.prepare_cached("INSERT OR IGNORE INTO walk_matters(walk_id, matter_id) VALUES (?1, ?2)")?.execute((&walk.id, m))?;
    }
    w.tx.prepare_cached("DELETE FROM walk_companions WHERE walk_id = ?1")?.execute([&walk.id])?;
    for p in &walk.companion_ids {
        w.tx.prepare_cached("INSERT OR IGNORE INTO walk_companions(walk_id, person_id) VALUES (?1, ?2)")?.execute((&walk.id, p))?;
    }
    Ok(())
}
