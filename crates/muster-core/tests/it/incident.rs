use chrono::Duration;
use muster_core::{Clock, Error, EventBody, IncidentMode, NewIncident, StepStatus};

use crate::{declare, Fixture};

#[test]
fn declaring_pins_the_runbook_revision_and_records_an_event() {
    let mut f = Fixture::new();
    let incident = declare(&mut f.store).0;
    assert_eq!(incident.title, "IT system outage");
    assert_eq!(incident.runbook_revision, 1);
    assert_eq!(incident.started_at, f.clock.now());
    let view = f.store.incident_view(&incident.id).unwrap();
    assert_eq!(view.timeline.len(), 1);
    assert!(matches!(&view.timeline[0].body, EventBody::IncidentDeclared { severity, .. } if severity == "SEV1"));
    assert_eq!(view.targets.unwrap().acknowledge_minutes, Some(15));
    assert_eq!(view.phases.len(), 4);

    // A later edit of the runbook does not change the running incident.
    let (mut runbook, _) = f.store.runbook("it-system-outage").unwrap();
    runbook.steps.retain(|s| s.phase != muster_core::Phase::Review);
    f.store.save_runbook(&runbook, "ana", "drop review").unwrap();
    let view = f.store.incident_view(&incident.id).unwrap();
    assert_eq!(view.incident.runbook_revision, 1);
    assert!(!view.phases[3].steps.is_empty());
}

#[test]
fn ticking_appends_an_event_and_survives_a_restart() {
    let mut f = Fixture::new();
    let (incident, keys) = declare(&mut f.store);
    let key = keys[0].clone();
    f.clock.advance(Duration::seconds(90));
    let event = f.store.tick_step(&incident.id, &key, "ben").unwrap();
    assert_eq!(event.seq, 2);
    assert_eq!(event.body, EventBody::StepTicked { step: key.clone() });
    assert_eq!(event.actor, "ben");

    let f = f.reopen();
    let view = f.store.incident_view(&incident.id).unwrap();
    let state = &view.phases[0].steps[0];
    assert_eq!(state.status, StepStatus::Done);
    assert_eq!(state.changed_by.as_deref(), Some("ben"));
    assert_eq!(state.changed_at, Some(event.occurred_at));
    assert_eq!(view.timeline.last(), Some(&event));
}

#[test]
fn unticking_reopens_the_step_and_keeps_both_events() {
    let mut f = Fixture::new();
    let (incident, keys) = declare(&mut f.store);
    let key = keys[0].clone();
    f.store.tick_step(&incident.id, &key, "ana").unwrap();
    f.store.untick_step(&incident.id, &key, "ana").unwrap();
    let view = f.store.incident_view(&incident.id).unwrap();
    assert_eq!(view.phases[0].steps[0].status, StepStatus::Open);
    assert_eq!(view.timeline.len(), 3);
}

#[test]
fn bad_ticks_fail_clearly_and_write_nothing() {
    let mut f = Fixture::new();
    let (incident, keys) = declare(&mut f.store);
    let key = keys[0].clone();

    let err = f.store.tick_step(&incident.id, "no-such-step", "ana").unwrap_err();
    assert!(matches!(err, Error::NotFound { what: "step", .. }), "{err:?}");
    let err = f.store.tick_step("no-such-incident", &key, "ana").unwrap_err();
    assert!(matches!(err, Error::NotFound { what: "incident", .. }), "{err:?}");
    let err = f.store.untick_step(&incident.id, &key, "ana").unwrap_err();
    assert!(err.to_string().ends_with("is not done"), "{err}");
    f.store.tick_step(&incident.id, &key, "ana").unwrap();
    let err = f.store.tick_step(&incident.id, &key, "ana").unwrap_err();
    assert!(err.to_string().ends_with("is already done"), "{err}");

    assert_eq!(f.store.timeline(&incident.id).unwrap().len(), 2, "only the declaration and one tick");
}

#[test]
fn declaring_needs_a_known_runbook_and_a_severity() {
    let mut f = Fixture::new();
    let mut new = NewIncident {
        runbook_id: "nope".into(),
        title: "x".into(),
        severity: "SEV2".into(),
        mode: IncidentMode::Drill,
    };
    assert!(matches!(f.store.start_incident(&new, "ana"), Err(Error::NotFound { what: "runbook", .. })));
    new.runbook_id = "it-system-outage".into();
    new.severity = " ".into();
    assert!(matches!(f.store.start_incident(&new, "ana"), Err(Error::InvalidInput(_))));
    assert!(f.store.list_incidents().unwrap().is_empty());
}

#[test]
fn the_incident_list_is_newest_first_with_progress() {
    let mut f = Fixture::new();
    let older = declare(&mut f.store).0;
    f.clock.advance(Duration::minutes(5));
    let (newer, keys) = declare(&mut f.store);
    let key = keys[0].clone();
    f.store.tick_step(&newer.id, &key, "ana").unwrap();
    let list = f.store.list_incidents().unwrap();
    assert_eq!(list.iter().map(|s| s.incident.id.as_str()).collect::<Vec<_>>(), [newer.id.as_str(), older.id.as_str()]);
    assert_eq!(list[0].steps_done, 1);
    assert!(list[0].steps_total > 10);
    assert_eq!(list[1].steps_done, 0);
}
