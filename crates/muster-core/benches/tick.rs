//! A step tick through the core's public API against the floor: a raw rusqlite single-row
//! insert and commit with the same durability pragmas, in the same run, on the same disk.
//! Targets: median ratio ≤ 1.5×, p99 ratio ≤ 2×. Both write to a folder under `target/`, not a
//! RAM disk, so the fsync that durability costs is part of what is measured.
//!
//! Criterion reports the medians; the tail is measured after it by timing every write of an
//! interleaved run (raw, tick, raw, tick…) so both see the same disk, and printed as ratios.

// A benchmark that cannot set up should stop loudly; there is no caller to handle an error.
#![allow(clippy::expect_used)]

use std::time::{Duration, Instant};

use criterion::{criterion_group, criterion_main, Criterion};
use muster_core::{IncidentAction, Store};

mod support;
use support::{bench_dir, store_with_incident};

/// A plain Respond step: after the first tick the incident is acknowledged and in Respond, so
/// every measured tick is the common case (no milestone, no phase change).
const STEP: &str = "post-the-first-internal-update";

struct Raw {
    conn: rusqlite::Connection,
    _dir: tempfile::TempDir,
}

impl Raw {
    fn new() -> Raw {
        let dir = bench_dir();
        let conn = rusqlite::Connection::open(dir.path().join("raw.db")).expect("open raw db");
        conn.execute_batch(
            "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON;
             CREATE TABLE event (id INTEGER PRIMARY KEY, incident_id TEXT NOT NULL, kind TEXT NOT NULL, payload TEXT NOT NULL);",
        )
        .expect("raw schema");
        Raw { conn, _dir: dir }
    }

    fn write(&mut self) {
        let tx = self.conn.transaction().expect("begin");
        tx.execute(
            "INSERT INTO event (incident_id, kind, payload) VALUES ('i', 'step.ticked', '{\"step\":\"a\"}')",
            [],
        )
        .expect("insert");
        tx.commit().expect("commit");
    }
}

/// A store with one declared SEV1 IT outage; alternates tick and untick of [`STEP`].
struct Ticker {
    store: Store,
    incident: String,
    done: bool,
    _dir: tempfile::TempDir,
}

impl Ticker {
    fn new() -> Ticker {
        let dir = bench_dir();
        let (store, incident) = store_with_incident(&dir);
        let mut ticker = Ticker { store, incident, done: false, _dir: dir };
        ticker.write();
        ticker.write();
        ticker
    }

    fn write(&mut self) {
        let action = if self.done {
            IncidentAction::Untick { step: STEP.into(), note: None }
        } else {
            IncidentAction::Tick { step: STEP.into(), note: None, evidence: None }
        };
        self.store.act(&self.incident, &action, "bench").expect("tick");
        self.done = !self.done;
    }
}

fn tick(c: &mut Criterion) {
    let mut group = c.benchmark_group("tick");
    let mut raw = Raw::new();
    group.bench_function("raw_insert_commit", |b| b.iter(|| raw.write()));
    let mut ticker = Ticker::new();
    group.bench_function("store_tick", |b| b.iter(|| ticker.write()));
    group.finish();
    tail(&mut raw, &mut ticker);
}

fn percentile(samples: &mut [Duration], share: f64) -> Duration {
    samples.sort_unstable();
    samples[((samples.len() - 1) as f64 * share).round() as usize]
}

fn tail(raw: &mut Raw, ticker: &mut Ticker) {
    let rounds: usize = std::env::var("MUSTER_TAIL_ROUNDS").ok().and_then(|n| n.parse().ok()).unwrap_or(3000);
    let (mut raw_times, mut tick_times) = (Vec::with_capacity(rounds), Vec::with_capacity(rounds));
    for _ in 0..rounds {
        let start = Instant::now();
        raw.write();
        raw_times.push(start.elapsed());
        let start = Instant::now();
        ticker.write();
        tick_times.push(start.elapsed());
    }
    for (name, share) in [("median", 0.5), ("p99", 0.99)] {
        let (r, t) = (percentile(&mut raw_times, share), percentile(&mut tick_times, share));
        println!(
            "tick/{name}: raw {:.3} ms, tick {:.3} ms, ratio {:.2}x ({rounds} interleaved rounds)",
            r.as_secs_f64() * 1e3,
            t.as_secs_f64() * 1e3,
            t.as_secs_f64() / r.as_secs_f64()
        );
    }
}

criterion_group!(benches, tick);
criterion_main!(benches);
