use muster_core::{IncidentMode, NewIncident};

use crate::Fixture;

/// An incident with a declaration and three ticks (four events).
fn incident_with_events(f: &mut Fixture) -> String {
    let new = NewIncident {
        runbook_id: "it-system-outage".into(),
        title: String::new(),
        severity: "SEV2".into(),
        mode: IncidentMode::Real,
    };
    let incident = f.store.start_incident(&new, "ana").unwrap();
    let keys: Vec<String> = f.store.incident_view(&incident.id).unwrap().phases[0]
        .steps
        .iter()
        .take(3)
        .map(|s| s.step.key.clone())
        .collect();
    for key in keys {
        f.store.tick_step(&incident.id, &key, "ana").unwrap();
    }
    incident.id
}

/// Opens a second, raw connection as someone editing the file behind Muster's back would.
fn tamper(f: &Fixture, sql: &str) {
    let conn = rusqlite::Connection::open(f.dir.path().join("muster.db")).unwrap();
    conn.execute_batch("DROP TRIGGER timeline_event_no_update; DROP TRIGGER timeline_event_no_delete;").unwrap();
    conn.execute_batch(sql).unwrap();
}

#[test]
fn an_untouched_chain_holds() {
    let mut f = Fixture::new();
    let id = incident_with_events(&mut f);
    let report = f.store.verify_chain(&id).unwrap();
    assert!(report.holds(), "{report:?}");
    assert_eq!(report.events_checked, 4);
}

#[test]
fn the_schema_refuses_updates_and_deletes_of_events() {
    let mut f = Fixture::new();
    incident_with_events(&mut f);
    let conn = rusqlite::Connection::open(f.dir.path().join("muster.db")).unwrap();
    let err = conn.execute("UPDATE timeline_event SET actor = 'mallory'", []).unwrap_err();
    assert!(err.to_string().contains("append-only"), "{err}");
    let err = conn.execute("DELETE FROM timeline_event", []).unwrap_err();
    assert!(err.to_string().contains("append-only"), "{err}");
}

#[test]
fn an_edited_event_is_detected() {
    let mut f = Fixture::new();
    let id = incident_with_events(&mut f);
    tamper(&f, "UPDATE timeline_event SET actor = 'mallory' WHERE seq = 3");
    let report = f.store.verify_chain(&id).unwrap();
    assert_eq!(report.first_broken_seq, Some(3), "{report:?}");
}

#[test]
fn a_deleted_event_is_detected_even_the_last() {
    let mut f = Fixture::new();
    let id = incident_with_events(&mut f);
    tamper(&f, "DELETE FROM timeline_event WHERE seq = 2");
    assert_eq!(f.store.verify_chain(&id).unwrap().first_broken_seq, Some(2));

    let mut g = Fixture::new();
    let id = incident_with_events(&mut g);
    tamper(&g, "DELETE FROM timeline_event WHERE seq = 4");
    let report = g.store.verify_chain(&id).unwrap();
    assert_eq!(report.first_broken_seq, Some(4), "{report:?}");
}

#[test]
fn reordered_events_are_detected() {
    let mut f = Fixture::new();
    let id = incident_with_events(&mut f);
    tamper(&f, "UPDATE timeline_event SET seq = -1 WHERE seq = 2; UPDATE timeline_event SET seq = 2 WHERE seq = 3; UPDATE timeline_event SET seq = 3 WHERE seq = -1;");
    assert_eq!(f.store.verify_chain(&id).unwrap().first_broken_seq, Some(2));
}
