//! Departments, people and service matters: the directory the walks refer to.

use super::writes::{put_department, put_matter, put_outreach, put_person};
use super::{ensure_exists, id_or_new};
use crate::error::{Error, Result};
use crate::model::*;
use crate::store::{rows, Store};
use crate::validate::{self, Normalise};
use rusqlite::OptionalExtension;

impl Store {
    /// No records and no history: nothing typed in, imported or logged yet (the 设置 screen's
    /// demo data and `walklog demo` ask this).
    pub fn is_empty(&self) -> Result<bool> {
        let n: i64 = self
            .conn()
            .query_row("SELECT (SELECT count(*) FROM change_log) + (SELECT count(*) FROM departments)", [], |r| r.get(0))?;
        Ok(n == 0)
    }

    /// `<data dir>/exports/`, made when missing: where records go when only a file name is given.
    pub fn exports_dir(&self) -> Result<std::path::PathBuf> {
        let dir = self.data_dir().join("exports");
        std::fs::create_dir_all(&dir).map_err(|e| Error::Write { path: dir.clone(), reason: e.to_string() })?;
        Ok(dir)
    }

    /// Creates (blank id) or updates a department.
    pub fn save_department(&mut self, mut dept: Department) -> Result<Department> {
        dept.id = id_or_new(&dept.id);
        dept.normalise();
        self.write(|w| {
            validate::department(&w.tx, &dept)?;
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

    /// Creates (blank id) or updates a person.
    pub fn save_person(&mut self, mut person: Person) -> Result<Person> {
        person.id = id_or_new(&person.id);
        person.normalise();
        self.write(|w| {
            validate::person_record(&w.tx, &person)?;
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
        matter.id = id_or_new(&matter.id);
        matter.normalise();
        self.write(|w| {
            validate::matter(&w.tx, &matter)?;
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
        item.normalise();
        self.write(|w| {
            validate::outreach(&w.tx, &item)?;
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
