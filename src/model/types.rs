//! Entity records. Each is what the store keeps and what the JSON exchange format carries.

use super::{enums::*, Date, Timestamp};
use serde::{Deserialize, Serialize};

/// 单位: a department, district, street, community or public enterprise.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Department {
    pub id: String,
    pub name: String,
    pub level: DeptLevel,
    /// The unit above (a district for a street, a street for a community).
    #[serde(default)]
    pub parent_id: Option<String>,
}

/// 人员
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Person {
    pub id: String,
    pub name: String,
    /// 职务, e.g. 局长、党组书记
    #[serde(default)]
    pub title: String,
    pub role: Role,
    pub department_id: String,
}

/// 服务事项. Time limits in working days; `Some(0)` means 即办 (done on the spot).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Matter {
    pub id: String,
    pub name: String,
    pub department_id: String,
    /// 法定时限 (working days)
    #[serde(default)]
    pub legal_days: Option<u32>,
    /// 承诺时限 (working days)
    #[serde(default)]
    pub promised_days: Option<u32>,
    #[serde(default)]
    pub materials_count: u32,
    #[serde(default)]
    pub steps_count: u32,
}

/// The three "no"s of an incognito walk: 不亮身份、不打招呼、不安排陪同.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Incognito {
    pub identity_hidden: bool,
    pub no_notice: bool,
    pub no_escort: bool,
}


/// 记录方式 of a walk's or step's times. Set by the core only: a client's copy is ignored.
/// Records from before capture modes were kept (and lines that never carried one) read as
/// 事后补录, the claim that proves least.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Capture {
    pub mode: CaptureMode,
    /// When typed-in or imported times were entered.
    #[cfg_attr(feature = "ts", ts(as = "Option<Timestamp>"))]
    #[serde(default, with = "super::strict::opt_timestamp")]
    pub entered_at: Option<Timestamp>,
    /// 事后修改: when the times were last corrected by hand; the times first recorded are kept.
    #[cfg_attr(feature = "ts", ts(as = "Option<Timestamp>"))]
    #[serde(default, with = "super::strict::opt_timestamp")]
    pub amended_at: Option<Timestamp>,
    #[cfg_attr(feature = "ts", ts(as = "Option<Timestamp>"))]
    #[serde(default, with = "super::strict::opt_timestamp")]
    pub original_started_at: Option<Timestamp>,
    #[cfg_attr(feature = "ts", ts(as = "Option<Timestamp>"))]
    #[serde(default, with = "super::strict::opt_timestamp")]
    pub original_ended_at: Option<Timestamp>,
}

impl Capture {
    pub fn live() -> Capture {
        Capture { mode: CaptureMode::Live, ..Capture::default() }
    }

    pub fn entered(mode: CaptureMode, at: Timestamp) -> Capture {
        Capture { mode, entered_at: Some(at), ..Capture::default() }
    }

    /// A hand correction of times `started`–`ended`: the first one keeps them as the original.
    pub fn amend(&mut self, at: Timestamp, started: Option<Timestamp>, ended: Option<Timestamp>) {
        if self.amended_at.is_none() {
            self.original_started_at = started;
            self.original_ended_at = ended;
        }
        self.amended_at = Some(at);
    }
}

