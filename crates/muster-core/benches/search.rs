//! Full-text search over a generated library of 10,000 steps (200 runbooks of 50 steps, a
//! quarter of them with a second revision, so the index also holds rows a query must skip) and
//! a roster of 300 people. Words are drawn from a Zipf-like distribution (weight 1/rank) over a
//! vocabulary of ~3,000 words: English function words first, then runbook words (restart,
//! database, failover, replica…), then a long tail of made-up names, as a real library has.
//!
//! Each query is measured three times in the same run, on the same file: `store/<query>` is
//! `Store::search` (BM25-ranked, current revisions only, runbook titles, snippets), and two
//! floors of the index itself for the same FTS5 query: `fts_ranked/<query>`, the best 20
//! rowids by the same BM25 weights (what ranking costs, before anything the store adds), and
//! `fts_first20/<query>`, the first 20 matching rowids, unranked (what finding costs). Target:
//! `store/*` ≤ 10 ms per query; `./dev bench` prints the medians and ratios. `the` is in every
//! step, so every row must be ranked: the worst case, reported separately.

// A benchmark that cannot set up should stop loudly; there is no caller to handle an error.
#![allow(clippy::expect_used)]

use std::sync::Arc;

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion};
use muster_core::search::fts_query;
use muster_core::{PersonInput, Phase, Role, Runbook, Step, Store, SystemClock};

/// The most frequent words of English prose, in rough order of frequency.
const FUNCTION_WORDS: &[&str] = &[
    "the", "to", "and", "a", "of", "if", "is", "in", "on", "for", "it", "that", "with", "then", "be", "check", "not",
    "are", "from", "this", "or", "as", "by", "at", "all", "any", "when", "before", "after", "until", "no", "still",
    "into", "one", "each", "new", "who", "their", "out", "up",
];

/// Runbook words, in rough order of frequency; they follow the function words in rank.
const RUNBOOK_WORDS: &[&str] = &[
    "service",
    "status",
    "restart",
    "database",
    "customers",
    "incident",
    "page",
    "team",
    "log",
    "verify",
    "primary",
    "error",
    "traffic",
    "replica",
    "dashboard",
    "alert",
    "rollback",
    "deploy",
    "host",
    "disk",
    "network",
    "queue",
    "latency",
    "cache",
    "backup",
    "region",
    "cluster",
    "node",
    "load",
    "balancer",
    "failover",
    "dns",
    "certificate",
    "vendor",
    "escalate",
    "update",
    "channel",
    "owner",
    "commander",
    "metrics",
    "timeout",
    "connection",
    "pool",
    "config",
    "release",
    "version",
    "snapshot",
    "volume",
    "memory",
    "cpu",
    "process",
    "health",
    "endpoint",
    "api",
    "gateway",
    "proxy",
    "firewall",
    "vpn",
    "token",
    "credentials",
    "secret",
    "rotate",
    "expire",
    "renew",
    "storage",
    "bucket",
    "replication",
    "lag",
    "write",
    "read",
    "index",
    "query",
    "slow",
    "throttle",
    "rate",
    "limit",
    "retry",
    "drain",
    "cordon",
    "pod",
    "container",
    "image",
    "registry",
    "build",
    "pipeline",
    "job",
    "cron",
    "schedule",
    "generator",
    "power",
    "cooling",
    "rack",
    "switch",
    "router",
    "link",
    "bandwidth",
    "packet",
    "loss",
    "outage",
    "degraded",
    "partial",
    "mitigate",
    "recover",
    "restore",
    "confirm",
    "announce",
    "ticket",
    "ledger",
    "payment",
    "checkout",
    "login",
    "session",
    "mail",
    "smtp",
    "queue-depth",
    "consumer",
    "producer",
    "topic",
    "partition",
    "broker",
    "kafka",
    "postgres",
    "mysql",
    "redis",
    "nginx",
    "haproxy",
    "terraform",
    "ansible",
    "kubectl",
    "systemctl",
    "journal",
    "syslog",
    "trace",
    "span",
    "sample",
    "threshold",
    "baseline",
    "runbook",
    "handover",
    "timeline",
    "customer",
    "support",
    "legal",
    "press",
    "regulator",
    "notify",
    "approve",
    "freeze",
    "window",
    "maintenance",
];

/// Where the rare query word sits in the frequency ranking (~25 occurrences in the library).
const RARE_RANK: usize = 2_000;
const RARE_WORD: &str = "pgbouncer";
const VOCABULARY: usize = 3_000;

const QUERIES: &[(&str, &str)] = &[
    ("rare_word", RARE_WORD),
    ("common_word", "database"),
    ("two_words", "restart replica"),
    ("prefix_3", "dat"),
    ("worst_every_step", "the"),
];

/// splitmix64: a fixed, dependency-free stream of pseudo-random numbers.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    fn unit(&mut self) -> f64 {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64
    }
}

/// The vocabulary in rank order and the cumulative Zipf weights (1/rank) to draw from it.
struct Words {
    words: Vec<String>,
    cumulative: Vec<f64>,
}

