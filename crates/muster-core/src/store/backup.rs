//! Making, checking, rotating and restoring backups with SQLite's online backup API.
//!
//! Invariant: a backup counts only after its copy passed `PRAGMA integrity_check` (and, for a
//! database of the current schema, every incident's hash chain); it is written as `*.partial`,
//! synced, and renamed into place, so a half-written backup never looks like a backup.
//!
//! Invariant: a restore never destroys what it replaces: the current database is backed up
//! first, or, when it is too damaged to back up, moved aside untouched.

use std::path::{Path, PathBuf};
use std::time::Duration;

use chrono::{DateTime, Utc};
use rusqlite::backup::Backup;
use rusqlite::{Connection, OpenFlags};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::session::SessionMarker;
use super::{check_header, migrations, timeline, Store, APPLICATION_ID, SCHEMA_VERSION};
use crate::backup::{backup_dir, backup_file_name, list_backups, BackupInfo, BackupReason};
use crate::clock::Clock;
use crate::error::{Error, OpenProblem, Result};

/// What a restore did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct RestoreReport {
    pub restored_from: String,
    /// Where the database that was replaced went: a backup, or the damaged file moved aside.
    pub previous_saved_as: Option<String>,
}

/// Copies `src` into a checked, synced backup file and rotates the folder to `keep` files.
pub(super) fn write_backup(
    src: &Connection,
    db_path: &Path,
    at: DateTime<Utc>,
    reason: BackupReason,
    keep: usize,
) -> Result<BackupInfo> {
    let dir = backup_dir(db_path);
    std::fs::create_dir_all(&dir).map_err(|err| Error::io(&dir, err))?;
    let file_name = (1..)
        .map(|n| backup_file_name(db_path, at, reason, n))
        .find(|name| !dir.join(name).exists())
        .unwrap_or_else(|| backup_file_name(db_path, at, reason, 1));
    let path = dir.join(&file_name);
    let partial = dir.join(format!("{file_name}.partial"));
    let written = copy_checked(src, &partial);
    if let Err(err) = written {
        let _ = std::fs::remove_file(&partial);
        return Err(err);
    }
    sync_file(&partial)?;
    std::fs::rename(&partial, &path).map_err(|err| Error::io(&path, err))?;
    sync_dir(&dir);
    rotate(db_path, keep)?;
    let size_bytes = std::fs::metadata(&path).map(|m| m.len()).unwrap_or(0);
    Ok(BackupInfo { path: path.display().to_string(), file_name, created_at: at, reason, size_bytes })
}

/// Copies `src` to a new single-file database at `to` and checks the copy.
fn copy_checked(src: &Connection, to: &Path) -> Result<()> {
    // Created first through the file system, so a folder that cannot be written fails with the
    // operating system's reason and the path, not SQLite's generic "cannot open".
    std::fs::File::create(to).map_err(|err| Error::io(to, err))?;
    let mut dst = Connection::open(to)?;
    Backup::new(src, &mut dst)?.run_to_completion(1024, Duration::ZERO, None)?;
    // A backup is one self-contained file, not a WAL pair.
    dst.query_row("PRAGMA journal_mode=DELETE", [], |_| Ok(()))?;
    let current_schema = dst.query_row("PRAGMA user_version", [], |row| row.get::<_, u32>(0))? == SCHEMA_VERSION;
    check(&dst, to, current_schema)
}

/// `PRAGMA integrity_check`, then every hash chain when the schema is the current one.
pub(super) fn check(conn: &Connection, path: &Path, chains: bool) -> Result<()> {
    let result: String = conn.query_row("PRAGMA integrity_check", [], |row| row.get(0))?;
    if result != "ok" {
        return Err(Error::open(path, OpenProblem::Damaged, format!("the integrity check failed: {result}")));
    }
    if chains {
        for report in timeline::verify_all_chains(conn)? {
            if let Some(problem) = report.problem {
                return Err(Error::open(
                    path,
                    OpenProblem::Damaged,
                    format!("incident {}: the timeline's hash chain is broken: {problem}", report.incident_id),
                ));
            }
        }
    }
    Ok(())
}

fn rotate(db_path: &Path, keep: usize) -> Result<()> {
    for old in list_backups(db_path)?.into_iter().skip(keep.max(1)) {
        std::fs::remove_file(&old.path).map_err(|err| Error::io(Path::new(&old.path), err))?;
    }
    Ok(())
}

fn sync_file(path: &Path) -> Result<()> {
    std::fs::File::open(path).and_then(|file| file.sync_all()).map_err(|err| Error::io(path, err))
}

/// Makes a rename durable. Best effort: not every platform can open a folder to sync it.
fn sync_dir(dir: &Path) {
    if let Ok(handle) = std::fs::File::open(dir) {
        let _ = handle.sync_all();
    }
}

fn sidecars(db_path: &Path) -> [PathBuf; 2] {
    let with = |suffix: &str| {
        let mut name = db_path.file_name().unwrap_or_default().to_os_string();
        name.push(suffix);
        db_path.with_file_name(name)
    };
    [with("-wal"), with("-shm")]
}

