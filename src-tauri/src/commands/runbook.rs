//! Commands over the runbook library.

use muster_core::{Role, RunbookSummary};
use tauri::State;

use crate::{AppState, CommandError};

#[tauri::command]
pub fn runbook_list(state: State<'_, AppState>) -> Result<Vec<RunbookSummary>, CommandError> {
    state.with_store(|store| store.list_runbooks())
}

#[tauri::command]
pub fn runbook_roles(state: State<'_, AppState>, id: String) -> Result<Vec<Role>, CommandError> {
    state.with_store(|store| store.runbook_roles(&id))
}
