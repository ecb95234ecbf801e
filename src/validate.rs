//! One validation for every door. Each record of the programme has one check here, run against
//! a connection that sees everything the write will leave behind: the verbs run it inside their
//! own transaction, the exchange import inside the import's transaction after the file's records
//! are in (so a reference to a record later in the file resolves). What the app refuses, an
//! import file refuses too, with the same message.
//!
//! Also here: the normal form of each record (trimmed text, sets sorted and de-duplicated), so
//! that a record typed in, read back, or re-imported compares equal to itself.

use crate::error::{Error, Result};
use crate::model::*;
use crate::rules::{self, check_count, check_text, check_title, NOTE_MAX};
use crate::store::rows;
use rusqlite::{Connection, OptionalExtension};

/// Ids: UUIDs in practice; other installs' ids are accepted if they are plain tokens.
pub const ID_MAX: usize = 64;
/// People's names (姓名).
pub const PERSON_NAME_MAX: usize = 50;
/// Person titles (职务) and note authors.
pub const LABEL_MAX: usize = 100;
/// 退回理由.
pub const REASON_MAX: usize = 2_000;

/// An id: non-blank, at most 64 characters, letters, digits and `-_.:` only (it is never a path,
/// but it is printed, logged and compared).
pub fn check_id(field: &'static str, id: &str) -> Result<()> {
    if id.is_empty() {
        return Err(Error::invalid(field, "缺少编号。"));
    }
    if id.chars().count() > ID_MAX {
        return Err(Error::invalid(field, format!("编号过长（最多 {ID_MAX} 个字符）。")));
    }
    if !id.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.' | ':')) {
        return Err(Error::invalid(field, "编号只能由字母、数字和 - _ . : 组成。"));
    }
    Ok(())
}

/// A reference to another record: a valid id of a record that exists.
fn check_ref(conn: &Connection, field: &'static str, table: &'static str, entity: &'static str, id: &str) -> Result<()> {
    found(conn, field, entity, id, &format!("SELECT 1 FROM {table} WHERE id = ?1"), |_| Ok(()))
}

/// A referenced record's row, read with `sql` (one `?1` for the id), or the refusal beside the
/// field that names it: one query both checks the reference and reads what a rule needs.
fn found<T>(
    conn: &Connection,
    field: &'static str,
    entity: &'static str,
    id: &str,
    sql: &str,
    map: impl FnOnce(&rusqlite::Row) -> rusqlite::Result<T>,
) -> Result<T> {
    if id.trim().is_empty() {
        return Err(Error::invalid(field, format!("请选择{}。", crate::error::entity_zh(entity))));
    }
    check_id(field, id)?;
    conn.prepare_cached(sql)?.query_row([id], map).optional()?.ok_or_else(|| Error::Validation {
        field,
        message: format!("找不到{}（编号 {id}），可能已被删除。", crate::error::entity_zh(entity)),
    })
}

fn person(conn: &Connection, id: &str) -> Result<Option<Person>> {
    let sql = format!("SELECT {} FROM people WHERE id = ?1", rows::PERSON_COLS);
    Ok(conn.prepare_cached(&sql)?.query_row([id], rows::person).optional()?)
}

pub fn department(conn: &Connection, d: &Department) -> Result<()> {
    check_id("id", &d.id)?;
    check_title("name", &d.name)?;
    let Some(parent) = &d.parent_id else { return Ok(()) };
    if parent == &d.id {
        return Err(Error::invalid("parent_id", "上级单位不能是本单位。"));
    }
    check_ref(conn, "parent_id", "departments", "department", parent)?;
    // Walk up from the parent; meeting this unit means it would be its own ancestor. The bound
    // stops a cycle that is already in the data from looping for ever.
    let mut at = Some(parent.clone());
    for _ in 0..64 {
        let Some(id) = at else { return Ok(()) };
        if id == d.id {
            return Err(Error::invalid("parent_id", "上级单位不能是本单位的下级单位（单位不能是自己的上级）。"));
        }
        at = conn
            .prepare_cached("SELECT parent_id FROM departments WHERE id = ?1")?
            .query_row([&id], |r| r.get::<_, Option<String>>(0))
            .optional()?
            .flatten();
    }
    Err(Error::invalid("parent_id", "单位层级过深或存在循环。"))
}

