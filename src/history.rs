//! 修改记录: a record's history as a person reads it, built from the change log. Each line
//! becomes who changed which field when, before → after, in words; edits made after the walk
//! ended (or after the task was marked done) are flagged 事后修改.

use crate::error::{Error, Result};
use crate::model::{Channel, Manner, Nature, PlaceLevel, ProblemCategory, Severity, Standard, TaskStatus, WalkKind, WalkStatus, Way};
use crate::store::Store;
use chrono::{DateTime, FixedOffset};
use rusqlite::OptionalExtension;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use std::collections::HashMap;

/// One field a change touched, both sides as readable text (`None` = empty).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct FieldChange {
    pub field: String,
    pub field_zh: String,
    pub before: Option<String>,
    pub after: Option<String>,
}

/// One change-log line of the record (or, for a walk, of one of its steps).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct HistoryEntry {
    /// The line's place in the log (a stable key for lists).
    pub seq: i64,
    pub at: String,
    pub actor: String,
    pub entity: String,
    pub entity_id: String,
    /// What the line is about: 体验, 第2环节（取号）, 问题, 整改任务.
    pub subject_zh: String,
    pub action: String,
    pub action_zh: String,
    /// The fields that differ from the same record's previous line (all filled fields for its
    /// first line).
    pub changes: Vec<FieldChange>,
    pub late: bool,
    pub late_reason_zh: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct RecordHistory {
    pub entity: String,
    pub entity_zh: String,
    pub id: String,
    pub entries: Vec<HistoryEntry>,
    pub late_count: u32,
}

/// The record kinds with a 修改记录, by code or Chinese name.
pub fn parse_entity(text: &str) -> Result<&'static str> {
    match text.trim() {
        "walk" | "体验" | "走流程" => Ok("walk"),
        "problem" | "问题" | "难点堵点" => Ok("problem"),
        "task" | "整改任务" | "任务" => Ok("task"),
        other => Err(Error::invalid("entity", format!("“{other}”没有修改记录可查（可选：体验、问题、整改任务）"))),
    }
}

/// Fields in reading order with their Chinese names. Keys not listed come after, by name.
const FIELDS: &[(&str, &str)] = &[
    ("title", "体验名称"),
    ("name", "名称"),
    ("status", "状态"),
    ("department_id", "单位"),
    ("leader_id", "体验人"),
    ("kind", "体验方式"),
    ("manner", "办理方式"),
    ("ways", "走法"),
    ("channel", "办理渠道"),
    ("place_level", "地点层级"),
    ("place_name", "地点"),
    ("place", "地点/窗口"),
    ("matter_ids", "体验事项"),
    ("companion_ids", "同行人员"),
    ("incognito", "三不"),
    ("alias", "化名"),
    ("planned_date", "计划日期"),
    ("started_at", "开始时间"),
    ("ended_at", "结束时间"),
    ("waiting_minutes", "等候时长"),
    ("materials_count", "材料数量"),
    ("materials_names", "材料名称"),
    ("trips", "跑动次数"),
    ("observations", "观察记录"),
    ("rating", "满意度"),
    ("reflection", "体验感悟"),
    ("suggestions", "征集意见建议"),
    ("questionnaires", "发放问卷"),
    ("coordinated", "协调办事"),
    ("step_id", "所属环节"),
    ("category", "问题类别"),
    ("standards", "服务标准"),
    ("severity", "严重程度"),
    ("nature", "问题性质"),
    ("description", "问题描述"),
    ("on_spot_action", "立行立改措施"),
    ("resolved_on", "解决日期"),
    ("found_on", "发现日期"),
    ("problem_ids", "针对问题"),
    ("measure", "整改措施"),
    ("owner_id", "责任人"),
    ("deadline", "整改时限"),
    ("matter_id", "涉及事项"),
    ("before", "整改前"),
    ("after", "整改后"),
    ("outcomes", "整改成效"),
    ("sent_back_reason", "退回理由"),
    ("sent_back_by", "退回人"),
    ("sent_back_at", "退回时间"),
    ("done_on", "完成日期"),
    ("closed_out_on", "销号日期"),
    ("closed_out_by", "销号人"),
    ("created_on", "立项日期"),
    ("seal_code", "核验码"),
    ("capture", "记录方式"),
];

