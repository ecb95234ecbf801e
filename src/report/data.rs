//! Assembles what each record's template receives, from the store. Values are display-ready
//! strings (dates in Chinese style, labels instead of codes) so templates stay simple, plus
//! a few raw values (booleans, numbers) for conditions.

use serde_json::{json, Value};

use crate::model::*;
use crate::ops::{LedgerFilter, ProblemFilter};
use crate::stats::{Period, Scope};
use crate::Store;

use crate::error::Result;

/// What to narrow a list record to.
#[derive(Debug, Clone, Default)]
pub struct Filters {
    /// A unit and the units below it.
    pub department_id: Option<String>,
    pub period: Option<Period>,
    pub status: Option<TaskStatus>,
    pub overdue: bool,
}

pub(super) fn cn_date(d: Date) -> String {
    d.format("%Y年%-m月%-d日").to_string()
}

fn hm(t: &Timestamp) -> String {
    t.format("%H:%M").to_string()
}

fn dash(s: &str) -> String {
    if s.trim().is_empty() {
        "—".to_string()
    } else {
        s.to_string()
    }
}

/// Fields every record has: the header unit, export time and the 核验码.
pub(super) fn common(store: &Store, unit: &str, code: Option<String>) -> Value {
    json!({
        "unit": unit,
        "exported_at": store.now().format("%Y-%m-%d %H:%M").to_string(),
        "today": cn_date(store.today()),
        "code": code.unwrap_or_default(),
    })
}

/// The 核验码 of a list record: the latest change-log line, i.e. the state of the data the
/// record shows. `walklog verify --code` finds it in the log.
pub(super) fn log_code(store: &Store) -> Result<Option<String>> {
    crate::store::head_code(store.conn())
}

pub(crate) fn scope_name(store: &Store, filters: &Filters) -> Result<String> {
    match &filters.department_id {
        Some(id) => Ok(store.department(id)?.name),
        None => Ok(store.setting("city_name")?.unwrap_or_else(|| "全市".to_string())),
    }
}

pub(super) fn filters_label(store: &Store, filters: &Filters) -> Result<String> {
    let mut parts = vec![format!("范围：{}", scope_name(store, filters)?)];
    if let Some(p) = &filters.period {
        parts.push(format!("期间：{}", p.label_zh()));
    }
    if let Some(s) = filters.status {
        parts.push(format!("状态：{}", s.label_zh()));
    }
    if filters.overdue {
        parts.push("仅逾期".to_string());
    }
    Ok(parts.join("；"))
}

/// The photos of a step or walk. The caption carries 拍摄时间 and the presence flag, so a user's
/// own template shows them too; `taken` and `flag` are there alone as well.
/// 拍摄时间 is shown in `offset` (the walk's), like the steps' times beside it.
fn photos(store: &Store, kind: OwnerKind, owner_id: &str, offset: Option<chrono::FixedOffset>) -> Result<Vec<Value>> {
    use crate::photo::presence::taken_zh;
    let within = if kind == OwnerKind::Step { "本环节" } else { "本次体验" };
    let list = store.attachment_views(kind, owner_id)?;
    let mut out = Vec::new();
    for v in list.into_iter().filter(|v| v.attachment.mime.starts_with("image/")) {
        let a = &v.attachment;
        let path = store.attachment_path(&a.sha256)?;
        let name = if a.caption.trim().is_empty() { a.file_name.clone() } else { a.caption.clone() };
        let taken = a.taken_at.map(|t| offset.map(|o| t.with_timezone(&o)).unwrap_or(t));
        let taken = taken.as_ref().map(taken_zh).unwrap_or_default();
        let flag = v.presence.and_then(|p| p.flag_zh(within)).unwrap_or_default();
        let caption = [name.as_str(), taken.as_str(), flag.as_str()].iter().filter(|s| !s.is_empty()).copied().collect::<Vec<_>>().join(" · ");
        out.push(json!({ "path": path.to_string_lossy(), "caption": caption, "taken": taken, "flag": flag }));
    }
    Ok(out)
}

