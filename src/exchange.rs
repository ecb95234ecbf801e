//! The JSON exchange format (docs/exchange-format.md): every record of the programme in one
//! document. Import is all or nothing and idempotent by id: a record already present with the
//! same content is skipped, a changed one is updated, and every change is logged.

use crate::error::{Error, Result};
use crate::model::*;
use crate::ops::SealedWalk;
use crate::rules;
use crate::store::Store;
use serde::{Deserialize, Serialize};
use std::collections::HashSet;

pub const FORMAT: &str = "walklog-exchange";
pub const VERSION: u32 = 1;

/// The whole document.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Exchange {
    pub format: String,
    pub version: u32,
    #[serde(default)]
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
}

/// What an import did.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ImportReport {
    pub inserted: u32,
    pub updated: u32,
    pub unchanged: u32,
}

impl Exchange {
    pub fn new() -> Exchange {
        Exchange { format: FORMAT.into(), version: VERSION, ..Exchange::default() }
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
}

fn json_error_zh(e: &serde_json::Error) -> String {
    use serde_json::error::Category;
    let what = match e.classify() {
        Category::Syntax => "JSON 语法错误",
        Category::Eof => "文件意外结束",
        Category::Data => "字段内容不符合格式",
        Category::Io => "读取失败",
    };
    format!("{what}（{e}）")
}

fn import_err(location: impl Into<String>, message: impl Into<String>) -> Error {
    Error::Import { location: location.into(), message: message.into() }
}

/// Prefixes a validation error with where in the document it is.
fn at(location: String) -> impl FnOnce(Error) -> Error {
    move |e| match e {
        Error::Validation { field, message } => import_err(format!("{location}.{field}"), message),
        Error::NotFound { entity, id } => import_err(location, format!("引用的{entity}（{id}）在文件和数据库中都不存在")),
        other => other,
    }
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

    /// Checks the whole document first, then writes it in one transaction.
    pub fn import_exchange(&mut self, doc: &Exchange) -> Result<ImportReport> {
        self.check_exchange(doc)?;
        let mut report = ImportReport::default();
        self.write(|w| {
            use crate::ops::writes::*;
            // References were checked above against the file and the database; the file's order
            // need not be dependency order (a unit may come before its parent), so foreign keys
            // are checked at commit. The pragma ends with the transaction.
            w.tx.pragma_update(None, "defer_foreign_keys", true)?;
            macro_rules! upsert {
                ($items:expr, $entity:literal, $current:expr, $put:expr) => {
                    for item in $items {
                        let current = $current(&w.tx, &item.id)?;
                        match current {
                            Some(ref c) if c == item => report.unchanged += 1,
                            found => {
                                if found.is_some() { report.updated += 1 } else { report.inserted += 1 }
                                $put(w, item)?;
                                w.log($entity, &item.id, "import", item)?;
                            }
                        }
                    }
                };
            }
            upsert!(&doc.departments, "department", read_department, put_department);
            upsert!(&doc.people, "person", read_person, put_person);
            upsert!(&doc.matters, "matter", read_matter, put_matter);
            // Archived walks are written open first, so their steps and problems may follow,
            // then sealed with the same content the file carries.
            let mut to_seal = Vec::new();
            for walk in &doc.walks {
                let current = read_walk(&w.tx, &walk.id)?;
                match current {
                    Some(ref c) if c == walk => report.unchanged += 1,
                    Some(ref c) if c.status == WalkStatus::Archived => {
                        return Err(import_err(format!("walks[{}]", walk.id), "该体验在本机已归档封存，不能被导入的内容覆盖"));
                    }
                    found => {
                        if found.is_some() { report.updated += 1 } else { report.inserted += 1 }
                        let mut open = walk.clone();
                        if walk.status == WalkStatus::Archived {
                            open.status = WalkStatus::Completed;
                            to_seal.push(walk);
                        }
                        put_walk(w, &open)?;
                        w.log("walk", &walk.id, "import", walk)?;
                    }
                }
            }
            upsert!(&doc.steps, "step", read_step, put_step);
            upsert!(&doc.problems, "problem", read_problem, put_problem);
            for walk in to_seal {
                w.tx.prepare_cached("UPDATE walks SET status = 'archived', seal_code = ?2 WHERE id = ?1")?
                    .execute((&walk.id, &walk.seal_code))?;
            }
            upsert!(&doc.tasks, "task", read_task, put_task);
            upsert!(&doc.notes, "note", read_note, put_note);
            upsert!(&doc.outreach, "outreach", read_outreach, put_outreach);
            Ok(())
        })?;
        Ok(report)
    }

    /// Validates every record and every reference (to the file or the database) before writing.
    fn check_exchange(&self, doc: &Exchange) -> Result<()> {
        let mut ids: HashSet<(&str, &str)> = HashSet::new();
        let known = |_kind: &'static str, id: &str, loc: &str| -> Result<()> {
            if id.trim().is_empty() {
                return Err(import_err(format!("{loc}.id"), "缺少编号"));
            }
            Ok(())
        };
        for (i, d) in doc.departments.iter().enumerate() {
            known("department", &d.id, &format!("departments[{i}]"))?;
            rules::check_title("name", &d.name).map_err(at(format!("departments[{i}]")))?;
            ids.insert(("department", &d.id));
        }
        for (i, p) in doc.people.iter().enumerate() {
            known("person", &p.id, &format!("people[{i}]"))?;
            rules::check_title("name", &p.name).map_err(at(format!("people[{i}]")))?;
            ids.insert(("person", &p.id));
        }
        for (i, m) in doc.matters.iter().enumerate() {
            known("matter", &m.id, &format!("matters[{i}]"))?;
            rules::check_title("name", &m.name).map_err(at(format!("matters[{i}]")))?;
            ids.insert(("matter", &m.id));
        }
        for (i, w) in doc.walks.iter().enumerate() {
            known("walk", &w.id, &format!("walks[{i}]"))?;
            rules::check_walk_shape(w).map_err(at(format!("walks[{i}]")))?;
            if w.status == WalkStatus::Archived && w.seal_code.is_none() {
                return Err(import_err(format!("walks[{i}].seal_code"), "已归档的体验缺少核验码"));
            }
            ids.insert(("walk", &w.id));
        }
        for (i, s) in doc.steps.iter().enumerate() {
            known("step", &s.id, &format!("steps[{i}]"))?;
            rules::check_step(s).map_err(at(format!("steps[{i}]")))?;
            ids.insert(("step", &s.id));
        }
        for (i, p) in doc.problems.iter().enumerate() {
            known("problem", &p.id, &format!("problems[{i}]"))?;
            rules::check_problem(p).map_err(at(format!("problems[{i}]")))?;
            ids.insert(("problem", &p.id));
        }
        for (i, t) in doc.tasks.iter().enumerate() {
            known("task", &t.id, &format!("tasks[{i}]"))?;
            rules::check_text("measure", &t.measure, rules::NOTE_MAX, false).map_err(at(format!("tasks[{i}]")))?;
            if t.problem_ids.is_empty() {
                return Err(import_err(format!("tasks[{i}].problem_ids"), "整改任务须针对至少一个问题"));
            }
            if t.status == TaskStatus::ClosedOut && t.closed_out_on.is_none() {
                return Err(import_err(format!("tasks[{i}].closed_out_on"), "已销号的任务缺少销号日期"));
            }
            ids.insert(("task", &t.id));
        }
        for (i, n) in doc.notes.iter().enumerate() {
            known("note", &n.id, &format!("notes[{i}]"))?;
            rules::check_text("text", &n.text, rules::NOTE_MAX, false).map_err(at(format!("notes[{i}]")))?;
        }
        for (i, o) in doc.outreach.iter().enumerate() {
            known("outreach", &o.id, &format!("outreach[{i}]"))?;
            if o.period_end < o.period_start {
                return Err(import_err(format!("outreach[{i}].period_end"), "统计期结束日期早于开始日期"));
            }
        }

        // References: to a record in the file or already in the database.
        let table = |kind: &str| match kind {
            "department" => "departments",
            "person" => "people",
            "matter" => "matters",
            "walk" => "walks",
            "step" => "steps",
            "problem" => "problems",
            _ => "tasks",
        };
        let exists = |kind: &'static str, id: &str, loc: String| -> Result<()> {
            if ids.contains(&(kind, id)) {
                return Ok(());
            }
            let sql = format!("SELECT EXISTS (SELECT 1 FROM {} WHERE id = ?1)", table(kind));
            let found: bool = self.conn().prepare_cached(&sql)?.query_row([id], |r| r.get(0))?;
            if found {
                Ok(())
            } else {
                Err(import_err(loc, format!("引用的编号 {id} 在文件和数据库中都不存在")))
            }
        };
        for (i, d) in doc.departments.iter().enumerate() {
            if let Some(p) = &d.parent_id {
                exists("department", p, format!("departments[{i}].parent_id"))?;
            }
        }
        for (i, p) in doc.people.iter().enumerate() {
            exists("department", &p.department_id, format!("people[{i}].department_id"))?;
        }
        for (i, m) in doc.matters.iter().enumerate() {
            exists("department", &m.department_id, format!("matters[{i}].department_id"))?;
        }
        for (i, w) in doc.walks.iter().enumerate() {
            exists("department", &w.department_id, format!("walks[{i}].department_id"))?;
            exists("person", &w.leader_id, format!("walks[{i}].leader_id"))?;
            for m in &w.matter_ids {
                exists("matter", m, format!("walks[{i}].matter_ids"))?;
            }
            for p in &w.companion_ids {
                exists("person", p, format!("walks[{i}].companion_ids"))?;
            }
        }
        for (i, s) in doc.steps.iter().enumerate() {
            exists("walk", &s.walk_id, format!("steps[{i}].walk_id"))?;
        }
        for (i, p) in doc.problems.iter().enumerate() {
            exists("walk", &p.walk_id, format!("problems[{i}].walk_id"))?;
            if let Some(s) = &p.step_id {
                exists("step", s, format!("problems[{i}].step_id"))?;
            }
        }
        for (i, t) in doc.tasks.iter().enumerate() {
            exists("department", &t.department_id, format!("tasks[{i}].department_id"))?;
            exists("person", &t.owner_id, format!("tasks[{i}].owner_id"))?;
            for p in &t.problem_ids {
                exists("problem", p, format!("tasks[{i}].problem_ids"))?;
            }
            if let Some(m) = &t.matter_id {
                exists("matter", m, format!("tasks[{i}].matter_id"))?;
            }
        }
        for (i, n) in doc.notes.iter().enumerate() {
            exists("task", &n.task_id, format!("notes[{i}].task_id"))?;
        }
        for (i, o) in doc.outreach.iter().enumerate() {
            exists("department", &o.department_id, format!("outreach[{i}].department_id"))?;
        }
        Ok(())
    }
}

/// Kept for the sealed-walk check: what a 核验码 vouches for, rebuilt from the store.
pub fn sealed_content(store: &Store, walk_id: &str) -> Result<SealedWalk> {
    Ok(SealedWalk { walk: store.walk(walk_id)?, steps: store.steps(walk_id)?, problems: store.walk_problems(walk_id)? })
}