/// Fields that mean nothing to a person: ids and the record's place among its siblings (the
/// subject already names the step).
const NOISE: &[&str] = &["id", "walk_id", "task_id", "seq"];

const CLIP: usize = 60;

fn field_zh(key: &str) -> String {
    FIELDS.iter().find(|(k, _)| *k == key).map(|(_, zh)| zh.to_string()).unwrap_or_else(|| {
        match crate::rules::field_zh(key) {
            "该项" => key.to_string(),
            zh => zh.to_string(),
        }
    })
}

fn action_zh(entity: &str, action: &str, base: &str) -> String {
    let resolved_conflict = serde_json::from_str::<Vec<String>>(base).is_ok_and(|b| b.len() > 1);
    let zh = match (entity, action) {
        (_, "resolve") if resolved_conflict => "解决冲突",
        ("walk", "plan") => "计划体验",
        ("walk", "start") => "开始体验",
        ("walk", "complete") => "结束体验",
        ("walk", "archive") => "归档",
        ("step", "start") => "开始环节",
        ("step", "finish") => "结束环节",
        ("step", "add") => "补录环节",
        ("problem", "record") => "记录问题",
        ("problem", "resolve") => "立行立改",
        ("problem", "import") => "导入好差评差评",
        ("task", "raise") => "立项",
        ("task", "start") => "开始整改",
        ("task", "done") => "标记完成",
        ("task", "close_out") => "销号",
        ("task", "send_back") => "退回",
        (_, "retime") => "修改时间",
        (_, "update" | "save") => "修改",
        (_, "delete") => "删除",
        (_, "import") => "导入",
        (_, other) => return other.to_string(),
    };
    zh.to_string()
}

/// Names of the ids records point to, looked up once each.
struct Names<'a> {
    store: &'a Store,
    cache: HashMap<(&'static str, String), String>,
}

impl Names<'_> {
    fn get(&mut self, table: &'static str, id: &str) -> Result<String> {
        if let Some(hit) = self.cache.get(&(table, id.to_string())) {
            return Ok(hit.clone());
        }
        let sql = match table {
            "departments" => "SELECT name FROM departments WHERE id = ?1",
            "people" => "SELECT name FROM people WHERE id = ?1",
            "matters" => "SELECT name FROM matters WHERE id = ?1",
            "problems" => "SELECT description FROM problems WHERE id = ?1",
            _ => "SELECT '第' || seq || '环节（' || name || '）' FROM steps WHERE id = ?1",
        };
        // A record deleted since (or never here) shows as its id.
        let name = self
            .store
            .conn()
            .prepare_cached(sql)?
            .query_row([id], |r| r.get::<_, String>(0))
            .optional()?
            .map(|n| clip(&n, 20))
            .unwrap_or_else(|| id.to_string());
        self.cache.insert((table, id.to_string()), name.clone());
        Ok(name)
    }
}

pub(crate) fn clip(text: &str, max: usize) -> String {
    let flat: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if flat.chars().count() <= max {
        flat
    } else {
        let mut out: String = flat.chars().take(max).collect();
        out.push('…');
        out
    }
}

fn label<E: Copy>(all: &[E], code: &str, f: impl Fn(E) -> (&'static str, &'static str)) -> String {
    all.iter().map(|e| f(*e)).find(|(c, _)| *c == code).map(|(_, zh)| zh.to_string()).unwrap_or_else(|| code.to_string())
}

