//! The SQLite store: one file holds the runbook library, the roster and every incident.
//!
//! Invariant: the connection always runs with `journal_mode=WAL`, `synchronous=FULL` and
//! `foreign_keys=ON`, so a write that returned `Ok` has reached the disk and survives a crash
//! or power loss. Callers acknowledge a write to a user only after it returned.
//!
//! Invariant: only this module and its children run SQL.

mod backup;
mod drill;
mod incident;
mod metrics;
mod migrations;
mod person;
mod review;
mod role;
mod runbook;
mod search;
mod session;
mod timeline;

use std::io::Read;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use rusqlite::{Connection, OpenFlags};

use crate::clock::Clock;
use crate::error::{Error, OpenProblem, Result};
use session::SessionMarker;

pub use backup::{restore, RestoreReport};
pub use incident::{TimerAlert, MAX_SNOOZE_MINUTES};
pub use migrations::SCHEMA_VERSION;
pub use person::{PeopleImport, DEFAULT_SEVERITIES};

/// `PRAGMA application_id` of a Muster database ("MSTR"), to tell it from other SQLite files.
pub const APPLICATION_ID: i32 = 0x4D53_5452;

/// How long a write waits for another Muster process holding the database before failing.
pub const DEFAULT_BUSY_TIMEOUT: Duration = Duration::from_secs(5);

pub struct Store {
    // Declared before `_session` so the connection closes (and checkpoints) before the marker
    // that says "closed cleanly" is removed.
    conn: Connection,
    _session: SessionMarker,
    path: PathBuf,
    clock: Arc<dyn Clock>,
    backup_keep: usize,
    /// Step states of the incidents this process acted on, as of a sequence number; see
    /// [`incident::StepStates`].
    step_states: std::collections::HashMap<String, incident::StepStates>,
    /// The metrics summary rows in memory, for the dashboard; see [`metrics::RecordMirror`].
    /// A cell: a dashboard query reads the store, and catching the mirror up is part of reading.
    metrics_records: std::cell::RefCell<metrics::RecordMirror>,
}

impl std::fmt::Debug for Store {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Store").field("path", &self.path).finish_non_exhaustive()
    }
}

