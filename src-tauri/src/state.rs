//! The app's state: the database slot (the open store, or why the file could not be opened)
//! and who is at the keyboard. Switching files, restoring a backup and the recovery screen all
//! go through the slot, so no command ever sees a half-switched database.

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, MutexGuard};

use muster_core::backup::{backup_dir, list_backups, BackupInfo, BackupReason, DEFAULT_INTERVAL, DEFAULT_KEEP};
use muster_core::drill::InjectDelivery;
use muster_core::store::{self, RestoreReport, TimerAlert};
use muster_core::{Clock, ClockJump, Error, OpenProblem, Store};
use serde::Serialize;
use ts_rs::TS;

use crate::error::{CommandError, ErrorCode};

/// What the recovery and backup screens show about the database.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct DatabaseStatus {
    pub path: String,
    pub open: bool,
    /// Why the file could not be opened, when it could not.
    pub problem: Option<OpenProblem>,
    pub message: Option<String>,
    pub backup_folder: String,
    /// Newest first.
    pub backups: Vec<BackupInfo>,
}

struct Slot {
    path: PathBuf,
    store: Result<Store, Error>,
}

pub struct AppState {
    slot: Mutex<Slot>,
    clock: Arc<dyn Clock>,
    /// Recorded as the actor of every event this app writes.
    actor: String,
}

impl AppState {
    /// Opens the database from `--db`, `MUSTER_DB` or the default location. A failure is kept,
    /// not raised, so the window can still open and offer a way out.
    pub fn open(db_flag: Option<PathBuf>, clock: Arc<dyn Clock>) -> AppState {
        let (path, store) = match store::resolve_path(db_flag) {
            Ok(path) => {
                let store = Store::open(&path, clock.clone());
                (path, store)
            }
            Err(err) => (PathBuf::new(), Err(err)),
        };
        AppState { slot: Mutex::new(Slot { path, store }), clock, actor: local_actor() }
    }

    pub fn actor(&self) -> &str {
        &self.actor
    }

    fn slot(&self) -> MutexGuard<'_, Slot> {
        self.slot.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// Runs `action` on the store, mapping every failure to a [`CommandError`].
    pub fn with_store<T>(&self, action: impl FnOnce(&mut Store) -> muster_core::Result<T>) -> Result<T, CommandError> {
        match &mut self.slot().store {
            Ok(store) => action(store).map_err(CommandError::from),
            Err(reason) => Err(unavailable(reason)),
        }
    }

    pub fn status(&self) -> Result<DatabaseStatus, CommandError> {
        let slot = self.slot();
        let (open, problem, message) = match &slot.store {
            Ok(_) => (true, None, None),
            Err(err @ Error::Open { problem, .. }) => (false, Some(*problem), Some(err.to_string())),
            Err(other) => (false, Some(OpenProblem::Unreadable), Some(other.to_string())),
        };
        Ok(DatabaseStatus {
            path: slot.path.display().to_string(),
            open,
            problem,
            message,
            backup_folder: backup_dir(&slot.path).display().to_string(),
            backups: list_backups(&slot.path)?,
        })
    }

    pub fn backup(&self) -> Result<BackupInfo, CommandError> {
        self.with_store(|store| store.backup(BackupReason::Manual))
    }

    /// A scheduled backup when one is due; for the app's background timer.
    pub fn backup_if_due(&self) -> Result<Option<BackupInfo>, CommandError> {
        self.with_store(|store| store.backup_if_due(DEFAULT_INTERVAL))
    }

    pub fn record_clock_jump(&self, jump: &ClockJump) -> Result<usize, CommandError> {
        self.with_store(|store| store.record_clock_jump(jump, "muster"))
    }

    /// Records breaches of the open incidents' timers; returns them and the due status updates.
    pub fn check_timers(&self) -> Result<Vec<TimerAlert>, CommandError> {
        self.with_store(|store| store.check_timers("muster"))
    }

    /// Delivers the injects of running drills whose drill time has come.
    pub fn deliver_injects(&self) -> Result<Vec<InjectDelivery>, CommandError> {
        self.with_store(|store| store.deliver_injects("muster"))
    }

    /// Restores a backup over the current database: closes it, restores (which checks the
    /// backup and keeps the replaced file), and opens the result. On failure the database that
    /// was open is opened again.
    pub fn restore(&self, backup: &Path) -> Result<RestoreReport, CommandError> {
        let mut slot = self.slot();
        let path = slot.path.clone();
        // Close our own connection first: a restore needs the file to itself.
        slot.store = Err(Error::InvalidState("restoring a backup".into()));
        let restored = store::restore(&path, backup, self.clock.as_ref(), DEFAULT_KEEP);
        slot.store = Store::open(&path, self.clock.clone());
        let report = restored?;
        slot.store.as_ref().map_err(unavailable)?;
        Ok(report)
    }

    /// Switches to another existing database file.
    pub fn open_other(&self, path: &Path) -> Result<DatabaseStatus, CommandError> {
        if !path.is_file() {
            return Err(CommandError {
                code: ErrorCode::NotFound,
                message: format!("{}: no such file", path.display()),
            });
        }
        self.switch_to(path)
    }

    /// Starts a new, empty database at `path`, which must not exist yet.
    pub fn create_new(&self, path: &Path) -> Result<DatabaseStatus, CommandError> {
        if path.exists() {
            return Err(CommandError {
                code: ErrorCode::InvalidInput,
                message: format!("{}: a file already exists there; choose a new name", path.display()),
            });
        }
        self.switch_to(path)
    }

    fn switch_to(&self, path: &Path) -> Result<DatabaseStatus, CommandError> {
        {
            let mut slot = self.slot();
            let store = Store::open(path, self.clock.clone()).map_err(CommandError::from)?;
            *slot = Slot { path: path.to_path_buf(), store: Ok(store) };
        }
        self.status()
    }
}

/// The error of every command while no database is open: the reason it could not be opened.
fn unavailable(reason: &Error) -> CommandError {
    CommandError { code: ErrorCode::DatabaseUnavailable, message: reason.to_string() }
}

/// The operating-system user name, the best "who did this" Muster has until people sign in.
fn local_actor() -> String {
    ["USER", "USERNAME", "LOGNAME"]
        .iter()
        .find_map(|var| std::env::var(var).ok().filter(|v| !v.trim().is_empty()))
        .unwrap_or_else(|| "responder".to_string())
}
