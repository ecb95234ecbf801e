//! 不走过场: whether the walks of a unit were recorded as they happened. Per unit and period:
//! the share of done walks recorded live (开始/下一环节/结束 stamped on the spot, nothing typed in
//! or corrected), walks with photos, photos taken outside their step (or with no capture time),
//! edits made after the walk ended, and the days from a walk's end to its sealing (归档). A unit
//! that records most of its walks after the fact stands out.

use crate::error::Result;
use crate::model::Department;
use crate::store::{date, Store};
use serde::Serialize;
use std::collections::HashMap;

use super::{Period, Scope};

/// Below this share of walks recorded live, a unit's records stand out as typed up afterwards.
pub const LIVE_SHARE_FLOOR: f64 = 50.0;

#[derive(Debug, Clone, Default, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Evidence {
    /// Done walks (completed or archived) of the period.
    pub walks: u32,
    /// Of them, recorded live throughout.
    pub walks_live: u32,
    /// walks_live / walks in percent; None without walks.
    pub live_share: Option<f64>,
    pub walks_with_photos: u32,
    pub photos: u32,
    /// Photos taken outside their step's window (± 30 min) or without a capture time.
    pub photos_outside: u32,
    /// Change-log lines on the walks, their steps and problems written after the walk ended
    /// (sealing excepted): the 修改记录's 事后修改.
    pub late_edits: u32,
    /// Average days from a walk's end to its sealing, over the sealed walks; None if none.
    pub days_to_seal: Option<f64>,
    /// Most walks recorded after the fact (live share below 50 %).
    pub stands_out: bool,
}

impl Evidence {
    fn finish(mut self, sealed: u32, days_total: f64) -> Evidence {
        self.live_share = (self.walks > 0).then(|| f64::from(self.walks_live) * 100.0 / f64::from(self.walks));
        self.days_to_seal = (sealed > 0).then(|| days_total / f64::from(sealed));
        self.stands_out = self.live_share.is_some_and(|s| s < LIVE_SHARE_FLOOR);
        self
    }

    /// The sentence the 完成情况报告 prints.
    pub fn sentence(&self) -> String {
        let pct = |v: Option<f64>| v.map(|v| format!("{v:.0}%")).unwrap_or_else(|| "—".into());
        format!(
            "完成的 {} 次体验中，现场记录 {} 次（{}），附现场照片的 {} 次；照片 {} 张，其中拍摄时间不在所属环节内或无拍摄时间的 {} 张；体验结束后修改 {} 处；从体验结束到归档平均 {} 天。",
            self.walks,
            self.walks_live,
            pct(self.live_share),
            self.walks_with_photos,
            self.photos,
            self.photos_outside,
            self.late_edits,
            self.days_to_seal.map(|d| format!("{d:.1}")).unwrap_or_else(|| "—".into()),
        )
    }
}

/// Per unit: (walks, live, with photos, photos, outside, late edits, sealed, days total).
type Row = (u32, u32, u32, u32, u32, u32, u32, f64);

impl Store {
    /// The scope's evidence figures in total and per unit in scope (units without done walks
    /// included, with zeros), sorted as `figures_by_department`.
    pub fn evidence(&self, scope: &Scope, period: &Period) -> Result<(Evidence, Vec<(Department, Evidence)>)> {
        let (units, _) = self.scope_units(scope)?;
        let rows = self.evidence_rows(&units, period)?;
        let mut total = Row::default();
        let mut per_unit = Vec::with_capacity(units.len());
        for id in &units {
            let r = rows.get(id).copied().unwrap_or_default();
            total = (total.0 + r.0, total.1 + r.1, total.2 + r.2, total.3 + r.3, total.4 + r.4, total.5 + r.5, total.6 + r.6, total.7 + r.7);
            per_unit.push((self.department(id)?, evidence_of(r)));
        }
        per_unit.sort_by(|a, b| (a.0.level, &a.0.name).cmp(&(b.0.level, &b.0.name)));
        Ok((evidence_of(total), per_unit))
    }

