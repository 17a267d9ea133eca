//! Loading the timeline of a 10,000-event incident, and the whole incident view folded from
//! it, against the floor: reading the same rows with a bare `SELECT` into strings, in the same
//! run, from the same file. Target: the timeline loads in ≤ 25 ms; ratios are reported.

// A benchmark that cannot set up should stop loudly; there is no caller to handle an error.
#![allow(clippy::expect_used)]

use criterion::{criterion_group, criterion_main, Criterion};
use muster_core::IncidentAction;

mod support;
use support::{bench_dir, store_with_incident};

const EVENTS: usize = 10_000;

/// A timeline row as stored: id, seq, occurred, recorded, actor, kind, payload, hash.
type Row = (String, u32, String, String, String, String, String, String);

fn timeline(c: &mut Criterion) {
    let dir = bench_dir();
    let path = dir.path().join("muster.db");
    let (mut store, id) = store_with_incident(&dir);
    let steps = ["post-the-first-internal-update", "tell-affected-customers", "keep-the-timeline-current"];
    let mut n = store.timeline(&id).expect("timeline").len();
    let mut round = 0usize;
    // A realistic mix: ticks and unticks of a few steps, log entries, status updates.
    while n < EVENTS {
        let step = steps[round % steps.len()].to_string();
        let action = match round % 8 {
            0..=2 => IncidentAction::Log { text: format!("checkpoint {round}: error rate falling"), at: None },
            3 => IncidentAction::StatusUpdate { text: format!("update {round}: mitigation in progress") },
            4 | 6 => IncidentAction::Tick { step, note: Some("done".into()), evidence: None },
            _ => IncidentAction::Untick { step, note: None },
        };
        // An untick of a step that is open is refused; that round adds nothing.
        if let Ok(events) = store.act(&id, &action, "bench") {
            n += events.len();
        }
        round += 1;
    }
    let raw = rusqlite::Connection::open(&path).expect("raw connection");

    let mut group = c.benchmark_group("timeline_10k");
    group.bench_function("raw_select", |b| {
        b.iter(|| {
            let mut query = raw
                .prepare_cached(
                    "SELECT id, seq, occurred_at, recorded_at, actor, kind, payload, hash FROM timeline_event
                     WHERE incident_id = ?1 ORDER BY seq",
                )
                .expect("prepare");
            let rows: Vec<Row> = query
                .query_map([&id], |r| {
                    Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?, r.get(5)?, r.get(6)?, r.get(7)?))
                })
                .expect("query")
                .collect::<Result<_, _>>()
                .expect("rows");
            assert!(rows.len() >= EVENTS);
        })
    });
    group.bench_function("store_timeline", |b| b.iter(|| assert!(store.timeline(&id).expect("load").len() >= EVENTS)));
    group.bench_function("store_incident_view", |b| {
        b.iter(|| assert!(store.incident_view(&id).expect("view").timeline.len() >= EVENTS))
    });
    group.finish();
}

criterion_group!(benches, timeline);
criterion_main!(benches);
