//! Commands over the roster and the team's severity scale.

use muster_core::Person;
use tauri::State;

use crate::{AppState, CommandError};

#[tauri::command]
pub fn person_list(state: State<'_, AppState>) -> Result<Vec<Person>, CommandError> {
    state.with_store(|store| store.list_people())
}

#[tauri::command]
pub fn person_add(state: State<'_, AppState>, name: String, contact: String) -> Result<Person, CommandError> {
    state.with_store(|store| store.add_person(&name, &contact))
}

#[tauri::command]
pub fn person_update(state: State<'_, AppState>, person: Person) -> Result<(), CommandError> {
    state.with_store(|store| store.update_person(&person))
}

#[tauri::command]
pub fn severity_list(state: State<'_, AppState>) -> Result<Vec<String>, CommandError> {
    state.with_store(|store| store.severities())
}

#[tauri::command]
pub fn severity_set(state: State<'_, AppState>, names: Vec<String>) -> Result<(), CommandError> {
    state.with_store(|store| store.set_severities(&names))
}