pub fn person_record(conn: &Connection, p: &Person) -> Result<()> {
    check_id("id", &p.id)?;
    check_text("name", &p.name, PERSON_NAME_MAX, false)?;
    check_text("title", &p.title, LABEL_MAX, true)?;
    if p.department_id.trim().is_empty() {
        return Err(Error::invalid("department_id", "请选择所在单位。"));
    }
    check_ref(conn, "department_id", "departments", "department", &p.department_id)
}

pub fn matter(conn: &Connection, m: &Matter) -> Result<()> {
    check_id("id", &m.id)?;
    check_title("name", &m.name)?;
    if m.department_id.trim().is_empty() {
        return Err(Error::invalid("department_id", "请选择所属单位。"));
    }
    check_ref(conn, "department_id", "departments", "department", &m.department_id)?;
    if let Some(n) = m.legal_days {
        check_count("legal_days", n)?;
    }
    if let Some(n) = m.promised_days {
        check_count("promised_days", n)?;
    }
    check_count("materials_count", m.materials_count)?;
    check_count("steps_count", m.steps_count)?;
    if let (Some(legal), Some(promised)) = (m.legal_days, m.promised_days) {
        if promised > legal {
            return Err(Error::invalid("promised_days", format!("承诺时限（{promised} 个工作日）不能长于法定时限（{legal} 个工作日）。")));
        }
    }
    Ok(())
}

pub fn walk(conn: &Connection, w: &Walk) -> Result<()> {
    check_id("id", &w.id)?;
    rules::check_walk_shape(w)?;
    check_ref(conn, "department_id", "departments", "department", &w.department_id)?;
    let (name, role): (String, Role) =
        found(conn, "leader_id", "person", &w.leader_id, "SELECT name, role FROM people WHERE id = ?1", |r| Ok((r.get(0)?, r.get(1)?)))?;
    if role != Role::Head {
        return Err(Error::invalid("leader_id", format!("{name}不是一把手，不能作为体验人。")));
    }
    for m in &w.matter_ids {
        check_ref(conn, "matter_ids", "matters", "matter", m)?;
    }
    for p in &w.companion_ids {
        check_ref(conn, "companion_ids", "people", "person", p)?;
    }
    use WalkStatus::*;
    match w.status {
        Planned if w.started_at.is_some() || w.ended_at.is_some() => {
            return Err(Error::invalid("started_at", "计划中的体验不能有开始或结束时间。"));
        }
        InProgress if w.started_at.is_none() => return Err(Error::invalid("started_at", "进行中的体验缺少开始时间。")),
        InProgress if w.ended_at.is_some() => return Err(Error::invalid("ended_at", "进行中的体验不能有结束时间。")),
        Completed | Archived if w.started_at.is_none() => return Err(Error::invalid("started_at", "已结束的体验缺少开始时间。")),
        Completed | Archived if w.ended_at.is_none() => return Err(Error::invalid("ended_at", "已结束的体验缺少结束时间。")),
        _ => {}
    }
    match (w.status, &w.seal_code) {
        (Archived, None) => Err(Error::invalid("seal_code", "已归档的体验缺少核验码。")),
        (Archived, Some(_)) | (_, None) => Ok(()),
        (_, Some(_)) => Err(Error::invalid("seal_code", "只有已归档的体验才有核验码。")),
    }
}

pub fn step(conn: &Connection, s: &Step) -> Result<()> {
    check_id("id", &s.id)?;
    rules::check_step(s)?;
    if s.seq == 0 || s.seq > rules::COUNT_MAX {
        return Err(Error::invalid("seq", format!("环节序号应为 1 到 {} 之间的整数。", rules::COUNT_MAX)));
    }
    check_ref(conn, "walk_id", "walks", "walk", &s.walk_id)
}

