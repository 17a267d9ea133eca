//! Generates Tauri's context and one permission per app command, so the capability file can
//! grant exactly the commands the UI uses.

fn main() {
    let commands = &[
        "database_status",
        "database_backup",
        "database_restore",
        "database_open",
        "database_create",
        "runbook_list",
        "runbook_roles",
        "runbook_mark_reviewed",
        "library_search",
        "runbook_get",
        "runbook_revision",
        "runbook_problems",
        "runbook_save",
        "runbook_revisions",
        "runbook_diff",
        "runbook_import",
        "runbook_export",
        "markdown_render",
        "incident_list",
        "incident_start",
        "incident_view",
        "incident_act",
        "incident_verify",
        "briefing_export",
        "activity_log_export",
        "review_get",
        "review_versions",
        "review_facts",
        "review_edit",
        "review_publish",
        "review_new_version",
        "review_export",
        "action_item_add",
        "action_item_update",
        "action_item_set_status",
        "action_item_resolve",
        "action_items_of_incident",
        "action_items_open",
        "runbook_improvements",
        "person_list",
        "person_add",
        "person_update",
        "person_retire",
        "person_restore",
        "person_delete",
        "person_import_csv",
        "role_list",
        "role_save",
        "contact_sheet",
        "severity_list",
        "severity_set",
    ];
    let manifest = tauri_build::AppManifest::new().commands(commands);
    if let Err(err) = tauri_build::try_build(tauri_build::Attributes::new().app_manifest(manifest)) {
        eprintln!("tauri build failed: {err:#}");
        std::process::exit(1);
    }
}
