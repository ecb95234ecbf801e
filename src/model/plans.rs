//! Keeping the programme moving (常态化推进): what a head plans to walk, and the office's
//! escalation (督办) of tasks that stall.

use super::{Date, Timestamp};
use serde::{Deserialize, Serialize};

/// 走流程计划: how many walks of which kinds a head plans in a quarter or a year, and which
/// matters or places.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct WalkPlan {
    pub id: String,
    pub department_id: String,
    /// The head (一把手) who is to walk.
    pub leader_id: String,
    pub year: i32,
    /// 1–4 for a quarter's plan (季度计划); None for the year's (年度计划).
    #[serde(default)]
    pub quarter: Option<u8>,
    /// 计划日常体验次数
    #[serde(default)]
    pub daily: u32,
    /// 计划交叉体验次数
    #[serde(default)]
    pub cross: u32,
    /// 计划受理体验次数
    #[serde(default)]
    pub acceptance: u32,
    /// 计划体验的事项
    #[serde(default)]
    pub matter_ids: Vec<String>,
    /// 计划体验的场所（窗口、大厅、网办渠道）
    #[serde(default)]
    pub places: String,
    #[serde(default)]
    pub note: String,
}

impl WalkPlan {
    /// The first and last day of the plan's period.
    pub fn period(&self) -> Option<(Date, Date)> {
        let (first_month, months) = match self.quarter {
            Some(q @ 1..=4) => (u32::from(q) * 3 - 2, 3),
            Some(_) => return None,
            None => (1, 12),
        };
        let start = Date::from_ymd_opt(self.year, first_month, 1)?;
        let end = start.checked_add_months(chrono::Months::new(months))?.pred_opt()?;
        Some((start, end))
    }

    /// 2026年第4季度 / 2026年度
    pub fn period_zh(&self) -> String {
        match self.quarter {
            Some(q) => format!("{}年第{}季度", self.year, q),
            None => format!("{}年度", self.year),
        }
    }

    /// Walks planned in all.
    pub fn planned(&self) -> u32 {
        self.daily.saturating_add(self.cross).saturating_add(self.acceptance)
    }
}

/// 督办: the office's escalation of an overdue or stalled task, with what it requires by when.
/// Written once by the office and never changed: a task's 督办 history is its list of these.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Supervision {
    pub id: String,
    pub task_id: String,
    /// 督办意见: what is required.
    pub note: String,
    /// 督办时限: the new deadline the office sets.
    #[cfg_attr(feature = "ts", ts(as = "Date"))]
    #[serde(with = "super::strict::date")]
    pub required_by: Date,
    /// The 党建办 person who escalated it.
    pub by: String,
    /// When (the core's clock).
    #[cfg_attr(feature = "ts", ts(as = "Timestamp"))]
    #[serde(with = "super::strict::timestamp")]
    pub at: Timestamp,
}