pub fn problem(conn: &Connection, p: &Problem) -> Result<()> {
    check_id("id", &p.id)?;
    rules::check_problem(p)?;
    match (p.source, &p.walk_id) {
        (ProblemSource::Walk, Some(walk_id)) => {
            let unit: String =
                found(conn, "walk_id", "walk", walk_id, "SELECT department_id FROM walks WHERE id = ?1", |r| r.get(0))?;
            if !p.department_id.is_empty() && p.department_id != unit {
                return Err(Error::invalid("department_id", "问题的单位须与所在体验的单位一致。"));
            }
            if p.work_order_no.is_some() {
                return Err(Error::invalid("work_order_no", "只有好差评的差评有工单号。"));
            }
        }
        (ProblemSource::Walk, None) => return Err(Error::invalid("walk_id", "问题须记在一次体验中。")),
        (ProblemSource::Reviews, Some(_)) => {
            return Err(Error::invalid("walk_id", "好差评的差评不属于某次体验。"));
        }
        (ProblemSource::Reviews, None) => {
            check_ref(conn, "department_id", "departments", "department", &p.department_id)?;
            rules::check_text("work_order_no", p.work_order_no.as_deref().unwrap_or(""), rules::WORK_ORDER_MAX, false)?;
        }
    }
    if let Some(step_id) = &p.step_id {
        let walk_id: String = found(conn, "step_id", "step", step_id, "SELECT walk_id FROM steps WHERE id = ?1", |r| r.get(0))?;
        if Some(&walk_id) != p.walk_id.as_ref() {
            return Err(Error::invalid("step_id", "所选环节不属于这次体验。"));
        }
    }
    if p.resolved_on.is_some() && p.on_spot_action.as_deref().is_none_or(|a| a.trim().is_empty()) {
        return Err(Error::invalid("on_spot_action", "当场整改的问题须写明整改情况。"));
    }
    Ok(())
}

/// A rating as imported: its unit, its texts within bounds, and a 差评 linked to its problem
/// (a good rating to none).
pub fn review(conn: &Connection, r: &Review) -> Result<()> {
    check_id("id", &r.id)?;
    check_text("work_order_no", &r.work_order_no, rules::WORK_ORDER_MAX, false)?;
    check_ref(conn, "department_id", "departments", "department", &r.department_id)?;
    check_text("matter", &r.matter, rules::TITLE_MAX, true)?;
    check_text("channel", &r.channel, rules::TITLE_MAX, true)?;
    check_text("content", &r.content, NOTE_MAX, true)?;
    if r.rated_at.date() > r.imported_at.date_naive() + chrono::Days::new(1) {
        return Err(Error::invalid("rated_at", "评价时间晚于导入时间。"));
    }
    match (&r.problem_id, r.grade.is_bad()) {
        (None, false) => Ok(()),
        (Some(_), false) => Err(Error::invalid("problem_id", "只有差评转为问题。")),
        (None, true) => Err(Error::invalid("problem_id", "差评须转为问题。")),
        (Some(pid), true) => {
            let sql = "SELECT work_order_no, department_id FROM problems WHERE id = ?1";
            let (order, unit): (Option<String>, String) = found(conn, "problem_id", "problem", pid, sql, |r| Ok((r.get(0)?, r.get(1)?)))?;
            if order.as_deref() != Some(r.work_order_no.as_str()) || unit != r.department_id {
                return Err(Error::invalid("problem_id", "差评所转的问题与其工单号或单位不符。"));
            }
            Ok(())
        }
    }
}

/// The one check of the office's authority (销号、退回): the person must be a 党建办 person.
/// The exchange issue replaces "a person with the office role" by a signed office install.
pub fn office_authority(conn: &Connection, field: &'static str, person_id: Option<&str>, act: &str) -> Result<Person> {
    let Some(id) = person_id.filter(|id| !id.trim().is_empty()) else {
        return Err(Error::Authority { field, message: format!("{act}须由党建办人员作出，但没有注明是谁。") });
    };
    check_id(field, id)?;
    match person(conn, id)? {
        None => Err(Error::Authority { field, message: format!("作出{act}的人员（编号 {id}）不存在。") }),
        Some(p) if p.role != Role::Office => {
            Err(Error::Authority { field, message: format!("{}不是党建办人员，无权{act}。", p.name) })
        }
        Some(p) => Ok(p),
    }
}

/// Evidence of a task (a progress note or an attachment on the task or on one of its notes),
/// recorded after `since` when given (a 退回 asks for new evidence).
pub fn has_evidence(conn: &Connection, task_id: &str, since: Option<&Timestamp>) -> Result<bool> {
    let mut stmt = conn.prepare_cached(
        "SELECT recorded_at FROM progress_notes WHERE task_id = ?1
         UNION ALL SELECT added_at FROM attachments WHERE owner_kind = 'task' AND owner_id = ?1
         UNION ALL SELECT a.added_at FROM attachments a JOIN progress_notes n ON a.owner_kind = 'note' AND a.owner_id = n.id
             WHERE n.task_id = ?1",
    )?;
    let stamps: Vec<Option<String>> = stmt.query_map([task_id], |r| r.get(0))?.collect::<rusqlite::Result<_>>()?;
    let Some(since) = since else { return Ok(!stamps.is_empty()) };
    // Stored stamps carry their offsets, so compare instants, not text.
    Ok(stamps.iter().flatten().filter_map(|t| chrono::DateTime::parse_from_rfc3339(t).ok()).any(|t| t > *since))
}

