//! Writes the fixture database of the current schema version for the migration tests:
//! `cargo run -p muster-core --example schema_fixture -- tests/fixtures/schema-vN.db`.
//! Run it once per new schema version, before the migration that follows it is written, and
//! commit the file; `tests/it/migration.rs` then upgrades every fixture and checks its data.

// A fixture writer that cannot write should stop loudly.
#![allow(clippy::expect_used)]

use std::sync::Arc;

use chrono::{Duration, TimeZone, Utc};
use muster_core::{
    FixedClock, IncidentAction, IncidentMode, NewIncident, PersonInput, RoleAssignment, RoleFill, Store,
};

fn main() {
    let path = std::env::args().nth(1).expect("usage: schema_fixture PATH");
    let _ = std::fs::remove_file(&path);
    let clock = Arc::new(FixedClock::new(Utc.with_ymd_and_hms(2026, 1, 15, 2, 30, 0).single().expect("a valid time")));
    let mut store = Store::open(std::path::Path::new(&path), clock.clone()).expect("create the fixture");
    let (mut runbook, _) = store.runbook("it-system-outage").expect("the sample runbook");
    runbook.title = "IT system outage (edited)".into();
    store.save_runbook(&runbook, "fixture", "second revision").expect("save");
    for (title, mode, ticks) in [("Checkout down", IncidentMode::Real, 3), ("Quarterly drill", IncidentMode::Drill, 1)]
    {
        let ana = match store.list_people().expect("people").into_iter().next() {
            Some(ana) => ana,
            None => store
                .add_person(&PersonInput {
                    team: "Ops".into(),
                    roles: vec!["incident-commander".into()],
                    ..PersonInput::new("Ana", "+1 555 0100")
                })
                .expect("add person"),
        };
        let assignments = store
            .runbook_roles("it-system-outage")
            .expect("roles")
            .into_iter()
            .map(|role| RoleAssignment { role: role.id, fill: RoleFill::Person { person: ana.id.clone() } })
            .collect();
        let new = NewIncident {
            runbook_id: "it-system-outage".into(),
            title: title.into(),
            severity: "SEV2".into(),
            mode,
            detected_at: None,
            assignments,
        };
        let incident = store.start_incident(&new, "fixture").expect("declare");
        let keys: Vec<String> = store.incident_view(&incident.id).expect("view").phases[0]
            .steps
            .iter()
            .take(ticks)
            .map(|s| s.step.key.clone())
            .collect();
        for key in keys {
            clock.advance(Duration::minutes(4));
            store.tick_step(&incident.id, &key, "fixture").expect("tick");
        }
        clock.advance(Duration::minutes(1));
        let log = IncidentAction::Log { text: "Bridge opened".into(), at: None };
        store.act(&incident.id, &log, "fixture").expect("log");
        if mode == IncidentMode::Real {
            // From version 4: a review draft and an action item pointing at the runbook.
            let mut sections = store.review(&incident.id).expect("review").sections;
            sections[0].body = "Checkout was down.".into();
            let edit = muster_core::review::ReviewEdit { sections, highlights: Vec::new() };
            store.edit_review(&incident.id, &edit, "fixture").expect("review draft");
            let item = muster_core::action_item::ActionItemInput {
                title: "Alert on checkout errors".into(),
                owner: "Ana".into(),
                due_on: chrono::NaiveDate::from_ymd_opt(2026, 2, 1),
                runbook_id: Some("it-system-outage".into()),
            };
            store.add_action_item(&incident.id, &item, "fixture").expect("action item");
        }
    }
    drop(store);
    // One self-contained file: fold the WAL back in.
    let conn = rusqlite::Connection::open(&path).expect("reopen");
    conn.query_row("PRAGMA journal_mode=DELETE", [], |_| Ok(())).expect("journal mode");
    println!("wrote {path}");
}
