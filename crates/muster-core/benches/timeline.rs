//! Loading the timeline of a 10,000-event incident, and the whole incident view folded from
//! it, against the floor: reading the same rows with a bare `SELECT` into strings, in the same
//! run, from the same file. Target: the timeline loads in ≤ 25 ms; ratios are reported.

// A benchmark that cannot set up should stop loudly; there is no caller to handle an error.
#![allow(clippy::expect_used)]

use criterion::{criterion_group, criterion_main, Criterion};
mod support;
use support::{bench_dir, fill_timeline, store_with_incident};

const EVENTS: usize = 10_000;

/// A timeline row as stored: id, seq, occurred, recorded, actor, kind, payload, hash.
type Row = (String, u32, String, String, String, String, String, String);

fn timeline(c: &mut Criterion) {
    let dir = bench_dir();
    let path = dir.path().join("muster.db");
    let (mut store, id) = store_with_incident(&dir);
    fill_timeline(&mut store, &id, EVENTS);
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
