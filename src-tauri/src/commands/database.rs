//! Commands over the database file itself: status for the recovery screen, backups, restore,
//! and switching to another file.

use std::path::PathBuf;

use muster_core::backup::BackupInfo;
use muster_core::store::RestoreReport;
use tauri::State;

use crate::state::DatabaseStatus;
use crate::{AppState, CommandError};

#[tauri::command]
pub fn database_status(state: State<'_, AppState>) -> Result<DatabaseStatus, CommandError> {
    state.status()
}

#[tauri::command]
pub fn database_backup(state: State<'_, AppState>) -> Result<BackupInfo, CommandError> {
    state.backup()
}

#[tauri::command]
pub fn database_restore(state: State<'_, AppState>, backup: PathBuf) -> Result<RestoreReport, CommandError> {
    state.restore(&backup)
}

#[tauri::command]
pub fn database_open(state: State<'_, AppState>, path: PathBuf) -> Result<DatabaseStatus, CommandError> {
    state.open_other(&path)
}

#[tauri::command]
pub fn database_create(state: State<'_, AppState>, path: PathBuf) -> Result<DatabaseStatus, CommandError> {
    state.create_new(&path)
}
