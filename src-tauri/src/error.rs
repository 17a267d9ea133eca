//! The one error that crosses the command boundary: `{ code, message }`. The UI branches on
//! `code` (a closed set) and shows `message`, which already says what failed and where.

use serde::Serialize;
use ts_rs::TS;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum ErrorCode {
    NotFound,
    InvalidInput,
    InvalidState,
    /// Another process holds the database; the same action can be retried.
    Busy,
    /// The disk is full; the action can be retried once space is freed.
    DiskFull,
    /// The database or its folder cannot be written; retry once that is fixed.
    ReadOnly,
    /// The database could not be opened; the recovery screen offers a way out.
    DatabaseUnavailable,
    Internal,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct CommandError {
    pub code: ErrorCode,
    pub message: String,
}

impl From<muster_core::Error> for CommandError {
    fn from(err: muster_core::Error) -> Self {
        use muster_core::Error as E;
        let code = match &err {
            E::NotFound { .. } => ErrorCode::NotFound,
            E::InvalidInput(_) | E::Format { .. } => ErrorCode::InvalidInput,
            E::InvalidState(_) => ErrorCode::InvalidState,
            E::Busy => ErrorCode::Busy,
            E::DiskFull => ErrorCode::DiskFull,
            E::ReadOnly => ErrorCode::ReadOnly,
            E::Open { .. } => ErrorCode::DatabaseUnavailable,
            E::Sqlite(_) | E::Io { .. } => ErrorCode::Internal,
        };
        CommandError { code, message: err.to_string() }
    }
}
