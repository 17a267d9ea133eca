//! The SQLite store: one file holds the runbook library, the roster and every incident.
//!
//! Invariant: the connection always runs with `journal_mode=WAL`, `synchronous=FULL` and
//! `foreign_keys=ON`, so a write that returned `Ok` has reached the disk and survives a crash
//! or power loss. Callers acknowledge a write to a user only after it returned.
//!
//! Invariant: only this module and its children run SQL.

mod incident;
mod migrations;
mod runbook;
mod timeline;

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use rusqlite::{Connection, OpenFlags};

use crate::clock::Clock;
use crate::error::{Error, Result};

pub use migrations::SCHEMA_VERSION;

/// `PRAGMA application_id` of a Muster database ("MSTR"), to tell it from other SQLite files.
pub const APPLICATION_ID: i32 = 0x4D53_5452;

/// How long a write waits for another Muster process holding the database before failing.
const BUSY_TIMEOUT: Duration = Duration::from_secs(5);

pub struct Store {
    conn: Connection,
    path: PathBuf,
    clock: Arc<dyn Clock>,
}

impl std::fmt::Debug for Store {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Store").field("path", &self.path).finish_non_exhaustive()
    }
}

impl Store {
    /// Opens (creating if needed) the database at `path`, applies pending migrations and, on
    /// first use, seeds the sample runbooks.
    pub fn open(path: &Path, clock: Arc<dyn Clock>) -> Result<Store> {
        if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
            std::fs::create_dir_all(parent).map_err(|source| Error::Io { path: parent.to_path_buf(), source })?;
        }
        let flags = OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_CREATE | OpenFlags::SQLITE_OPEN_NO_MUTEX;
        let conn = Connection::open_with_flags(path, flags).map_err(|err| Error::Database {
            path: path.display().to_string(),
            message: format!("cannot open: {err}"),
        })?;
        let mut store = Store { conn, path: path.to_path_buf(), clock };
        store.configure()?;
        migrations::apply(&mut store.conn, &store.path)?;
        crate::seed::seed_if_new(&mut store)?;
        Ok(store)
    }

    fn configure(&self) -> Result<()> {
        self.conn.busy_timeout(BUSY_TIMEOUT)?;
        let mode: String = self
            .conn
            .query_row("PRAGMA journal_mode=WAL", [], |row| row.get(0))
            .map_err(|err| self.not_a_database(err))?;
        if !mode.eq_ignore_ascii_case("wal") {
            return Err(Error::Database {
                path: self.path.display().to_string(),
                message: format!("cannot use WAL journal (got '{mode}')"),
            });
        }
        self.conn.execute_batch("PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON;")?;
        Ok(())
    }

    fn not_a_database(&self, err: rusqlite::Error) -> Error {
        match err.sqlite_error_code() {
            Some(rusqlite::ErrorCode::NotADatabase) => Error::Database {
                path: self.path.display().to_string(),
                message: "this file is not a SQLite database (damaged, or another kind of file)".into(),
            },
            _ => Error::from_sqlite(err),
        }
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    pub fn clock(&self) -> &dyn Clock {
        self.clock.as_ref()
    }

    /// The value of a pragma, for diagnostics and tests (`journal_mode`, `synchronous`…).
    pub fn pragma(&self, name: &str) -> Result<String> {
        let value: rusqlite::types::Value = self.conn.query_row(&format!("PRAGMA {name}"), [], |row| row.get(0))?;
        Ok(match value {
            rusqlite::types::Value::Integer(i) => i.to_string(),
            rusqlite::types::Value::Text(t) => t,
            other => format!("{other:?}"),
        })
    }

    pub fn schema_version(&self) -> Result<u32> {
        Ok(self.conn.query_row("PRAGMA user_version", [], |row| row.get(0))?)
    }
}

/// Where the database lives when neither `--db` nor `MUSTER_DB` says otherwise: the platform's
/// app-data folder (`~/.local/share/muster` on Linux, `~/Library/Application Support/org.muster.Muster`
/// on macOS, `%APPDATA%\muster\Muster\data` on Windows).
pub fn default_path() -> Result<PathBuf> {
    directories::ProjectDirs::from("org", "muster", "Muster").map(|dirs| dirs.data_dir().join("muster.db")).ok_or_else(
        || Error::InvalidState("cannot find a home folder for the database; pass --db PATH or set MUSTER_DB".into()),
    )
}

/// Resolves the database path from an explicit flag, then `MUSTER_DB`, then the default.
pub fn resolve_path(flag: Option<PathBuf>) -> Result<PathBuf> {
    if let Some(path) = flag {
        return Ok(path);
    }
    match std::env::var_os("MUSTER_DB") {
        Some(path) if !path.is_empty() => Ok(PathBuf::from(path)),
        _ => default_path(),
    }
}

impl Store {
    /// The connection, for this crate's modules that keep their SQL next to their logic.
    pub(crate) fn conn(&self) -> &Connection {
        &self.conn
    }
}
