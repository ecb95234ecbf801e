//! Departments, people and service matters: the directory the walks refer to.

use super::writes::{put_department, put_matter, put_outreach, put_person};
use super::{ensure_exists, id_or_new};
use crate::error::{Error, Result};
use crate::model::*;
use crate::rules::{check_count, check_text, check_title};
use crate::store::{rows, Store};
use rusqlite::OptionalExtension;

impl Store {
    /// Creates (blank id) or updates a department.
    pub fn save_department(&mut self, mut dept: Department) -> Result<Department> {
        check_title("name", &dept.name)?;
        dept.name = dept.name.trim().to_string();
        dept.id = id_or_new(&dept.id);
        if let Some(parent) = &dept.parent_id {
            if parent == &dept.id {
                return Err(Error::invalid("parent_id", "上级单位不能是本单位。"));
            }
            ensure_exists(self.conn(), "departments", "department", parent)?;
            if self.department_ancestors(parent)?.iter().any(|a| a == &dept.id) {
                return Err(Error::invalid("parent_id", "上级单位不能是本单位的下级单位。"));
            }
        }
        self.write(|w| {
            put_department(w, &dept)?;
            w.log("department", &dept.id, "save", &dept)?;
            Ok(())
        })?;
        Ok(dept)
    }

    pub fn department(&self, id: &str) -> Result<Department> {
        let sql = format!("SELECT {} FROM departments WHERE id = ?1", rows::DEPARTMENT_COLS);
        self.conn().query_row(&sql, [id], rows::department).optional()?.ok_or_else(|| Error::not_found("department", id))
    }

    pub fn departments(&self) -> Result<Vec<Department>> {
        let sql = format!("SELECT {} FROM departments ORDER BY level, name", rows::DEPARTMENT_COLS);
        let mut stmt = self.conn().prepare(&sql)?;
        let list = stmt.query_map([], rows::department)?.collect::<rusqlite::Result<_>>()?;
        Ok(list)
    }

    /// The department and every unit below it (a district and its streets and communities).
    pub fn department_subtree(&self, id: &str) -> Result<Vec<String>> {
        ensure_exists(self.conn(), "departments", "department", id)?;
        let mut stmt = self.conn().prepare(
            "WITH RECURSIVE sub(id) AS (SELECT ?1 UNION SELECT d.id FROM departments d JOIN sub ON d.parent_id = sub.id)
             SELECT id FROM sub",
        )?;
        let ids = stmt.query_map([id], |r| r.get(0))?.collect::<rusqlite::Result<_>>()?;
        Ok(ids)
    }

    /// A list filter's unit scope: the unit and its sub-units as a JSON array for `json_each`,
    /// or None for every unit.
    pub(crate) fn subtree_filter(&self, id: Option<&str>) -> Result<Option<String>> {
        id.map(|id| Ok(serde_json::to_string(&self.department_subtree(id)?)?)).transpose()
    }