/// 体验纪实表: one walk with its steps, photos, problems and tasks.
pub fn walk_record(store: &Store, walk_id: &str) -> Result<Value> {
    let walk = store.walk(walk_id)?;
    let dept = store.department(&walk.department_id)?;
    let leader = store.person(&walk.leader_id)?;
    let steps = store.steps(walk_id)?;
    let problems = store.walk_problems(walk_id)?;
    let mut matters = Vec::new();
    for id in &walk.matter_ids {
        matters.push(store.matter(id)?.name);
    }
    let mut companions = Vec::new();
    for id in &walk.companion_ids {
        companions.push(store.person(id)?.name);
    }
    let step_name = |id: &Option<String>| {
        id.as_ref().and_then(|id| steps.iter().find(|s| &s.id == id)).map(|s| format!("环节{} {}", s.seq, s.name))
    };
    let mut step_values = Vec::new();
    for s in &steps {
        let minutes = s.ended_at.map(|e| (e - s.started_at).num_minutes().max(0));
        step_values.push(json!({
            "seq": s.seq,
            "name": s.name,
            "place": dash(&s.place),
            "start": hm(&s.started_at),
            "end": s.ended_at.as_ref().map(hm).unwrap_or_else(|| "—".into()),
            "minutes": minutes.map(|m| m.to_string()).unwrap_or_else(|| "—".into()),
            "waiting": s.waiting_minutes,
            "materials": s.materials_count,
            "materials_names": s.materials_names,
            "trips": s.trips,
            "rating": s.rating.map(|r| format!("{r}/5")).unwrap_or_else(|| "—".into()),
            "capture": capture_label(&s.capture),
            "observations": s.observations,
            "photos": photos(store, OwnerKind::Step, &s.id, Some(*s.started_at.offset()))?,
        }));
    }
    let problem_values: Vec<Value> = problems
        .iter()
        .enumerate()
        .map(|(i, p)| {
            json!({
                "no": i + 1,
                "category": p.category.label_zh(),
                "standards": p.standards.iter().map(|s| s.label_zh()).collect::<Vec<_>>().join("、"),
                "severity": p.severity.label_zh(),
                "nature": p.nature.label_zh(),
                "description": p.description,
                "on_spot": p.on_spot_action.clone().unwrap_or_default(),
                "step": step_name(&p.step_id).unwrap_or_default(),
            })
        })
        .collect();
    // Tasks raised for this walk's problems.
    let mut stmt = store
        .conn()
        .prepare("SELECT DISTINCT tp.task_id FROM task_problems tp JOIN problems p ON p.id = tp.problem_id WHERE p.walk_id = ?1 ORDER BY tp.task_id")?;
    let task_ids: Vec<String> = stmt
        .query_map([walk_id], |r| r.get(0))
        .and_then(|rows| rows.collect())?;
    let mut tasks = Vec::new();
    for id in task_ids {
        let t = store.task(&id)?;
        let unit = store.department(&t.department_id)?.name;
        let owner = store.person(&t.owner_id)?.name;
        tasks.push(json!({
            "measure": t.measure, "unit": unit, "owner": owner,
            "deadline": cn_date(t.deadline), "status": t.status.label_zh(),
        }));
    }
    let incognito = walk.incognito.map(|i| json!({ "identity_hidden": i.identity_hidden, "no_notice": i.no_notice, "no_escort": i.no_escort }));
    // What was not kept, in words, so a record says it plainly rather than by an empty box.
    let not_kept = walk
        .incognito
        .map(|i| {
            [(i.identity_hidden, "不亮身份"), (i.no_notice, "不打招呼"), (i.no_escort, "不安排陪同人员")]
                .iter()
                .filter(|(kept, _)| !kept)
                .map(|(_, label)| *label)
                .collect::<Vec<_>>()
                .join("、")
        })
        .unwrap_or_default();
    let leader_shown = walk.shown_leader(&leader.name).to_string();
    let time = match (&walk.started_at, &walk.ended_at) {
        (Some(s), Some(e)) => format!("{}–{}", hm(s), hm(e)),
        (Some(s), None) => format!("{} 起", hm(s)),
        _ => "—".to_string(),
    };
    let late_edits = late_edits(store, walk_id, &problems)?;
    let capture = crate::ops::capture::summarise(&walk, &steps);
    let mut v = common(store, &dept.name, walk.seal_code.clone());
    let extra = json!({
        "walk": {
            "title": walk.title,
            "leader": leader_shown,
            "leader_title": if walk.alias.is_some() { String::new() } else { leader.title.clone() },
            "date": cn_date(walk.walk_date()),
            "time": time,
            "kind": walk.kind.label_zh(),
            "manner": walk.manner.map(|m| m.label_zh()).unwrap_or("—"),
            "ways": dash(&walk.ways.iter().map(|w| w.label_zh()).collect::<Vec<_>>().join("、")),
            "channel": walk.channel.label_zh(),
            "place": place_label(walk.place_level.label_zh(), &walk.place_name),
            "matters": dash(&matters.join("、")),
            "companions": dash(&companions.join("、")),
            "incognito": incognito,
            "incognito_not_kept": not_kept,
            "status": walk.status.label_zh(),
            "sealed": walk.status == WalkStatus::Archived,
            "reflection": walk.reflection,
            "suggestions": walk.suggestions,
            "questionnaires": walk.questionnaires,
            "coordinated": walk.coordinated,
        },
        "steps": step_values,
        "photos": photos(store, OwnerKind::Walk, walk_id, walk.started_at.map(|t| *t.offset()))?,
        "problems": problem_values,
        "tasks": tasks,
        "late_edits": late_edits,
        "capture": { "headline": capture.headline, "notes": capture.notes, "all_live": capture.all_live },
    });
    merge(&mut v, extra);
    Ok(v)
}

