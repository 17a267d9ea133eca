//! Numbered, forward-only schema migrations, embedded in the binary.
//!
//! Invariant: a shipped migration file is never edited; changes come as a new file. The schema
//! version is `PRAGMA user_version`. Before migrating a database that holds data, Muster backs
//! it up; each migration runs in one transaction with its version bump, so a failure rolls back
//! and leaves the file as it was.

use std::path::Path;

use chrono::{DateTime, Utc};
use rusqlite::{Connection, TransactionBehavior};

use super::APPLICATION_ID;
use crate::backup::BackupReason;
use crate::error::{Error, OpenProblem, Result};

pub(crate) type Migration = (u32, &'static str);

const MIGRATIONS: &[Migration] = &[
    (1, include_str!("migrations/0001_initial.sql")),
    (2, include_str!("migrations/0002_incident_run.sql")),
    (3, include_str!("migrations/0003_preparedness.sql")),
    (4, include_str!("migrations/0004_review.sql")),
    (5, include_str!("migrations/0005_drills_and_metrics.sql")),
];

/// The schema version this build of Muster writes.
pub const SCHEMA_VERSION: u32 = MIGRATIONS[MIGRATIONS.len() - 1].0;

/// Checks the file is a Muster database this build understands, backs it up when a migration
/// is pending and it holds data, then migrates it.
pub(super) fn apply(conn: &mut Connection, path: &Path, now: DateTime<Utc>, keep: usize) -> Result<()> {
    let version = check_owner(conn, path)?;
    if version > 0 && version < SCHEMA_VERSION {
        super::backup::write_backup(conn, path, now, BackupReason::BeforeMigration, keep)?;
    }
    run(conn, path, MIGRATIONS)
}

/// Migrates a database already known to be Muster's (a restore's staged copy), without backup.
pub(super) fn apply_pending(conn: &mut Connection, path: &Path) -> Result<()> {
    run(conn, path, MIGRATIONS)
}

/// The schema version of a file that is empty or a Muster database no newer than `migrations`.
pub(super) fn check_owner(conn: &Connection, path: &Path) -> Result<u32> {
    let latest = SCHEMA_VERSION;
    let version: u32 = conn.query_row("PRAGMA user_version", [], |row| row.get(0))?;
    let application_id: i32 = conn.query_row("PRAGMA application_id", [], |row| row.get(0))?;
    if application_id != APPLICATION_ID {
        let tables: u32 = conn.query_row("SELECT count(*) FROM sqlite_schema", [], |row| row.get(0))?;
        if application_id != 0 || tables > 0 || version > 0 {
            return Err(Error::open(
                path,
                OpenProblem::Foreign,
                "this is a SQLite database, but not a Muster database",
            ));
        }
    }
    if version > latest {
        return Err(Error::open(
            path,
            OpenProblem::Newer,
            format!("this database has schema version {version}, newer than this Muster understands ({latest}); use a newer Muster"),
        ));
    }
    Ok(version)
}

fn run(conn: &mut Connection, path: &Path, migrations: &[Migration]) -> Result<()> {
    let version: u32 = conn.query_row("PRAGMA user_version", [], |row| row.get(0))?;
    for (number, sql) in migrations.iter().filter(|(number, _)| *number > version) {
        let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        tx.execute_batch(sql).map_err(|err| {
            Error::open(
                path,
                OpenProblem::Unreadable,
                format!("migration {number:04} failed and was rolled back: {err}"),
            )
        })?;
        tx.pragma_update(None, "application_id", APPLICATION_ID)?;
        tx.pragma_update(None, "user_version", number)?;
        tx.commit()?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The SQL of every table, index and trigger, by name.
    fn schema(conn: &Connection) -> Vec<String> {
        conn.prepare("SELECT sql FROM sqlite_schema ORDER BY name")
            .unwrap()
            .query_map([], |r| r.get::<_, Option<String>>(0))
            .unwrap()
            .map(|r| r.unwrap().unwrap_or_default())
            .collect()
    }

    #[test]
    fn a_failing_migration_rolls_back_and_leaves_the_file_as_it_was() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("m.db");
        let mut conn = Connection::open(&path).unwrap();
        conn.execute_batch("PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL;").unwrap();
        let applied = &MIGRATIONS[..1];
        run(&mut conn, &path, applied).unwrap();
        conn.execute("INSERT INTO person (id, name, created_at) VALUES ('p1', 'Ana', '2026-01-01T00:00:00.000Z')", [])
            .unwrap();
        let schema_before = schema(&conn);

        let broken: &[Migration] = &[
            applied[0],
            (2, "CREATE TABLE team (id TEXT PRIMARY KEY); ALTER TABLE person ADD COLUMN team TEXT; INSERT INTO no_such_table VALUES (1);"),
        ];
        let err = run(&mut conn, &path, broken).unwrap_err();
        assert!(err.to_string().contains("migration 0002 failed and was rolled back"), "{err}");

        let version: u32 = conn.query_row("PRAGMA user_version", [], |r| r.get(0)).unwrap();
        assert_eq!(version, 1);
        let schema_after = schema(&conn);
        assert_eq!(schema_after, schema_before, "no table or column of the failed migration remains");
        let name: String = conn.query_row("SELECT name FROM person WHERE id = 'p1'", [], |r| r.get(0)).unwrap();
        assert_eq!(name, "Ana");
    }
}
