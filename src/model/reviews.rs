//! 以评促改: the ratings of the 好差评 system, imported from its export.

use super::{ReviewGrade, Timestamp};
use serde::{Deserialize, Serialize};

/// One rating (好差评) of a service, as the 好差评 system exported it. Every row of a file is
/// kept, good and bad, so the figures can say how many were rated; a 差评 is linked to the
/// problem (source 好差评) it became.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Review {
    /// Derived from the 工单号 (the same on every install).
    pub id: String,
    /// 工单号: the 好差评 system's key, so a re-import adds nothing.
    pub work_order_no: String,
    /// 评价时间 as the file gives it (local time, no offset).
    #[cfg_attr(feature = "ts", ts(as = "String"))]
    pub rated_at: chrono::NaiveDateTime,
    /// 事项名称
    #[serde(default)]
    pub matter: String,
    /// 办理部门, matched to a unit.
    pub department_id: String,
    /// 评价渠道
    #[serde(default)]
    pub channel: String,
    pub grade: ReviewGrade,
    /// 评价内容
    #[serde(default)]
    pub content: String,
    /// The problem a 差评 became.
    #[serde(default)]
    pub problem_id: Option<String>,
    /// When it was imported (the core's clock).
    #[cfg_attr(feature = "ts", ts(as = "String"))]
    #[serde(with = "super::strict::timestamp")]
    pub imported_at: Timestamp,
}
