//! The core's integration tests: one binary, one module per concept.

// A test that cannot proceed should fail on the spot, with the value that stopped it.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod backup;
mod checklist;
mod clock;
mod crash;
mod damaged;
mod drill;
mod editor;
mod export;
mod faults;
mod format;
mod forms;
mod fuzz_regressions;
mod import;
mod incident;
mod metrics;
mod migration;
mod review;
mod roster;
mod runbook;
mod search;
mod store;
mod timeline;
mod timer;

use std::sync::Arc;

use chrono::{TimeZone, Utc};
use muster_core::{FixedClock, Incident, IncidentMode, NewIncident, RoleAssignment, RoleFill, Store};

/// A store on a fresh temporary file with a clock pinned to 2026-03-01 03:00 UTC.
pub(crate) struct Fixture {
    pub dir: tempfile::TempDir,
    pub clock: Arc<FixedClock>,
    pub store: Store,
}

impl Fixture {
    pub fn new() -> Fixture {
        let dir = tempfile::tempdir().expect("temp dir");
        let clock = Arc::new(FixedClock::new(Utc.with_ymd_and_hms(2026, 3, 1, 3, 0, 0).unwrap()));
        let store = Store::open(&dir.path().join("muster.db"), clock.clone()).expect("open store");
        Fixture { dir, clock, store }
    }

    pub fn clock_now(&self) -> chrono::DateTime<chrono::Utc> {
        muster_core::Clock::now(self.clock.as_ref())
    }

    pub fn reopen(self) -> Fixture {
        let Fixture { dir, clock, store } = self;
        drop(store);
        let store = Store::open(&dir.path().join("muster.db"), clock.clone()).expect("reopen store");
        Fixture { dir, clock, store }
    }
}

/// Every role of the runbook given to one person ("Ana", added to the roster when missing).
pub(crate) fn all_roles_to_ana(store: &mut Store, runbook_id: &str) -> Vec<RoleAssignment> {
    let ana = match store.list_people().unwrap().into_iter().find(|p| p.name == "Ana") {
        Some(ana) => ana,
        None => store.add_person(&muster_core::PersonInput::new("Ana", "+1 555 0100")).unwrap(),
    };
    store
        .runbook_roles(runbook_id)
        .unwrap()
        .into_iter()
        .map(|role| RoleAssignment { role: role.id, fill: RoleFill::Person { person: ana.id.clone() } })
        .collect()
}

/// A real SEV1 incident from the IT outage sample, detected now, every role held by Ana.
pub(crate) fn sev1(store: &mut Store) -> NewIncident {
    NewIncident {
        runbook_id: "it-system-outage".into(),
        title: String::new(),
        severity: "SEV1".into(),
        mode: IncidentMode::Real,
        detected_at: None,
        assignments: all_roles_to_ana(store, "it-system-outage"),
    }
}

/// Declares a real SEV1 incident from the IT outage sample; returns it with the keys of all its
/// plain steps (no decisions, no conditions, no evidence) in order, Identify first.
pub(crate) fn declare(store: &mut Store) -> (Incident, Vec<String>) {
    let new = sev1(store);
    let incident = store.start_incident(&new, "ana").unwrap();
    let keys = store
        .incident_view(&incident.id)
        .unwrap()
        .phases
        .iter()
        .flat_map(|p| p.steps.iter())
        .filter(|s| !s.step.is_decision() && s.step.condition.is_none() && s.step.evidence.is_none())
        .map(|s| s.step.key.clone())
        .collect();
    (incident, keys)
}

/// Declares as [`declare`] does and ticks the first `ticks` steps; returns the incident's id.
pub(crate) fn declare_and_tick(store: &mut Store, ticks: usize) -> String {
    let (incident, keys) = declare(store);
    for key in keys.iter().take(ticks) {
        store.tick_step(&incident.id, key, "ana").unwrap();
    }
    incident.id
}
