//! Finding a record by what a person types: its id, its exact name, or a part of the name that
//! fits one record only. The app picks from lists; the CLI and scripts type names.

use crate::error::{entity_zh, Error, Result};
use crate::model::*;
use crate::store::Store;

/// How many candidates an ambiguity message names.
const SHOWN: usize = 5;

impl Store {
    /// A unit by id, exact name or a unique part of its name (`金水区`).
    pub fn lookup_department(&self, key: &str) -> Result<Department> {
        let id = self.lookup_id("departments", "name", "department", "名称", key)?;
        self.department(&id)
    }

    /// A person by id, exact name or a unique part of the name.
    pub fn lookup_person(&self, key: &str) -> Result<Person> {
        let id = self.lookup_id("people", "name", "person", "姓名", key)?;
        self.person(&id)
    }

    pub fn lookup_matter(&self, key: &str) -> Result<Matter> {
        let id = self.lookup_id("matters", "name", "matter", "名称", key)?;
        self.matter(&id)
    }

    /// A walk by id, exact title or a unique part of the title.
    pub fn lookup_walk(&self, key: &str) -> Result<Walk> {
        let id = self.lookup_id("walks", "title", "walk", "标题", key)?;
        self.walk(&id)
    }

    /// A task by id or a unique part of its measure (整改措施).
    pub fn lookup_task(&self, key: &str) -> Result<Task> {
        let id = self.lookup_id("tasks", "measure", "task", "整改措施", key)?;
        self.task(&id)
    }

    /// A problem by id or a unique part of its description.
    pub fn lookup_problem(&self, key: &str) -> Result<Problem> {
        let id = self.lookup_id("problems", "description", "problem", "问题描述", key)?;
        self.problem(&id)
    }

    /// A step of one walk by id, its order number (`2` = the second step) or its name.
    pub fn lookup_step(&self, walk_id: &str, key: &str) -> Result<Step> {
        let key = key.trim();
        let steps = self.steps(walk_id)?;
        let by_seq = key.parse::<u32>().ok().and_then(|n| steps.iter().find(|s| s.seq == n));
        if let Some(step) = by_seq.or_else(|| steps.iter().find(|s| s.id == key)) {
            return Ok(step.clone());
        }
        let named: Vec<&Step> = steps.iter().filter(|s| s.name == key).collect();
        match named.as_slice() {
            [one] => Ok((*one).clone()),
            [] => Err(Error::invalid("step_id", format!("该体验没有环节“{key}”（可用序号、编号或名称）。"))),
            _ => Err(Error::Ambiguous { message: format!("该体验有多个名为“{key}”的环节，请用序号。") }),
        }
    }

    /// The id of the one row of `table` that `key` names: the id itself, the exact value of
    /// `column`, or a part of it that only one row contains.
    fn lookup_id(&self, table: &str, column: &str, entity: &'static str, what: &str, key: &str) -> Result<String> {
        let key = key.trim();
        let noun = entity_zh(entity);
        if key.is_empty() {
            return Err(Error::invalid(entity, format!("请写明{noun}的编号或{what}。")));
        }
        let exact = self.candidates(&format!("SELECT id, {column} FROM {table} WHERE id = ?1 OR {column} = ?1 ORDER BY id = ?1 DESC, id"), key)?;
        if let Some((id, _)) = exact.iter().find(|(id, _)| id == key) {
            return Ok(id.clone());
        }
        match exact.as_slice() {
            [(id, _)] => return Ok(id.clone()),
            [] => {}
            many => {
                let ids: Vec<&str> = many.iter().take(SHOWN).map(|(id, _)| id.as_str()).collect();
                return Err(Error::Ambiguous { message: format!("有 {} 个{noun}的{what}都是“{key}”，请用编号：{}。", many.len(), ids.join("、")) });
            }
        }
        let sql = format!("SELECT id, {column} FROM {table} WHERE instr({column}, ?1) > 0 ORDER BY {column}, id LIMIT {}", SHOWN + 1);
        match self.candidates(&sql, key)?.as_slice() {
            [(id, _)] => Ok(id.clone()),
            [] => Err(Error::invalid(entity, format!("找不到{noun}“{key}”（可用编号或{what}）。"))),
            many => {
                let names: Vec<String> = many.iter().take(SHOWN).map(|(_, name)| clip(name)).collect();
                let more = if many.len() > SHOWN { "等" } else { "" };
                Err(Error::Ambiguous {
                    message: format!("“{key}”对应多个{noun}：{}{more}，请写全{what}或用编号。", names.join("、")),
                })
            }
        }
    }

    fn candidates(&self, sql: &str, key: &str) -> Result<Vec<(String, String)>> {
        let mut stmt = self.conn().prepare(sql)?;
        let rows = stmt.query_map([key], |r| Ok((r.get(0)?, r.get(1)?)))?.collect::<rusqlite::Result<_>>()?;
        Ok(rows)
    }
}

/// A long measure or description, cut for a one-line message.
fn clip(text: &str) -> String {
    let mut chars = text.chars();
    let head: String = chars.by_ref().take(20).collect();
    if chars.next().is_some() {
        format!("“{head}…”")
    } else {
        format!("“{head}”")
    }
}
