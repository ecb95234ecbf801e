//! Numbered schema migrations, applied in one transaction at open. The schema version lives in
//! `PRAGMA user_version`; a database newer than this binary is refused rather than damaged.

use crate::error::{Error, Result};
use rusqlite::Connection;

/// Every migration ever released, in order. Never edit one; append a new file.
const MIGRATIONS: &[(i64, &str)] = &[
    (1, include_str!("sql/0001_init.sql")),
    (2, include_str!("sql/0002_figure_indexes.sql")),
    (3, include_str!("sql/0003_authority_and_evidence.sql")),
];

pub const LATEST: i64 = MIGRATIONS[MIGRATIONS.len() - 1].0;

pub fn apply(conn: &mut Connection) -> Result<()> {
    let current: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0))?;
    if current > LATEST {
        return Err(Error::SchemaTooNew { found: current, supported: LATEST });
    }
    if current == LATEST {
        return Ok(());
    }
    let tx = conn.transaction_with_behavior(rusqlite::TransactionBehavior::Exclusive)?;
    for (version, sql) in MIGRATIONS.iter().filter(|(v, _)| *v > current) {
        tx.execute_batch(sql)?;
        tx.pragma_update(None, "user_version", version)?;
    }
    tx.commit()?;
    Ok(())
}