fn enum_zh(entity: &str, key: &str, code: &str) -> Option<String> {
    macro_rules! zh {
        ($t:ty) => {
            Some(label(<$t>::ALL, code, |e| (e.code(), e.label_zh())))
        };
    }
    match key {
        "kind" => zh!(WalkKind),
        "manner" => zh!(Manner),
        "ways" => zh!(Way),
        "channel" => zh!(Channel),
        "place_level" => zh!(PlaceLevel),
        "status" if entity == "task" => zh!(TaskStatus),
        "status" => zh!(WalkStatus),
        "category" => zh!(ProblemCategory),
        "standards" => zh!(Standard),
        "severity" => zh!(Severity),
        "nature" => zh!(Nature),
        _ => None,
    }
}

fn parse_at(s: &str) -> Option<DateTime<FixedOffset>> {
    DateTime::parse_from_rfc3339(s).ok()
}

/// A timestamp as people write it (the offset it was recorded in).
pub fn when(s: &str) -> String {
    parse_at(s).map(|t| t.format("%Y-%m-%d %H:%M").to_string()).unwrap_or_else(|| s.to_string())
}

fn flags(v: &Value, names: &[(&str, &str)]) -> String {
    let on: Vec<&str> = names.iter().filter(|(k, _)| v.get(*k).and_then(Value::as_bool) == Some(true)).map(|(_, zh)| *zh).collect();
    if on.is_empty() { "无".into() } else { on.join("、") }
}

/// A field's value in words; `None` when it is empty.
fn render(entity: &str, key: &str, v: &Value, names: &mut Names<'_>) -> Result<Option<String>> {
    let id_table = match key {
        "department_id" => Some("departments"),
        "leader_id" | "owner_id" | "closed_out_by" | "sent_back_by" | "companion_ids" => Some("people"),
        "matter_id" | "matter_ids" => Some("matters"),
        "problem_ids" => Some("problems"),
        "step_id" => Some("steps"),
        _ => None,
    };
    Ok(match v {
        Value::Null => None,
        Value::String(s) if s.trim().is_empty() => None,
        Value::Array(items) if items.is_empty() => None,
        Value::Array(items) => {
            let mut parts = Vec::new();
            for i in items {
                parts.extend(render(entity, key, i, names)?);
            }
            Some(parts.join("、"))
        }
        Value::String(s) => Some(if let Some(table) = id_table {
            names.get(table, s)?
        } else if let Some(zh) = enum_zh(entity, key, s) {
            zh
        } else if key.ends_with("_at") {
            when(s)
        } else {
            clip(s, CLIP)
        }),
        Value::Bool(b) => Some(if *b { "是" } else { "否" }.into()),
        Value::Number(n) => Some(match key {
            "waiting_minutes" => format!("{n} 分钟"),
            "trips" => format!("{n} 次"),
            "rating" => format!("{n} 分"),
            _ => n.to_string(),
        }),
        Value::Object(_) => Some(match key {
            "incognito" => flags(v, &[("identity_hidden", "不亮身份"), ("no_notice", "不打招呼"), ("no_escort", "不安排陪同")]),
            "outcomes" => flags(v, &[("process_optimised", "流程优化"), ("time_compressed", "时限压缩"), ("policy_issued", "出台制度")]),
            "before" | "after" => {
                let n = |k: &str| v.get(k).and_then(Value::as_u64).unwrap_or(0);
                format!("环节 {}、材料 {} 份、时限 {} 个工作日、跑动 {} 次", n("steps"), n("materials"), n("days"), n("trips"))
            }
            "capture" => capture_text(v),
            _ => clip(&v.to_string(), CLIP),
        }),
    })
}

/// 「事后补录，12月2日 10:00 录入」, 「现场记录，12月3日 09:00 修改时间（原 09:00 起）」.
fn capture_text(v: &Value) -> String {
    let at = |k: &str| v.get(k).and_then(Value::as_str).map(when);
    let mode = v.get("mode").and_then(Value::as_str).and_then(crate::model::CaptureMode::parse).unwrap_or_default();
    let mut text = mode.label_zh().to_string();
    if let Some(t) = at("entered_at") {
        text.push_str(&format!("，{t} 录入"));
    }
    if let Some(t) = at("amended_at") {
        text.push_str(&format!("，{t} 修改时间"));
        if let Some(o) = at("original_started_at") {
            text.push_str(&format!("（原 {o} 起）"));
        }
    }
    text
}