impl Store {
    /// Opens (creating if needed) the database at `path`, applies pending migrations (after a
    /// backup) and, on first use, seeds the roles catalogue and the sample runbooks.
    ///
    /// A file that is not a database, is damaged, belongs to another application or to a newer
    /// Muster fails with [`Error::Open`] and is left exactly as it was.
    pub fn open(path: &Path, clock: Arc<dyn Clock>) -> Result<Store> {
        if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
            std::fs::create_dir_all(parent).map_err(|err| {
                Error::open(path, OpenProblem::Unreadable, format!("cannot create its folder: {err}"))
            })?;
        }
        check_header(path)?;
        let (session, unclean) = SessionMarker::join(path).map_err(|err| match err {
            Error::Io { source, .. } => {
                Error::open(path, OpenProblem::Unreadable, format!("cannot use its folder: {source}"))
            }
            other => other,
        })?;
        let flags = OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_CREATE | OpenFlags::SQLITE_OPEN_NO_MUTEX;
        let conn = Connection::open_with_flags(path, flags)
            .map_err(|err| Error::open(path, OpenProblem::Unreadable, format!("cannot open: {err}")))?;
        let mut store = Store {
            conn,
            _session: session,
            path: path.to_path_buf(),
            clock,
            backup_keep: crate::backup::DEFAULT_KEEP,
            step_states: Default::default(),
            metrics_records: Default::default(),
        };
        store.prepare(unclean).map_err(|err| damaged_if_corrupt(path, err))?;
        Ok(store)
    }

    fn prepare(&mut self, unclean: bool) -> Result<()> {
        self.conn.busy_timeout(DEFAULT_BUSY_TIMEOUT)?;
        // Read-only checks first: switching to WAL rewrites the header of a file that may not
        // be ours to change.
        migrations::check_owner(&self.conn, &self.path)?;
        let mode: String = self.conn.query_row("PRAGMA journal_mode=WAL", [], |row| row.get(0))?;
        if !mode.eq_ignore_ascii_case("wal") {
            return Err(Error::open(
                &self.path,
                OpenProblem::Unreadable,
                format!("cannot use a WAL journal (got '{mode}')"),
            ));
        }
        // A page cache of up to 32 MiB (SQLite's default is 2 MiB): the dashboard reads every
        // summary row of a period, and a history of 100,000 incidents keeps ~15 MiB of them.
        self.conn.execute_batch("PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON; PRAGMA cache_size=-32768;")?;
        if unclean {
            // The last session did not close; a quick check (not a full one) before trusting it.
            let result: String = self.conn.query_row("PRAGMA quick_check", [], |row| row.get(0))?;
            if result != "ok" {
                return Err(Error::open(
                    &self.path,
                    OpenProblem::Damaged,
                    format!("Muster did not close cleanly last time and the database fails its quick check: {result}"),
                ));
            }
        }
        let (now, keep) = (self.clock.now(), self.backup_keep);
        migrations::apply(&mut self.conn, &self.path, now, keep)?;
        metrics::backfill_if_pending(&mut self.conn, now)?;
        // The catalogue before the sample runbooks, so a new database has its roles in order.
        role::seed_roles(&self.conn, now)?;
        crate::seed::seed_if_new(self)
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    pub fn clock(&self) -> &dyn Clock {
        self.clock.as_ref()
    }

    /// How long a write waits for another process before failing with [`Error::Busy`].
    pub fn set_busy_timeout(&self, timeout: Duration) -> Result<()> {
        Ok(self.conn.busy_timeout(timeout)?)
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

    /// The full check a backup gets: `PRAGMA integrity_check` and every hash chain.
    pub fn check(&self) -> Result<()> {
        backup::check(&self.conn, &self.path, true)
    }

    /// The connection, for this crate's modules that keep their SQL next to their logic.
    pub(crate) fn conn(&self) -> &Connection {
        &self.conn
    }
}

/// SQLite reports damage as "corrupt" or "not a database" wherever it meets it; at open time
/// both mean the file is damaged.
fn damaged_if_corrupt(path: &Path, err: Error) -> Error {
    match &err {
        Error::Sqlite(inner) => match inner.sqlite_error_code() {
            Some(rusqlite::ErrorCode::NotADatabase) => Error::open(
                path,
                OpenProblem::NotADatabase,
                "this file is not a SQLite database (another kind of file, or overwritten)",
            ),
            Some(rusqlite::ErrorCode::DatabaseCorrupt) => {
                Error::open(path, OpenProblem::Damaged, format!("the database is damaged: {inner}"))
            }
            _ => err,
        },
        _ => err,
    }
}

/// Checks the 100-byte SQLite header of an existing file without opening it through SQLite,
/// so a foreign or truncated file is recognised before anything could write to it.
pub(crate) fn check_header(path: &Path) -> Result<()> {
    let mut file = match std::fs::File::open(path) {
        Ok(file) => file,
        Err(err) if err.kind() == std::io::ErrorKind::NotFound => return Ok(()),
        Err(err) => return Err(Error::open(path, OpenProblem::Unreadable, format!("cannot read: {err}"))),
    };
    let len =
        file.metadata().map_err(|err| Error::open(path, OpenProblem::Unreadable, format!("cannot read: {err}")))?.len();
    if len == 0 {
        return Ok(());
    }
    let mut header = [0u8; 100];
    if len < 100 || file.read_exact(&mut header).is_err() || &header[..16] != b"SQLite format 3\0" {
        return Err(Error::open(
            path,
            OpenProblem::NotADatabase,
            "this file is not a SQLite database (another kind of file, or overwritten)",
        ));
    }
    let page_size = match u16::from_be_bytes([header[16], header[17]]) {
        1 => 65_536,
        n => u64::from(n),
    };
    let pages = u64::from(u32::from_be_bytes([header[28], header[29], header[30], header[31]]));
    // The page count in the header is valid only when its "version valid for" matches the
    // change counter (SQLite file format, section 1.3.7).
    let valid = header[92..96] == header[24..28];
    // With a non-empty WAL beside it, pages may still live only in the WAL (a checkpoint cut
    // short by a crash or a full disk); SQLite recovers from that itself.
    let mut wal = path.as_os_str().to_os_string();
    wal.push("-wal");
    let wal_in_use = std::fs::metadata(PathBuf::from(wal)).is_ok_and(|m| m.len() > 0);
    if valid && !wal_in_use && pages * page_size > len {
        return Err(Error::open(
            path,
            OpenProblem::Damaged,
            format!("the file is truncated: it has {len} bytes but its header says {}", pages * page_size),
        ));
    }
    Ok(())
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
