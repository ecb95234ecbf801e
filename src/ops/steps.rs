//! Steps (环节) of a walk: the live "下一环节" flow and the secretary's edits.

use super::id_or_new;
use crate::error::{Error, Result};
use crate::model::*;
use crate::store::{rows, ts, Store, Writer};
use crate::validate::{self, Normalise};
use rusqlite::OptionalExtension;

impl Store {
    /// 下一环节: closes the open step of an in-progress walk and opens the next one, both at the
    /// core's clock. The caller sends no time.
    pub fn next_step(&mut self, walk_id: &str, name: &str, place: &str) -> Result<Step> {
        self.next_step_as(&crate::store::new_id(), walk_id, name, place)
    }

    /// `next_step` under a given id (the demo plans its ids ahead).
    pub(crate) fn next_step_as(&mut self, id: &str, walk_id: &str, name: &str, place: &str) -> Result<Step> {
        let walk = self.walk(walk_id)?;
        self.ensure_editable(&walk)?;
        if walk.status != WalkStatus::InProgress {
            return Err(Error::transition("体验尚未开始或已结束，不能添加环节。请先点击“开始体验”。"));
        }
        let steps = self.steps(walk_id)?;
        let open = steps.iter().find(|s| s.ended_at.is_none()).cloned();
        let mut step = Step {
            id: id.to_string(),
            seq: steps.iter().map(|s| s.seq).max().unwrap_or(0) + 1,
            capture: Capture::live(),
            ..Step::new(walk_id, name, place, self.now(), None)
        };
        step.normalise();
        self.write(|w| {
            let now = w.now;
            step.started_at = now;
            if let Some(mut prev) = open {
                prev.ended_at = Some(now.max(prev.started_at));
                put_step(w, &prev)?;
                w.log("step", &prev.id, "finish", &prev)?;
            }
            validate::step(&w.tx, &step)?;
            put_step(w, &step)?;
            w.log("step", &step.id, "start", &step)?;
            Ok(())
        })?;
        Ok(step)
    }

    /// Creates (blank id) or edits a step's fields; order 0 means "append". The times of an
    /// existing step are its record and stay as they are — a late or repeated save can never
    /// reopen a closed step; `retime_step` changes them explicitly. A new step typed in after
    /// the fact (补录) brings its times.
    pub fn save_step(&mut self, mut step: Step) -> Result<Step> {
        let walk = self.walk(&step.walk_id)?;
        self.ensure_editable(&walk)?;
        step.id = id_or_new(&step.id);
        let existing = self.find_step(&step.id)?;
        let action = if let Some(existing) = &existing {
            if existing.walk_id != step.walk_id {
                return Err(Error::invalid("walk_id", "环节不能移到另一次体验。"));
            }
            if step.seq == 0 {
                step.seq = existing.seq;
            }
            step.started_at = existing.started_at;
            step.ended_at = existing.ended_at;
            step.capture = existing.capture.clone();
            "save"
        } else {
            if step.seq == 0 {
                step.seq = self.steps(&step.walk_id)?.iter().map(|s| s.seq).max().unwrap_or(0) + 1;
            }
            "add"
        };
        step.normalise();
        if existing.as_ref() == Some(&step) {
            return Ok(step);
        }
        self.write(|w| {
            if existing.is_none() {
                // 事后补录: the times came from the form; when they were typed is the record.
                step.capture = Capture::entered(CaptureMode::Typed, w.now);
            }
            validate::step(&w.tx, &step)?;
            put_step(w, &step)?;
            w.log("step", &step.id, action, &step)?;
            Ok(())
        })?;
        Ok(step)
    }