    /// One grouped query per figure over the period's done walks of the units.
    fn evidence_rows(&self, units: &[String], period: &Period) -> Result<HashMap<String, Row>> {
        let conn = self.conn();
        let params = (serde_json::to_string(units)?, date(&period.from), date(&period.to));
        let walks = "SELECT id, department_id, started_at, ended_at, capture_mode, amended_at FROM walks
                     WHERE department_id IN (SELECT value FROM json_each(?1)) AND walk_date BETWEEN ?2 AND ?3
                       AND status IN ('completed','archived')";
        let mut rows: HashMap<String, Row> = HashMap::new();

        let sql = format!(
            "SELECT w.department_id, count(*),
                count(*) FILTER (WHERE w.capture_mode = 'live' AND w.amended_at IS NULL AND NOT EXISTS (
                    SELECT 1 FROM steps s WHERE s.walk_id = w.id AND (s.capture_mode <> 'live' OR s.amended_at IS NOT NULL)))
             FROM ({walks}) w GROUP BY 1"
        );
        for r in conn.prepare(&sql)?.query_map((&params.0, &params.1, &params.2), |r| Ok((r.get::<_, String>(0)?, r.get(1)?, r.get(2)?)))? {
            let (unit, n, live) = r?;
            let e = rows.entry(unit).or_default();
            (e.0, e.1) = (n, live);
        }

        // Every photo of a walk, its steps and its problems, with the window it should fall in:
        // its step's (a problem's step, else the walk's), open steps ending with the walk — the
        // rule of `photo::presence`, in SQL.
        let slack = crate::photo::PRESENCE_TOLERANCE_MINUTES as f64 / 1440.0;
        let sql = format!(
            "WITH w AS ({walks}),
             photos AS (
                SELECT w.id AS walk_id, w.department_id, a.taken_at, w.started_at AS s, w.ended_at AS e
                  FROM w JOIN attachments a ON a.owner_kind = 'walk' AND a.owner_id = w.id
                 WHERE a.mime LIKE 'image/%'
                UNION ALL
                SELECT w.id, w.department_id, a.taken_at, st.started_at, coalesce(st.ended_at, w.ended_at)
                  FROM w JOIN steps st ON st.walk_id = w.id
                  JOIN attachments a ON a.owner_kind = 'step' AND a.owner_id = st.id
                 WHERE a.mime LIKE 'image/%'
                UNION ALL
                SELECT w.id, w.department_id, a.taken_at, coalesce(st.started_at, w.started_at),
                       coalesce(st.ended_at, w.ended_at)
                  FROM w JOIN problems p ON p.walk_id = w.id
                  LEFT JOIN steps st ON st.id = p.step_id
                  JOIN attachments a ON a.owner_kind = 'problem' AND a.owner_id = p.id
                 WHERE a.mime LIKE 'image/%')
             SELECT department_id, count(DISTINCT walk_id), count(*),
                    count(*) FILTER (WHERE taken_at IS NULL OR julianday(taken_at) < julianday(s) - ?4
                                        OR julianday(taken_at) > julianday(e) + ?4)
             FROM photos GROUP BY 1"
        );
        let mut stmt = conn.prepare(&sql)?;
        let found = stmt.query_map((&params.0, &params.1, &params.2, slack), |r| {
            Ok((r.get::<_, String>(0)?, r.get(1)?, r.get(2)?, r.get(3)?))
        })?;
        for r in found {
            let (unit, with, photos, outside) = r?;
            let e = rows.entry(unit).or_default();
            (e.2, e.3, e.4) = (with, photos, outside);
        }

        // Lines after the walk's end on the walk, its steps and its problems, deleted ones
        // included (their delete line says which walk they were of), sealing excepted. Each
        // part is driven by the period's walks (CROSS JOIN keeps that order: left to itself the
        // planner walks every step line of every year) and answered from the change log's
        // (entity, entity_id, action, at) index without reading the lines.
        let sql = format!(
            "WITH w AS ({walks}),
             deleted AS (
                SELECT entity, entity_id AS id, json_extract(state, '$.walk_id') AS walk_id FROM change_log
                 WHERE action = 'delete' AND entity IN ('step', 'problem')),
             lines AS (
                SELECT w.department_id, w.ended_at, l.at, l.action FROM w
                  JOIN change_log l ON l.entity = 'walk' AND l.entity_id = w.id
                UNION ALL
                SELECT w.department_id, w.ended_at, l.at, l.action FROM w
                  CROSS JOIN steps c ON c.walk_id = w.id
                  CROSS JOIN change_log l ON l.entity = 'step' AND l.entity_id = c.id
                UNION ALL
                SELECT w.department_id, w.ended_at, l.at, l.action FROM w
                  CROSS JOIN problems c ON c.walk_id = w.id
                  CROSS JOIN change_log l ON l.entity = 'problem' AND l.entity_id = c.id
                UNION ALL
                SELECT w.department_id, w.ended_at, l.at, l.action FROM deleted c
                  JOIN w ON w.id = c.walk_id
                  JOIN change_log l ON l.entity = c.entity AND l.entity_id = c.id)
             SELECT department_id, count(*) FROM lines
             WHERE action <> 'archive' AND julianday(at) > julianday(ended_at)
             GROUP BY 1"
        );
        for r in conn.prepare(&sql)?.query_map((&params.0, &params.1, &params.2), |r| Ok((r.get::<_, String>(0)?, r.get(1)?)))? {
            let (unit, late) = r?;
            rows.entry(unit).or_default().5 = late;
        }

        let sql = format!(
            "WITH w AS ({walks})
             SELECT w.department_id, count(*), coalesce(sum(julianday(l.at) - julianday(w.ended_at)), 0)
             FROM w JOIN change_log l ON l.entity = 'walk' AND l.entity_id = w.id AND l.action = 'archive'
             GROUP BY 1"
        );
        for r in conn.prepare(&sql)?.query_map((&params.0, &params.1, &params.2), |r| Ok((r.get::<_, String>(0)?, r.get(1)?, r.get(2)?)))? {
            let (unit, sealed, days): (String, u32, f64) = r?;
            let e = rows.entry(unit).or_default();
            (e.6, e.7) = (sealed, days);
        }
        Ok(rows)
    }
}

fn evidence_of(r: Row) -> Evidence {
    let e = Evidence {
        walks: r.0,
        walks_live: r.1,
        walks_with_photos: r.2,
        photos: r.3,
        photos_outside: r.4,
        late_edits: r.5,
        ..Evidence::default()
    };
    e.finish(r.6, r.7)
}
