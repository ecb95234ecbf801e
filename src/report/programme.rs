//! The data of the records that keep the programme moving: the 督办单 (one page per task under
//! 督办) and the office's weekly digest (周报).

use serde_json::{json, Value};

use super::data::{cn_date, common, filters_label, log_code, merge, scope_name, Filters};
use crate::error::{Error, Result};
use crate::model::*;
use crate::store::date;
use crate::Store;

/// 督办单: the tasks named (all under 督办 in the filters' scope when none are), one page each.
pub fn supervision_sheets(store: &Store, task_ids: &[String], filters: &Filters) -> Result<Value> {
    let ids: Vec<String> =
        if task_ids.is_empty() {
            store.supervised_tasks(filters.department_id.as_deref())?.into_iter().map(|t| t.task_id).collect()
        } else {
            task_ids.to_vec()
        };
    if ids.is_empty() {
        return Err(Error::invalid("task_id", "所选范围内没有督办中的整改任务。"));
    }
    let mut sheets = Vec::new();
    for id in &ids {
        let task = store.task(id)?;
        let history = store.supervisions(id)?;
        let Some(latest) = history.last() else {
            return Err(Error::invalid("task_id", format!("整改任务（{id}）没有督办记录，不能生成督办单。")));
        };
        let unit = store.department(&task.department_id)?.name;
        let owner = store.person(&task.owner_id).map(|p| p.name).unwrap_or_else(|_| task.owner_id.clone());
        let problems: Vec<Value> = task
            .problem_ids
            .iter()
            .filter_map(|p| store.problem(p).ok())
            .map(|p| json!({ "description": p.description, "category": p.category.label_zh(), "found_on": cn_date(p.found_on) }))
            .collect();
        // The deadline's history: the task's own 整改时限, then each 督办时限.
        let mut deadlines = vec![json!({ "date": cn_date(task.deadline), "what": "原定整改时限", "note": "" })];
        let mut rows = Vec::new();
        for (i, s) in history.iter().enumerate() {
            let by = store.person(&s.by).map(|p| p.name).unwrap_or_else(|_| s.by.clone());
            deadlines.push(json!({ "date": cn_date(s.required_by), "what": format!("第 {} 次督办时限", i + 1), "note": s.note }));
            rows.push(json!({
                "no": i + 1, "at": s.at.format("%Y-%m-%d %H:%M").to_string(), "by": by,
                "note": s.note, "required_by": cn_date(s.required_by),
            }));
        }
        // 督〔2026〕3号: the latest 督办's number among the year's, in the order they were made.
        let year = latest.at.format("%Y").to_string();
        let number: u32 = store.conn().prepare_cached(
            "SELECT count(*) FROM supervisions WHERE substr(at, 1, 4) = ?1 AND (at < ?2 OR (at = ?2 AND id <= ?3))",
        )?.query_row((&year, crate::store::ts(&latest.at), &latest.id), |r| r.get(0))?;
        let latest_note = store.notes(id)?.last().map(|n| format!("{}：{}", cn_date(n.noted_on), n.text)).unwrap_or_else(|| "尚无进展记录".into());
        let today = store.today();
        sheets.push(json!({
            "no": format!("督〔{year}〕{number}号"),
            "unit": unit, "owner": owner, "measure": task.measure, "status": task.status.label_zh(),
            "deadline": cn_date(task.deadline),
            "overdue_days": if task.is_overdue(today) { (today - task.deadline).num_days() } else { 0 },
            "problems": problems, "deadlines": deadlines, "history": rows,
            "required": latest.note, "required_by": cn_date(latest.required_by),
            "times": history.len(), "latest_progress": latest_note,
        }));
    }
    let mut v = common(store, &scope_name(store, filters)?, log_code(store)?);
    merge(&mut v, json!({ "sheets": sheets, "count": ids.len() }));
    Ok(v)
}

/// The 周报 names at most this many heads behind their plan (it is one page).
const BEHIND_LISTED: usize = 4;

