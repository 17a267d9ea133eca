//! The session marker: a `<db>.running` file beside the database, share-locked by every
//! process that has the database open and removed by the last one to close it cleanly.
//!
//! A marker found without a lock holder means the last session ended without closing (a crash,
//! a kill, a power cut), so the store runs a quick check before trusting the file. The lock also
//! tells a restore whether any other process still has the database open. Locks are the
//! operating system's, so they vanish with a killed process.

use std::fs::{File, OpenOptions, TryLockError};
use std::path::{Path, PathBuf};

use crate::error::{Error, OpenProblem, Result};

#[derive(Debug)]
pub(crate) struct SessionMarker {
    file: File,
    path: PathBuf,
}

pub(crate) fn marker_path(db_path: &Path) -> PathBuf {
    let mut name = db_path.file_name().unwrap_or_default().to_os_string();
    name.push(".running");
    db_path.with_file_name(name)
}

impl SessionMarker {
    /// Joins the database's session; returns the marker and whether the previous session ended
    /// uncleanly.
    pub(crate) fn join(db_path: &Path) -> Result<(SessionMarker, bool)> {
        let path = marker_path(db_path);
        let existed = path.exists();
        let file = open(&path)?;
        let unclean = existed
            && match file.try_lock() {
                Ok(()) => {
                    file.unlock().map_err(|err| Error::io(&path, err))?;
                    true
                }
                Err(TryLockError::WouldBlock) => false,
                Err(TryLockError::Error(err)) => return Err(Error::io(&path, err)),
            };
        file.lock_shared().map_err(|err| Error::io(&path, err))?;
        Ok((SessionMarker { file, path }, unclean))
    }

    /// Takes the database alone, for a restore; fails when any other process has it open.
    pub(crate) fn take_alone(db_path: &Path) -> Result<SessionMarker> {
        let path = marker_path(db_path);
        let file = open(&path)?;
        match file.try_lock() {
            Ok(()) => Ok(SessionMarker { file, path }),
            Err(TryLockError::WouldBlock) => Err(Error::open(
                db_path,
                OpenProblem::InUse,
                "another Muster window or command has this database open; close it and try again",
            )),
            Err(TryLockError::Error(err)) => Err(Error::io(&path, err)),
        }
    }
}

fn open(path: &Path) -> Result<File> {
    OpenOptions::new()
        .create(true)
        .truncate(false)
        .read(true)
        .write(true)
        .open(path)
        .map_err(|err| Error::io(path, err))
}

impl Drop for SessionMarker {
    fn drop(&mut self) {
        // The last one out removes the marker: its absence means "closed cleanly".
        if self.file.try_lock().is_ok() {
            let _ = std::fs::remove_file(&self.path);
        }
    }
}
