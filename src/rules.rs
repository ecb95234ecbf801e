//! Validation rules and the two state machines (walk and task). Pure functions: no database.

use crate::error::{Error, Result};
use crate::model::*;

/// Titles and names (单位名称、事项名称、体验标题、环节名称).
pub const TITLE_MAX: usize = 200;
/// Notes, observations, descriptions, measures.
pub const NOTE_MAX: usize = 20_000;
/// 工单号 of the 好差评 system.
pub const WORK_ORDER_MAX: usize = 64;
/// Counts typed by hand (minutes, materials, trips, …): beyond this is surely a typo.
pub const COUNT_MAX: u32 = 100_000;

/// A required or optional text within `max` characters. Required text may not be blank.
pub fn check_text(field: &'static str, text: &str, max: usize, optional: bool) -> Result<()> {
    if !optional && text.trim().is_empty() {
        return Err(Error::invalid(field, format!("{}不能为空。", field_zh(field))));
    }
    let chars = text.chars().count();
    if chars > max {
        return Err(Error::invalid(field, format!("{}过长（{chars} 字），最多 {max} 字。", field_zh(field))));
    }
    Ok(())
}

pub fn check_title(field: &'static str, text: &str) -> Result<()> {
    check_text(field, text, TITLE_MAX, false)
}

pub fn check_note(field: &'static str, text: &str) -> Result<()> {
    check_text(field, text, NOTE_MAX, true)
}

pub fn check_count(field: &'static str, n: u32) -> Result<()> {
    if n > COUNT_MAX {
        return Err(Error::invalid(field, format!("{}数值不合理（{n}），请核对。", field_zh(field))));
    }
    Ok(())
}

/// `end` must not be before `start`.
pub fn check_order(field: &'static str, start: &Timestamp, end: &Timestamp) -> Result<()> {
    if end < start {
        return Err(Error::invalid(
            field,
            format!("{}（{}）早于开始时间（{}）。", field_zh(field), end.format("%Y-%m-%d %H:%M"), start.format("%Y-%m-%d %H:%M")),
        ));
    }
    Ok(())
}

/// The kind-specific rules of a walk: an incognito 日常体验 records its three "no"s and a manner;
/// the other kinds have no manner.
pub fn check_walk_shape(walk: &Walk) -> Result<()> {
    check_title("title", &walk.title)?;
    check_text("place_name", &walk.place_name, TITLE_MAX, true)?;
    check_note("reflection", &walk.reflection)?;
    if let Some(alias) = &walk.alias {
        check_text("alias", alias, 50, true)?;
    }
    for (field, n) in [("suggestions", walk.suggestions), ("questionnaires", walk.questionnaires), ("coordinated", walk.coordinated)] {
        check_count(field, n)?;
    }
    match walk.kind {
        WalkKind::Daily => {
            if walk.manner.is_none() {
                return Err(Error::invalid("manner", "日常体验须选择办理方式（亲自办、代理办或陪同办）。"));
            }
            // Each "no" records what happened (a head may be recognised): any may be false,
            // but the record of them must be there.
            if walk.incognito.is_none() {
                return Err(Error::invalid(
                    "incognito",
                    "日常体验须逐项记录是否做到“不亮身份、不打招呼、不安排陪同人员”。",
                ));
            }
        }
        WalkKind::Cross | WalkKind::Acceptance => {
            if walk.manner.is_some() {
                return Err(Error::invalid("manner", "办理方式只适用于日常体验。"));
            }
        }
    }
    if let (Some(start), Some(end)) = (&walk.started_at, &walk.ended_at) {
        check_order("ended_at", start, end)?;
    }
    Ok(())
}

pub fn check_step(step: &Step) -> Result<()> {
    check_title("name", &step.name)?;
    check_text("place", &step.place, TITLE_MAX, true)?;
    check_note("observations", &step.observations)?;
    check_text("materials_names", &step.materials_names, NOTE_MAX, true)?;
    check_count("waiting_minutes", step.waiting_minutes)?;
    check_count("materials_count", step.materials_count)?;
    check_count("trips", step.trips)?;
    if let Some(rating) = step.rating {
        if !(1..=5).contains(&rating) {
            return Err(Error::invalid("rating", "满意度应为 1 到 5 星。"));
        }
    }
    if let Some(end) = &step.ended_at {
        check_order("ended_at", &step.started_at, end)?;
    }
    Ok(())
}

