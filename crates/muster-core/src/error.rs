//! The core's error type. Every variant says what failed and where, so the command boundary
//! can show it to a user unchanged and branch on its kind.

use std::path::PathBuf;

use serde::{Deserialize, Serialize};
use ts_rs::TS;

pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Why a database file could not be opened; the recovery screen offers a way out of each.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum OpenProblem {
    /// The file or its folder cannot be read or created.
    Unreadable,
    /// Not an SQLite file at all (random bytes, another kind of file).
    NotADatabase,
    /// An SQLite file that fails its checks: truncated, or corrupt after a crash.
    Damaged,
    /// A healthy SQLite file of another application.
    Foreign,
    /// A Muster database from a newer version of Muster.
    Newer,
    /// Another Muster process has it open (only for actions that need it alone).
    InUse,
}

#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("{what} '{id}' does not exist")]
    NotFound { what: &'static str, id: String },

    #[error("{0}")]
    InvalidInput(String),

    #[error("{0}")]
    InvalidState(String),

    #[error("{}:{line}:{column}: {message}", path.display())]
    Format { path: PathBuf, line: usize, column: usize, message: String },

    #[error("the database is busy: another Muster process is writing to it; nothing was saved, try again")]
    Busy,

    #[error("the disk is full: nothing was saved; free some space and try again")]
    DiskFull,

    #[error(
        "the database or its folder is read-only: nothing was saved; check the folder's permissions and try again"
    )]
    ReadOnly,

    #[error("{}: {detail}", path.display())]
    Open { path: PathBuf, problem: OpenProblem, detail: String },

    #[error(transparent)]
    Sqlite(rusqlite::Error),

    #[error("{}: {source}", path.display())]
    Io { path: PathBuf, source: std::io::Error },
}

impl From<rusqlite::Error> for Error {
    /// Sorts SQLite's result codes into the faults a user can act on (busy, full, read-only)
    /// and the rest.
    fn from(err: rusqlite::Error) -> Self {
        use rusqlite::ErrorCode as C;
        match err.sqlite_error_code() {
            Some(C::DatabaseBusy | C::DatabaseLocked) => Error::Busy,
            Some(C::DiskFull) => Error::DiskFull,
            Some(C::ReadOnly | C::CannotOpen) => Error::ReadOnly,
            _ => Error::Sqlite(err),
        }
    }
}

impl Error {
    pub(crate) fn open(path: &std::path::Path, problem: OpenProblem, detail: impl Into<String>) -> Error {
        Error::Open { path: path.to_path_buf(), problem, detail: detail.into() }
    }

    pub(crate) fn io(path: &std::path::Path, source: std::io::Error) -> Error {
        Error::Io { path: path.to_path_buf(), source }
    }
}
