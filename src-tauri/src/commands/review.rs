//! Commands over post-incident reviews, their action items and their exports.

use std::path::PathBuf;

use muster_core::action_item::{ActionItem, ActionItemInput, ActionStatus};
use muster_core::export::{self, ExportFormat, PaperSize, Zone};
use muster_core::review::{Review, ReviewEdit, ReviewFacts};
use tauri::State;

use crate::error::ErrorCode;
use crate::{AppState, CommandError};

#[tauri::command]
pub fn review_get(state: State<'_, AppState>, incident_id: String) -> Result<Review, CommandError> {
    state.with_store(|store| store.review(&incident_id))
}

#[tauri::command]
pub fn review_versions(state: State<'_, AppState>, incident_id: String) -> Result<Vec<Review>, CommandError> {
    state.with_store(|store| store.review_versions(&incident_id))
}

#[tauri::command]
pub fn review_facts(state: State<'_, AppState>, incident_id: String) -> Result<ReviewFacts, CommandError> {
    state.with_store(|store| store.review_facts(&incident_id))
}

#[tauri::command]
pub fn review_edit(state: State<'_, AppState>, incident_id: String, edit: ReviewEdit) -> Result<Review, CommandError> {
    state.with_store(|store| store.edit_review(&incident_id, &edit, state.actor()))
}

#[tauri::command]
pub fn review_publish(state: State<'_, AppState>, incident_id: String) -> Result<Review, CommandError> {
    state.with_store(|store| store.publish_review(&incident_id, state.actor()))
}

#[tauri::command]
pub fn review_new_version(state: State<'_, AppState>, incident_id: String) -> Result<Review, CommandError> {
    state.with_store(|store| store.new_review_version(&incident_id, state.actor()))
}

/// Gathers the review under the store's lock, then renders and writes it on a worker thread,
/// so a long export neither blocks the window nor holds the database (a PDF of a large
/// incident takes seconds to lay out). `paper` is the PDF's page size, A4 when not given.
#[tauri::command]
pub async fn review_export(
    state: State<'_, AppState>,
    incident_id: String,
    format: ExportFormat,
    path: PathBuf,
    paper: Option<PaperSize>,
) -> Result<(), CommandError> {
    let data = state.with_store(|store| store.review_data(&incident_id))?;
    let zone = Zone::from_offset(*chrono::Local::now().offset());
    let paper = paper.unwrap_or_default();
    tauri::async_runtime::spawn_blocking(move || export::write(&data, format, &zone, paper, &path))
        .await
        .map_err(|err| CommandError { code: ErrorCode::Internal, message: format!("the export stopped: {err}") })?
        .map_err(CommandError::from)
}

#[tauri::command]
pub fn action_item_add(
    state: State<'_, AppState>,
    incident_id: String,
    item: ActionItemInput,
) -> Result<ActionItem, CommandError> {
    state.with_store(|store| store.add_action_item(&incident_id, &item, state.actor()))
}

#[tauri::command]
pub fn action_item_update(
    state: State<'_, AppState>,
    id: String,
    item: ActionItemInput,
) -> Result<ActionItem, CommandError> {
    state.with_store(|store| store.update_action_item(&id, &item))
}

#[tauri::command]
pub fn action_item_set_status(
    state: State<'_, AppState>,
    id: String,
    status: ActionStatus,
) -> Result<ActionItem, CommandError> {
    state.with_store(|store| store.set_action_status(&id, status))
}

#[tauri::command]
pub fn action_item_resolve(state: State<'_, AppState>, id: String) -> Result<ActionItem, CommandError> {
    state.with_store(|store| store.resolve_improvement(&id))
}

#[tauri::command]
pub fn action_items_of_incident(
    state: State<'_, AppState>,
    incident_id: String,
) -> Result<Vec<ActionItem>, CommandError> {
    state.with_store(|store| store.incident_action_items(&incident_id))
}

#[tauri::command]
pub fn action_items_open(state: State<'_, AppState>) -> Result<Vec<ActionItem>, CommandError> {
    state.with_store(|store| store.open_action_items())
}

#[tauri::command]
pub fn runbook_improvements(state: State<'_, AppState>, runbook_id: String) -> Result<Vec<ActionItem>, CommandError> {
    state.with_store(|store| store.runbook_improvements(&runbook_id))
}