    /// 修改环节时间: the explicit correction of a step's start or end after the fact, logged as
    /// `retime` with the times it replaces. `ended_at: None` keeps the end as it is.
    pub fn retime_step(&mut self, step_id: &str, started_at: Timestamp, ended_at: Option<Timestamp>) -> Result<Step> {
        let mut step = self.step(step_id)?;
        let walk = self.walk(&step.walk_id)?;
        self.ensure_editable(&walk)?;
        let (old_start, old_end) = (step.started_at, step.ended_at);
        step.started_at = started_at;
        step.ended_at = ended_at.or(step.ended_at);
        if (step.started_at, step.ended_at) == (old_start, old_end) {
            return Ok(step);
        }
        self.write(|w| {
            step.capture.amend(w.now, Some(old_start), old_end);
            validate::step(&w.tx, &step)?;
            put_step(w, &step)?;
            // The line before this one for the step holds the times it replaces.
            w.log("step", &step.id, "retime", &step)?;
            Ok(())
        })?;
        Ok(step)
    }

    /// Removes a step (its problems stay with the walk, no longer tied to a step).
    pub fn delete_step(&mut self, step_id: &str) -> Result<()> {
        let step = self.step(step_id)?;
        let walk = self.walk(&step.walk_id)?;
        self.ensure_editable(&walk)?;
        self.write(|w| {
            w.tx.execute("DELETE FROM steps WHERE id = ?1", [step_id])?;
            w.log("step", step_id, "delete", &step)?;
            Ok(())
        })
    }

    pub fn step(&self, id: &str) -> Result<Step> {
        self.find_step(id)?.ok_or_else(|| Error::not_found("step", id))
    }

    fn find_step(&self, id: &str) -> Result<Option<Step>> {
        let sql = format!("SELECT {} FROM steps WHERE id = ?1", rows::STEP_COLS);
        Ok(self.conn().query_row(&sql, [id], rows::step).optional()?)
    }

    /// The steps of a walk in order.
    pub fn steps(&self, walk_id: &str) -> Result<Vec<Step>> {
        let sql = format!("SELECT {} FROM steps WHERE walk_id = ?1 ORDER BY seq", rows::STEP_COLS);
        let mut stmt = self.conn().prepare_cached(&sql)?;
        let list = stmt.query_map([walk_id], rows::step)?.collect::<rusqlite::Result<_>>()?;
        Ok(list)
    }

    /// Refuses any edit to an archived (sealed) walk.
    pub(crate) fn ensure_editable(&self, walk: &Walk) -> Result<()> {
        if walk.status == WalkStatus::Archived {
            return Err(Error::Sealed { walk_id: walk.id.clone() });
        }
        Ok(())
    }
}

pub(crate) fn put_step(w: &mut Writer<'_>, s: &Step) -> Result<()> {
    w.tx.prepare_cached(
        "INSERT INTO steps(id, walk_id, seq, name, place, started_at, ended_at, waiting_minutes, materials_count,
             materials_names, trips, observations, rating, capture_mode, entered_at, amended_at, original_started_at,
             original_ended_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18)
         ON CONFLICT(id) DO UPDATE SET seq = excluded.seq, name = excluded.name, place = excluded.place,
             started_at = excluded.started_at, ended_at = excluded.ended_at, waiting_minutes = excluded.waiting_minutes,
             materials_count = excluded.materials_count, materials_names = excluded.materials_names,
             trips = excluded.trips, observations = excluded.observations, rating = excluded.rating,
             capture_mode = excluded.capture_mode, entered_at = excluded.entered_at, amended_at = excluded.amended_at,
             original_started_at = excluded.original_started_at, original_ended_at = excluded.original_ended_at")?
    .execute(rusqlite::params![
            s.id,
            s.walk_id,
            s.seq,
            s.name,
            s.place,
            ts(&s.started_at),
            s.ended_at.as_ref().map(ts),
            s.waiting_minutes,
            s.materials_count,
            s.materials_names,
            s.trips,
            s.observations,
            s.rating,
            s.capture.mode,
            s.capture.entered_at.as_ref().map(ts),
            s.capture.amended_at.as_ref().map(ts),
            s.capture.original_started_at.as_ref().map(ts),
            s.capture.original_ended_at.as_ref().map(ts),
        ])
    .map_err(|e| match e {
        rusqlite::Error::SqliteFailure(_, Some(msg)) if msg.contains("UNIQUE") && msg.contains("seq") => {
            Error::invalid("seq", "该次体验已有相同序号的环节。")
        }
        other => other.into(),
    })?;
    Ok(())
}