impl Words {
    fn new() -> Words {
        const SYLLABLES: &[&str] = &[
            "ka", "lo", "mir", "tev", "sa", "dun", "ro", "vel", "qui", "bran", "to", "zel", "mo", "far", "nix", "pel",
            "gor", "ti", "wen", "hal", "bo", "cre", "vas", "ul",
        ];
        let mut words: Vec<String> = FUNCTION_WORDS.iter().chain(RUNBOOK_WORDS).map(|w| w.to_string()).collect();
        let mut n = 0usize;
        while words.len() < VOCABULARY {
            // Made-up names of two or three syllables: the long tail (hosts, services, vendors).
            let s = SYLLABLES.len();
            let name = if n < s * s {
                format!("{}{}", SYLLABLES[n / s], SYLLABLES[n % s])
            } else {
                let m = n - s * s;
                format!("{}{}{}", SYLLABLES[m / (s * s) % s], SYLLABLES[m / s % s], SYLLABLES[m % s])
            };
            n += 1;
            if !words.contains(&name) {
                words.push(name);
            }
        }
        words[RARE_RANK - 1] = RARE_WORD.to_string();
        let mut total = 0.0;
        let cumulative = (1..=words.len())
            .map(|rank| {
                total += 1.0 / rank as f64;
                total
            })
            .collect();
        Words { words, cumulative }
    }

    fn draw(&self, rng: &mut Rng) -> &str {
        let total = self.cumulative.last().copied().unwrap_or(1.0);
        let at = rng.unit() * total;
        let i = self.cumulative.partition_point(|&c| c < at).min(self.words.len() - 1);
        &self.words[i]
    }

    fn text(&self, rng: &mut Rng, min: usize, max: usize) -> String {
        let n = min + rng.below(max - min + 1);
        (0..n).map(|_| self.draw(rng)).collect::<Vec<_>>().join(" ")
    }

    fn title(&self, rng: &mut Rng, min: usize, max: usize) -> String {
        let text = self.text(rng, min, max);
        let mut chars = text.chars();
        chars.next().map(|c| c.to_uppercase().chain(chars).collect()).unwrap_or_default()
    }
}

fn library(store: &mut Store) {
    let words = Words::new();
    let mut rng = Rng(2026);
    for r in 0..200 {
        let steps = (0..50)
            .map(|s| {
                let mut instructions = words.text(&mut rng, 20, 60);
                if rng.below(4) == 0 {
                    instructions.push_str(&format!("\n\n```sh\nsystemctl restart svc-{r}-{s}\n```"));
                }
                Step {
                    instructions,
                    role: Some("ops".into()),
                    ..Step::new(&format!("step-{s}"), Phase::ALL[s % 4], &words.title(&mut rng, 3, 7))
                }
            })
            .collect();
        let mut runbook = Runbook {
            summary: words.text(&mut rng, 15, 30),
            roles: vec![Role { id: "ops".into(), name: "Operations".into(), duties: String::new() }],
            steps,
            ..Runbook::new(&format!("runbook-{r}"), &words.title(&mut rng, 2, 5))
        };
        store.save_runbook(&runbook, "bench", "generated").expect("save");
        if r % 4 == 0 {
            runbook.steps[0].title = words.title(&mut rng, 3, 7);
            store.save_runbook(&runbook, "bench", "second revision").expect("save");
        }
    }
    for p in 0..300 {
        let name = format!("{} {}", words.title(&mut rng, 1, 1), words.title(&mut rng, 1, 1));
        let input = PersonInput {
            team: words.title(&mut rng, 1, 2),
            email: format!("person{p}@example.org"),
            notes: words.text(&mut rng, 0, 12),
            ..PersonInput::new(&name, &format!("+1 555 01{p:02}"))
        };
        store.add_person(&input).expect("add person");
    }
}

fn search(c: &mut Criterion) {
    let dir = tempfile::tempdir_in(env!("CARGO_TARGET_TMPDIR")).expect("temp dir under target/");
    let path = dir.path().join("muster.db");
    let mut store = Store::open(&path, Arc::new(SystemClock)).expect("open store");
    library(&mut store);
    let raw = rusqlite::Connection::open(&path).expect("raw connection");
    for (name, text) in QUERIES {
        let query = fts_query(text).expect("a query");
        let matches: u32 = raw
            .query_row("SELECT count(*) FROM search_text WHERE search_text MATCH ?1", [&query], |row| row.get(0))
            .expect("count");
        eprintln!("{name} ({text:?}): {matches} matching rows of every revision");
    }

    let mut group = c.benchmark_group("search_10k_steps");
    for (name, text) in QUERIES {
        let query = fts_query(text).expect("a query");
        for (floor, sql) in [
            ("fts_first20", "SELECT rowid FROM search_text WHERE search_text MATCH ?1 LIMIT 20"),
            (
                "fts_ranked",
                "SELECT rowid FROM search_text WHERE search_text MATCH ?1 AND rank MATCH 'bm25(5.0, 1.0)'
                 ORDER BY rank LIMIT 20",
            ),
        ] {
            group.bench_function(BenchmarkId::new(floor, name), |b| {
                b.iter(|| {
                    let mut statement = raw.prepare_cached(sql).expect("prepare");
                    let rows: Vec<i64> = statement
                        .query_map([&query], |row| row.get(0))
                        .expect("query")
                        .collect::<Result<_, _>>()
                        .expect("rows");
                    assert!(!rows.is_empty());
                })
            });
        }
        group.bench_function(BenchmarkId::new("store", name), |b| {
            b.iter(|| assert!(!store.search(text, 20).expect("search").is_empty()))
        });
    }
    group.finish();
}

criterion_group!(benches, search);
criterion_main!(benches);