pub fn task(conn: &Connection, t: &Task) -> Result<()> {
    check_id("id", &t.id)?;
    check_text("measure", &t.measure, NOTE_MAX, false)?;
    rules::check_figures("before", &t.before)?;
    rules::check_figures("after", &t.after)?;
    check_ref(conn, "department_id", "departments", "department", &t.department_id)?;
    check_ref(conn, "owner_id", "people", "person", &t.owner_id)?;
    if let Some(m) = &t.matter_id {
        check_ref(conn, "matter_id", "matters", "matter", m)?;
    }
    if t.problem_ids.is_empty() {
        return Err(Error::invalid("problem_ids", "整改任务须针对至少一个问题。"));
    }
    for pid in &t.problem_ids {
        // A walk's problem dates from its walk; a 差评 from its rating.
        let sql = "SELECT p.nature, coalesce(w.walk_date, p.found_on) FROM problems p LEFT JOIN walks w ON w.id = p.walk_id WHERE p.id = ?1";
        let (nature, walk_date): (Nature, String) = found(conn, "problem_ids", "problem", pid, sql, |r| Ok((r.get(0)?, r.get(1)?)))?;
        if nature != Nature::Systemic {
            return Err(Error::invalid("problem_ids", "简单个性问题应立行立改，不生成整改任务。"));
        }
        let walk_date = strict::parse_date(&walk_date).map_err(|m| Error::invalid("deadline", m))?;
        rules::check_deadline(t.deadline, walk_date)?;
    }
    task_state(conn, t)
}

/// What a task's status demands of the rest of the record: the dates of each step of the
/// machine, the evidence of 完成, and the office's authority for 销号 and 退回.
fn task_state(conn: &Connection, t: &Task) -> Result<()> {
    use TaskStatus::*;
    let sent_back = t.sent_back_reason.is_some() || t.sent_back_by.is_some() || t.sent_back_at.is_some();
    if sent_back {
        check_text("reason", t.sent_back_reason.as_deref().unwrap_or(""), REASON_MAX, false)?;
        office_authority(conn, "sent_back_by", t.sent_back_by.as_deref(), "退回")?;
        if t.sent_back_at.is_none() {
            return Err(Error::invalid("sent_back_at", "退回记录缺少退回时间。"));
        }
    }
    if t.status == Open && sent_back {
        return Err(Error::invalid("status", "被退回的任务应为“整改中”，不能是“待整改”。"));
    }
    match t.status {
        Open | InProgress => {
            if t.done_on.is_some() {
                return Err(Error::invalid("done_on", "未完成的任务不能有完成日期。"));
            }
        }
        Done | ClosedOut => {
            let Some(done_on) = t.done_on else {
                return Err(Error::invalid("done_on", "已完成的任务缺少完成日期。"));
            };
            if done_on < t.created_on {
                return Err(Error::invalid("done_on", "完成日期不能早于任务建立日期。"));
            }
            if !has_evidence(conn, &t.id, t.sent_back_at.as_ref())? {
                let message = if sent_back {
                    "该任务被退回后没有新的整改进展或佐证材料，不能标记完成。"
                } else {
                    "标记完成前请先添加整改进展或上传佐证材料。"
                };
                return Err(Error::invalid("evidence", message));
            }
        }
    }
    match t.status {
        ClosedOut => {
            let Some(closed) = t.closed_out_on else {
                return Err(Error::invalid("closed_out_on", "已销号的任务缺少销号日期。"));
            };
            if t.done_on.is_some_and(|d| closed < d) {
                return Err(Error::invalid("closed_out_on", "销号日期不能早于完成日期。"));
            }
            office_authority(conn, "closed_out_by", t.closed_out_by.as_deref(), "销号")?;
        }
        _ if t.closed_out_on.is_some() || t.closed_out_by.is_some() => {
            return Err(Error::invalid("closed_out_on", "未销号的任务不能有销号记录。"));
        }
        _ => {}
    }
    Ok(())
}