/// A step's 记录方式 in two to four characters (its heading in the record).
fn capture_label(c: &crate::model::Capture) -> &'static str {
    match c.mode {
        _ if c.amended_at.is_some() => "事后修改",
        mode => mode.label_zh(),
    }
}

/// The edits of the walk, its steps and its problems made after the walk ended (the 修改记录's
/// 事后修改), oldest first, each in one line: the record says them at its end.
fn late_edits(store: &Store, walk_id: &str, problems: &[Problem]) -> Result<Vec<Value>> {
    let mut entries = Vec::new();
    let records = std::iter::once(("walk", walk_id.to_string())).chain(problems.iter().map(|p| ("problem", p.id.clone())));
    for (entity, id) in records {
        match store.record_history(entity, &id) {
            Ok(h) => entries.extend(h.entries.into_iter().filter(|e| e.late)),
            // A record without change-log lines (none are written that way now) has no edits.
            Err(crate::Error::NotFound { .. }) => {}
            Err(e) => return Err(e),
        }
    }
    entries.sort_by_key(|e| e.seq);
    Ok(entries
        .into_iter()
        .map(|e| {
            let at = chrono::DateTime::parse_from_rfc3339(&e.at).map(|t| t.format("%-m月%-d日 %H:%M").to_string()).unwrap_or(e.at.clone());
            let what = if e.changes.is_empty() {
                e.action_zh.clone()
            } else {
                e.changes
                    .iter()
                    .map(|c| format!("{}：{} → {}", c.field_zh, c.before.as_deref().unwrap_or("（空）"), c.after.as_deref().unwrap_or("（空）")))
                    .collect::<Vec<_>>()
                    .join("；")
            };
            json!({ "at": at, "actor": e.actor, "subject": e.subject_zh, "what": what })
        })
        .collect())
}

/// 体验地点: the level and the place's name, the level left out when the name already says it
/// (「市政务服务大厅 综合窗口」, not 「市政务服务大厅（市政务服务大厅 综合窗口）」).
fn place_label(level: &str, name: &str) -> String {
    let name = name.trim();
    if name.is_empty() {
        level.to_string()
    } else if name.contains(level) {
        name.to_string()
    } else {
        format!("{level}（{name}）")
    }
}

pub(super) fn merge(base: &mut Value, extra: Value) {
    if let (Some(b), Value::Object(e)) = (base.as_object_mut(), extra) {
        b.extend(e);
    }
}

