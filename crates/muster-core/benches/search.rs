//! Full-text search over a library of 10,000 steps (100 runbooks of 100 steps) against the
//! floor a search without an index would cost: a `LIKE '%word%'` scan of the same step text,
//! in the same run, on the same file. Target: ≤ 10 ms per query.

// A benchmark that cannot set up should stop loudly; there is no caller to handle an error.
#![allow(clippy::expect_used)]

use std::sync::Arc;

use criterion::{criterion_group, criterion_main, Criterion};
use muster_core::{Phase, Role, Runbook, Step, Store, SystemClock};

const WORDS: &[&str] = &[
    "restart",
    "database",
    "replica",
    "failover",
    "customers",
    "status",
    "page",
    "rollback",
    "certificate",
    "disk",
    "queue",
    "latency",
    "generator",
    "backup",
    "network",
    "vendor",
    "escalate",
    "verify",
    "cache",
    "deploy",
];

fn text(seed: usize, words: usize) -> String {
    (0..words).map(|i| WORDS[(seed * 7 + i * 13 + i * i) % WORDS.len()]).collect::<Vec<_>>().join(" ")
}

fn search(c: &mut Criterion) {
    let dir = tempfile::tempdir_in(env!("CARGO_TARGET_TMPDIR")).expect("temp dir under target/");
    let path = dir.path().join("muster.db");
    let mut store = Store::open(&path, Arc::new(SystemClock)).expect("open store");
    for r in 0..100 {
        let steps = (0..100)
            .map(|s| Step {
                instructions: format!("{}\n\n```sh\nsystemctl restart svc-{r}-{s}\n```", text(r * 100 + s, 40)),
                role: Some("ops".into()),
                ..Step::new(&format!("step-{s}"), Phase::ALL[s % 4], &format!("Step {s}: {}", text(s, 4)))
            })
            .collect();
        let runbook = Runbook {
            summary: text(r, 20),
            roles: vec![Role { id: "ops".into(), name: "Operations".into(), duties: String::new() }],
            steps,
            ..Runbook::new(&format!("runbook-{r}"), &format!("Runbook {r} {}", text(r, 3)))
        };
        store.save_runbook(&runbook, "bench", "generated").expect("save");
    }
    let raw = rusqlite::Connection::open(&path).expect("raw connection");

    let mut group = c.benchmark_group("search_10k_steps");
    group.bench_function("like_scan", |b| {
        b.iter(|| {
            let n: u32 = raw
                .query_row(
                    "SELECT count(*) FROM (SELECT 1 FROM step WHERE title LIKE '%failover%' OR instructions LIKE '%failover%' LIMIT 20)",
                    [],
                    |row| row.get(0),
                )
                .expect("scan");
            assert!(n > 0);
        })
    });
    group.bench_function("store_search", |b| {
        b.iter(|| assert!(!store.search("failover", 20).expect("search").is_empty()))
    });
    group.bench_function("store_search_two_words", |b| {
        b.iter(|| assert!(!store.search("restart replica", 20).expect("search").is_empty()))
    });
    group.finish();
}

criterion_group!(benches, search);
criterion_main!(benches);