    fn department_ancestors(&self, id: &str) -> Result<Vec<String>> {
        let mut stmt = self.conn().prepare(
            "WITH RECURSIVE up(id, parent_id) AS (
                 SELECT id, parent_id FROM departments WHERE id = ?1
                 UNION SELECT d.id, d.parent_id FROM departments d JOIN up ON d.id = up.parent_id)
             SELECT id FROM up",
        )?;
        let ids = stmt.query_map([id], |r| r.get(0))?.collect::<rusqlite::Result<_>>()?;
        Ok(ids)
    }

    /// Creates (blank id) or updates a person.
    pub fn save_person(&mut self, mut person: Person) -> Result<Person> {
        check_title("name", &person.name)?;
        check_text("title", &person.title, 100, true)?;
        person.name = person.name.trim().to_string();
        person.id = id_or_new(&person.id);
        // No unit chosen is the user's omission, not a deleted unit.
        if person.department_id.trim().is_empty() {
            return Err(Error::invalid("department_id", "请选择所在单位。"));
        }
        ensure_exists(self.conn(), "departments", "department", &person.department_id)?;
        self.write(|w| {
            put_person(w, &person)?;
            w.log("person", &person.id, "save", &person)?;
            Ok(())
        })?;
        Ok(person)
    }

    pub fn person(&self, id: &str) -> Result<Person> {
        let sql = format!("SELECT {} FROM people WHERE id = ?1", rows::PERSON_COLS);
        self.conn().query_row(&sql, [id], rows::person).optional()?.ok_or_else(|| Error::not_found("person", id))
    }

    /// People, optionally of one department.
    pub fn people(&self, department_id: Option<&str>) -> Result<Vec<Person>> {
        let sql = format!(
            "SELECT {} FROM people WHERE ?1 IS NULL OR department_id = ?1 ORDER BY department_id, role, name",
            rows::PERSON_COLS
        );
        let mut stmt = self.conn().prepare(&sql)?;
        let list = stmt.query_map([department_id], rows::person)?.collect::<rusqlite::Result<_>>()?;
        Ok(list)
    }

    /// Creates (blank id) or updates a service matter.
    pub fn save_matter(&mut self, mut matter: Matter) -> Result<Matter> {
        check_title("name", &matter.name)?;
        matter.name = matter.name.trim().to_string();
        matter.id = id_or_new(&matter.id);
        if matter.department_id.trim().is_empty() {
            return Err(Error::invalid("department_id", "请选择所属单位。"));
        }
        ensure_exists(self.conn(), "departments", "department", &matter.department_id)?;
        for n in [matter.legal_days, matter.promised_days].into_iter().flatten() {
            check_count("days", n)?;
        }
        check_count("materials_count", matter.materials_count)?;
        check_count("steps_count", matter.steps_count)?;
        if let (Some(legal), Some(promised)) = (matter.legal_days, matter.promised_days) {
            if promised > legal {
                return Err(Error::invalid("promised_days", "承诺时限不能长于法定时限。"));
            }
        }
        self.write(|w| {
            put_matter(w, &matter)?;
            w.log("matter", &matter.id, "save", &matter)?;
            Ok(())
        })?;
        Ok(matter)
    }

    pub fn matter(&self, id: &str) -> Result<Matter> {
        let sql = format!("SELECT {} FROM matters WHERE id = ?1", rows::MATTER_COLS);
        self.conn().query_row(&sql, [id], rows::matter).optional()?.ok_or_else(|| Error::not_found("matter", id))
    }

    pub fn matters(&self, department_id: Option<&str>) -> Result<Vec<Matter>> {
        let sql = format!(
            "SELECT {} FROM matters WHERE ?1 IS NULL OR department_id = ?1 ORDER BY department_id, name",
            rows::MATTER_COLS
        );
        let mut stmt = self.conn().prepare(&sql)?;
        let list = stmt.query_map([department_id], rows::matter)?.collect::<rusqlite::Result<_>>()?;
        Ok(list)
    }

    /// Records suggestions, questionnaires and coordinated matters of a department for a period.
    pub fn save_outreach(&mut self, mut item: Outreach) -> Result<Outreach> {
        item.id = id_or_new(&item.id);
        ensure_exists(self.conn(), "departments", "department", &item.department_id)?;
        if item.period_end < item.period_start {
            return Err(Error::invalid("period_end", "统计期结束日期不能早于开始日期。"));
        }
        for (field, n) in [("suggestions", item.suggestions), ("questionnaires", item.questionnaires), ("coordinated", item.coordinated)] {
            check_count(field, n)?;
        }
        check_text("note", &item.note, crate::rules::NOTE_MAX, true)?;
        self.write(|w| {
            put_outreach(w, &item)?;
            w.log("outreach", &item.id, "save", &item)?;
            Ok(())
        })?;
        Ok(item)
    }

    pub fn outreach(&self, department_id: Option<&str>) -> Result<Vec<Outreach>> {
        let sql = format!(
            "SELECT {} FROM outreach WHERE ?1 IS NULL OR department_id = ?1 ORDER BY period_start",
            rows::OUTREACH_COLS
        );
        let mut stmt = self.conn().prepare(&sql)?;
        let list = stmt.query_map([department_id], rows::outreach)?.collect::<rusqlite::Result<_>>()?;
        Ok(list)
    }
}
