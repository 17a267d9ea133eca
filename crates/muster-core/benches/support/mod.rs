//! What the benchmarks share: a store on the real disk (under `target/`) with one declared
//! incident.

// Each bench compiles this module on its own and uses only part of it.
#![allow(dead_code)]

use std::sync::Arc;

use muster_core::{IncidentAction, IncidentMode, NewIncident, RoleAssignment, RoleFill, Store, SystemClock};

/// A folder under `target/`, not a RAM disk, so the fsync that durability costs is measured.
pub fn bench_dir() -> tempfile::TempDir {
    tempfile::tempdir_in(env!("CARGO_TARGET_TMPDIR")).expect("temp dir under target/")
}

/// Opens a new store in `dir` and declares a SEV1 IT outage with every role waived; returns
/// the store and the incident's id.
pub fn store_with_incident(dir: &tempfile::TempDir) -> (Store, String) {
    let mut store = Store::open(&dir.path().join("muster.db"), Arc::new(SystemClock)).expect("open store");
    let assignments = store
        .runbook_roles("it-system-outage")
        .expect("roles")
        .into_iter()
        .map(|role| RoleAssignment { role: role.id, fill: RoleFill::Waived { reason: "benchmark".into() } })
        .collect();
    let new = NewIncident {
        runbook_id: "it-system-outage".into(),
        title: String::new(),
        severity: "SEV1".into(),
        mode: IncidentMode::Real,
        detected_at: None,
        assignments,
    };
    let id = store.start_incident(&new, "bench").expect("declare").id;
    (store, id)
}

/// Works the incident until its timeline holds at least `events` events, in a realistic mix:
/// ticks and unticks of a few steps, log entries, status updates.
pub fn fill_timeline(store: &mut Store, id: &str, events: usize) {
    let steps = ["post-the-first-internal-update", "tell-affected-customers", "keep-the-timeline-current"];
    let mut n = store.timeline(id).expect("timeline").len();
    let mut round = 0usize;
    while n < events {
        let step = steps[round % steps.len()].to_string();
        let action = match round % 8 {
            0..=2 => IncidentAction::Log { text: format!("checkpoint {round}: error rate falling"), at: None },
            3 => IncidentAction::StatusUpdate { text: format!("update {round}: mitigation in progress") },
            4 | 6 => IncidentAction::Tick { step, note: Some("done".into()), evidence: None },
            _ => IncidentAction::Untick { step, note: None },
        };
        // An untick of a step that is open is refused; that round adds nothing.
        if let Ok(written) = store.act(id, &action, "bench") {
            n += written.len();
        }
        round += 1;
    }
}
