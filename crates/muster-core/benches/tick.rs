//! A step tick through the core's public API against the floor: a raw rusqlite single-row
//! insert and commit with the same durability pragmas, in the same run, on the same disk.
//! Target: median ratio ≤ 1.5×. Both write to a folder under `target/`, not a RAM disk, so
//! the fsync that durability costs is part of what is measured.

// A benchmark that cannot set up should stop loudly; there is no caller to handle an error.
#![allow(clippy::expect_used)]

use std::sync::Arc;

use criterion::{criterion_group, criterion_main, Criterion};
use muster_core::{IncidentMode, NewIncident, Store, SystemClock};

fn bench_dir() -> tempfile::TempDir {
    tempfile::tempdir_in(env!("CARGO_TARGET_TMPDIR")).expect("temp dir under target/")
}

fn tick(c: &mut Criterion) {
    let mut group = c.benchmark_group("tick");

    let raw_dir = bench_dir();
    let mut conn = rusqlite::Connection::open(raw_dir.path().join("raw.db")).expect("open raw db");
    conn.execute_batch(
        "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON;
         CREATE TABLE event (id INTEGER PRIMARY KEY, incident_id TEXT NOT NULL, kind TEXT NOT NULL, payload TEXT NOT NULL);",
    )
    .expect("raw schema");
    group.bench_function("raw_insert_commit", |b| {
        b.iter(|| {
            let tx = conn.transaction().expect("begin");
            tx.execute(
                "INSERT INTO event (incident_id, kind, payload) VALUES ('i', 'step.ticked', '{\"step\":\"a\"}')",
                [],
            )
            .expect("insert");
            tx.commit().expect("commit");
        })
    });

    let dir = bench_dir();
    let mut store = Store::open(&dir.path().join("muster.db"), Arc::new(SystemClock)).expect("open store");
    let new = NewIncident {
        runbook_id: "it-system-outage".into(),
        title: String::new(),
        severity: "SEV1".into(),
        mode: IncidentMode::Real,
    };
    let incident = store.start_incident(&new, "bench").expect("declare");
    let key = store.incident_view(&incident.id).expect("view").phases[0].steps[0].step.key.clone();
    let mut done = false;
    group.bench_function("store_tick", |b| {
        b.iter(|| {
            // Alternate tick and untick so every iteration is a valid state change.
            if done {
                store.untick_step(&incident.id, &key, "bench").expect("untick");
            } else {
                store.tick_step(&incident.id, &key, "bench").expect("tick");
            }
            done = !done;
        })
    });
    group.finish();
}

criterion_group!(benches, tick);
criterion_main!(benches);
