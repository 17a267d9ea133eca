//! Commands over drills: a drill's scorecard and a runbook's drill history. The drill clock and
//! the injects are incident actions (`incident_act`); the watch delivers injects as they come.

use muster_core::drill::DrillHistory;
use muster_core::scorecard::Scorecard;
use tauri::State;

use crate::{AppState, CommandError};

#[tauri::command]
pub fn drill_scorecard(state: State<'_, AppState>, incident_id: String) -> Result<Scorecard, CommandError> {
    state.with_store(|store| store.scorecard(&incident_id))
}

#[tauri::command]
pub fn drill_history(state: State<'_, AppState>, runbook_id: String) -> Result<DrillHistory, CommandError> {
    state.with_store(|store| store.drill_history(&runbook_id))
}