/// 走流程/体验: one experience of one or more matters by a head.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Walk {
    pub id: String,
    pub title: String,
    /// The unit whose head walks (体验单位).
    pub department_id: String,
    /// The head who walks.
    pub leader_id: String,
    pub kind: WalkKind,
    /// Only for 日常体验.
    #[serde(default)]
    pub manner: Option<Manner>,
    #[serde(default)]
    pub ways: Vec<Way>,
    pub channel: Channel,
    pub place_level: PlaceLevel,
    #[serde(default)]
    pub place_name: String,
    #[serde(default)]
    pub matter_ids: Vec<String>,
    #[serde(default)]
    pub companion_ids: Vec<String>,
    /// Required for 日常体验: which of the three "no"s were kept, as they happened.
    #[serde(default)]
    pub incognito: Option<Incognito>,
    /// Shown in place of the leader's name in records (化名).
    #[serde(default)]
    pub alias: Option<String>,
    #[cfg_attr(feature = "ts", ts(as = "Date"))]
    #[serde(with = "super::strict::date")]
    pub planned_date: Date,
    #[cfg_attr(feature = "ts", ts(as = "Option<Timestamp>"))]
    #[serde(default, with = "super::strict::opt_timestamp")]
    pub started_at: Option<Timestamp>,
    #[cfg_attr(feature = "ts", ts(as = "Option<Timestamp>"))]
    #[serde(default, with = "super::strict::opt_timestamp")]
    pub ended_at: Option<Timestamp>,
    pub status: WalkStatus,
    /// 体验感悟 (Markdown)
    #[serde(default)]
    pub reflection: String,
    /// 征集意见建议
    #[serde(default)]
    pub suggestions: u32,
    /// 发放问卷
    #[serde(default)]
    pub questionnaires: u32,
    /// 协调办事
    #[serde(default)]
    pub coordinated: u32,
    /// 核验码, set when the walk is archived (sealed).
    #[serde(default)]
    pub seal_code: Option<String>,
    /// How the walk's start and end were recorded.
    #[serde(default)]
    pub capture: Capture,
}

impl Walk {
    /// The day the walk counts for: the local date it started, else its planned date.
    pub fn walk_date(&self) -> Date {
        self.started_at.map(|t| t.date_naive()).unwrap_or(self.planned_date)
    }

    /// The name records print for the leader: the alias when the walk uses one.
    pub fn shown_leader<'a>(&'a self, leader_name: &'a str) -> &'a str {
        self.alias.as_deref().filter(|a| !a.trim().is_empty()).unwrap_or(leader_name)
    }
}

/// 环节: one step of a walk.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Step {
    pub id: String,
    pub walk_id: String,
    /// 1-based order within the walk.
    pub seq: u32,
    pub name: String,
    /// 地点/窗口
    #[serde(default)]
    pub place: String,
    #[cfg_attr(feature = "ts", ts(as = "Timestamp"))]
    #[serde(with = "super::strict::timestamp")]
    pub started_at: Timestamp,
    #[cfg_attr(feature = "ts", ts(as = "Option<Timestamp>"))]
    #[serde(default, with = "super::strict::opt_timestamp")]
    pub ended_at: Option<Timestamp>,
    #[serde(default)]
    pub waiting_minutes: u32,
    /// How many materials this step asked for, and their names.
    #[serde(default)]
    pub materials_count: u32,
    #[serde(default)]
    pub materials_names: String,
    /// 跑动次数 this step cost.
    #[serde(default)]
    pub trips: u32,
    /// 观察记录 (Markdown)
    #[serde(default)]
    pub observations: String,
    /// 满意度 1–5
    #[serde(default)]
    pub rating: Option<u8>,
    /// How the step's times were recorded.
    #[serde(default)]
    pub capture: Capture,
}

impl Step {
    /// A new step (blank id, appended) with nothing recorded yet but its name, place and times.
    pub fn new(walk_id: &str, name: &str, place: &str, started_at: Timestamp, ended_at: Option<Timestamp>) -> Step {
        Step {
            id: String::new(),
            walk_id: walk_id.to_string(),
            seq: 0,
            name: name.to_string(),
            place: place.to_string(),
            started_at,
            ended_at,
            waiting_minutes: 0,
            materials_count: 0,
            materials_names: String::new(),
            trips: 0,
            observations: String::new(),
            rating: None,
            capture: Capture::default(),
        }
    }
}