/// 问题清单: problems of a unit and period, grouped by category.
pub fn problem_list(store: &Store, filters: &Filters) -> Result<Value> {
    let filter = ProblemFilter {
        department_id: filters.department_id.clone(),
        from: filters.period.as_ref().map(|p| p.from),
        to: filters.period.as_ref().map(|p| p.to),
        ..Default::default()
    };
    let rows = store.problems(&filter)?;
    let mut groups = Vec::new();
    let mut n = 0;
    for cat in ProblemCategory::ALL {
        let mut items: Vec<_> = rows.iter().filter(|r| r.problem.category == *cat).collect();
        if items.is_empty() {
            continue;
        }
        // Oldest first reads like a register.
        items.sort_by_key(|r| r.problem.found_on);
        let values: Vec<Value> = items
            .iter()
            .map(|r| {
                n += 1;
                json!({
                    "no": n,
                    "found_on": r.problem.found_on.format("%Y-%m-%d").to_string(),
                    "unit": r.department_name,
                    "walk": r.walk_title,
                    "description": r.problem.description,
                    "nature": r.problem.nature.label_zh(),
                    "standards": dash(&r.problem.standards.iter().map(|s| s.label_zh()).collect::<Vec<_>>().join("、")),
                    "solved": if r.solved { "已解决" } else { "未解决" },
                    "on_spot": r.problem.on_spot_action.clone().unwrap_or_default(),
                })
            })
            .collect();
        groups.push(json!({ "category": cat.label_zh(), "count": values.len(), "items": values }));
    }
    let solved = rows.iter().filter(|r| r.solved).count();
    let mut v = common(store, &scope_name(store, filters)?, log_code(store)?);
    merge(&mut v, json!({ "filters": filters_label(store, filters)?, "groups": groups, "total": rows.len(), "solved": solved }));
    Ok(v)
}

/// One ledger row, shared by the PDF template and the .xlsx writer.
pub struct LedgerLine {
    pub no: usize,
    pub problems: String,
    pub categories: String,
    pub unit: String,
    pub owner: String,
    pub measure: String,
    pub deadline: Date,
    pub progress: String,
    pub status: String,
    pub overdue: bool,
}

pub fn ledger_lines(store: &Store, filters: &Filters) -> Result<Vec<LedgerLine>> {
    let filter = LedgerFilter {
        department_id: filters.department_id.clone(),
        status: filters.status,
        overdue: filters.overdue,
        from: filters.period.as_ref().map(|p| p.from),
        to: filters.period.as_ref().map(|p| p.to),
        limit: 0,
        ..Default::default()
    };
    let page = store.ledger(&filter)?;
    Ok(page
        .rows
        .into_iter()
        .enumerate()
        .map(|(i, r)| LedgerLine {
            no: i + 1,
            problems: r.problems,
            categories: r.categories.iter().map(|c| c.label_zh()).collect::<Vec<_>>().join("、"),
            unit: r.department_name,
            owner: r.owner_name,
            measure: r.task.measure,
            deadline: r.task.deadline,
            progress: r.latest_note.unwrap_or_default(),
            status: r.task.status.label_zh().to_string(),
            overdue: r.overdue,
        })
        .collect())
}

/// 整改台账 (landscape).
pub fn ledger(store: &Store, filters: &Filters) -> Result<Value> {
    let lines = ledger_lines(store, filters)?;
    let overdue = lines.iter().filter(|l| l.overdue).count();
    let rows: Vec<Value> = lines
        .iter()
        .map(|l| {
            json!({
                "no": l.no, "problems": dash(&l.problems), "categories": dash(&l.categories), "unit": l.unit,
                "owner": l.owner, "measure": l.measure, "deadline": l.deadline.format("%Y-%m-%d").to_string(),
                "progress": dash(&l.progress), "status": l.status, "overdue": l.overdue,
            })
        })
        .collect();
    let mut v = common(store, &scope_name(store, filters)?, log_code(store)?);
    merge(&mut v, json!({ "filters": filters_label(store, filters)?, "rows": rows, "total": lines.len(), "overdue": overdue }));
    Ok(v)
}

