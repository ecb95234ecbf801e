//! Deleting records. Refused where history would be lost: a walk under way or sealed, a problem
//! that has a task, a task past the open stage, and anything still referenced.

use crate::error::{Error, Result};
use crate::model::*;
use crate::store::Store;

impl Store {
    /// Deletes a department no record refers to.
    pub fn delete_department(&mut self, id: &str) -> Result<()> {
        let dept = self.department(id)?;
        self.delete_row("departments", "department", id, &dept, "该单位仍有下级单位、人员、事项、体验或任务，不能删除。")
    }

    /// Deletes a person no record refers to.
    pub fn delete_person(&mut self, id: &str) -> Result<()> {
        let person = self.person(id)?;
        self.delete_row("people", "person", id, &person, "该人员仍是某次体验的体验人/陪同人或某项任务的责任人，不能删除。")
    }

    /// Deletes a matter no record refers to.
    pub fn delete_matter(&mut self, id: &str) -> Result<()> {
        let matter = self.matter(id)?;
        self.delete_row("matters", "matter", id, &matter, "该事项仍被体验或整改任务引用，不能删除。")
    }

    /// Deletes a walk that is still only planned.
    pub fn delete_walk(&mut self, id: &str) -> Result<()> {
        let walk = self.walk(id)?;
        self.ensure_editable(&walk)?;
        if walk.status != WalkStatus::Planned {
            return Err(Error::transition("只能删除尚未开始的体验；已开始的体验须保留记录。"));
        }
        self.delete_row("walks", "walk", id, &walk, "该体验仍被其他记录引用，不能删除。")
    }

    /// Deletes a problem that has no task (e.g. recorded by mistake).
    pub fn delete_problem(&mut self, id: &str) -> Result<()> {
        let problem = self.problem(id)?;
        self.ensure_problem_editable(&problem)?;
        if problem.source == ProblemSource::Reviews {
            return Err(Error::transition("好差评导入的差评不能删除，须整改解决。"));
        }
        if !self.problem_task_ids(id)?.is_empty() {
            return Err(Error::transition("该问题已生成整改任务，不能删除。"));
        }
        self.delete_row("problems", "problem", id, &problem, "该问题仍被其他记录引用，不能删除。")
    }

    /// Deletes a task that has not been started.
    pub fn delete_task(&mut self, id: &str) -> Result<()> {
        let task = self.task(id)?;
        if task.status != TaskStatus::Open || !self.notes(id)?.is_empty() || !self.milestones(id)?.is_empty() {
            return Err(Error::transition("只能删除尚未开始整改、没有进展记录和整改节点的任务。"));
        }
        self.delete_row("tasks", "task", id, &task, "该任务仍被其他记录引用，不能删除。")
    }

    fn delete_row(
        &mut self,
        table: &str,
        entity: &'static str,
        id: &str,
        state: &impl serde::Serialize,
        in_use: &str,
    ) -> Result<()> {
        let sql = format!("DELETE FROM {table} WHERE id = ?1");
        let result = self.write(|w| {
            w.tx.execute(&sql, [id])?;
            w.log(entity, id, "delete", state)?;
            Ok(())
        });
        match result {
            Err(Error::Db(rusqlite::Error::SqliteFailure(e, _))) if e.extended_code == rusqlite::ffi::SQLITE_CONSTRAINT_FOREIGNKEY => {
                Err(Error::transition(in_use))
            }
            other => other,
        }
    }
}
