//! 记录方式 in words: how a walk's times were recorded, one wording for the live screen, the walk
//! list, the CLI and the 体验纪实表 (「现场记录 5/5 环节」, 「第 3 环节时间为事后补录（11月14日 16:20 录入）」).

use crate::error::Result;
use crate::model::*;
use crate::store::Store;
use serde::Serialize;

/// A walk's capture at a glance (the walk list), and in detail (the walk's own screens).
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct CaptureSummary {
    pub walk_id: String,
    pub steps: u32,
    /// Steps recorded live and never corrected by hand.
    pub live_steps: u32,
    /// Everything was recorded live: the walk's start and end and every step.
    pub all_live: bool,
    /// 「现场记录 5/5 环节」, 「现场记录 3/5 环节」, 「导入」…
    pub headline: String,
    /// One sentence per walk time or step not recorded live (empty in the walk list).
    pub notes: Vec<String>,
}

impl CaptureSummary {
    /// `amended`: the walk's own times were corrected by hand.
    fn new(walk_id: &str, started: bool, mode: CaptureMode, amended: bool, steps: u32, live_steps: u32, notes: Vec<String>) -> CaptureSummary {
        let walk_live = mode == CaptureMode::Live && !amended;
        let headline = match (started, mode, steps) {
            (false, _, _) => "尚未开始".to_string(),
            (true, CaptureMode::Imported, _) if live_steps == 0 => "导入".to_string(),
            (true, _, 0) => format!("{}，尚无环节", if walk_live { "现场记录" } else { "事后记录" }),
            (true, _, n) => format!("现场记录 {live_steps}/{n} 环节"),
        };
        CaptureSummary {
            walk_id: walk_id.to_string(),
            steps,
            live_steps,
            all_live: started && walk_live && live_steps == steps,
            headline,
            notes,
        }
    }
}

/// Is this step's time its live record?
pub fn is_live(c: &Capture) -> bool {
    c.mode == CaptureMode::Live && c.amended_at.is_none()
}

/// The summary of one walk with its steps, with a sentence for each time not recorded live.
pub fn summarise(walk: &Walk, steps: &[Step]) -> CaptureSummary {
    let mut notes = Vec::new();
    if walk.started_at.is_some() {
        if let Some(n) = note(&walk.capture, "体验起止时间") {
            notes.push(n);
        }
    }
    for s in steps {
        if let Some(n) = note(&s.capture, &format!("第 {} 环节时间", s.seq)) {
            notes.push(n);
        }
    }
    let live = steps.iter().filter(|s| is_live(&s.capture)).count() as u32;
    let c = &walk.capture;
    CaptureSummary::new(&walk.id, walk.started_at.is_some(), c.mode, c.amended_at.is_some(), steps.len() as u32, live, notes)
}

/// 「第 3 环节时间为事后补录（11月14日 16:20 录入）」, or nothing for a live record.
fn note(c: &Capture, what: &str) -> Option<String> {
    let entered = c.entered_at.map(|t| format!("（{} 录入）", when(&t))).unwrap_or_default();
    let mut text = match c.mode {
        CaptureMode::Live if c.amended_at.is_none() => return None,
        CaptureMode::Live => format!("{what}为事后修改"),
        CaptureMode::Typed => format!("{what}为事后补录{entered}"),
        CaptureMode::Imported => format!("{what}为导入{}", entered.replace("录入", "导入")),
    };
    if let Some(at) = c.amended_at {
        let original = match (c.original_started_at, c.original_ended_at) {
            (Some(s), Some(e)) => format!("，原记录 {}–{}", when(&s), clock(&e)),
            (Some(s), None) => format!("，原记录 {} 起", when(&s)),
            _ => String::new(),
        };
        if c.mode == CaptureMode::Live {
            text.push_str(&format!("（{} 修改{original}）", when(&at)));
        } else {
            text.push_str(&format!("，{} 又经修改{original}", when(&at)));
        }
    }
    Some(text)
}

/// 11月14日 16:20, in the time's own offset (the programme's clock).
fn when(t: &Timestamp) -> String {
    t.format("%-m月%-d日 %H:%M").to_string()
}

fn clock(t: &Timestamp) -> String {
    t.format("%H:%M").to_string()
}

impl Store {
    /// The capture of one walk, with its sentences.
    pub fn walk_capture(&self, walk_id: &str) -> Result<CaptureSummary> {
        Ok(summarise(&self.walk(walk_id)?, &self.steps(walk_id)?))
    }

    /// Headlines for a list of walks (no sentences), in one query; unknown ids are left out.
    pub fn walk_captures(&self, walk_ids: &[String]) -> Result<Vec<CaptureSummary>> {
        let ids = serde_json::to_string(walk_ids)?;
        let mut stmt = self.conn().prepare_cached(
            "SELECT w.id, w.started_at IS NOT NULL, w.capture_mode, w.amended_at IS NOT NULL,
                    (SELECT count(*) FROM steps s WHERE s.walk_id = w.id),
                    (SELECT count(*) FROM steps s WHERE s.walk_id = w.id AND s.capture_mode = 'live' AND s.amended_at IS NULL)
             FROM json_each(?1) j JOIN walks w ON w.id = j.value ORDER BY j.key",
        )?;
        let list = stmt
            .query_map([&ids], |r| {
                let id: String = r.get(0)?;
                Ok(CaptureSummary::new(&id, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?, r.get(5)?, Vec::new()))
            })?
            .collect::<rusqlite::Result<_>>()?;
        Ok(list)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(s: &str) -> Timestamp {
        chrono::DateTime::parse_from_rfc3339(s).unwrap()
    }

    #[test]
    fn sentences_say_when_times_were_typed_or_corrected() {
        let typed = Capture::entered(CaptureMode::Typed, at("2026-11-14T16:20:00+08:00"));
        assert_eq!(note(&typed, "第 3 环节时间").unwrap(), "第 3 环节时间为事后补录（11月14日 16:20 录入）");
        let mut live = Capture::live();
        assert_eq!(note(&live, "x"), None);
        live.amend(at("2026-11-15T10:00:00+08:00"), Some(at("2026-11-14T09:10:00+08:00")), Some(at("2026-11-14T09:25:00+08:00")));
        assert_eq!(
            note(&live, "第 2 环节时间").unwrap(),
            "第 2 环节时间为事后修改（11月15日 10:00 修改，原记录 11月14日 09:10–09:25）"
        );
        // A second correction keeps the first original.
        live.amend(at("2026-11-16T10:00:00+08:00"), Some(at("2026-11-14T08:00:00+08:00")), None);
        assert!(note(&live, "x").unwrap().contains("11月16日 10:00 修改，原记录 11月14日 09:10–09:25"));
    }
}