/// 难点堵点: a problem found during a walk, or a 差评 of the 好差评 system (以评促改).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Problem {
    pub id: String,
    /// The walk that found it; none for a 差评.
    #[serde(default)]
    pub walk_id: Option<String>,
    /// The unit: the walk's (filled in by the core), or the rated unit of a 差评. Change-log lines
    /// written before the field existed leave it empty and replay fills it from the walk.
    #[serde(default)]
    pub department_id: String,
    #[serde(default)]
    pub source: ProblemSource,
    /// 工单号 of a 差评.
    #[serde(default)]
    pub work_order_no: Option<String>,
    #[serde(default)]
    pub step_id: Option<String>,
    pub category: ProblemCategory,
    #[serde(default)]
    pub standards: Vec<Standard>,
    pub severity: Severity,
    pub nature: Nature,
    pub description: String,
    /// 立行立改: what was done on the spot (简单个性 only).
    #[serde(default)]
    pub on_spot_action: Option<String>,
    /// When a 简单个性 problem was closed on the spot.
    #[cfg_attr(feature = "ts", ts(as = "Option<Date>"))]
    #[serde(default, with = "super::strict::opt_date")]
    pub resolved_on: Option<Date>,
    #[cfg_attr(feature = "ts", ts(as = "Date"))]
    #[serde(with = "super::strict::date")]
    pub found_on: Date,
}

/// 四减 figures of a matter, before or after a rectification.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ProcessFigures {
    pub steps: u32,
    pub materials: u32,
    /// Time limit in working days (0 = 即办).
    pub days: u32,
    pub trips: u32,
}

/// Outcome flags a rectification can claim.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Outcomes {
    /// 流程优化/再造
    pub process_optimised: bool,
    /// 时限压缩
    pub time_compressed: bool,
    /// 出台制度
    pub policy_issued: bool,
}

/// 整改任务: one row of the ledger.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Task {
    pub id: String,
    pub problem_ids: Vec<String>,
    /// 整改措施
    pub measure: String,
    /// 责任单位
    pub department_id: String,
    /// 责任人
    pub owner_id: String,
    /// 整改时限
    #[cfg_attr(feature = "ts", ts(as = "Date"))]
    #[serde(with = "super::strict::date")]
    pub deadline: Date,
    pub status: TaskStatus,
    #[serde(default)]
    pub matter_id: Option<String>,
    #[serde(default)]
    pub before: Option<ProcessFigures>,
    #[serde(default)]
    pub after: Option<ProcessFigures>,
    #[serde(default)]
    pub outcomes: Outcomes,
    /// Why the office sent it back (退回), if it did last.
    #[serde(default)]
    pub sent_back_reason: Option<String>,
    /// The 党建办 person who sent it back last, and when (the core's clock): evidence for a new
    /// 完成 must be recorded after this moment.
    #[serde(default)]
    pub sent_back_by: Option<String>,
    #[cfg_attr(feature = "ts", ts(as = "Option<Timestamp>"))]
    #[serde(default, with = "super::strict::opt_timestamp")]
    pub sent_back_at: Option<Timestamp>,
    #[cfg_attr(feature = "ts", ts(as = "Option<Date>"))]
    #[serde(default, with = "super::strict::opt_date")]
    pub done_on: Option<Date>,
    #[cfg_attr(feature = "ts", ts(as = "Option<Date>"))]
    #[serde(default, with = "super::strict::opt_date")]
    pub closed_out_on: Option<Date>,
    /// The 党建办 person who closed it out (销号).
    #[serde(default)]
    pub closed_out_by: Option<String>,
    #[cfg_attr(feature = "ts", ts(as = "Date"))]
    #[serde(with = "super::strict::date")]
    pub created_on: Date,
}

