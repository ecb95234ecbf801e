//! The programme's closed vocabularies. Each enum stores as a stable ASCII code and carries its
//! Chinese label, so the UI, the templates and the reports share one wording.

use rusqlite::types::{FromSql, FromSqlError, FromSqlResult, ToSql, ToSqlOutput, ValueRef};
use serde::{Deserialize, Serialize};

macro_rules! labelled_enum {
    ($(#[$meta:meta])* $name:ident { $($(#[$vmeta:meta])* $variant:ident = $code:literal, $zh:literal;)+ }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        #[cfg_attr(feature = "ts", derive(ts_rs::TS))]
        pub enum $name { $($(#[$vmeta])* #[serde(rename = $code)] $variant),+ }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            /// The stable code stored in the database and used in JSON.
            pub fn code(self) -> &'static str {
                match self { $($name::$variant => $code),+ }
            }

            /// The Chinese label shown to users.
            pub fn label_zh(self) -> &'static str {
                match self { $($name::$variant => $zh),+ }
            }

            /// Accepts the code or the Chinese label.
            pub fn parse(text: &str) -> Option<Self> {
                let text = text.trim();
                Self::ALL.iter().copied().find(|v| v.code() == text || v.label_zh() == text)
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.label_zh())
            }
        }

        impl ToSql for $name {
            fn to_sql(&self) -> rusqlite::Result<ToSqlOutput<'_>> {
                Ok(ToSqlOutput::from(self.code()))
            }
        }

        impl FromSql for $name {
            fn column_result(value: ValueRef<'_>) -> FromSqlResult<Self> {
                let text = value.as_str()?;
                Self::ALL.iter().copied().find(|v| v.code() == text)
                    .ok_or_else(|| FromSqlError::Other(format!("unknown {} code {text}", stringify!($name)).into()))
            }
        }
    };
}

labelled_enum! {
    /// 问题来源: found on a walk, or a 差评 from the 好差评 system (以评促改).
    ProblemSource {
        Walk = "walk", "走流程体验";
        Reviews = "reviews", "好差评";
    }
}

impl Default for ProblemSource {
    fn default() -> Self {
        ProblemSource::Walk
    }
}

labelled_enum! {
    /// 评价等级: the five grades of the 好差评 system; the last two are 差评.
    ReviewGrade {
        VerySatisfied = "very_satisfied", "非常满意";
        Satisfied = "satisfied", "满意";
        Basic = "basic", "基本满意";
        Dissatisfied = "dissatisfied", "不满意";
        VeryDissatisfied = "very_dissatisfied", "非常不满意";
    }
}

impl ReviewGrade {
    /// 差评: 不满意 or 非常不满意.
    pub fn is_bad(self) -> bool {
        matches!(self, ReviewGrade::Dissatisfied | ReviewGrade::VeryDissatisfied)
    }
}

labelled_enum! {
    /// 单位层级
    DeptLevel {
        CityDepartment = "city_department", "市直部门";
        District = "district", "区县";
        Street = "street", "街道";
        Community = "community", "社区";
        PublicEnterprise = "public_enterprise", "公共企业";
    }
}

labelled_enum! {
    /// 记录方式: how the times of a walk or step came to be recorded.
    CaptureMode {
        /// Stamped by the core's clock at 开始/下一环节/结束 on the live screen.
        Live = "live", "现场记录";
        /// Typed in after the fact, with when they were typed.
        Typed = "typed", "事后补录";
        /// From an import file.
        Imported = "imported", "导入";
    }
}

/// Unknown is read as the claim that proves least.
impl Default for CaptureMode {
    fn default() -> Self {
        CaptureMode::Typed
    }
}

labelled_enum! {
    /// 角色
    Role {
        /// 一把手
        Head = "head", "一把手";
        /// 秘书/工作人员
        Staff = "staff", "秘书/工作人员";
        /// 党建办
        Office = "office", "党建办";
        /// 责任人
        Owner = "owner", "责任人";
    }
}

labelled_enum! {
    /// 安装身份: which side of the programme this install is.
    InstallRole {
        /// 单位端: bound to one unit and its sub-units.
        Unit = "unit", "单位端";
        /// 党建办端: the city's or a district's party-building office.
        Office = "office", "党建办端";
    }
}

labelled_enum! {
    /// 单位名录中一台安装的状态
    RosterStatus {
        /// 已登记，待核对指纹后批准
        Pending = "pending", "待批准";
        Approved = "approved", "已批准";
        /// 已吊销 (lost laptop): its later bundles are refused.
        Revoked = "revoked", "已吊销";
        /// On a unit: the office key pinned on the first roster import.
        Pinned = "pinned", "党建办（已固定）";
    }
}

