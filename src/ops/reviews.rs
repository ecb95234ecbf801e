//! 以评促改: a 好差评 export imported; each 差评 becomes a problem of its unit (source 好差评)
//! that follows the usual path to tasks and 销号. The file is taken whole or not at all.

use crate::error::{Error, Result};
use crate::model::*;
use crate::reviews::{Parsed, ReviewRow};
use crate::rules;
use crate::store::{ts, Store, Writer};
use crate::validate;
use rusqlite::OptionalExtension;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

/// What one import did (the message the screen and the CLI print).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ReviewImport {
    /// Ratings in the file.
    pub rows: u32,
    /// New ratings kept, and the 差评 among them (each a new problem).
    pub added: u32,
    pub added_bad: u32,
    /// Already here (the same 工单号): nothing added for them.
    pub existing: u32,
    /// Ratings of units this install does not speak for (each unit imports its own).
    pub other_units: u32,
    pub message_zh: String,
}

/// A 差评 and the problem it became, for the 问题清单's 好差评 view and the CLI.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct BadReview {
    pub review: Review,
    pub department_name: String,
    pub solved: bool,
}

/// The ids come from the 工单号: two installs importing the same rating make the same records
/// (one version each side, not a clash on the 工单号). A 工单号 that is a valid id is used as it
/// is, so an id read in the log or the audit names its rating; any other is digested. (Measured
/// on the 100,000-row bench, either kind of id costs the same.)
fn ids_of(work_order_no: &str) -> (String, String) {
    let plain = work_order_no.len() <= 48 && work_order_no.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'));
    let key = if plain {
        format!("hcp-{work_order_no}")
    } else {
        format!("hcph-{}", &hex::encode(Sha256::digest(work_order_no.as_bytes()))[..24])
    };
    (key.clone(), format!("{key}-p"))
}

/// A 差评's problem: systemic (it goes to the ledger), major when 非常不满意.
fn problem_of(row: &ReviewRow, problem_id: String) -> Problem {
    let mut description = format!("好差评差评（{}", row.grade.label_zh());
    if !row.channel.is_empty() {
        description.push_str(&format!("，{}", row.channel));
    }
    description.push_str(&format!("，工单号 {}）", row.work_order_no));
    if !row.matter.is_empty() {
        description.push_str(&format!("{}：", row.matter));
    }
    description.push_str(if row.content.is_empty() {
        "群众未写评价内容"
    } else {
        &row.content
    });
    let description: String = description.chars().take(rules::NOTE_MAX).collect();
    Problem {
        id: problem_id,
        walk_id: None,
        department_id: row.department_id.clone(),
        source: ProblemSource::Reviews,
        work_order_no: Some(row.work_order_no.clone()),
        step_id: None,
        category: row.category,
        standards: Vec::new(),
        severity: if row.grade == ReviewGrade::VeryDissatisfied {
            Severity::Major
        } else {
            Severity::Minor
        },
        nature: Nature::Systemic,
        description,
        on_spot_action: None,
        resolved_on: None,
        found_on: row.rated_at.date(),
    }
}

impl Store {
    /// 导入好差评: keeps every rating of the file and makes each new 差评 a problem. A file with
    /// a bad line is refused whole, naming the lines; a 工单号 already here adds nothing; ratings
    /// of units outside this install's authority are left for their units and counted.
    pub fn import_reviews(&mut self, parsed: &Parsed) -> Result<ReviewImport> {
        refuse_bad_lines(parsed)?;
        let now = self.now();
        let identity = self.identity().cloned();
        let mut out = self.write(|w| import_into(w, parsed, now, identity.as_ref()))?;
        out.message_zh = message(&out, false);
        Ok(out)
    }

    /// What `import_reviews` would do, written and rolled back (the 导入 screen's 预览).
    pub fn preview_reviews(&mut self, parsed: &Parsed) -> Result<ReviewImport> {
        refuse_bad_lines(parsed)?;
        let now = self.now();
        let identity = self.identity().cloned();
        let mut out =
            self.write_and_roll_back(|w| import_into(w, parsed, now, identity.as_ref()))?;
        out.message_zh = message(&out, true);
        Ok(out)
    }

