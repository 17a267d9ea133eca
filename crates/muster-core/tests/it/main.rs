//! The core's integration tests: one binary, one module per concept.

// A test that cannot proceed should fail on the spot, with the value that stopped it.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod backup;
mod clock;
mod crash;
mod damaged;
mod faults;
mod incident;
mod migration;
mod runbook;
mod store;
mod timeline;

use std::sync::Arc;

use chrono::{TimeZone, Utc};
use muster_core::{FixedClock, Incident, IncidentMode, NewIncident, Store};

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

/// Declares a real SEV1 incident from the IT outage sample; returns it with the keys of all its
/// steps in order, Identify first.
pub(crate) fn declare(store: &mut Store) -> (Incident, Vec<String>) {
    let new = NewIncident {
        runbook_id: "it-system-outage".into(),
        title: String::new(),
        severity: "SEV1".into(),
        mode: IncidentMode::Real,
    };
    let incident = store.start_incident(&new, "ana").unwrap();
    let keys = store
        .incident_view(&incident.id)
        .unwrap()
        .phases
        .iter()
        .flat_map(|p| p.steps.iter())
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
