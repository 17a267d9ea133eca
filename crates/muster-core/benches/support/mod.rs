//! What the benchmarks share: a store on the real disk (under `target/`) with one declared
//! incident.

use std::sync::Arc;

use muster_core::{IncidentMode, NewIncident, RoleAssignment, RoleFill, Store, SystemClock};

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
