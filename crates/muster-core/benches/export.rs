//! Exporting the review of a 10,000-event incident to Markdown, HTML, JSON and PDF, against the floor:
//! writing the same timeline rows (sequence, time, actor, kind) into a string with `format!`,
//! in the same run. Targets: Markdown and HTML each ≤ 100 ms, PDF ≤ 2 s; ratios are reported.
//! The data is read once from the store: the export's own cost is measured, not the read
//! (the `timeline` bench measures that).

// A benchmark that cannot set up should stop loudly; there is no caller to handle an error.
#![allow(clippy::expect_used)]

use std::fmt::Write;

use criterion::{criterion_group, criterion_main, Criterion};
use muster_core::export::{self, ExportFormat, PaperSize, Zone};

mod support;
use support::{bench_dir, fill_timeline, store_with_incident};

const EVENTS: usize = 10_000;

fn exports(c: &mut Criterion) {
    let dir = bench_dir();
    let (mut store, id) = store_with_incident(&dir);
    fill_timeline(&mut store, &id, EVENTS);
    let data = store.review_data(&id).expect("review data");
    assert!(data.view.timeline.len() >= EVENTS);
    let zone = Zone::from_offset(chrono::FixedOffset::east_opt(3600).expect("offset"));

    let mut group = c.benchmark_group("export_10k");
    group.bench_function("floor_rows", |b| {
        b.iter(|| {
            let mut out = String::with_capacity(data.view.timeline.len() * 80);
            for entry in &data.view.timeline {
                let event = &entry.event;
                let _ = writeln!(
                    out,
                    "| {} | {} | {} | {} |",
                    event.seq,
                    entry.occurred_at,
                    event.actor,
                    event.body.kind()
                );
            }
            assert!(out.len() > EVENTS * 20);
        })
    });
    for (name, format) in
        [("markdown", ExportFormat::Markdown), ("html", ExportFormat::Html), ("json", ExportFormat::Json)]
    {
        group.bench_function(name, |b| {
            b.iter(|| assert!(export::render(&data, format, &zone, PaperSize::A4).expect("render").len() > EVENTS * 40))
        });
    }
    group.finish();

    // Laying out a few hundred pages takes seconds: fewer, longer samples.
    let mut group = c.benchmark_group("export_10k_pdf");
    group.sample_size(10);
    group.measurement_time(std::time::Duration::from_secs(30));
    group.bench_function("pdf", |b| {
        b.iter(|| {
            let pdf = export::render(&data, ExportFormat::Pdf, &zone, PaperSize::A4).expect("render");
            assert!(pdf.starts_with(b"%PDF-") && pdf.len() > EVENTS * 20);
        })
    });
    group.finish();
}

criterion_group!(benches, exports);
criterion_main!(benches);
