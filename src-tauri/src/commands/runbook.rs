//! Commands over the runbook library.

use std::path::PathBuf;

use muster_core::export::{checklist, PaperSize};
use muster_core::library::{self, FileReport};
use muster_core::{
    html, DiffHunk, FieldProblem, RevisionInfo, Role, Runbook, RunbookReview, RunbookSummary, SearchHit,
};
use tauri::State;

use crate::error::ErrorCode;
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

#[tauri::command]
pub fn runbook_get(state: State<'_, AppState>, id: String) -> Result<(Runbook, u32), CommandError> {
    state.with_store(|store| store.runbook(&id))
}

#[tauri::command]
pub fn runbook_revision(state: State<'_, AppState>, id: String, revision: u32) -> Result<Runbook, CommandError> {
    state.with_store(|store| store.runbook_revision(&id, revision))
}

#[tauri::command]
pub fn runbook_problems(runbook: Runbook) -> Vec<FieldProblem> {
    runbook.problems()
}

#[tauri::command]
pub fn runbook_save(
    state: State<'_, AppState>,
    runbook: Runbook,
    base: Option<u32>,
    note: String,
) -> Result<u32, CommandError> {
    state.with_store(|store| store.edit_runbook(&runbook, base, state.actor(), &note))
}

#[tauri::command]
pub fn runbook_revisions(state: State<'_, AppState>, id: String) -> Result<Vec<RevisionInfo>, CommandError> {
    state.with_store(|store| store.runbook_revisions(&id))
}

#[tauri::command]
pub fn runbook_diff(state: State<'_, AppState>, id: String, from: u32, to: u32) -> Result<Vec<DiffHunk>, CommandError> {
    state.with_store(|store| store.runbook_diff(&id, from, to))
}

#[tauri::command]
pub fn runbook_import(state: State<'_, AppState>, paths: Vec<PathBuf>) -> Result<Vec<FileReport>, CommandError> {
    state.with_store(|store| library::import_paths(store, &paths, state.actor()))
}

#[tauri::command]
pub fn runbook_export(
    state: State<'_, AppState>,
    dir: PathBuf,
    id: Option<String>,
) -> Result<Vec<PathBuf>, CommandError> {
    state.with_store(|store| library::export_runbooks(store, &dir, id.as_deref()))
}

#[tauri::command]
pub fn markdown_render(text: String) -> String {
    html::markdown_to_html(&text)
}

/// Prints revision `revision` (the current one when not given) of a runbook as a paper
/// checklist (PDF) at `path`. The runbook is read under the store's lock and laid out on a
/// worker thread, so a long runbook neither blocks the window nor holds the database.
#[tauri::command]
pub async fn runbook_checklist_export(
    state: State<'_, AppState>,
    id: String,
    revision: Option<u32>,
    paper: Option<PaperSize>,
    path: PathBuf,
) -> Result<(), CommandError> {
    let (runbook, revision, now) = state.with_store(|store| {
        let (runbook, revision) = match revision {
            Some(n) => (store.runbook_revision(&id, n)?, n),
            None => store.runbook(&id)?,
        };
        Ok((runbook, revision, store.clock().now()))
    })?;
    let paper = paper.unwrap_or_default();
    tauri::async_runtime::spawn_blocking(move || checklist::write(&runbook, revision, now, paper, &path))
        .await
        .map_err(|err| CommandError { code: ErrorCode::Internal, message: format!("the checklist stopped: {err}") })?
        .map_err(CommandError::from)
}
