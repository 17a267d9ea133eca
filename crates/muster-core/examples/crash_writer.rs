//! The victim of the crash trials (`tests/it/crash.rs`): opens the database given as its
//! argument (creating and migrating it when new), then ticks and unticks steps through the
//! core's API forever, printing `INCIDENT SEQ EVENT_ID` after each write returned — that line
//! is the acknowledgement the trials hold the store to.

// The writer has no one to report to but the trial, which sees any failure as a missing line.
#![allow(clippy::expect_used)]

use std::io::Write;
use std::sync::Arc;

use muster_core::{IncidentMode, NewIncident, StepStatus, Store, SystemClock};

fn main() {
    let path = std::env::args().nth(1).expect("usage: crash_writer DB");
    let mut store = Store::open(std::path::Path::new(&path), Arc::new(SystemClock)).expect("open");
    let incident = match store.list_incidents().expect("list").into_iter().next() {
        Some(summary) => summary.incident,
        None => {
            let new = NewIncident {
                runbook_id: "it-system-outage".into(),
                title: "Crash trial".into(),
                severity: "SEV1".into(),
                mode: IncidentMode::Drill,
            };
            store.start_incident(&new, "crash-writer").expect("declare")
        }
    };
    let mut out = std::io::stdout().lock();
    loop {
        let view = store.incident_view(&incident.id).expect("view");
        for state in view.phases.iter().flat_map(|p| p.steps.iter()) {
            let event = match state.status {
                StepStatus::Open => store.tick_step(&incident.id, &state.step.key, "crash-writer"),
                StepStatus::Done => store.untick_step(&incident.id, &state.step.key, "crash-writer"),
            }
            .expect("write");
            writeln!(out, "{} {} {}", incident.id, event.seq, event.id).expect("stdout");
            out.flush().expect("stdout");
        }
    }
}