/// 周报: the week (Monday to Sunday) of `day` for the office.
pub fn weekly(store: &Store, day: Date, filters: &Filters) -> Result<Value> {
    let (monday, sunday) = crate::remind::week_of(day);
    let units = store.subtree_filter(filters.department_id.as_deref())?;
    let (from, to) = (date(&monday), date(&sunday));
    let conn = store.conn();
    let scope = |col: &str| format!("(?1 IS NULL OR {col} IN (SELECT value FROM json_each(?1)))");
    let count = |sql: String| -> Result<u32> { Ok(conn.prepare(&sql)?.query_row((&units, &from, &to), |r| r.get(0))?) };
    let walks_done = count(format!(
        "SELECT count(*) FROM walks WHERE {} AND status IN ('completed', 'archived') AND walk_date BETWEEN ?2 AND ?3",
        scope("department_id")
    ))?;
    let mut stmt = conn.prepare(&format!(
        "SELECT w.title, w.kind, w.walk_date, d.name, p.name FROM walks w JOIN departments d ON d.id = w.department_id
             JOIN people p ON p.id = w.leader_id
         WHERE {} AND w.status IN ('completed', 'archived') AND w.walk_date BETWEEN ?2 AND ?3 ORDER BY w.walk_date, w.n LIMIT 4",
        scope("w.department_id")
    ))?;
    let walks: Vec<Value> = stmt
        .query_map((&units, &from, &to), |r| {
            let kind: WalkKind = r.get(1)?;
            Ok(json!({ "title": r.get::<_, String>(0)?, "kind": kind.label_zh(), "day": r.get::<_, String>(2)?,
                       "unit": r.get::<_, String>(3)?, "leader": r.get::<_, String>(4)? }))
        })?
        .collect::<rusqlite::Result<_>>()?;
    let problems_new = count(format!(
        "SELECT count(*) FROM problems p JOIN walks w ON w.id = p.walk_id WHERE {} AND p.found_on BETWEEN ?2 AND ?3",
        scope("w.department_id")
    ))?;
    let tasks_new = count(format!("SELECT count(*) FROM tasks WHERE {} AND created_on BETWEEN ?2 AND ?3", scope("department_id")))?;
    let tasks_closed = count(format!("SELECT count(*) FROM tasks WHERE {} AND closed_out_on BETWEEN ?2 AND ?3", scope("department_id")))?;
    let tasks_done = count(format!("SELECT count(*) FROM tasks WHERE {} AND done_on BETWEEN ?2 AND ?3", scope("department_id")))?;
    // Overdue as of the week's last day (today for the current week).
    let as_of = date(&sunday.min(store.today()));
    let overdue: u32 = conn
        .prepare(&format!("SELECT count(*) FROM tasks WHERE {} AND status <> 'closed_out' AND deadline < ?2", scope("department_id")))?
        .query_row((&units, &as_of), |r| r.get(0))?;
    let supervised_new = count(format!(
        "SELECT count(*) FROM supervisions s JOIN tasks t ON t.id = s.task_id WHERE {} AND substr(s.at, 1, 10) BETWEEN ?2 AND ?3",
        scope("t.department_id")
    ))?;
    let sup = store.supervision_figures(filters.department_id.as_deref())?;
    use chrono::Datelike;
    let quarter = ((sunday.month() - 1) / 3 + 1) as u8;
    let plans = store.plan_overview(filters.department_id.as_deref(), sunday.year(), Some(quarter))?;
    let rate = plans.rate.map(|r| format!("{:.1}%", r * 100.0)).unwrap_or_else(|| "—".into());
    let behind: Vec<Value> = plans
        .heads
        .iter()
        .filter(|h| h.planned == 0 || h.done == 0)
        .take(BEHIND_LISTED)
        .map(|h| {
            json!({ "unit": h.department_name, "name": h.leader_name,
                    "why": if h.planned == 0 { "本季度未制定计划" } else { "本季度尚未完成体验" } })
        })
        .collect();
    let behind_total = plans.heads.iter().filter(|h| h.planned == 0 || h.done == 0).count();
    let mut v = common(store, &scope_name(store, filters)?, log_code(store)?);
    merge(
        &mut v,
        json!({
            "plan_behind_more": behind_total.saturating_sub(BEHIND_LISTED),
            "filters": filters_label(store, filters)?,
            "week": format!("{} 至 {}", cn_date(monday), cn_date(sunday)),
            "walks_done": walks_done, "walks": walks, "problems_new": problems_new, "tasks_new": tasks_new,
            "tasks_done": tasks_done, "tasks_closed": tasks_closed, "overdue": overdue,
            "supervised_new": supervised_new, "supervised_open": sup.open, "supervised_on_time": sup.resolved_on_time,
            "supervised_total": sup.total,
            "plan_period": plans.period_zh, "plan_rate": rate, "plan_heads": plans.heads.len(),
            "plan_without": plans.without_plan, "plan_no_walk": plans.without_walk, "plan_behind": behind,
        }),
    );
    Ok(v)
}
