//! Commands that print forms from an incident: the handover briefing and activity logs.

use std::path::PathBuf;

use chrono::{DateTime, Utc};
use muster_core::export::activity_log::{activity_log, Subject};
use muster_core::export::briefing::briefing;
use muster_core::export::document::DocumentFormat;
use muster_core::export::{write_text, Zone};
use tauri::State;

use crate::{AppState, CommandError};

fn local_zone() -> Zone {
    Zone::from_offset(*chrono::Local::now().offset())
}

#[tauri::command]
pub fn briefing_export(
    state: State<'_, AppState>,
    incident_id: String,
    format: DocumentFormat,
    path: PathBuf,
) -> Result<(), CommandError> {
    state.with_store(|store| {
        let document = briefing(&store.incident_view(&incident_id)?, store.clock().now(), &local_zone(), state.actor());
        write_text(&path, &document.render(format))
    })
}

/// The log of a person (`person`, an id) or else of a role (`role`), over `from`–`to`.
#[tauri::command]
#[allow(clippy::too_many_arguments)] // One per field of the form; a struct would only rename them.
pub fn activity_log_export(
    state: State<'_, AppState>,
    incident_id: String,
    person: Option<String>,
    role: Option<String>,
    from: Option<DateTime<Utc>>,
    to: Option<DateTime<Utc>>,
    format: DocumentFormat,
    path: PathBuf,
) -> Result<(), CommandError> {
    let subject = match (person, role) {
        (Some(person), _) => Subject::Person(person),
        (None, Some(role)) => Subject::Role(role),
        (None, None) => {
            return Err(muster_core::Error::InvalidInput("say whose log: a person or a role".into()).into());
        }
    };
    state.with_store(|store| {
        let document = activity_log(&store.incident_view(&incident_id)?, &subject, from, to, &local_zone());
        write_text(&path, &document.render(format))
    })
}
