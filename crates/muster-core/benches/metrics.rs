//! The metrics dashboard over a generated history of 100,000 incidents and 1,000,000 timeline
//! events, against two baselines measured in the same run on the same file: a bare scan of the
//! summary rows it reads (its floor) and a plain full scan of the timeline (what any query that
//! folds timelines at read time pays at least). Target (issue #8): each dashboard query ≤ 100 ms.
//!
//! The history is written by bulk SQL (10 events per incident: declared, commander assigned,
//! phases, milestones, a status update, a skipped or ticked step), not through `act`, to keep
//! the setup in seconds; the summary rows are then written by the core itself, through the
//! same backfill that follows migration 0005, so they are what the write path produces.

// A benchmark that cannot set up should stop loudly; there is no caller to handle an error.
#![allow(clippy::expect_used)]

use std::sync::Arc;
use std::time::Instant;

use chrono::{DateTime, Duration, TimeZone, Utc};
use criterion::{criterion_group, criterion_main, Criterion};
use muster_core::metrics::{Bucket, DrillFilter, Metrics, MetricsQuery, LISTED_PER_FIGURE};
use muster_core::timeline::stored_time;
use muster_core::{EventBody, FixedClock, IncidentMode, Milestone, PersonInput, Phase, Store};
use rusqlite::params;

mod support;
use support::bench_dir;

const INCIDENTS: u32 = 100_000;
const EVENTS_PER_INCIDENT: u32 = 10;
const RUNBOOKS: [&str; 3] = ["it-system-outage", "customer-service-disruption", "data-centre-power-loss"];
const SEVERITIES: [&str; 4] = ["SEV1", "SEV2", "SEV3", "SEV4"];
const TEAMS: [&str; 4] = ["Ops", "Payments", "Facilities", "Support"];

/// A small deterministic generator, so every run measures the same history.
struct Lcg(u64);

impl Lcg {
    fn below(&mut self, n: u64) -> u64 {
        self.0 = self.0.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
        (self.0 >> 33) % n
    }
}

fn start() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2024, 1, 1, 0, 0, 0).single().expect("a valid time")
}

