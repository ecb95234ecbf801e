//! A field that differs between a row and the log, said in Chinese with both values, so whoever
//! reads `walklog verify` sees what was changed without reading JSON.

use crate::model::*;
use serde_json::Value;

/// The Chinese name of a record field (the keys of the model's JSON); the key itself when it
/// has none here (a field added later still shows, if less kindly).
fn label(key: &str) -> &str {
    match key {
        "status" => "状态",
        "title" => "标题",
        "name" => "名称",
        "measure" => "整改措施",
        "department_id" => "单位",
        "owner_id" => "责任人",
        "owner_kind" => "所属类别",
        "deadline" => "整改时限",
        "done_on" => "完成日期",
        "closed_out_on" => "销号日期",
        "closed_out_by" => "销号人",
        "sent_back_reason" => "退回理由",
        "sent_back_by" => "退回人",
        "sent_back_at" => "退回时间",
        "problem_ids" => "关联问题",
        "outcomes" => "整改成效",
        "before" => "整改前情况",
        "after" => "整改后情况",
        "description" => "问题描述",
        "nature" => "问题性质",
        "category" => "问题类别",
        "severity" => "严重程度",
        "standards" => "服务标准",
        "on_spot_action" => "立行立改措施",
        "found_on" => "发现日期",
        "resolved_on" => "解决日期",
        "observations" => "观察记录",
        "reflection" => "体会",
        "seal_code" => "核验码",
        "kind" => "体验方式",
        "manner" => "办理方式",
        "ways" => "走法",
        "channel" => "渠道",
        "place_name" | "place" => "地点",
        "place_level" => "地点层级",
        "planned_date" => "计划日期",
        "started_at" => "开始时间",
        "ended_at" => "结束时间",
        "leader_id" => "一把手",
        "companion_ids" => "陪同人员",
        "matter_id" | "matter_ids" => "事项",
        "walk_id" => "所属体验",
        "source" => "问题来源",
        "work_order_no" => "工单号",
        "rated_at" => "评价时间",
        "grade" => "评价等级",
        "content" => "评价内容",
        "problem_id" => "所转问题",
        "imported_at" => "导入时间",
        "step_id" => "所属环节",
        "task_id" => "所属整改任务",
        "seq" => "序号",
        "text" | "note" => "内容",
        "noted_on" => "记录日期",
        "planned_on" => "计划日期",
        "evidence" => "完成佐证",
        "author" => "记录人",
        "role" => "角色",
        "level" => "层级",
        "parent_id" => "上级单位",
        "alias" => "化名",
        "incognito" => "暗访",
        "identity_hidden" => "不亮身份",
        "no_notice" => "不打招呼",
        "no_escort" => "不安排陪同",
        "waiting_minutes" => "等候时间（分钟）",
        "rating" => "评价",
        "questionnaires" => "问卷数",
        "suggestions" => "建议数",
        "coordinated" => "协调办事数",
        "period_start" => "起始日期",
        "period_end" => "截止日期",
        "legal_days" => "法定时限（天）",
        "promised_days" => "承诺时限（天）",
        "file_name" => "文件名",
        "caption" => "说明",
        "sha256" => "文件哈希",
        "taken_at" => "拍摄时间",
        "added_at" => "添加时间",
        _ => key,
    }
}

/// A closed-vocabulary code in its Chinese label (`closed_out` → 已销号), for the fields that
/// hold one; None for any other value.
fn enum_label(entity: &str, key: &str, code: &str) -> Option<&'static str> {
    macro_rules! find {
        ($($t:ty),+) => {{
            $(if let Some(v) = <$t>::ALL.iter().find(|v| v.code() == code) { return Some(v.label_zh()); })+
            None
        }};
    }
    match key {
        // Walks and tasks share codes (in_progress: 进行中 / 整改中).
        "status" if entity == "walk" => find!(WalkStatus),
        "status" if entity == "task" => find!(TaskStatus),
        "kind" => find!(WalkKind),
        "manner" => find!(Manner),
        "ways" => find!(Way),
        "channel" => find!(Channel),
        "place_level" => find!(PlaceLevel),
        "category" => find!(ProblemCategory),
        "standards" => find!(Standard),
        "severity" => find!(Severity),
        "nature" => find!(Nature),
        "role" => find!(Role),
        "level" => find!(DeptLevel),
        "owner_kind" => find!(OwnerKind),
        _ => None,
    }
}

/// A value as a reader would say it: a label for a code, 是/否, 空 for nothing, long text cut.
fn shown(entity: &str, key: &str, v: &Value) -> String {
    let s = match v {
        Value::Null => return "空".into(),
        Value::Bool(b) => return if *b { "是" } else { "否" }.into(),
        Value::String(s) if s.is_empty() => return "空".into(),
        Value::String(s) => enum_label(entity, key, s).map_or_else(|| s.clone(), str::to_string),
        Value::Array(items) if items.is_empty() => return "空".into(),
        Value::Array(items) => items.iter().map(|i| shown(entity, key, i)).collect::<Vec<_>>().join("、"),
        other => other.to_string(),
    };
    let cut: String = s.chars().take(30).collect();
    if cut.len() < s.len() { format!("{cut}…") } else { cut }
}

/// 「“状态”与变更记录不一致（表中：已销号，记录：整改中）」
pub(super) fn sentence(entity: &str, key: &str, in_table: &Value, in_log: &Value) -> String {
    let (table, log) = (shown(entity, key, in_table), shown(entity, key, in_log));
    format!("“{}”与变更记录不一致（表中：{table}，记录：{log}）", label(key))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_status_is_said_in_its_label_and_text_is_cut() {
        let s = sentence("task", "status", &Value::from("closed_out"), &Value::from("in_progress"));
        assert_eq!(s, "“状态”与变更记录不一致（表中：已销号，记录：整改中）");
        let long = "字".repeat(40);
        assert!(sentence("task", "measure", &Value::from(long), &Value::Null).contains("…，记录：空"));
    }
}
