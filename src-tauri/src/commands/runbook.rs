//! Commands over the runbook library.

use muster_core::RunbookSummary;
use tauri::State;

use crate::{AppState, CommandError};

#[tauri::command]
pub fn runbook_list(state: State<'_, AppState>) -> Result<Vec<RunbookSummary>, CommandError> {
    state.with_store(|store| store.list_runbooks())
}