/// Writes the history into the store at `path` (opened once before, so it has the schema, the
/// roles and the sample runbooks), then marks the summary rows for the backfill.
fn generate(path: &std::path::Path, people: &[(String, String)]) {
    let mut conn = rusqlite::Connection::open(path).expect("raw connection");
    let tx = conn.transaction().expect("transaction");
    let mut incident = tx
        .prepare(
            "INSERT INTO incident (id, runbook_id, runbook_revision, title, severity, mode, started_at, detected_at,
                 acknowledged_at, mitigated_at, resolved_at, phase, head_seq, head_hash)
             VALUES (?1, ?2, 1, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, 'generated')",
        )
        .expect("prepare");
    let mut event = tx
        .prepare(
            "INSERT INTO timeline_event (id, incident_id, seq, occurred_at, recorded_at, actor, kind, payload, hash)
             VALUES (?1, ?2, ?3, ?4, ?4, 'bench', ?5, ?6, 'generated')",
        )
        .expect("prepare");
    let mut item = tx
        .prepare(
            "INSERT INTO action_item (id, incident_id, title, owner, due_on, status, created_at, created_by, closed_at)
             VALUES (?1, ?2, 'Follow up', 'Ops', ?3, ?4, ?5, 'bench', ?6)",
        )
        .expect("prepare");
    let mut random = Lcg(8);
    // Two years of incidents, about one every 10.5 minutes.
    let spacing = Duration::minutes(2 * 365 * 24 * 60) / INCIDENTS as i32;
    for n in 0..INCIDENTS {
        let id = format!("0190{n:08x}-0000-7000-8000-000000000000");
        let runbook = RUNBOOKS[random.below(3) as usize];
        let severity = SEVERITIES[random.below(4) as usize];
        let mode = if random.below(20) == 0 { IncidentMode::Drill } else { IncidentMode::Real };
        let detected = start() + spacing * n as i32 + Duration::seconds(random.below(300) as i64);
        let declared = detected + Duration::minutes(random.below(20) as i64);
        let acknowledged = declared + Duration::minutes(1 + random.below(60) as i64);
        let mitigated = acknowledged + Duration::minutes(10 + random.below(180) as i64);
        let resolved = mitigated + Duration::minutes(random.below(300) as i64);
        let unresolved = random.below(20) == 0;
        let (person, name) = &people[random.below(people.len() as u64) as usize];
        let step = if random.below(5) == 0 {
            EventBody::StepSkipped { step: "post-the-first-internal-update".into(), reason: "no channel".into() }
        } else {
            EventBody::StepTicked { step: "post-the-first-internal-update".into(), note: None, evidence: None }
        };
        let mut events = vec![
            (
                declared,
                EventBody::IncidentDeclared {
                    title: format!("Generated incident {n}"),
                    severity: severity.into(),
                    mode,
                    runbook_id: runbook.into(),
                    runbook_revision: 1,
                    detected_at: Some(detected),
                },
            ),
            (
                declared,
                EventBody::RoleAssigned {
                    role: "incident-commander".into(),
                    person: person.clone(),
                    name: name.clone(),
                },
            ),
            (detected, EventBody::PhaseEntered { phase: Phase::Identify }),
            (acknowledged, EventBody::MilestoneReached { milestone: Milestone::Acknowledged, manual: true }),
            (acknowledged, EventBody::PhaseEntered { phase: Phase::Respond }),
            (acknowledged + Duration::minutes(5), step),
            (acknowledged + Duration::minutes(20), EventBody::StatusUpdated { text: "Working on it".into() }),
        ];
        if unresolved {
            for minutes in [30, 40, 50] {
                events.push((
                    acknowledged + Duration::minutes(minutes),
                    EventBody::LogEntry { text: "still on it".into() },
                ));
            }
        } else {
            events.push((mitigated, EventBody::MilestoneReached { milestone: Milestone::Mitigated, manual: true }));
            events.push((resolved, EventBody::MilestoneReached { milestone: Milestone::Resolved, manual: true }));
            events.push((resolved, EventBody::PhaseEntered { phase: Phase::Review }));
        }
        assert_eq!(events.len() as u32, EVENTS_PER_INCIDENT);
        let time = |at: DateTime<Utc>| stored_time(at);
        let mode_text = mode.as_str();
        incident
            .execute(params![
                id,
                runbook,
                format!("Generated incident {n}"),
                severity,
                mode_text,
                time(declared),
                time(detected),
                time(acknowledged),
                (!unresolved).then(|| time(mitigated)),
                (!unresolved).then(|| time(resolved)),
                if unresolved { "respond" } else { "review" },
                EVENTS_PER_INCIDENT
            ])
            .expect("incident");
        for (seq, (at, body)) in (0u32..).zip(events) {
            event
                .execute(params![format!("{id}-{seq}"), id, seq + 1, time(at), body.kind(), body.payload_json()])
                .expect("event");
        }
        if n % 10 == 0 {
            let created = resolved + Duration::days(1);
            let done = random.below(2) == 0;
            let due = (created + Duration::days(14)).date_naive().format("%Y-%m-%d").to_string();
            item.execute(params![
                format!("{id}-item"),
                id,
                due,
                if done { "done" } else { "open" },
                time(created),
                done.then(|| time(created + Duration::days(7)))
            ])
            .expect("action item");
        }
    }
    drop((incident, event, item));
    tx.execute("INSERT INTO meta (key, value) VALUES ('metrics_backfill', 'pending')", []).expect("mark");
    tx.commit().expect("commit");
}

/// The process's resident set (`VmRSS`), in KiB; 0 where /proc is not there.
fn resident_kib() -> i64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .find_map(|line| line.strip_prefix("VmRSS:"))
        .and_then(|rest| rest.trim().trim_end_matches("kB").trim().parse().ok())
        .unwrap_or(0)
}

fn query(from: DateTime<Utc>, to: DateTime<Utc>) -> MetricsQuery {
    MetricsQuery {
        from,
        to,
        severities: Vec::new(),
        runbooks: Vec::new(),
        team: None,
        drills: DrillFilter::Exclude,
        bucket: Bucket::Month,
    }
}

