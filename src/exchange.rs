//! The JSON exchange format (docs/exchange-format.md): every record of the programme in one
//! document. Import is all or nothing and applies exactly the rules of typing each record in
//! (`crate::validate`, the functions the verbs call): the file's new records are written in one
//! transaction, then every one is checked against what the transaction sees — the database and
//! the rest of the file — and any refusal rolls the whole file back. A record already here with
//! the same (normalised) content is skipped; one with other content is a conflict, and the file
//! is refused naming it. Re-importing a file changes nothing.

use crate::error::{Error, Result};
use crate::model::*;
use crate::ops::writes::*;
use crate::ops::SealedWalk;
use crate::store::{Store, Writer};
use crate::validate::{self, Normalise};
use rusqlite::Connection;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

pub const FORMAT: &str = "walklog-exchange";
pub const VERSION: u32 = 1;

/// The whole document.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Exchange {
    pub format: String,
    pub version: u32,
    #[serde(default, with = "crate::model::strict::opt_timestamp")]
    pub exported_at: Option<Timestamp>,
    #[serde(default)]
    pub departments: Vec<Department>,
    #[serde(default)]
    pub people: Vec<Person>,
    #[serde(default)]
    pub matters: Vec<Matter>,
    #[serde(default)]
    pub walks: Vec<Walk>,
    #[serde(default)]
    pub steps: Vec<Step>,
    #[serde(default)]
    pub problems: Vec<Problem>,
    #[serde(default)]
    pub tasks: Vec<Task>,
    #[serde(default)]
    pub notes: Vec<ProgressNote>,
    #[serde(default)]
    pub outreach: Vec<Outreach>,
    /// 走流程计划
    #[serde(default)]
    pub plans: Vec<WalkPlan>,
    /// 督办 (only the office's install may import them: they are its acts)
    #[serde(default)]
    pub supervisions: Vec<Supervision>,
}

/// A record of the file that exists here with other content.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ImportConflict {
    /// Where it is in the file, e.g. `walks[2]`.
    pub location: String,
    pub entity: String,
    pub id: String,
}

/// What an import did (or, previewed, would do).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ImportReport {
    pub inserted: u32,
    pub unchanged: u32,
    pub conflicts: Vec<ImportConflict>,
}

impl Exchange {
    pub fn new() -> Exchange {
        Exchange { format: FORMAT.into(), version: VERSION, ..Exchange::default() }
    }

    /// Parses a document from the bytes of a file; text that is not UTF-8 is refused with the
    /// byte offset of the first bad byte.
    pub fn from_bytes(bytes: &[u8]) -> Result<Exchange> {
        let text = std::str::from_utf8(bytes).map_err(|e| Error::Import {
            location: format!("第 {} 字节", e.valid_up_to() + 1),
            message: "文件不是 UTF-8 编码的文本".into(),
        })?;
        Exchange::from_json(text)
    }

    /// Parses a document; a syntax or type error names its line and column.
    pub fn from_json(text: &str) -> Result<Exchange> {
        let doc: Exchange = serde_json::from_str(text).map_err(|e| Error::Import {
            location: format!("第 {} 行第 {} 列", e.line(), e.column()),
            message: json_error_zh(&e),
        })?;
        if doc.format != FORMAT {
            return Err(import_err("format", format!("不是走流程纪实的交换文件（format 应为 {FORMAT}）")));
        }
        if doc.version != VERSION {
            return Err(import_err("version", format!("不支持的版本 {}（本程序支持 {VERSION}）", doc.version)));
        }
        Ok(doc)
    }

    /// Every record in its normal form (trimmed text, sorted sets).
    pub fn normalise(&mut self) {
        fn all<T: Normalise>(v: &mut [T]) {
            v.iter_mut().for_each(Normalise::normalise);
        }
        all(&mut self.departments);
        all(&mut self.people);
        all(&mut self.matters);
        all(&mut self.walks);
        all(&mut self.steps);
        all(&mut self.problems);
        all(&mut self.tasks);
        all(&mut self.notes);
        all(&mut self.outreach);
        all(&mut self.plans);
        all(&mut self.supervisions);
    }
}

fn json_error_zh(e: &serde_json::Error) -> String {
    use serde_json::error::Category;
    let what = match e.classify() {
        Category::Syntax => "JSON 语法错误",
        Category::Eof => "文件意外结束",
        Category::Data => "字段内容不符合格式",
        Category::Io => "读取失败",
    };
    // The place is already given as 第 N 行第 M 列: keep only what went wrong.
    let text = e.to_string();
    let detail = text.rsplit_once(" at line ").map_or(text.as_str(), |(what, _)| what);
    format!("{what}（{detail}）")
}

