//! Muster's desktop shell: opens the store, registers the commands and shows the window.
//!
//! Architecture invariant: the shell holds no domain logic. Each command is a one-line
//! delegation to `muster-core`; errors cross the boundary only as [`CommandError`].

mod commands;
#[cfg(feature = "e2e")]
mod e2e_dialog;
mod error;
mod state;
mod watch;

#[cfg(test)]
mod bindings;

use std::path::PathBuf;
use std::sync::Arc;

use tauri::Manager;

pub use error::{CommandError, ErrorCode};
pub use state::{AppState, DatabaseStatus};

/// The `--db PATH` argument, if given; the rest of the command line is Tauri's.
fn db_flag() -> Option<PathBuf> {
    let mut args = std::env::args_os().skip(1);
    while let Some(arg) = args.next() {
        if arg == "--db" {
            return args.next().map(PathBuf::from);
        }
        if let Some(path) = arg.to_str().and_then(|a| a.strip_prefix("--db=")) {
            return Some(PathBuf::from(path));
        }
    }
    None
}

/// The file pickers: the real ones, or in end-to-end test builds the stand-in the tests answer.
#[cfg(not(feature = "e2e"))]
fn dialog_plugin() -> tauri::plugin::TauriPlugin<tauri::Wry> {
    tauri_plugin_dialog::init()
}

#[cfg(feature = "e2e")]
fn dialog_plugin() -> tauri::plugin::TauriPlugin<tauri::Wry> {
    e2e_dialog::init()
}

pub fn run() {
    let result = tauri::Builder::default()
        // First, so a second launch hands over to the running window before opening anything.
        .plugin(tauri_plugin_single_instance::init(|app, _args, _cwd| {
            if let Some(window) = app.get_webview_window("main") {
                let _ = window.unminimize();
                let _ = window.show();
                let _ = window.set_focus();
            }
        }))
        .plugin(dialog_plugin())
        .plugin(tauri_plugin_notification::init())
        .setup(|app| {
            app.manage(AppState::open(db_flag(), Arc::new(muster_core::SystemClock)));
            watch::start(app.handle().clone());
            Ok(())
        })
        .invoke_handler(tauri::generate_handler![
            commands::database::database_status,
            commands::database::database_backup,
            commands::database::database_restore,
            commands::database::database_open,
            commands::database::database_create,
            commands::runbook::runbook_list,
            commands::runbook::runbook_roles,
            commands::runbook::runbook_mark_reviewed,
            commands::runbook::library_search,
            commands::runbook::runbook_get,
            commands::runbook::runbook_revision,
            commands::runbook::runbook_problems,
            commands::runbook::runbook_save,
            commands::runbook::runbook_revisions,
            commands::runbook::runbook_diff,
            commands::runbook::runbook_import,
            commands::runbook::runbook_export,
            commands::runbook::runbook_checklist_export,
            commands::runbook::markdown_render,
            commands::incident::incident_list,
            commands::incident::incident_start,
            commands::incident::incident_view,
            commands::incident::incident_act,
            commands::incident::incident_verify,
            commands::forms::briefing_export,
            commands::forms::activity_log_export,
            commands::drill::drill_scorecard,
            commands::drill::drill_history,
            commands::metrics::metrics_compute,
            commands::metrics::metrics_rows,
            commands::metrics::metrics_rows_of,
            commands::metrics::metrics_export,
            commands::review::review_get,
            commands::review::review_versions,
            commands::review::review_facts,
            commands::review::review_edit,
            commands::review::review_publish,
            commands::review::review_new_version,
            commands::review::review_export,
            commands::review::action_item_add,
            commands::review::action_item_update,
            commands::review::action_item_set_status,
            commands::review::action_item_resolve,
            commands::review::action_items_of_incident,
            commands::review::action_items_open,
            commands::review::runbook_improvements,
            commands::roster::person_list,
            commands::roster::person_add,
            commands::roster::person_update,
            commands::roster::person_retire,
            commands::roster::person_restore,
            commands::roster::person_delete,
            commands::roster::person_import_csv,
            commands::roster::role_list,
            commands::roster::role_save,
            commands::roster::contact_sheet,
            commands::roster::severity_list,
            commands::roster::severity_set,
        ])
        .run(tauri::generate_context!());
    if let Err(err) = result {
        eprintln!("muster: the window could not start: {err}");
        std::process::exit(1);
    }
}
