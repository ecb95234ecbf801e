//! Numbered schema migrations, applied in one transaction at open. The schema version lives in
//! `PRAGMA user_version`; a database newer than this binary is refused rather than damaged.

use super::lock;
use crate::error::{Error, Result};
use rusqlite::{Connection, OptionalExtension, Transaction, TransactionBehavior};
use std::time::Duration;

/// Every migration ever released, in order. Never edit one; append a new file.
const MIGRATIONS: &[(i64, &str)] = &[
    (1, include_str!("sql/0001_init.sql")),
    (2, include_str!("sql/0002_figure_indexes.sql")),
    (3, include_str!("sql/0003_authority_and_evidence.sql")),
    (4, include_str!("sql/0004_installs.sql")),
    (5, include_str!("sql/0005_server_sync.sql")),
    (6, include_str!("sql/0006_photo_evidence.sql")),
    (7, include_str!("sql/0007_capture.sql")),
    (8, include_str!("sql/0008_plans_supervision_reminders.sql")),
    (9, include_str!("sql/0009_milestones.sql")),
    (10, include_str!("sql/0010_reviews.sql")),
    (11, include_str!("sql/0011_search_tasks.sql")),
    (12, include_str!("sql/0012_change_log_covering.sql")),
    (13, include_str!("sql/0013_problem_task_tally.sql")),
    (14, include_str!("sql/0014_figure_covering.sql")),
];

pub const LATEST: i64 = MIGRATIONS[MIGRATIONS.len() - 1].0;

fn user_version(conn: &Connection) -> Result<i64> {
    Ok(conn.query_row("PRAGMA user_version", [], |r| r.get(0))?)
}

/// Brings the schema up to date. Many processes may open one new database at once: the version
/// read outside the lock only skips the lock when nothing is to do (versions only grow); the
/// read that decides what to run is made again under the write lock.
pub fn apply(conn: &Connection, wait: Duration) -> Result<()> {
    let current = user_version(conn)?;
    if current > LATEST {
        return Err(Error::SchemaTooNew { found: current, supported: LATEST });
    }
    if current == LATEST {
        return Ok(());
    }
    // A table rebuild (migration 10) drops a table other tables point at: SQLite's documented
    // procedure runs it with foreign keys off (the pragma is a no-op inside a transaction) and
    // checks every key before the commit.
    conn.pragma_update(None, "foreign_keys", false)?;
    let upgraded = upgrade(conn, wait);
    conn.pragma_update(None, "foreign_keys", true)?;
    upgraded
}

fn upgrade(conn: &Connection, wait: Duration) -> Result<()> {
    let tx = lock::retry(wait, None, || Transaction::new_unchecked(conn, TransactionBehavior::Exclusive))?;
    let current = user_version(&tx)?;
    if current > LATEST {
        return Err(Error::SchemaTooNew { found: current, supported: LATEST });
    }
    run(&tx, current, LATEST)?;
    if current < 4 {
        super::changelog::backfill_origin(&tx)?;
        super::heads::backfill(&tx)?;
    }
    check_keys(&tx)?;
    tx.commit()?;
    Ok(())
}

/// Refuses to commit a migration that left a row pointing at nothing.
fn check_keys(tx: &Transaction<'_>) -> Result<()> {
    let broken: Option<String> = tx
        .query_row("SELECT \"table\" FROM pragma_foreign_key_check LIMIT 1", [], |r| r.get(0))
        .optional()?;
    match broken {
        Some(table) => Err(Error::Internal { message: format!("升级数据库后表 {table} 有失效的外键，升级未提交。") }),
        None => Ok(()),
    }
}

/// The schema a database of `version` has: a fresh in-memory database migrated that far
/// (restore compares a backup's schema with it).
pub fn fresh(version: i64) -> Result<Connection> {
    let conn = Connection::open_in_memory()?;
    super::register_functions(&conn)?;
    let tx = Transaction::new_unchecked(&conn, TransactionBehavior::Exclusive)?;
    run(&tx, 0, version)?;
    tx.commit()?;
    Ok(conn)
}