fn metrics(c: &mut Criterion) {
    let dir = bench_dir();
    let path = dir.path().join("muster.db");
    let clock = Arc::new(FixedClock::new(start() + Duration::days(2 * 365 + 30)));
    let people: Vec<(String, String)> = {
        let mut store = Store::open(&path, clock.clone()).expect("open store");
        (0..40)
            .map(|n| {
                let input =
                    PersonInput { team: TEAMS[n % TEAMS.len()].into(), ..PersonInput::new(&format!("Person {n}"), "") };
                let person = store.add_person(&input).expect("person");
                (person.id, person.name)
            })
            .collect()
    };
    let began = Instant::now();
    generate(&path, &people);
    eprintln!(
        "generated {INCIDENTS} incidents and {} events in {:.1?}",
        INCIDENTS * EVENTS_PER_INCIDENT,
        began.elapsed()
    );
    let began = Instant::now();
    let store = Store::open(&path, clock).expect("open store (backfill)");
    eprintln!("backfilled their summary rows in {:.1?}", began.elapsed());
    let raw = rusqlite::Connection::open(&path).expect("raw connection");

    let year = query(start() + Duration::days(365), start() + Duration::days(2 * 365));
    let everything = query(start(), start() + Duration::days(2 * 365 + 1));
    let quarter_sev1_team = MetricsQuery {
        severities: vec!["SEV1".into()],
        team: Some("Payments".into()),
        bucket: Bucket::Week,
        ..query(start() + Duration::days(365), start() + Duration::days(365 + 91))
    };
    // The first query reads every summary row into the store's memory: what that holds is
    // about what the resident set grows by (SQLite's page cache was filled by the backfill).
    let before = resident_kib();
    let answer = store.metrics(&everything).expect("metrics");
    let counted = answer.measure("incidents").map(|m| m.figures[0].incidents.len());
    eprintln!(
        "the whole history counts {counted:?} real incidents; the first query grew the resident set by {} MiB",
        (resident_kib() - before) / 1024
    );

    let mut group = c.benchmark_group("metrics_100k");
    group.sample_size(10);
    group.bench_function("dashboard_year", |b| b.iter(|| store.metrics(&year).expect("metrics")));
    group.bench_function("dashboard_all", |b| b.iter(|| store.metrics(&everything).expect("metrics")));
    group.bench_function("dashboard_quarter_sev1_team", |b| {
        b.iter(|| store.metrics(&quarter_sev1_team).expect("metrics"))
    });
    // The store keeps the summary rows in memory between queries; a commit by another
    // connection makes it read them all again. This is the first query after such a commit
    // (and what the first dashboard query after opening the store pays).
    let mut touches = 0u32;
    group.bench_function("dashboard_all_after_another_writer", |b| {
        b.iter_batched(
            || {
                touches += 1;
                raw.execute("INSERT OR REPLACE INTO meta (key, value) VALUES ('bench-touch', ?1)", [touches])
                    .expect("touch");
            },
            |()| store.metrics(&everything).expect("metrics"),
            criterion::BatchSize::PerIteration,
        )
    });
    // The table under the charts reads a page of 200 rows (and the count of them all); the
    // CSV export reads every row, which is an export, not a dashboard query.
    // What crosses to the window: the answer as JSON, with each list cut to what the window
    // shows (the whole lists would be ~1.5 million positions).
    let json = |metrics: Metrics| serde_json::to_vec(&metrics).expect("json").len() / 1024;
    eprintln!(
        "the whole history's answer is {} KiB of JSON whole, {} KiB as the window gets it",
        json(answer.clone()),
        json(answer.listing(LISTED_PER_FIGURE))
    );
    group.bench_function("dashboard_all_as_the_window_gets_it", |b| {
        b.iter(|| {
            let metrics = store.metrics(&everything).expect("metrics").listing(LISTED_PER_FIGURE);
            serde_json::to_vec(&metrics).expect("json")
        })
    });
    group.bench_function("rows_page_year", |b| b.iter(|| store.metrics_rows_page(&year, 0, 200).expect("rows")));
    group.bench_function("rows_page_all_last", |b| {
        b.iter(|| store.metrics_rows_page(&everything, 94_800, 200).expect("rows"))
    });
    group.bench_function("rows_csv_year", |b| b.iter(|| store.metrics_rows(&year).expect("rows")));
    group.bench_function("floor_summary_scan", |b| {
        b.iter(|| {
            let mut statement = raw
                .prepare_cached(
                    "SELECT incident_id, mode, severity, runbook_id, commander, detected_ms, acknowledged_ms,
                            mitigated_ms, resolved_ms, closed_ms, acknowledge_target, mitigate_target,
                            resolve_target, update_target, identify_seconds, respond_seconds, recover_seconds,
                            review_seconds, skipped_steps, update_intervals, late_updates
                     FROM incident_metrics",
                )
                .expect("prepare");
            let mut rows = statement.query([]).expect("query");
            let mut n = 0u32;
            while let Some(row) = rows.next().expect("row") {
                let id: String = row.get(0).expect("id");
                let resolved: Option<i64> = row.get(8).expect("resolved");
                n += u32::from(!id.is_empty() && resolved.is_some());
            }
            n
        })
    });
    group.bench_function("baseline_timeline_full_scan", |b| {
        b.iter(|| {
            let mut statement =
                raw.prepare_cached("SELECT incident_id, kind, occurred_at FROM timeline_event").expect("prepare");
            let mut rows = statement.query([]).expect("query");
            let mut milestones = 0u32;
            while let Some(row) = rows.next().expect("row") {
                let kind = row.get_ref(1).expect("kind").as_str().expect("text");
                milestones += u32::from(kind == "milestone.reached");
            }
            milestones
        })
    });
    group.finish();
}

criterion_group!(benches, metrics);
criterion_main!(benches);