    /// The 差评 of a unit and its sub-units (None: every unit here), newest first.
    pub fn bad_reviews(&self, department_id: Option<&str>, limit: u32) -> Result<Vec<BadReview>> {
        let departments = self.subtree_filter(department_id)?;
        let sql = format!(
            "SELECT {}, d.name, {}
             FROM reviews r JOIN departments d ON d.id = r.department_id LEFT JOIN problems p ON p.id = r.problem_id
             WHERE r.problem_id IS NOT NULL AND (?1 IS NULL OR r.department_id IN (SELECT value FROM json_each(?1)))
             ORDER BY r.rated_at DESC, r.id LIMIT ?2",
            REVIEW_COLS.split(", ").map(|c| format!("r.{c}")).collect::<Vec<_>>().join(", "),
            super::problems::SOLVED_SQL
        );
        let mut stmt = self.conn().prepare(&sql)?;
        let list = stmt
            .query_map(rusqlite::params![departments, i64::from(limit)], |r| {
                Ok(BadReview {
                    review: review_row(r)?,
                    department_name: r.get(10)?,
                    solved: r.get(11)?,
                })
            })?
            .collect::<rusqlite::Result<_>>()?;
        Ok(list)
    }
}

/// The import's writes, in the caller's transaction.
fn import_into(
    w: &mut Writer<'_>,
    parsed: &Parsed,
    now: Timestamp,
    identity: Option<&crate::sync::Identity>,
) -> Result<ReviewImport> {
    let mut out = ReviewImport {
        rows: parsed.rows.len() as u32,
        ..ReviewImport::default()
    };
    // The keys are checked once, at commit (every reference is to a unit or a problem checked or
    // written just before): an insert that cannot fail half-way needs no statement journal,
    // which was a fifth of a large file's time.
    w.tx.pragma_update(None, "defer_foreign_keys", true)?;
    let mut speaks_for = std::collections::HashMap::new();
    for row in &parsed.rows {
        let (review_id, problem_id) = ids_of(&row.work_order_no);
        let known: Option<i64> =
            w.tx.prepare_cached("SELECT 1 FROM reviews WHERE id = ?1")?.query_row([&review_id], |r| r.get(0)).optional()?;
        if known.is_some() {
            out.existing += 1;
            continue;
        }
        let ours = match speaks_for.get(&row.department_id) {
            Some(ours) => *ours,
            None => {
                let ours = writable(w, identity, &row.department_id)?;
                speaks_for.insert(row.department_id.clone(), ours);
                ours
            }
        };
        if !ours {
            out.other_units += 1;
            continue;
        }
        let problem_id = if row.grade.is_bad() {
            let problem = problem_of(row, problem_id);
            validate::problem(&w.tx, &problem)?;
            super::writes::put_problem(w, &problem)?;
            // New here (no row, and ratings are never deleted): based on no version.
            w.log_based_on("problem", &problem.id, "import", &problem, Some(Vec::new()))?;
            out.added_bad += 1;
            Some(problem.id)
        } else {
            None
        };
        let review = Review {
            id: review_id,
            work_order_no: row.work_order_no.clone(),
            rated_at: row.rated_at,
            matter: row.matter.clone(),
            department_id: row.department_id.clone(),
            channel: row.channel.clone(),
            grade: row.grade,
            content: row.content.clone(),
            problem_id,
            imported_at: now,
        };
        validate::review(&w.tx, &review)?;
        put_review(w, &review)?;
        w.log_based_on("review", &review.id, "import", &review, Some(Vec::new()))?;
        out.added += 1;
    }
    Ok(out)
}

fn refuse_bad_lines(parsed: &Parsed) -> Result<()> {
    if parsed.bad_total == 0 {
        return Ok(());
    }
    let lines: Vec<String> = parsed.bad.iter().map(ToString::to_string).collect();
    let more = parsed.bad_total - parsed.bad.len();
    let tail = if more > 0 {
        format!("；另有 {more} 行有误")
    } else {
        String::new()
    };
    Err(Error::Import {
        location: format!("{} 行有误", parsed.bad_total),
        message: format!("{}{tail}", lines.join("；")),
    })
}