pub fn note(conn: &Connection, n: &ProgressNote, today: Date) -> Result<()> {
    check_id("id", &n.id)?;
    check_text("text", &n.text, NOTE_MAX, false)?;
    check_text("author", &n.author, LABEL_MAX, true)?;
    check_ref(conn, "task_id", "tasks", "task", &n.task_id)?;
    if n.noted_on > today {
        return Err(Error::invalid("noted_on", "进展日期不能晚于今天。"));
    }
    Ok(())
}

/// 整改节点名称的最多字数.
pub const MILESTONE_NAME_MAX: usize = 100;
/// How far after the task's deadline a milestone may be planned (deadlines get extended).
pub const MILESTONE_AFTER_DEADLINE_DAYS: u64 = 366;

/// A milestone: a name, a planned date not before its task was raised and at most a year past
/// its deadline, a done date not before the task was raised nor after today, and evidence
/// once done.
pub fn milestone(conn: &Connection, m: &Milestone, today: Date) -> Result<()> {
    check_id("id", &m.id)?;
    check_text("name", &m.name, MILESTONE_NAME_MAX, false)?;
    check_text("evidence", &m.evidence, NOTE_MAX, true)?;
    check_ref(conn, "task_id", "tasks", "task", &m.task_id)?;
    let Some(task) = crate::ops::writes::read_task(conn, &m.task_id)? else {
        return Err(Error::not_found("task", &m.task_id));
    };
    if m.planned_on < task.created_on {
        return Err(Error::invalid("planned_on", format!("节点计划日期不能早于任务生成日期（{}）。", task.created_on)));
    }
    let latest = task.deadline + chrono::Days::new(MILESTONE_AFTER_DEADLINE_DAYS);
    if m.planned_on > latest {
        return Err(Error::invalid("planned_on", format!("节点计划日期不能晚于整改时限一年以上（最晚 {latest}）。")));
    }
    if let Some(done) = m.done_on {
        if done > today {
            return Err(Error::invalid("done_on", "节点完成日期不能晚于今天。"));
        }
        if done < task.created_on {
            return Err(Error::invalid("done_on", "节点完成日期不能早于任务生成日期。"));
        }
        if m.evidence.trim().is_empty() {
            return Err(Error::invalid("evidence", "标记节点完成需要填写完成佐证。"));
        }
    }
    Ok(())
}

pub fn outreach(conn: &Connection, o: &Outreach) -> Result<()> {
    check_id("id", &o.id)?;
    check_ref(conn, "department_id", "departments", "department", &o.department_id)?;
    if o.period_end < o.period_start {
        return Err(Error::invalid("period_end", "统计期结束日期不能早于开始日期。"));
    }
    for (field, n) in [("suggestions", o.suggestions), ("questionnaires", o.questionnaires), ("coordinated", o.coordinated)] {
        check_count(field, n)?;
    }
    check_text("note", &o.note, NOTE_MAX, true)
}

/// A plan: a head of the plan's unit, a real period, counts a plan can mean, known matters.
pub fn plan(conn: &Connection, p: &WalkPlan) -> Result<()> {
    check_id("id", &p.id)?;
    check_ref(conn, "department_id", "departments", "department", &p.department_id)?;
    let leader = found(conn, "leader_id", "person", &p.leader_id, &format!("SELECT {} FROM people WHERE id = ?1", rows::PERSON_COLS), rows::person)?;
    if leader.role != Role::Head {
        return Err(Error::invalid("leader_id", format!("{}不是一把手，计划只为一把手制定。", leader.name)));
    }
    if leader.department_id != p.department_id {
        return Err(Error::invalid("leader_id", format!("{}不是本单位人员，不能为其制定计划。", leader.name)));
    }
    if !(2000..=2100).contains(&p.year) {
        return Err(Error::invalid("year", format!("计划年份 {} 不合理。", p.year)));
    }
    if p.period().is_none() {
        return Err(Error::invalid("quarter", "季度只能是 1 至 4。"));
    }
    for (field, n) in [("daily", p.daily), ("cross", p.cross), ("acceptance", p.acceptance)] {
        if n > 366 {
            return Err(Error::invalid(field, format!("{}数值不合理（{n}），请核对。", rules::field_zh(field))));
        }
    }
    if p.planned() == 0 {
        return Err(Error::invalid("daily", "计划至少要有一次体验。"));
    }
    for m in &p.matter_ids {
        check_ref(conn, "matter_ids", "matters", "matter", m)?;
    }
    check_text("places", &p.places, rules::TITLE_MAX, true)?;
    check_text("note", &p.note, NOTE_MAX, true)
}