impl Store {
    /// Backs the open database up now and rotates the backup folder.
    pub fn backup(&self, reason: BackupReason) -> Result<BackupInfo> {
        write_backup(&self.conn, &self.path, self.clock.now(), reason, self.backup_keep)
    }

    /// Makes a scheduled backup when the newest backup is older than `interval` (or lies in the
    /// future, after the clock was moved back).
    pub fn backup_if_due(&self, interval: chrono::Duration) -> Result<Option<BackupInfo>> {
        let now = self.clock.now();
        let newest = list_backups(&self.path)?.into_iter().next();
        let due = newest.is_none_or(|b| b.created_at > now || now - b.created_at >= interval);
        if due {
            self.backup(BackupReason::Scheduled).map(Some)
        } else {
            Ok(None)
        }
    }

    pub fn set_backup_keep(&mut self, keep: usize) {
        self.backup_keep = keep.max(1);
    }
}

/// Replaces the database at `db_path` with the backup at `source`, after checking the copy
/// (integrity, owner, version, hash chains) and saving the current database. Nobody may have
/// the database open.
pub fn restore(db_path: &Path, source: &Path, clock: &dyn Clock, keep: usize) -> Result<RestoreReport> {
    let _alone = SessionMarker::take_alone(db_path)?;
    check_header(source)?;
    let src = Connection::open_with_flags(source, OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX)
        .map_err(|err| Error::open(source, OpenProblem::Unreadable, format!("cannot open: {err}")))?;
    let file_name = db_path.file_name().unwrap_or_default().to_string_lossy();
    let staged = db_path.with_file_name(format!(".{file_name}.restoring"));
    let prepared = stage(&src, source, &staged);
    drop(src);
    if let Err(err) = prepared {
        let _ = std::fs::remove_file(&staged);
        return Err(err);
    }
    sync_file(&staged)?;

    let now = clock.now();
    let previous_saved_as = if db_path.exists() { Some(set_aside(db_path, now, keep)?) } else { None };
    std::fs::rename(&staged, db_path).map_err(|err| Error::io(db_path, err))?;
    if let Some(dir) = db_path.parent() {
        sync_dir(dir);
    }
    Ok(RestoreReport { restored_from: source.display().to_string(), previous_saved_as })
}

/// Copies the backup into `staged`, upgrades it to the current schema and checks it.
fn stage(src: &Connection, source: &Path, staged: &Path) -> Result<()> {
    let _ = std::fs::remove_file(staged);
    let mut dst = Connection::open(staged)?;
    Backup::new(src, &mut dst)?
        .run_to_completion(1024, Duration::ZERO, None)
        .map_err(|err| Error::open(source, OpenProblem::Damaged, format!("cannot be read: {err}")))?;
    let application_id: i32 = dst.query_row("PRAGMA application_id", [], |row| row.get(0))?;
    let version: u32 = dst.query_row("PRAGMA user_version", [], |row| row.get(0))?;
    if application_id != APPLICATION_ID {
        return Err(Error::open(source, OpenProblem::Foreign, "this is not a Muster database or backup"));
    }
    if version > SCHEMA_VERSION {
        return Err(Error::open(
            source,
            OpenProblem::Newer,
            format!("this backup has schema version {version}, newer than this Muster understands ({SCHEMA_VERSION})"),
        ));
    }
    check(&dst, source, false)?;
    migrations::apply_pending(&mut dst, staged)?;
    dst.query_row("PRAGMA journal_mode=DELETE", [], |_| Ok(()))?;
    check(&dst, source, true)
}

/// Saves the database about to be replaced: a checked backup when it can be read, otherwise
/// the untouched file (with its WAL) moved to a `-damaged-` name beside it.
fn set_aside(db_path: &Path, now: DateTime<Utc>, keep: usize) -> Result<String> {
    let backed_up =
        Connection::open_with_flags(db_path, OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX)
            .map_err(Error::from)
            .and_then(|conn| write_backup(&conn, db_path, now, BackupReason::BeforeRestore, keep));
    match backed_up {
        Ok(info) => {
            // The backup holds everything, including what was still in the WAL.
            for sidecar in sidecars(db_path) {
                let _ = std::fs::remove_file(sidecar);
            }
            Ok(info.path)
        }
        Err(_) => {
            let stem = db_path.file_stem().and_then(|s| s.to_str()).unwrap_or("muster");
            let aside = db_path.with_file_name(format!("{stem}-damaged-{}.db", now.format("%Y%m%dT%H%M%SZ")));
            std::fs::rename(db_path, &aside).map_err(|err| Error::io(db_path, err))?;
            for (sidecar, suffix) in sidecars(db_path).into_iter().zip(["-wal", "-shm"]) {
                if sidecar.exists() {
                    let mut name = aside.file_name().unwrap_or_default().to_os_string();
                    name.push(suffix);
                    let _ = std::fs::rename(&sidecar, aside.with_file_name(name));
                }
            }
            Ok(aside.display().to_string())
        }
    }
}
