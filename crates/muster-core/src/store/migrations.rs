//! Numbered, forward-only schema migrations, embedded in the binary.
//!
//! Invariant: a shipped migration file is never edited; changes come as a new file. The schema
//! version is `PRAGMA user_version`; each migration runs in one transaction with the version
//! bump, so a failure leaves the file exactly as it was.

use std::path::Path;

use rusqlite::{Connection, TransactionBehavior};

use super::APPLICATION_ID;
use crate::error::{Error, Result};

const MIGRATIONS: &[(u32, &str)] = &[(1, include_str!("migrations/0001_initial.sql"))];

/// The schema version this build of Muster writes.
pub const SCHEMA_VERSION: u32 = MIGRATIONS[MIGRATIONS.len() - 1].0;

pub(super) fn apply(conn: &mut Connection, path: &Path) -> Result<()> {
    let version: u32 = conn.query_row("PRAGMA user_version", [], |row| row.get(0))?;
    let application_id: i32 = conn.query_row("PRAGMA application_id", [], |row| row.get(0))?;
    let database = |message: String| Error::Database { path: path.display().to_string(), message };
    if version > SCHEMA_VERSION {
        return Err(database(format!(
            "this database has schema version {version}, newer than this Muster understands ({SCHEMA_VERSION}); use a newer Muster"
        )));
    }
    if application_id != APPLICATION_ID {
        let tables: u32 = conn.query_row("SELECT count(*) FROM sqlite_schema", [], |row| row.get(0))?;
        if application_id != 0 || tables > 0 {
            return Err(database("this is a SQLite database, but not a Muster database".into()));
        }
    }
    for (number, sql) in MIGRATIONS.iter().filter(|(number, _)| *number > version) {
        let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate).map_err(Error::from_sqlite)?;
        tx.execute_batch(sql).map_err(|err| database(format!("migration {number:04} failed: {err}")))?;
        tx.pragma_update(None, "application_id", APPLICATION_ID)?;
        tx.pragma_update(None, "user_version", number)?;
        tx.commit()?;
    }
    Ok(())
}