fn import_err(location: impl Into<String>, message: impl Into<String>) -> Error {
    Error::Import { location: location.into(), message: message.into() }
}

/// Puts a record's place in the file in front of an error about it.
fn at(location: &str) -> impl FnOnce(Error) -> Error + '_ {
    move |e| match e {
        Error::Validation { field, message } | Error::Authority { field, message } => {
            import_err(format!("{location}.{field}"), message)
        }
        Error::NotFound { entity, id } => {
            import_err(location, format!("引用的{}（{id}）在文件和数据库中都不存在", crate::error::entity_zh(entity)))
        }
        Error::Sealed { .. } => import_err(location, "所属的体验在本机已归档封存，不能再改动"),
        Error::Db(e) if e.to_string().contains("walk sealed") => import_err(location, "所属的体验在本机已归档封存，不能再改动"),
        other => other,
    }
}

/// One kind of record as the import handles it: where it lives and how it is checked.
pub(crate) trait Record: Clone + PartialEq + Serialize + Normalise {
    const ENTITY: &'static str;
    const LIST: &'static str;
    fn id(&self) -> &str;
    fn read(conn: &Connection, id: &str) -> Result<Option<Self>>;
    fn put(w: &mut Writer<'_>, r: &Self) -> Result<()>;
    fn check(conn: &Connection, r: &Self, today: Date) -> Result<()>;
    /// 记录方式 is the core's to say: a walk or step from a file is 导入, entered now, whatever
    /// the file claims; one already held keeps its own (so the same file again is unchanged).
    fn stamp_capture(&mut self, _current: Option<&Self>, _now: Timestamp) {}
}

fn stamp(capture: &mut Capture, current: Option<&Capture>, now: Timestamp) {
    *capture = current.cloned().unwrap_or_else(|| Capture::entered(CaptureMode::Imported, now));
}

macro_rules! record {
    ($ty:ty, $entity:literal, $list:literal, $read:path, $put:path, |$c:ident, $r:ident, $today:ident| $check:expr $(, $captured:ident)?) => {
        impl Record for $ty {
            const ENTITY: &'static str = $entity;
            const LIST: &'static str = $list;
            fn id(&self) -> &str {
                &self.id
            }
            fn read(conn: &Connection, id: &str) -> Result<Option<Self>> {
                $read(conn, id)
            }
            fn put(w: &mut Writer<'_>, r: &Self) -> Result<()> {
                $put(w, r)
            }
            fn check($c: &Connection, $r: &Self, $today: Date) -> Result<()> {
                $check
            }
            $(fn stamp_capture(&mut self, current: Option<&Self>, now: Timestamp) {
                stamp(&mut self.$captured, current.map(|c| &c.$captured), now)
            })?
        }
    };
}

record!(Department, "department", "departments", read_department, put_department, |c, r, _t| validate::department(c, r));
record!(Person, "person", "people", read_person, put_person, |c, r, _t| validate::person_record(c, r));
record!(Matter, "matter", "matters", read_matter, put_matter, |c, r, _t| validate::matter(c, r));
record!(Walk, "walk", "walks", read_walk, put_open_walk, |c, r, _t| validate::walk(c, r), capture);
record!(Step, "step", "steps", read_step, put_step, |c, r, _t| validate::step(c, r), capture);
record!(Problem, "problem", "problems", read_problem, put_problem, |c, r, _t| validate::problem(c, r));
record!(Task, "task", "tasks", read_task, put_task, |c, r, _t| validate::task(c, r));
record!(ProgressNote, "note", "notes", read_note, put_note, |c, r, today| validate::note(c, r, today));
// Milestones travel in the change log (bundles, server); the exchange file (format 1) has no list
// of them yet: "milestones" is only the name the trait asks for.
record!(Milestone, "milestone", "milestones", read_milestone, put_milestone, |c, r, today| validate::milestone(c, r, today));
record!(Outreach, "outreach", "outreach", read_outreach, put_outreach, |c, r, _t| validate::outreach(c, r));
record!(WalkPlan, "plan", "plans", read_plan, put_plan, |c, r, _t| validate::plan(c, r));
// Ratings travel in the change log only, like milestones: "reviews" is the trait's name for them.
record!(Review, "review", "reviews", read_review, put_review, |c, r, _t| validate::review(c, r));
record!(Supervision, "supervision", "supervisions", read_supervision, put_supervision, |c, r, _t| validate::supervision(c, r));

/// An archived walk goes in open first, so its steps and problems may follow; it is sealed
/// once they are in and its 核验码 is recomputed from them.
pub(crate) fn put_open_walk(w: &mut Writer<'_>, walk: &Walk) -> Result<()> {
    if walk.status != WalkStatus::Archived {
        return put_walk(w, walk);
    }
    let open = Walk { status: WalkStatus::Completed, seal_code: None, ..walk.clone() };
    put_walk(w, &open)
}

/// The state of one import in its transaction.
#[derive(Default)]
struct Run {
    report: ImportReport,
    /// Indices of the records this file inserts, per list, for the checks after writing.
    new: HashMap<&'static str, Vec<usize>>,
}

impl Run {
    fn write<T: Record>(&mut self, w: &mut Writer<'_>, items: &[T]) -> Result<()> {
        for (i, item) in items.iter().enumerate() {
            let mut item = item.clone();
            let item = &mut item;
            let location = format!("{}[{i}]", T::LIST);
            // Compared in normal form on both sides: a record stored before normalisation
            // existed is not a conflict with itself.
            let current = T::read(&w.tx, item.id())?.map(|mut c| {
                c.normalise();
                c
            });
            item.stamp_capture(current.as_ref(), w.now);
            match current {
                Some(current) if current == *item => self.report.unchanged += 1,
                Some(_) => self.report.conflicts.push(ImportConflict {
                    location,
                    entity: crate::error::entity_zh(T::ENTITY).to_string(),
                    id: item.id().to_string(),
                }),
                None => {
                    T::put(w, item).map_err(at(&location))?;
                    w.log(T::ENTITY, item.id(), "import", item)?;
                    self.report.inserted += 1;
                    self.new.entry(T::LIST).or_default().push(i);
                }
            }
        }
        Ok(())
    }