/// Whether this install may write records of `department_id` (the same rule `sync::authority`
/// checks on every line): any unit when it has no identity, its subtree for a unit install, its
/// own department for the office.
fn writable(
    w: &Writer<'_>,
    identity: Option<&crate::sync::Identity>,
    department_id: &str,
) -> Result<bool> {
    Ok(match identity {
        None => true,
        Some(id) if id.role == InstallRole::Unit => {
            crate::sync::authority::within(&w.tx, department_id, &id.department_id)?
        }
        Some(id) => id.department_id == department_id,
    })
}

/// What an import did, or (`preview`) would do, in a sentence.
fn message(out: &ReviewImport, preview: bool) -> String {
    let (add, made) = if preview { ("将新增", "将转为问题") } else { ("新增", "已转为问题") };
    let mut text = match (out.added, out.added_bad) {
        (0, _) => format!("读取好差评 {} 条，没有{}", out.rows, if preview { "可新增的" } else { "新增" }),
        (n, 0) => format!("读取好差评 {} 条，{add} {n} 条（没有差评）", out.rows),
        (n, bad) => format!("读取好差评 {} 条，{add} {n} 条，其中差评 {bad} 条{made}（来源“好差评”）", out.rows),
    };
    if out.existing > 0 {
        text.push_str(&format!(
            "，{} 条此前已导入（工单号相同），未重复添加",
            out.existing
        ));
    }
    if out.other_units > 0 {
        text.push_str(&format!(
            "，{} 条属于其他单位，未导入（由各单位自行导入）",
            out.other_units
        ));
    }
    text.push('。');
    text
}

pub(crate) const REVIEW_COLS: &str =
    "id, work_order_no, rated_at, matter, department_id, channel, grade, content, problem_id, imported_at";

pub(crate) fn review_row(r: &rusqlite::Row) -> rusqlite::Result<Review> {
    let rated: String = r.get(2)?;
    let imported: String = r.get(9)?;
    let bad = |m: String| {
        rusqlite::Error::FromSqlConversionFailure(0, rusqlite::types::Type::Text, m.into())
    };
    Ok(Review {
        id: r.get(0)?,
        work_order_no: r.get(1)?,
        rated_at: chrono::NaiveDateTime::parse_from_str(&rated, "%Y-%m-%d %H:%M:%S")
            .map_err(|e| bad(e.to_string()))?,
        matter: r.get(3)?,
        department_id: r.get(4)?,
        channel: r.get(5)?,
        grade: r.get(6)?,
        content: r.get(7)?,
        problem_id: r.get(8)?,
        imported_at: chrono::DateTime::parse_from_rfc3339(&imported)
            .map_err(|e| bad(e.to_string()))?,
    })
}

pub(crate) fn read_review(conn: &rusqlite::Connection, id: &str) -> Result<Option<Review>> {
    let sql = format!("SELECT {REVIEW_COLS} FROM reviews WHERE id = ?1");
    Ok(conn
        .prepare_cached(&sql)?
        .query_row([id], review_row)
        .optional()?)
}

/// A rating as the 好差评 system gave it is never edited: a replayed line only fills what is
/// not here yet.
pub(crate) fn put_review(w: &mut Writer<'_>, r: &Review) -> Result<()> {
    w.tx.prepare_cached(
        "INSERT INTO reviews(id, work_order_no, rated_at, matter, department_id, channel, grade, content, problem_id, imported_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)
         ON CONFLICT(id) DO UPDATE SET problem_id = excluded.problem_id",
    )?
    .execute(rusqlite::params![
        r.id,
        r.work_order_no,
        r.rated_at.format("%Y-%m-%d %H:%M:%S").to_string(),
        r.matter,
        r.department_id,
        r.channel,
        r.grade,
        r.content,
        r.problem_id,
        ts(&r.imported_at)
    ])?;
    Ok(())
}