impl Task {
    /// A new task for `Store::raise_task`, with no figures, outcomes or history yet. Only what
    /// the raiser decides is asked for; `raise_task` gives it its id, status 待整改 and the day it
    /// was raised (the `created_on` set here is a placeholder it overwrites).
    pub fn new(problem_ids: Vec<String>, measure: impl Into<String>, department_id: impl Into<String>, owner_id: impl Into<String>, deadline: Date) -> Task {
        Task {
            id: String::new(),
            problem_ids,
            measure: measure.into(),
            department_id: department_id.into(),
            owner_id: owner_id.into(),
            deadline,
            status: TaskStatus::Open,
            matter_id: None,
            before: None,
            after: None,
            outcomes: Outcomes::default(),
            sent_back_reason: None,
            sent_back_by: None,
            sent_back_at: None,
            done_on: None,
            closed_out_on: None,
            closed_out_by: None,
            created_on: deadline,
        }
    }

    /// 逾期: past the deadline and not closed out. Computed, never stored.
    pub fn is_overdue(&self, today: Date) -> bool {
        self.status != TaskStatus::ClosedOut && self.deadline < today
    }
}

/// 进展情况: a dated progress note on a task.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ProgressNote {
    pub id: String,
    pub task_id: String,
    #[cfg_attr(feature = "ts", ts(as = "Date"))]
    #[serde(with = "super::strict::date")]
    pub noted_on: Date,
    pub text: String,
    #[serde(default)]
    pub author: String,
    /// When the core recorded it (its own clock, not the typed date): evidence after a 退回
    /// must be newer than the 退回.
    #[cfg_attr(feature = "ts", ts(as = "Option<Timestamp>"))]
    #[serde(default, with = "super::strict::opt_timestamp")]
    pub recorded_at: Option<Timestamp>,
}

/// A file (photo, scan) attached to a walk, step, problem, task or note. The bytes are stored
/// once by SHA-256 under `<data dir>/attachments/`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Attachment {
    pub id: String,
    pub owner_kind: OwnerKind,
    pub owner_id: String,
    pub sha256: String,
    pub file_name: String,
    pub mime: String,
    pub size: u64,
    #[serde(default)]
    pub caption: String,
    #[cfg_attr(feature = "ts", ts(as = "Option<Timestamp>"))]
    #[serde(default, with = "super::strict::opt_timestamp")]
    pub taken_at: Option<Timestamp>,
    /// When the core stored it (its own clock).
    #[cfg_attr(feature = "ts", ts(as = "Option<Timestamp>"))]
    #[serde(default, with = "super::strict::opt_timestamp")]
    pub added_at: Option<Timestamp>,
    /// Where a photo was taken (EXIF GPS, decimal degrees); None without GPS. Older change-log
    /// lines have no such field.
    #[serde(default)]
    pub gps_lat: Option<f64>,
    #[serde(default)]
    pub gps_lon: Option<f64>,
}

/// 征集意见建议、问卷、协调办事 recorded per department and period (outside any one walk).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Outreach {
    pub id: String,
    pub department_id: String,
    #[cfg_attr(feature = "ts", ts(as = "Date"))]
    #[serde(with = "super::strict::date")]
    pub period_start: Date,
    #[cfg_attr(feature = "ts", ts(as = "Date"))]
    #[serde(with = "super::strict::date")]
    pub period_end: Date,
    #[serde(default)]
    pub suggestions: u32,
    #[serde(default)]
    pub questionnaires: u32,
    #[serde(default)]
    pub coordinated: u32,
    #[serde(default)]
    pub note: String,
}

/// 整改节点: a milestone of a task — a named step with its planned date, and once reached, the
/// date it was done and the evidence of it (完成佐证). Ordered by planned date.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Milestone {
    pub id: String,
    pub task_id: String,
    pub name: String,
    #[cfg_attr(feature = "ts", ts(as = "Date"))]
    #[serde(with = "super::strict::date")]
    pub planned_on: Date,
    #[cfg_attr(feature = "ts", ts(as = "Option<Date>"))]
    #[serde(default, with = "super::strict::opt_date")]
    pub done_on: Option<Date>,
    /// 完成佐证: what shows it was done; required once it is.
    #[serde(default)]
    pub evidence: String,
}