    fn check<T: Record>(&self, conn: &Connection, items: &[T], today: Date) -> Result<()> {
        for &i in self.new.get(T::LIST).map(Vec::as_slice).unwrap_or_default() {
            T::check(conn, &items[i], today).map_err(at(&format!("{}[{i}]", T::LIST)))?;
        }
        Ok(())
    }
}

/// The same id twice in one list, or an id that is no id.
fn check_ids<T: Record>(items: &[T]) -> Result<()> {
    let mut seen: HashMap<&str, usize> = HashMap::new();
    for (i, item) in items.iter().enumerate() {
        validate::check_id("id", item.id()).map_err(at(&format!("{}[{i}]", T::LIST)))?;
        if let Some(first) = seen.insert(item.id(), i) {
            return Err(import_err(format!("{}[{i}].id", T::LIST), format!("与 {}[{first}] 的编号相同", T::LIST)));
        }
    }
    Ok(())
}

impl Store {
    /// Everything in the database as one exchange document.
    pub fn export_exchange(&self) -> Result<Exchange> {
        let mut doc = Exchange::new();
        doc.exported_at = Some(self.now());
        doc.departments = self.departments()?;
        doc.people = self.people(None)?;
        doc.matters = self.matters(None)?;
        doc.walks = self.walks(&Default::default())?;
        doc.walks.reverse();
        for walk in &doc.walks {
            doc.steps.extend(self.steps(&walk.id)?);
            doc.problems.extend(self.walk_problems(&walk.id)?);
        }
        let ledger = self.ledger(&crate::ops::LedgerFilter { sort: crate::ops::LedgerSort::CreatedDesc, ..Default::default() })?;
        for row in ledger.rows.into_iter().rev() {
            doc.notes.extend(self.notes(&row.task.id)?);
            doc.tasks.push(row.task);
        }
        doc.outreach = self.outreach(None)?;
        Ok(doc)
    }

    pub fn export_json(&self) -> Result<String> {
        Ok(serde_json::to_string_pretty(&self.export_exchange()?)?)
    }

    pub fn import_json(&mut self, text: &str) -> Result<ImportReport> {
        let doc = Exchange::from_json(text)?;
        self.import_exchange(&doc)
    }

    /// Imports a file's bytes (the CLI and the app read the file; this checks its encoding).
    pub fn import_bytes(&mut self, bytes: &[u8]) -> Result<ImportReport> {
        let doc = Exchange::from_bytes(bytes)?;
        self.import_exchange(&doc)
    }