/// The fields that differ between two states of a record, in reading order.
fn diff(entity: &str, before: Option<&Value>, after: &Value, names: &mut Names<'_>) -> Result<Vec<FieldChange>> {
    let mut keys: Vec<String> = FIELDS.iter().map(|(k, _)| k.to_string()).collect();
    let mut rest: Vec<String> = [before, Some(after)]
        .into_iter()
        .flatten()
        .filter_map(Value::as_object)
        .flat_map(|o| o.keys().cloned())
        .filter(|k| !keys.contains(k))
        .collect();
    rest.sort();
    rest.dedup();
    keys.extend(rest);
    let mut out = Vec::new();
    for key in keys {
        if NOISE.contains(&key.as_str()) {
            continue;
        }
        let a = before.and_then(|b| b.get(&key));
        let b = after.get(&key);
        if a == b {
            continue;
        }
        let ra = match a {
            Some(v) => render(entity, &key, v, names)?,
            None => None,
        };
        let rb = match b {
            Some(v) => render(entity, &key, v, names)?,
            None => None,
        };
        // Null versus a missing key, or two values that read the same: nothing a person sees.
        // Nor does a new task's empty 整改成效 (every task starts with none).
        if ra == rb || (before.is_none() && key == "outcomes" && rb.as_deref() == Some("无")) {
            continue;
        }
        out.push(FieldChange { field_zh: field_zh(&key), field: key, before: ra, after: rb });
    }
    Ok(out)
}

struct Line {
    seq: i64,
    at: String,
    actor: String,
    entity: String,
    entity_id: String,
    action: String,
    state: String,
    base: String,
}

const LINE_COLS: &str = "seq, at, actor, entity, entity_id, action, state, base";

fn line(r: &rusqlite::Row) -> rusqlite::Result<Line> {
    Ok(Line {
        seq: r.get(0)?,
        at: r.get(1)?,
        actor: r.get(2)?,
        entity: r.get(3)?,
        entity_id: r.get(4)?,
        action: r.get(5)?,
        state: r.get(6)?,
        base: r.get(7)?,
    })
}

/// The record a line's state holds (an archive line holds the sealed walk with its parts).
fn record_of(action: &str, state: Value) -> Value {
    if action == "archive" {
        state.get("walk").cloned().unwrap_or(state)
    } else {
        state
    }
}