/// 督办意见 up to this many characters.
pub const SUPERVISION_NOTE_MAX: usize = 2_000;

/// A 督办: by a 党建办 person, of a task that exists, with what is required by a date not
/// before the day it was made.
pub fn supervision(conn: &Connection, s: &Supervision) -> Result<()> {
    check_id("id", &s.id)?;
    check_ref(conn, "task_id", "tasks", "task", &s.task_id)?;
    if s.note.trim().is_empty() {
        return Err(Error::invalid("note", "请写明督办意见（要求做什么）。"));
    }
    let chars = s.note.chars().count();
    if chars > SUPERVISION_NOTE_MAX {
        return Err(Error::invalid("note", format!("督办意见过长（{chars} 字），最多 {SUPERVISION_NOTE_MAX} 字。")));
    }
    if s.required_by < s.at.date_naive() {
        return Err(Error::invalid("required_by", "督办时限不能早于督办当天。"));
    }
    if s.required_by > s.at.date_naive() + chrono::Days::new(366) {
        return Err(Error::invalid("required_by", "督办时限不能超过一年。"));
    }
    office_authority(conn, "by", Some(&s.by), "督办")?;
    Ok(())
}

/// The normal form a record is stored and compared in.
pub trait Normalise {
    fn normalise(&mut self);
}

fn trim(s: &mut String) {
    let t = s.trim();
    if t.len() != s.len() {
        *s = t.to_string();
    }
}

fn trim_opt(s: &mut Option<String>) {
    if let Some(v) = s {
        trim(v);
        if v.is_empty() {
            *s = None;
        }
    }
}

fn set<T: Ord>(v: &mut Vec<T>) {
    v.sort();
    v.dedup();
}

impl Normalise for Department {
    fn normalise(&mut self) {
        trim(&mut self.id);
        trim(&mut self.name);
        trim_opt(&mut self.parent_id);
    }
}

impl Normalise for Person {
    fn normalise(&mut self) {
        trim(&mut self.id);
        trim(&mut self.name);
        trim(&mut self.title);
    }
}

impl Normalise for Matter {
    fn normalise(&mut self) {
        trim(&mut self.id);
        trim(&mut self.name);
    }
}

impl Normalise for Walk {
    fn normalise(&mut self) {
        trim(&mut self.id);
        trim(&mut self.title);
        trim(&mut self.place_name);
        trim_opt(&mut self.alias);
        set(&mut self.ways);
        set(&mut self.matter_ids);
        set(&mut self.companion_ids);
    }
}

impl Normalise for Step {
    fn normalise(&mut self) {
        trim(&mut self.id);
        trim(&mut self.name);
        trim(&mut self.place);
    }
}

impl Normalise for Problem {
    fn normalise(&mut self) {
        trim(&mut self.id);
        trim(&mut self.description);
        trim_opt(&mut self.on_spot_action);
        trim_opt(&mut self.step_id);
        trim_opt(&mut self.walk_id);
        trim_opt(&mut self.work_order_no);
        set(&mut self.standards);
    }
}

impl Normalise for Review {
    fn normalise(&mut self) {
        trim(&mut self.id);
        trim(&mut self.work_order_no);
        trim(&mut self.matter);
        trim(&mut self.channel);
        trim(&mut self.content);
        trim_opt(&mut self.problem_id);
    }
}

impl Normalise for Task {
    fn normalise(&mut self) {
        trim(&mut self.id);
        trim(&mut self.measure);
        set(&mut self.problem_ids);
        trim_opt(&mut self.sent_back_reason);
        trim_opt(&mut self.matter_id);
    }
}

impl Normalise for ProgressNote {
    fn normalise(&mut self) {
        trim(&mut self.id);
        trim(&mut self.text);
        trim(&mut self.author);
    }
}

impl Normalise for Milestone {
    fn normalise(&mut self) {
        trim(&mut self.id);
        trim(&mut self.name);
        trim(&mut self.evidence);
    }
}

impl Normalise for Outreach {
    fn normalise(&mut self) {
        trim(&mut self.id);
        trim(&mut self.note);
    }
}


impl Normalise for WalkPlan {
    fn normalise(&mut self) {
        trim(&mut self.id);
        trim(&mut self.places);
        trim(&mut self.note);
        set(&mut self.matter_ids);
    }
}

impl Normalise for Supervision {
    fn normalise(&mut self) {
        trim(&mut self.id);
        trim(&mut self.note);
        trim(&mut self.by);
    }
}
