//! The app's state: the open store (or why it could not be opened) and who is at the keyboard.

use std::path::PathBuf;
use std::sync::{Arc, Mutex};

use muster_core::{store, Clock, Store};

use crate::error::{CommandError, ErrorCode};

pub struct AppState {
    /// One connection, one writer: commands take turns on it.
    store: Mutex<Result<Store, String>>,
    /// Recorded as the actor of every event this app writes.
    actor: String,
}

impl AppState {
    /// Opens the database from `--db`, `MUSTER_DB` or the default location. A failure is kept,
    /// not raised, so the window can still open and say what is wrong.
    pub fn open(db_flag: Option<PathBuf>, clock: Arc<dyn Clock>) -> AppState {
        let store =
            store::resolve_path(db_flag).and_then(|path| Store::open(&path, clock)).map_err(|err| err.to_string());
        AppState { store: Mutex::new(store), actor: local_actor() }
    }

    pub fn actor(&self) -> &str {
        &self.actor
    }

    /// Runs `action` on the store, mapping every failure to a [`CommandError`].
    pub fn with_store<T>(&self, action: impl FnOnce(&mut Store) -> muster_core::Result<T>) -> Result<T, CommandError> {
        let mut guard = self.store.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        match guard.as_mut() {
            Ok(store) => action(store).map_err(CommandError::from),
            Err(reason) => Err(CommandError { code: ErrorCode::DatabaseUnavailable, message: reason.clone() }),
        }
    }
}

/// The operating-system user name, the best "who did this" Muster has until people sign in.
fn local_actor() -> String {
    ["USER", "USERNAME", "LOGNAME"]
        .iter()
        .find_map(|var| std::env::var(var).ok().filter(|v| !v.trim().is_empty()))
        .unwrap_or_else(|| "responder".to_string())
}
