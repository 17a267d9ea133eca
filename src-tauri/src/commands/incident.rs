//! Commands over incidents: declare, list, view, act, verify.

use muster_core::{ChainReport, Incident, IncidentAction, IncidentSummary, IncidentView, NewIncident, TimelineEvent};
use tauri::State;

use crate::{AppState, CommandError};

#[tauri::command]
pub fn incident_list(state: State<'_, AppState>) -> Result<Vec<IncidentSummary>, CommandError> {
    state.with_store(|store| store.list_incidents())
}

#[tauri::command]
pub fn incident_start(state: State<'_, AppState>, new: NewIncident) -> Result<Incident, CommandError> {
    state.with_store(|store| store.start_incident(&new, state.actor()))
}

#[tauri::command]
pub fn incident_view(state: State<'_, AppState>, id: String) -> Result<IncidentView, CommandError> {
    state.with_store(|store| store.incident_view(&id))
}

#[tauri::command]
pub fn incident_act(
    state: State<'_, AppState>,
    incident_id: String,
    action: IncidentAction,
) -> Result<Vec<TimelineEvent>, CommandError> {
    state.with_store(|store| store.act(&incident_id, &action, state.actor()))
}

#[tauri::command]
pub fn incident_verify(state: State<'_, AppState>, incident_id: String) -> Result<ChainReport, CommandError> {
    state.with_store(|store| store.verify_chain(&incident_id))
}
