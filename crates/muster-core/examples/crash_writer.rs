//! The victim of the crash trials (`tests/it/crash.rs`): opens the database given as its
//! argument (creating and migrating it when new), then ticks and unticks steps and writes
//! backdated log entries through the core's API forever, printing `INCIDENT SEQ EVENT_ID` for
//! each event after its write returned — that line is the acknowledgement the trials hold the
//! store to.

// The writer has no one to report to but the trial, which sees any failure as a missing line.
#![allow(clippy::expect_used)]

use std::io::Write;
use std::sync::Arc;

use muster_core::{
    Clock, IncidentAction, IncidentMode, NewIncident, RoleAssignment, RoleFill, StepStatus, Store, SystemClock,
};

fn main() {
    let path = std::env::args().nth(1).expect("usage: crash_writer DB");
    let mut store = Store::open(std::path::Path::new(&path), Arc::new(SystemClock)).expect("open");
    let incident = match store.list_incidents().expect("list").into_iter().next() {
        Some(summary) => summary.incident,
        None => {
            let assignments = store
                .runbook_roles("it-system-outage")
                .expect("roles")
                .into_iter()
                .map(|role| RoleAssignment { role: role.id, fill: RoleFill::Waived { reason: "crash trial".into() } })
                .collect();
            let new = NewIncident {
                runbook_id: "it-system-outage".into(),
                title: "Crash trial".into(),
                severity: "SEV1".into(),
                mode: IncidentMode::Drill,
                detected_at: None,
                assignments,
            };
            store.start_incident(&new, "crash-writer").expect("declare")
        }
    };
    let mut out = std::io::stdout().lock();
    loop {
        let view = store.incident_view(&incident.id).expect("view");
        let plain =
            view.steps().filter(|s| !s.step.is_decision() && s.step.condition.is_none() && s.step.evidence.is_none());
        let actions: Vec<IncidentAction> = plain
            .map(|state| match state.status {
                StepStatus::Open => IncidentAction::Tick { step: state.step.key.clone(), note: None, evidence: None },
                _ => IncidentAction::Untick { step: state.step.key.clone(), note: None },
            })
            .collect();
        for (n, action) in actions.iter().enumerate() {
            let events = store.act(&incident.id, action, "crash-writer").expect("write");
            let log = IncidentAction::Log {
                text: format!("checkpoint {n}"),
                at: Some(SystemClock.now() - chrono::Duration::minutes(5)),
            };
            let logged = if n % 5 == 0 { store.act(&incident.id, &log, "crash-writer").expect("log") } else { vec![] };
            for event in events.iter().chain(&logged) {
                writeln!(out, "{} {} {}", incident.id, event.seq, event.id).expect("stdout");
            }
            out.flush().expect("stdout");
        }
    }
}