/// Runs the SQL of migrations 1..=`to` on a new database (tests of upgrades from old schemas).
#[cfg(test)]
pub(crate) fn run_to(tx: &Transaction<'_>, to: i64) -> Result<()> {
    run(tx, 0, to)
}

fn run(tx: &Transaction<'_>, from: i64, to: i64) -> Result<()> {
    for (version, sql) in MIGRATIONS.iter().filter(|(v, _)| *v > from && *v <= to) {
        tx.execute_batch(sql)?;
        tx.pragma_update(None, "user_version", version)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A schema-9 database whose problem is on a walk and in a task upgrades through the rebuild
    /// of `problems`: the row keeps its `n` (so search still finds it), gains its walk's unit,
    /// and the task still points at it.
    #[test]
    fn problems_are_rebuilt_with_their_unit_and_keep_their_links() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("v9.db");
        {
            let conn = Connection::open(&path).unwrap();
            conn.pragma_update(None, "foreign_keys", true).unwrap();
            super::super::register_functions(&conn).unwrap();
            let tx = Transaction::new_unchecked(&conn, TransactionBehavior::Exclusive).unwrap();
            run_to(&tx, 9).unwrap();
            tx.execute_batch(
                "INSERT INTO departments(id, name, level) VALUES ('d1', '市市场监管局', 'city_department');
                 INSERT INTO people(id, name, title, role, department_id) VALUES ('h1', '王局长', '', 'head', 'd1'),
                                                                                 ('o1', '张科长', '', 'owner', 'd1');
                 INSERT INTO walks(id, title, department_id, leader_id, kind, channel, place_level, planned_date, walk_date, status)
                   VALUES ('w1', '办营业执照', 'd1', 'h1', 'daily', 'hall', 'city', '2026-03-01', '2026-03-01', 'completed');
                 INSERT INTO problems(n, id, walk_id, category, severity, nature, description, found_on)
                   VALUES (7, 'p1', 'w1', 'materials', 'minor', 'systemic', '证明材料重复提交', '2026-03-01');
                 INSERT INTO tasks(id, measure, department_id, owner_id, deadline, status, created_on)
                   VALUES ('t1', '精简材料', 'd1', 'o1', '2026-04-01', 'open', '2026-03-02');
                 INSERT INTO task_problems(task_id, problem_id) VALUES ('t1', 'p1');",
            )
            .unwrap();
            tx.pragma_update(None, "user_version", 9).unwrap();
            tx.commit().unwrap();
        }
        let conn = Connection::open(&path).unwrap();
        conn.pragma_update(None, "foreign_keys", true).unwrap();
        super::super::register_functions(&conn).unwrap();
        apply(&conn, Duration::from_secs(1)).unwrap();
        assert_eq!(user_version(&conn).unwrap(), LATEST);
        let row: (i64, String, String, Option<String>) = conn
            .query_row("SELECT n, department_id, source, work_order_no FROM problems WHERE id = 'p1'", [], |r| {
                Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?))
            })
            .unwrap();
        assert_eq!(row, (7, "d1".to_string(), "walk".to_string(), None));
        let linked: i64 = conn.query_row("SELECT count(*) FROM task_problems tp JOIN problems p ON p.id = tp.problem_id", [], |r| r.get(0)).unwrap();
        assert_eq!(linked, 1);
        let phrase = format!("\"{}\"", super::super::tokens::bigrams("材料重复").trim());
        let found: i64 = conn.query_row("SELECT rowid FROM problems_fts WHERE problems_fts MATCH ?1", [&phrase], |r| r.get(0)).unwrap();
        assert_eq!(found, 7, "the full-text row still points at the problem");
        let fk: bool = conn.query_row("PRAGMA foreign_keys", [], |r| r.get(0)).unwrap();
        assert!(fk, "foreign keys are back on after the upgrade");
        // The triggers came back: an archived walk's problem cannot be changed.
        conn.execute("UPDATE walks SET status = 'archived' WHERE id = 'w1'", []).unwrap();
        assert!(conn.execute("UPDATE problems SET description = '改' WHERE id = 'p1'", []).is_err());
    }
}