/// 完成情况报告: the figures of the city or a district, per unit, and who has not walked.
pub fn completion_report(store: &Store, filters: &Filters) -> Result<Value> {
    let scope = match &filters.department_id {
        Some(id) => Scope::District(id.clone()),
        None => Scope::City,
    };
    let period = filters.period.clone().unwrap_or_else(Period::all);
    let figures = store.figures(&scope, &period)?;
    let per_unit = store.figures_by_department(&scope, &period)?;
    let rate = |r: Option<f64>| r.map(|r| format!("{r:.1}%")).unwrap_or_else(|| "—".into());
    let units: Vec<Value> = per_unit
        .iter()
        .map(|(d, f)| {
            json!({
                "name": d.name, "walks": f.walks, "daily": f.walks_daily, "cross": f.walks_cross,
                "acceptance": f.walks_acceptance, "found": f.problems_found, "solved": f.problems_solved,
                "open": f.tasks_open + f.tasks_in_progress + f.tasks_done, "closed": f.tasks_closed_out,
                "overdue": f.tasks_overdue, "rate": rate(f.closure_rate),
                "rate_value": f.closure_rate.unwrap_or(0.0), "has_tasks": f.measures > 0,
            })
        })
        .collect();
    // A unit without a head recorded cannot have "all heads walked": it is listed on its own.
    let mut no_head = Vec::new();
    for (d, _) in &per_unit {
        let people = store.people(Some(&d.id))?;
        if !people.iter().any(|p| p.role == Role::Head) {
            no_head.push(d.name.clone());
        }
    }
    let not_walked: Vec<Value> = figures
        .heads_not_walked
        .iter()
        .map(|h| json!({ "name": h.name, "unit": h.department_name }))
        .collect();
    // 不走过场: how the walks were recorded, per unit that did walk.
    let (evidence, evidence_units) = store.evidence(&scope, &period)?;
    let pct = |v: Option<f64>| v.map(|v| format!("{v:.0}%")).unwrap_or_else(|| "—".into());
    let evidence_table: Vec<Value> = evidence_units
        .iter()
        .filter(|(_, e)| e.walks > 0)
        .map(|(d, e)| {
            json!({
                "name": d.name, "walks": e.walks, "live": e.walks_live, "live_share": pct(e.live_share),
                "with_photos": e.walks_with_photos, "photos": e.photos, "photos_outside": e.photos_outside,
                "late_edits": e.late_edits,
                "days_to_seal": e.days_to_seal.map(|d| format!("{d:.1}")).unwrap_or_else(|| "—".into()),
                "stands_out": e.stands_out,
            })
        })
        .collect();
    let stand_out: Vec<String> = evidence_units.iter().filter(|(_, e)| e.stands_out).map(|(d, _)| d.name.clone()).collect();
    let mut v = common(store, &figures.scope_label, log_code(store)?);
    merge(
        &mut v,
        json!({
            "evidence_sentence": evidence.sentence(),
            "evidence_table": evidence_table,
            "evidence_stand_out": stand_out,
            "period": period.label_zh(),
            "scope": figures.scope_label,
            "sentence": figures.sentence(),
            "figures": {
                "units": figures.units, "units_walked": figures.units_walked, "walks": figures.walks,
                "heads_walked": figures.heads_walked, "problems_found": figures.problems_found,
                "problems_solved": figures.problems_solved, "measures": figures.measures,
                "closed": figures.tasks_closed_out, "overdue": figures.tasks_overdue,
                "rate": rate(figures.closure_rate),
                "daily": figures.walks_daily, "incognito_broken": figures.walks_incognito_broken,
                "reviews": figures.reviews, "reviews_bad": figures.reviews_bad,
                "reviews_bad_solved": figures.reviews_bad_solved,
                "bad_review_rate": figures.bad_review_fix_rate.map(|r| format!("{r:.2}%")).unwrap_or_else(|| "—".into()),
            },
            "no_head": no_head,
            "units_table": units,
            "not_walked": not_walked,
            "programme": programme_figures(store, filters, &period)?,
        }),
    );
    Ok(v)
}

/// 计划完成率 of the plans of the period and the scope, and the 督办 figures of the scope.
fn programme_figures(store: &Store, filters: &Filters, period: &Period) -> Result<Value> {
    let plans = store.plans(filters.department_id.as_deref(), period.from, period.to.min(store.today()))?;
    let rate = crate::ops::plans::completion_rate(&plans);
    let sup = store.supervision_figures(filters.department_id.as_deref())?;
    Ok(json!({
        "plans": plans.len(),
        "planned": plans.iter().map(|p| p.planned).sum::<u32>(),
        "counted": plans.iter().map(|p| p.counted).sum::<u32>(),
        "plan_rate": rate.map(|r| format!("{:.1}%", r * 100.0)).unwrap_or_else(|| "—".into()),
        "supervised_total": sup.total, "supervised_open": sup.open,
        "supervised_on_time": sup.resolved_on_time, "supervised_late": sup.resolved_late,
    }))
}
