//! Commands over the roster, the roles catalogue, the contact sheet and the team's severity
//! scale.

use std::path::PathBuf;

use muster_core::store::PeopleImport;
use muster_core::{ContactSheet, Person, PersonInput, Role};
use tauri::State;

use crate::{AppState, CommandError};

#[tauri::command]
pub fn person_list(state: State<'_, AppState>) -> Result<Vec<Person>, CommandError> {
    state.with_store(|store| store.list_people())
}

#[tauri::command]
pub fn person_add(state: State<'_, AppState>, person: PersonInput) -> Result<Person, CommandError> {
    state.with_store(|store| store.add_person(&person))
}

#[tauri::command]
pub fn person_update(state: State<'_, AppState>, id: String, person: PersonInput) -> Result<Person, CommandError> {
    state.with_store(|store| store.update_person(&id, &person))
}

#[tauri::command]
pub fn person_retire(state: State<'_, AppState>, id: String) -> Result<Person, CommandError> {
    state.with_store(|store| store.retire_person(&id))
}

#[tauri::command]
pub fn person_restore(state: State<'_, AppState>, id: String) -> Result<Person, CommandError> {
    state.with_store(|store| store.restore_person(&id))
}

#[tauri::command]
pub fn person_delete(state: State<'_, AppState>, id: String) -> Result<(), CommandError> {
    state.with_store(|store| store.delete_person(&id))
}

/// Imports a roster CSV the user picked in the file dialog; the core reads the file.
#[tauri::command]
pub fn person_import_csv(state: State<'_, AppState>, path: PathBuf) -> Result<PeopleImport, CommandError> {
    state.with_store(|store| store.import_people_file(&path))
}

#[tauri::command]
pub fn role_list(state: State<'_, AppState>) -> Result<Vec<Role>, CommandError> {
    state.with_store(|store| store.list_roles())
}

#[tauri::command]
pub fn role_save(state: State<'_, AppState>, id: String, name: String, duties: String) -> Result<Role, CommandError> {
    state.with_store(|store| store.save_role(&id, &name, &duties))
}

#[tauri::command]
pub fn contact_sheet(state: State<'_, AppState>) -> Result<ContactSheet, CommandError> {
    state.with_store(|store| store.contact_sheet())
}

#[tauri::command]
pub fn severity_list(state: State<'_, AppState>) -> Result<Vec<String>, CommandError> {
    state.with_store(|store| store.severities())
}

#[tauri::command]
pub fn severity_set(state: State<'_, AppState>, names: Vec<String>) -> Result<(), CommandError> {
    state.with_store(|store| store.set_severities(&names))
}