pub fn check_problem(problem: &Problem) -> Result<()> {
    check_text("description", &problem.description, NOTE_MAX, false)?;
    if let Some(action) = &problem.on_spot_action {
        check_note("on_spot_action", action)?;
    }
    if problem.nature == Nature::Systemic && problem.resolved_on.is_some() {
        return Err(Error::invalid("nature", "复杂共性问题须建立整改台账，不能当场销结。"));
    }
    Ok(())
}

/// A deadline may not fall before the day of the walk that found the problem.
pub fn check_deadline(deadline: Date, walk_date: Date) -> Result<()> {
    if deadline < walk_date {
        return Err(Error::invalid(
            "deadline",
            format!("整改时限（{deadline}）不能早于发现问题的体验日期（{walk_date}）。"),
        ));
    }
    Ok(())
}

pub fn check_figures(field: &'static str, f: &Option<ProcessFigures>) -> Result<()> {
    if let Some(f) = f {
        for n in [f.steps, f.materials, f.days, f.trips] {
            check_count(field, n)?;
        }
    }
    Ok(())
}

/// The walk state machine: planned → in progress → completed → archived, one step at a time.
pub fn walk_transition(from: WalkStatus, to: WalkStatus) -> Result<()> {
    use WalkStatus::*;
    match (from, to) {
        (Planned, InProgress) | (InProgress, Completed) | (Completed, Archived) => Ok(()),
        (Archived, _) => Err(Error::Sealed { walk_id: String::new() }),
        _ => Err(Error::transition(format!("体验不能从“{}”直接变为“{}”。", from.label_zh(), to.label_zh()))),
    }
}

/// The task state machine. `done` needs evidence and close-out the office's authority (both
/// checked by `validate::task` on the new state); the one way back from `done` is the office's
/// 退回 (`Store::send_back_task`), which is not a plain transition.
pub fn task_transition(from: TaskStatus, to: TaskStatus) -> Result<()> {
    use TaskStatus::*;
    match (from, to) {
        (Open, InProgress) | (Open, Done) | (InProgress, Done) | (Done, ClosedOut) => Ok(()),
        (ClosedOut, _) => Err(Error::transition("该任务已销号，不能再变更状态。")),
        (Done, InProgress) => Err(Error::transition("已完成待销号的任务只能由党建办退回后才能重新整改。")),
        (_, ClosedOut) => Err(Error::transition("只有已完成（附有佐证）的任务才能销号。")),
        _ => Err(Error::transition(format!("整改任务不能从“{}”变为“{}”。", from.label_zh(), to.label_zh()))),
    }
}

/// The Chinese name of a field, for messages.
pub fn field_zh(field: &str) -> &'static str {
    match field {
        "name" => "名称",
        "work_order_no" => "工单号",
        "title" => "标题",
        "place" | "place_name" => "地点",
        "reflection" => "体验感悟",
        "alias" => "化名",
        "observations" => "观察记录",
        "materials_names" => "材料名称",
        "waiting_minutes" => "等候时长",
        "materials_count" => "材料数量",
        "trips" => "跑动次数",
        "description" => "问题描述",
        "on_spot_action" => "现场整改情况",
        "measure" => "整改措施",
        "text" => "进展情况",
        "reason" => "退回理由",
        "evidence" => "佐证材料",
        "ended_at" => "结束时间",
        "deadline" => "整改时限",
        "suggestions" => "意见建议数",
        "questionnaires" => "问卷数",
        "coordinated" => "协调办事数",
        "before" => "整改前数据",
        "after" => "整改后数据",
        "caption" => "说明",
        "file_name" => "文件名",
        "setting" => "设置值",
        "note" => "备注",
        "places" => "计划体验场所",
        "daily" => "计划日常体验次数",
        "cross" => "计划交叉体验次数",
        "acceptance" => "计划受理体验次数",
        "required_by" => "督办时限",
        "supervision_note" => "督办意见",
        _ => "该项",
    }
}
