//! The core's error type. Every variant says what failed and where, so the command boundary
//! can show it to a user unchanged and branch on its kind.

use std::path::PathBuf;

pub type Result<T, E = Error> = std::result::Result<T, E>;

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

    #[error("the database is busy: another Muster process is writing to it; try again")]
    Busy,

    #[error("{path}: {message}")]
    Database { path: String, message: String },

    #[error(transparent)]
    Sqlite(#[from] rusqlite::Error),

    #[error("{path}: {source}")]
    Io { path: PathBuf, source: std::io::Error },
}

impl Error {
    /// Maps SQLite's "locked/busy" results to [`Error::Busy`] so callers can offer a retry
    /// instead of a generic database failure.
    pub(crate) fn from_sqlite(err: rusqlite::Error) -> Self {
        match err.sqlite_error_code() {
            Some(rusqlite::ErrorCode::DatabaseBusy | rusqlite::ErrorCode::DatabaseLocked) => Error::Busy,
            _ => Error::Sqlite(err),
        }
    }
}
