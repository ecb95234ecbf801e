//! 走流程计划: a head's plan for a quarter or a year, its progress against the walks done, the
//! office's view of plan against done for every unit, and planned walks made from a plan.

use super::id_or_new;
use crate::error::{Error, Result};
use crate::model::*;
use crate::store::{date, rows, Store, Writer};
use crate::validate::{self, Normalise};
use chrono::Datelike;
use rusqlite::OptionalExtension;
use serde::{Deserialize, Serialize};

/// A walk counts for a plan once it has ended (已完成 or 已归档) within the plan's period.
const DONE_SQL: &str = "status IN ('completed', 'archived')";

/// A plan with what has been done against it.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct PlanProgress {
    pub plan: WalkPlan,
    pub period_zh: String,
    #[cfg_attr(feature = "ts", ts(as = "Date"))]
    pub period_start: Date,
    #[cfg_attr(feature = "ts", ts(as = "Date"))]
    pub period_end: Date,
    pub leader_name: String,
    pub department_name: String,
    pub planned: u32,
    /// Walks of the head ended in the period, by kind (日常, 交叉, 受理).
    pub done_daily: u32,
    pub done_cross: u32,
    pub done_acceptance: u32,
    /// Done walks counted against the plan: per kind at most what was planned.
    pub counted: u32,
    /// Walks of the head in the period still only planned or under way.
    pub scheduled: u32,
}

impl PlanProgress {
    /// 2/3 this quarter, as the share counted (1.0 when nothing was planned).
    pub fn rate(&self) -> f64 {
        if self.planned == 0 {
            1.0
        } else {
            f64::from(self.counted) / f64::from(self.planned)
        }
    }
}

/// 计划完成率 over a set of plans: walks counted against them / walks planned.
pub fn completion_rate(plans: &[PlanProgress]) -> Option<f64> {
    let planned: u32 = plans.iter().map(|p| p.planned).sum();
    let counted: u32 = plans.iter().map(|p| p.counted).sum();
    (planned > 0).then(|| f64::from(counted) / f64::from(planned))
}

/// One head in the office's view of a period: planned and done.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct HeadPlanLine {
    pub department_id: String,
    pub department_name: String,
    pub leader_id: String,
    pub leader_name: String,
    /// Walks planned for the period (0 = no plan).
    pub planned: u32,
    pub done: u32,
    pub counted: u32,
}

/// The office's view: every head of the units in scope for one period.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct PlanOverview {
    pub period_zh: String,
    pub heads: Vec<HeadPlanLine>,
    /// 计划完成率 of the heads with a plan; None when nobody planned.
    pub rate: Option<f64>,
    pub without_plan: u32,
    pub without_walk: u32,
}

/// A walk of the calendar: planned (计划中) on its planned date, others on the day they count for.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct CalendarWalk {
    pub id: String,
    pub title: String,
    pub kind: WalkKind,
    pub status: WalkStatus,
    #[cfg_attr(feature = "ts", ts(as = "Date"))]
    pub day: Date,
    pub leader_name: String,
}

impl Store {
    /// Creates (blank id) or replaces a plan. One plan per head and period.
    pub fn save_plan(&mut self, mut plan: WalkPlan) -> Result<WalkPlan> {
        plan.id = id_or_new(&plan.id);
        plan.normalise();
        let clash: Option<String> = self
            .conn()
            .prepare_cached("SELECT id FROM walk_plans WHERE leader_id = ?1 AND year = ?2 AND ifnull(quarter, 0) = ifnull(?3, 0) AND id <> ?4")?
            .query_row((&plan.leader_id, plan.year, plan.quarter, &plan.id), |r| r.get(0))
            .optional()?;
        if clash.is_some() {
            return Err(Error::invalid("quarter", format!("该一把手{}已有计划，请修改原计划。", plan.period_zh())));
        }
        if let Some(old) = self.find_plan(&plan.id)? {
            if old == plan {
                return Ok(plan);
            }
        }
        self.write(|w| {
            validate::plan(&w.tx, &plan)?;
            put_plan(w, &plan)?;
            w.log("plan", &plan.id, "save", &plan)?;
            Ok(())
        })?;
        Ok(plan)
    }

    pub fn delete_plan(&mut self, id: &str) -> Result<()> {
        let plan = self.plan(id)?;
        self.write(|w| {
            w.tx.prepare_cached("DELETE FROM walk_plans WHERE id = ?1")?.execute([id])?;
            w.log("plan", id, "delete", &plan)?;
            Ok(())
        })
    }

    pub fn plan(&self, id: &str) -> Result<WalkPlan> {
        self.find_plan(id)?.ok_or_else(|| Error::not_found("plan", id))
    }

    fn find_plan(&self, id: &str) -> Result<Option<WalkPlan>> {
        read_plan(self.conn(), id)
    }

