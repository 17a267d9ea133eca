//! Commands over the runbook library.

use muster_core::{Role, RunbookReview, RunbookSummary, SearchHit};
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

#[tauri::command]
pub fn runbook_mark_reviewed(
    state: State<'_, AppState>,
    id: String,
    note: String,
) -> Result<RunbookReview, CommandError> {
    state.with_store(|store| store.mark_reviewed(&id, state.actor(), &note))
}

#[tauri::command]
pub fn library_search(state: State<'_, AppState>, text: String, limit: u32) -> Result<Vec<SearchHit>, CommandError> {
    state.with_store(|store| store.search(&text, limit))
}