labelled_enum! {
    /// 体验方式
    WalkKind {
        Daily = "daily", "日常体验";
        Cross = "cross", "交叉体验";
        Acceptance = "acceptance", "受理体验";
    }
}

labelled_enum! {
    /// 日常体验的办理方式
    Manner {
        InPerson = "in_person", "亲自办";
        AsAgent = "as_agent", "代理办";
        Accompanying = "accompanying", "陪同办";
    }
}

labelled_enum! {
    /// 走法; several may apply to one walk
    Way {
        Unannounced = "unannounced", "深入暗访走";
        Linked = "linked", "上下联动走";
        Mutual = "mutual", "部门互相走";
        Grassroots = "grassroots", "下沉走";
    }
}

labelled_enum! {
    /// 办理渠道
    Channel {
        Hall = "hall", "大厅";
        Web = "web", "政务服务网";
        App = "app", "掌上/APP";
        Kiosk = "kiosk", "自助终端";
        Phone = "phone", "电话";
    }
}

labelled_enum! {
    /// 体验地点层级
    PlaceLevel {
        CityHall = "city_hall", "市政务服务大厅";
        DistrictCentre = "district_centre", "区县政务服务中心";
        StreetCentre = "street_centre", "街道便民服务中心";
        CommunityStation = "community_station", "社区便民服务站";
        Kiosk = "kiosk", "7×24自助终端";
        Online = "online", "网上办理";
    }
}

labelled_enum! {
    /// 体验状态: planned → in progress → completed → archived (sealed)
    WalkStatus {
        Planned = "planned", "计划中";
        InProgress = "in_progress", "进行中";
        Completed = "completed", "已完成";
        Archived = "archived", "已归档";
    }
}

labelled_enum! {
    /// 问题类别
    ProblemCategory {
        Materials = "materials", "申报材料";
        Process = "process", "办理流程";
        Mechanism = "mechanism", "服务机制";
        OnlineService = "online_service", "一网通办";
        WorkStyle = "work_style", "工作作风";
        Efficiency = "efficiency", "审批效率";
        ServiceQuality = "service_quality", "服务质量";
        ReformResults = "reform_results", "改革成效";
        Facilities = "facilities", "设施环境";
        InformationSystem = "information_system", "信息系统";
        Other = "other", "其他";
    }
}

labelled_enum! {
    /// 服务标准: the checks a problem can breach
    Standard {
        Guidance = "guidance", "进门有引导";
        Coaching = "coaching", "办事有辅导";
        FullHelp = "full_help", "全程有帮办";
        ProgressQuery = "progress_query", "进度随时查";
        Evaluation = "evaluation", "服务可评价";
        FreeDelivery = "free_delivery", "结果免费寄";
        FirstAsked = "first_asked", "首问负责制";
        ToldOnce = "told_once", "一次告知制";
        NoVeto = "no_veto", "窗口无否决权制";
        NoBrushOff = "no_brush_off", "杜绝不知道、不清楚、自己找";
        RatingDevice = "rating_device", "好差评设备可用、不码上加码";
        InHall = "in_hall", "杜绝明进暗不进、体外循环";
    }
}

labelled_enum! {
    /// 严重程度
    Severity {
        Minor = "minor", "一般";
        Major = "major", "较重";
        Severe = "severe", "严重";
    }
}

labelled_enum! {
    /// 问题性质
    Nature {
        /// 简单个性: fixed on the spot (立行立改)
        Simple = "simple", "简单个性";
        /// 复杂共性: goes to the ledger (建立台账)
        Systemic = "systemic", "复杂共性";
    }
}

labelled_enum! {
    /// 整改状态: open → in progress → done → closed out (销号), or sent back to in progress
    TaskStatus {
        Open = "open", "待整改";
        InProgress = "in_progress", "整改中";
        Done = "done", "已完成待销号";
        ClosedOut = "closed_out", "已销号";
    }
}

labelled_enum! {
    /// What an attachment belongs to
    OwnerKind {
        Walk = "walk", "体验";
        Step = "step", "环节";
        Problem = "problem", "问题";
        Task = "task", "整改任务";
        Note = "note", "进展记录";
    }
}

labelled_enum! {
    /// 提醒的种类
    ReminderKind {
        TaskDueSoon = "task_due_soon", "整改任务即将到期";
        TaskOverdue = "task_overdue", "整改任务已逾期";
        Supervised = "supervised", "督办任务";
        WalkThisWeek = "walk_this_week", "本周计划体验";
        WalkUnfinished = "walk_unfinished", "体验尚未结束";
        AwaitingCloseOut = "awaiting_close_out", "待销号";
    }
}