    /// The plans of a unit (and its sub-units) whose period overlaps `from..=to`, with progress.
    pub fn plans(&self, department_id: Option<&str>, from: Date, to: Date) -> Result<Vec<PlanProgress>> {
        let units = self.subtree_filter(department_id)?;
        let cols: Vec<String> = rows::PLAN_COLS.split(", ").map(|c| format!("p.{c}")).collect();
        let sql = format!(
            "SELECT {}, h.name, d.name FROM walk_plans p JOIN people h ON h.id = p.leader_id
                 JOIN departments d ON d.id = p.department_id
             WHERE (?1 IS NULL OR p.department_id IN (SELECT value FROM json_each(?1)))
               AND p.year BETWEEN ?2 AND ?3
             ORDER BY p.year, ifnull(p.quarter, 0), d.name, h.name",
            cols.join(", ")
        );
        let list: Vec<(WalkPlan, String, String)> = self
            .conn()
            .prepare_cached(&sql)?
            .query_map((&units, from.year(), to.year()), |r| {
                Ok((rows::plan(r)?, r.get(11)?, r.get(12)?))
            })?
            .collect::<rusqlite::Result<_>>()?;
        let mut out = Vec::new();
        for (plan, leader_name, department_name) in list {
            let Some((start, end)) = plan.period() else { continue };
            if end < from || start > to {
                continue;
            }
            out.push(self.progress_of(plan, start, end, leader_name, department_name)?);
        }
        Ok(out)
    }

    fn progress_of(&self, plan: WalkPlan, start: Date, end: Date, leader_name: String, department_name: String) -> Result<PlanProgress> {
        let sql = format!(
            "SELECT ifnull(sum(kind = 'daily' AND {DONE_SQL}), 0), ifnull(sum(kind = 'cross' AND {DONE_SQL}), 0),
                    ifnull(sum(kind = 'acceptance' AND {DONE_SQL}), 0), ifnull(sum(NOT ({DONE_SQL})), 0)
             FROM walks WHERE leader_id = ?1 AND walk_date BETWEEN ?2 AND ?3"
        );
        let (daily, cross, acceptance, scheduled): (u32, u32, u32, u32) = self
            .conn()
            .prepare_cached(&sql)?
            .query_row((&plan.leader_id, date(&start), date(&end)), |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))?;
        let counted = daily.min(plan.daily) + cross.min(plan.cross) + acceptance.min(plan.acceptance);
        Ok(PlanProgress {
            period_zh: plan.period_zh(),
            period_start: start,
            period_end: end,
            leader_name,
            department_name,
            planned: plan.planned(),
            done_daily: daily,
            done_cross: cross,
            done_acceptance: acceptance,
            counted,
            scheduled,
            plan,
        })
    }

    /// The office's view of one quarter (or a year when `quarter` is None): every head of the
    /// units in scope with planned and done, and the heads with nothing planned or nothing done.
    pub fn plan_overview(&self, department_id: Option<&str>, year: i32, quarter: Option<u8>) -> Result<PlanOverview> {
        let probe = WalkPlan {
            id: String::new(),
            department_id: String::new(),
            leader_id: String::new(),
            year,
            quarter,
            daily: 0,
            cross: 0,
            acceptance: 0,
            matter_ids: Vec::new(),
            places: String::new(),
            note: String::new(),
        };
        let (start, end) = probe.period().ok_or_else(|| Error::invalid("quarter", "季度只能是 1 至 4。"))?;
        let units = self.subtree_filter(department_id)?;
        // A head's plan for the period: the quarter's own, else (for a quarter) none — a year's
        // plan is counted in the year's view (the unique index keeps it to one). One query: the
        // period's done walks grouped per head, joined to the heads and their plans; "counted"
        // is per kind at most what was planned, as `plans` counts it.
        let sql = format!(
            "SELECT h.department_id, d.name, h.id, h.name,
                    ifnull(p.daily + p.cross_unit + p.acceptance, 0), ifnull(w.done, 0),
                    min(ifnull(w.daily, 0), ifnull(p.daily, 0)) + min(ifnull(w.cross_unit, 0), ifnull(p.cross_unit, 0))
                      + min(ifnull(w.acceptance, 0), ifnull(p.acceptance, 0))
             FROM people h JOIN departments d ON d.id = h.department_id
             LEFT JOIN walk_plans p ON p.leader_id = h.id AND p.year = ?2 AND ifnull(p.quarter, 0) = ifnull(?3, 0)
             LEFT JOIN (SELECT leader_id, count(*) AS done, sum(kind = 'daily') AS daily, sum(kind = 'cross') AS cross_unit,
                               sum(kind = 'acceptance') AS acceptance
                        FROM walks WHERE walk_date BETWEEN ?4 AND ?5 AND {DONE_SQL} GROUP BY leader_id) w ON w.leader_id = h.id
             WHERE h.role = 'head' AND (?1 IS NULL OR h.department_id IN (SELECT value FROM json_each(?1)))
             ORDER BY d.name, h.name"
        );
        let heads: Vec<HeadPlanLine> = self
            .conn()
            .prepare_cached(&sql)?
            .query_map((&units, year, quarter, date(&start), date(&end)), |r| {
                Ok(HeadPlanLine {
                    department_id: r.get(0)?,
                    department_name: r.get(1)?,
                    leader_id: r.get(2)?,
                    leader_name: r.get(3)?,
                    planned: r.get(4)?,
                    done: r.get(5)?,
                    counted: r.get(6)?,
                })
            })?
            .collect::<rusqlite::Result<_>>()?;
        let planned: u32 = heads.iter().map(|h| h.planned).sum();
        let counted: u32 = heads.iter().map(|h| h.counted).sum();
        Ok(PlanOverview {
            period_zh: probe.period_zh(),
            rate: (planned > 0).then(|| f64::from(counted) / f64::from(planned)),
            without_plan: heads.iter().filter(|h| h.planned == 0).count() as u32,
            without_walk: heads.iter().filter(|h| h.done == 0).count() as u32,
            heads,
        })
    }

    /// The walks of the calendar between two days (a month or a quarter on screen).
    pub fn calendar(&self, department_id: Option<&str>, from: Date, to: Date) -> Result<Vec<CalendarWalk>> {
        let units = self.subtree_filter(department_id)?;
        let mut stmt = self.conn().prepare_cached(
            "SELECT w.id, w.title, w.kind, w.status, w.walk_date, p.name FROM walks w JOIN people p ON p.id = w.leader_id
             WHERE (?1 IS NULL OR w.department_id IN (SELECT value FROM json_each(?1))) AND w.walk_date BETWEEN ?2 AND ?3
             ORDER BY w.walk_date, w.n",
        )?;
        let list = stmt
            .query_map((&units, date(&from), date(&to)), |r| {
                let day: String = r.get(4)?;
                Ok(CalendarWalk {
                    id: r.get(0)?,
                    title: r.get(1)?,
                    kind: r.get(2)?,
                    status: r.get(3)?,
                    day: crate::store::parse_date(&day)?,
                    leader_name: r.get(5)?,
                })
            })?
            .collect::<rusqlite::Result<_>>()?;
        Ok(list)
    }

    /// 按计划生成体验: a planned walk (计划中) of the plan's head, of `kind`, on `day` within
    /// the plan's period, for the plan's matters.
    pub fn walk_from_plan(&mut self, plan_id: &str, kind: WalkKind, day: Date) -> Result<Walk> {
        let plan = self.plan(plan_id)?;
        let (start, end) = plan.period().ok_or_else(|| Error::invalid("quarter", "计划的期间无效。"))?;
        if day < start || day > end {
            return Err(Error::invalid("planned_date", format!("计划日期应在{}内（{start} 至 {end}）。", plan.period_zh())));
        }
        let title = match plan.places.trim() {
            "" => format!("{}{}", plan.period_zh(), kind.label_zh()),
            places => format!("{}{}：{}", plan.period_zh(), kind.label_zh(), crate::history::clip(places, 60)),
        };
        let walk = Walk {
            id: String::new(),
            title,
            department_id: plan.department_id.clone(),
            leader_id: plan.leader_id.clone(),
            kind,
            manner: (kind == WalkKind::Daily).then_some(Manner::InPerson),
            ways: Vec::new(),
            channel: Channel::Hall,
            place_level: PlaceLevel::CityHall,
            place_name: crate::history::clip(plan.places.trim(), 60),
            matter_ids: plan.matter_ids.clone(),
            companion_ids: Vec::new(),
            incognito: (kind == WalkKind::Daily).then_some(Incognito { identity_hidden: true, no_notice: true, no_escort: true }),
            alias: None,
            planned_date: day,
            started_at: None,
            ended_at: None,
            status: WalkStatus::Planned,
            reflection: String::new(),
            suggestions: 0,
            questionnaires: 0,
            coordinated: 0,
            seal_code: None,
            capture: Capture::default(),
        };
        self.plan_walk(walk)
    }
}

