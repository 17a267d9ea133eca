//! Only in builds with the `e2e` feature: a stand-in for the dialog plugin's file pickers.
//! WebDriver cannot reach a native file dialog, so the end-to-end tests name the answers in
//! `MUSTER_E2E_DIALOG_ANSWERS` (paths separated by newlines), given out one per open or save
//! dialog, in order; `null` (cancelled) once they run out. The window calls the same
//! `plugin:dialog|…` commands as with the real plugin, under the same permissions.

use std::sync::Mutex;

use tauri::plugin::{Builder, TauriPlugin};
use tauri::{Runtime, State};

struct Answers(Mutex<Vec<String>>);

fn next(answers: &State<'_, Answers>) -> Option<String> {
    let mut queue = answers.0.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
    (!queue.is_empty()).then(|| queue.remove(0))
}

#[tauri::command]
fn save(answers: State<'_, Answers>) -> Option<String> {
    next(&answers)
}

#[tauri::command]
fn open(answers: State<'_, Answers>) -> Option<String> {
    next(&answers)
}

pub fn init<R: Runtime>() -> TauriPlugin<R> {
    Builder::new("dialog")
        .invoke_handler(tauri::generate_handler![save, open])
        .setup(|app, _api| {
            use tauri::Manager;
            let given = std::env::var("MUSTER_E2E_DIALOG_ANSWERS").unwrap_or_default();
            app.manage(Answers(Mutex::new(given.lines().filter(|l| !l.is_empty()).map(str::to_string).collect())));
            Ok(())
        })
        .build()
}
