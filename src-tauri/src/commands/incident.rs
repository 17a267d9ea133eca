//! Commands over incidents: declare, list, view, tick.

use muster_core::{Incident, IncidentSummary, IncidentView, NewIncident, TimelineEvent};
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
pub fn incident_tick_step(
    state: State<'_, AppState>,
    incident_id: String,
    step_key: String,
) -> Result<TimelineEvent, CommandError> {
    state.with_store(|store| store.tick_step(&incident_id, &step_key, state.actor()))
}

#[tauri::command]
pub fn incident_untick_step(
    state: State<'_, AppState>,
    incident_id: String,
    step_key: String,
) -> Result<TimelineEvent, CommandError> {
    state.with_store(|store| store.untick_step(&incident_id, &step_key, state.actor()))
}