pub(crate) fn read_plan(conn: &rusqlite::Connection, id: &str) -> Result<Option<WalkPlan>> {
    let sql = format!("SELECT {} FROM walk_plans WHERE id = ?1", rows::PLAN_COLS);
    Ok(conn.prepare_cached(&sql)?.query_row([id], rows::plan).optional()?)
}

pub(crate) fn put_plan(w: &mut Writer<'_>, p: &WalkPlan) -> Result<()> {
    w.tx.prepare_cached(
        "INSERT INTO walk_plans(id, department_id, leader_id, year, quarter, daily, cross_unit, acceptance, matter_ids, places, note)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)
         ON CONFLICT(id) DO UPDATE SET department_id = excluded.department_id, leader_id = excluded.leader_id,
             year = excluded.year, quarter = excluded.quarter, daily = excluded.daily, cross_unit = excluded.cross_unit,
             acceptance = excluded.acceptance, matter_ids = excluded.matter_ids, places = excluded.places, note = excluded.note",
    )?
    .execute(rusqlite::params![
        p.id,
        p.department_id,
        p.leader_id,
        p.year,
        p.quarter,
        p.daily,
        p.cross,
        p.acceptance,
        serde_json::to_string(&p.matter_ids)?,
        p.places,
        p.note
    ])?;
    Ok(())
}