    /// Imports the document whole or not at all. Conflicts refuse the file, naming them.
    pub fn import_exchange(&mut self, doc: &Exchange) -> Result<ImportReport> {
        let doc = prepared(doc)?;
        self.write(|w| {
            let report = w.with_search_deferred(|w| import_into(w, &doc))?;
            if !report.conflicts.is_empty() {
                let records = report.conflicts.iter().map(|c| format!("{}（{}，编号 {}）", c.location, c.entity, c.id)).collect();
                return Err(Error::Conflict { records });
            }
            Ok(report)
        })
    }

    /// What importing the document would do, without writing anything: every check runs in a
    /// transaction that is then rolled back. An invalid file is an error, as for the import.
    pub fn preview_import(&mut self, doc: &Exchange) -> Result<ImportReport> {
        let doc = prepared(doc)?;
        self.write_and_roll_back(|w| w.with_search_deferred(|w| import_into(w, &doc)))
    }
}

/// The document in normal form, its ids checked (valid, none twice in a list).
fn prepared(doc: &Exchange) -> Result<Exchange> {
    let mut doc = doc.clone();
    doc.normalise();
    check_all_ids(&doc)?;
    Ok(doc)
}

fn check_all_ids(doc: &Exchange) -> Result<()> {
    check_ids(&doc.departments)?;
    check_ids(&doc.people)?;
    check_ids(&doc.matters)?;
    check_ids(&doc.walks)?;
    check_ids(&doc.steps)?;
    check_ids(&doc.problems)?;
    check_ids(&doc.tasks)?;
    check_ids(&doc.notes)?;
    check_ids(&doc.outreach)?;
    check_ids(&doc.plans)?;
    check_ids(&doc.supervisions)
}

/// Writes the new records, checks each against the transaction, then seals the archived walks
/// the file brings after recomputing their 核验码.
fn import_into(w: &mut Writer<'_>, doc: &Exchange) -> Result<ImportReport> {
    // The file's order need not be dependency order (a unit may come before its parent), so
    // foreign keys are checked at commit; the checks below name any broken reference first.
    w.tx.pragma_update(None, "defer_foreign_keys", true)?;
    let mut run = Run::default();
    run.write(w, &doc.departments)?;
    run.write(w, &doc.people)?;
    run.write(w, &doc.matters)?;
    run.write(w, &doc.walks)?;
    run.write(w, &doc.steps)?;
    run.write(w, &doc.problems)?;
    run.write(w, &doc.tasks)?;
    run.write(w, &doc.notes)?;
    run.write(w, &doc.outreach)?;
    run.write(w, &doc.plans)?;
    run.write(w, &doc.supervisions)?;
    if !run.report.conflicts.is_empty() {
        return Ok(run.report);
    }
    let today = w.now.date_naive();
    let conn: &Connection = &w.tx;
    run.check(conn, &doc.departments, today)?;
    run.check(conn, &doc.people, today)?;
    run.check(conn, &doc.matters, today)?;
    run.check(conn, &doc.walks, today)?;
    run.check(conn, &doc.steps, today)?;
    run.check(conn, &doc.problems, today)?;
    run.check(conn, &doc.tasks, today)?;
    run.check(conn, &doc.notes, today)?;
    run.check(conn, &doc.outreach, today)?;
    run.check(conn, &doc.plans, today)?;
    run.check(conn, &doc.supervisions, today)?;
    for &i in run.new.get("walks").map(Vec::as_slice).unwrap_or_default() {
        let walk = &doc.walks[i];
        if walk.status == WalkStatus::Archived {
            seal_imported(w, walk).map_err(at(&format!("walks[{i}]")))?;
        }
    }
    Ok(run.report)
}

/// Recomputes the 核验码 of an archived walk from the content now in the transaction; the
/// file's code is never trusted.
pub(crate) fn seal_imported(w: &mut Writer<'_>, walk: &Walk) -> Result<()> {
    let steps = read_walk_steps(&w.tx, &walk.id)?;
    let problems = read_walk_problems(&w.tx, &walk.id)?;
    let code = SealedWalk { walk: walk.clone(), steps, problems }.code()?;
    if walk.seal_code.as_deref() != Some(code.as_str()) {
        return Err(Error::invalid(
            "seal_code",
            format!("核验码与体验内容不符（按文件中的内容应为 {code}），文件可能在封存后被改动"),
        ));
    }
    w.tx.prepare_cached("UPDATE walks SET status = 'archived', seal_code = ?2 WHERE id = ?1")?.execute((&walk.id, &code))?;
    Ok(())
}