impl Store {
    /// The 修改记录 of a walk (with its steps' lines), a problem or a task, oldest first.
    pub fn record_history(&self, entity: &str, id: &str) -> Result<RecordHistory> {
        let entity = parse_entity(entity)?;
        let id = id.trim();
        let own: Vec<Line> = self
            .conn()
            .prepare_cached(&format!(
                "SELECT {LINE_COLS} FROM change_log WHERE entity = ?1 AND entity_id = ?2 AND action != 'redacted' ORDER BY seq"
            ))?
            .query_map([entity, id], line)?
            .collect::<rusqlite::Result<_>>()?;
        let Some(first) = own.first() else {
            return Err(Error::not_found(entity, id));
        };
        // The walk whose end decides what is late: the walk itself, or the problem's walk.
        let walk_id: Option<String> = match entity {
            "walk" => Some(id.to_string()),
            "problem" => serde_json::from_str::<Value>(&first.state)?.get("walk_id").and_then(Value::as_str).map(str::to_string),
            _ => None,
        };
        let mut lines = own;
        if let Some(walk_id) = &walk_id {
            // The walk's steps' lines and, for a problem, the walk's own lines (only to know
            // when it ended). Steps are found by the steps table and, once deleted, by their
            // delete line (a partial index holds those), so the lookups stay on indexes
            // however long the log.
            let extra_sql = format!(
                "SELECT {LINE_COLS} FROM change_log
                 WHERE ?1 = 'walk' AND entity = 'step' AND action != 'redacted'
                   AND entity_id IN (SELECT id FROM steps WHERE walk_id = ?2
                                     UNION SELECT entity_id FROM change_log
                                      WHERE entity = 'step' AND action = 'delete' AND json_extract(state, '$.walk_id') = ?2)
                 UNION ALL
                 SELECT {LINE_COLS} FROM change_log
                 WHERE ?1 = 'problem' AND entity = 'walk' AND entity_id = ?2 AND action != 'redacted'"
            );
            let extra: Vec<Line> = self
                .conn()
                .prepare_cached(&extra_sql)?
                .query_map([entity, walk_id.as_str()], line)?
                .collect::<rusqlite::Result<_>>()?;
            lines.extend(extra);
            lines.sort_by_key(|l| l.seq);
        }

        let mut names = Names { store: self, cache: HashMap::new() };
        let mut previous: HashMap<(String, String), Value> = HashMap::new();
        let mut walk_ended: Option<DateTime<FixedOffset>> = None;
        let mut entries = Vec::new();
        for l in lines {
            let state = record_of(&l.action, serde_json::from_str(&l.state)?);
            let at = parse_at(&l.at);
            let shown = l.entity == entity || l.entity == "step";
            if shown {
                let key = (l.entity.clone(), l.entity_id.clone());
                let before = previous.get(&key);
                let (late, late_reason_zh) = late(entity, &l, before, walk_ended, at);
                let changes = if l.action == "delete" { Vec::new() } else { diff(&l.entity, before, &state, &mut names)? };
                let subject_zh = match l.entity.as_str() {
                    "step" => format!(
                        "第{}环节（{}）",
                        state.get("seq").and_then(Value::as_u64).unwrap_or(0),
                        clip(state.get("name").and_then(Value::as_str).unwrap_or(""), 20)
                    ),
                    other => crate::error::entity_zh(other).to_string(),
                };
                entries.push(HistoryEntry {
                    seq: l.seq,
                    at: l.at.clone(),
                    actor: l.actor.clone(),
                    subject_zh,
                    action_zh: action_zh(&l.entity, &l.action, &l.base),
                    entity: l.entity.clone(),
                    entity_id: l.entity_id.clone(),
                    action: l.action.clone(),
                    changes,
                    late,
                    late_reason_zh,
                });
                previous.insert(key, state.clone());
            }
            if l.entity == "walk" {
                walk_ended = state.get("ended_at").and_then(Value::as_str).and_then(parse_at);
            }
        }
        let late_count = entries.iter().filter(|e| e.late).count() as u32;
        Ok(RecordHistory {
            entity: entity.to_string(),
            entity_zh: crate::error::entity_zh(entity).to_string(),
            id: id.to_string(),
            entries,
            late_count,
        })
    }
}

/// Whether a line is an edit after the fact: after the walk ended (walk, step, problem), or
/// on a task already marked done. Closing the walk (归档) and the office's verdict on a done
/// task (销号, 退回) are what comes after by design, not late edits.
fn late(
    entity: &str,
    l: &Line,
    before: Option<&Value>,
    walk_ended: Option<DateTime<FixedOffset>>,
    at: Option<DateTime<FixedOffset>>,
) -> (bool, Option<String>) {
    if entity == "task" {
        let status = before.and_then(|b| b.get("status")).and_then(Value::as_str);
        let done = matches!(status, Some("done" | "closed_out"));
        if done && !matches!(l.action.as_str(), "close_out" | "send_back") {
            let what = if status == Some("closed_out") { "销号" } else { "标记完成" };
            return (true, Some(format!("任务{what}后修改")));
        }
        return (false, None);
    }
    match (walk_ended, at) {
        (Some(end), Some(at)) if at > end && l.action != "archive" => {
            (true, Some(format!("体验结束（{}）后修改", end.format("%Y-%m-%d %H:%M"))))
        }
        _ => (false, None),
    }
}
