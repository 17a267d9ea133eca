//! Review exports: snapshots of Markdown, HTML and JSON for a fixed incident, hostile text
//! inert in each format, no external reference in the HTML, the JSON valid against its
//! schema, the DRILL watermark everywhere, and a failed write leaving no file.
//!
//! Snapshots: `tests/fixtures/export/review.{md,html,json}`. Run with `UPDATE_SNAPSHOTS=1` to
//! rewrite them after an intended change, then review the diff.

use std::collections::HashMap;
use std::path::Path;

use chrono::{Duration, FixedOffset, NaiveDate};
use muster_core::action_item::ActionItemInput;
use muster_core::export::{self, ExportFormat, Zone};
use muster_core::review::ReviewEdit;
use muster_core::{IncidentAction, IncidentMode};

use crate::review::worked_incident;
use crate::Fixture;

const HOSTILE: &str = "<script>alert('x')</script><img src=https://tracker.example/p.png onerror=alert(1)>";

fn oslo() -> Zone {
    Zone { name: "UTC+01:00".into(), offset: FixedOffset::east_opt(3600).unwrap() }
}

/// The worked incident of the review tests, with a written review, a highlight, two action
/// items and hostile text in a log entry, a section and an action item.
fn exported_incident(f: &mut Fixture) -> String {
    let id = worked_incident(f);
    f.store.act(&id, &IncidentAction::Log { text: format!("Pasted from chat: {HOSTILE}"), at: None }, "ana").unwrap();
    let mut review = f.store.review(&id).unwrap();
    review.sections[0].body =
        "Checkout was **down** for 2 h 10 min.\n\n```sh\nkubectl rollout undo deploy/checkout\n```".into();
    review.sections[1].body = format!("EU customers. {HOSTILE} [details](javascript:alert(1))");
    let log = f.store.timeline(&id).unwrap().into_iter().find(|e| e.body.kind() == "log.entry").unwrap().id;
    f.store.edit_review(&id, &ReviewEdit { sections: review.sections, highlights: vec![log] }, "Ana").unwrap();
    let item = |title: &str, due: Option<NaiveDate>, runbook: Option<&str>| ActionItemInput {
        title: title.into(),
        owner: "Bo Chen".into(),
        due_on: due,
        runbook_id: runbook.map(str::to_string),
    };
    let today = f.clock_now().date_naive();
    f.store
        .add_action_item(
            &id,
            &item("Alert on the 502 rate", Some(today + Duration::days(14)), Some("it-system-outage")),
            "Ana",
        )
        .unwrap();
    f.store.add_action_item(&id, &item(&format!("Sanitise {HOSTILE}"), None, None), "Ana").unwrap();
    id
}

/// The export with every UUID replaced by a stable name, so the snapshot does not depend on
/// the random part of UUIDv7.
fn normalised(f: &Fixture, id: &str, text: &str) -> String {
    let mut names: HashMap<String, String> = HashMap::new();
    names.insert(id.to_string(), "INCIDENT".into());
    for event in f.store.timeline(id).unwrap() {
        names.insert(event.id.clone(), format!("EVENT-{}", event.seq));
    }
    for (n, item) in f.store.incident_action_items(id).unwrap().into_iter().enumerate() {
        names.insert(item.id, format!("ACTION-{}", n + 1));
    }
    let mut out = text.to_string();
    for (uuid, name) in names {
        out = out.replace(&uuid, &name);
    }
    out
}

fn assert_snapshot(name: &str, actual: &str) {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/export").join(name);
    if std::env::var_os("UPDATE_SNAPSHOTS").is_some() {
        std::fs::write(&path, actual).unwrap();
        return;
    }
    let expected = std::fs::read_to_string(&path)
        .unwrap_or_else(|err| panic!("{}: {err} (run with UPDATE_SNAPSHOTS=1 to create it)", path.display()));
    assert_eq!(actual, expected, "{name} differs; run with UPDATE_SNAPSHOTS=1 and review the diff if intended");
}

/// Every tag of an HTML text, `<` to `>`: escaped user text has no `<`, so these are the markup.
fn tags(html: &str) -> Vec<&str> {
    html.match_indices('<')
        .filter_map(|(start, _)| html[start..].find('>').map(|end| &html[start..=start + end]))
        .collect()
}

fn render(f: &Fixture, id: &str, format: ExportFormat) -> String {
    export::render(&f.store.review_data(id).unwrap(), format, &oslo()).unwrap()
}

#[test]
fn snapshots_of_the_three_text_formats() {
    let mut f = Fixture::new();
    let id = exported_incident(&mut f);
    for (format, name) in [
        (ExportFormat::Markdown, "review.md"),
        (ExportFormat::Html, "review.html"),
        (ExportFormat::Json, "review.json"),
    ] {
        assert_snapshot(name, &normalised(&f, &id, &render(&f, &id, format)));
    }
}

#[test]
fn the_markdown_has_the_milestone_table_and_the_timeline_in_both_zones() {
    let mut f = Fixture::new();
    let id = exported_incident(&mut f);
    let md = render(&f, &id, ExportFormat::Markdown);
    assert!(md.contains("| Mitigated | 2026-03-01 04:20:00 | 2026-03-01 05:20:00 | 1 h 30 min | 1 h 15 min | 1 h 00 min | breached by 30 min |"), "{md}");
    assert!(md.contains("| # | UTC | UTC+01:00 | Who | What |"), "{md}");
    let timeline = &md[md.find("## Timeline").unwrap()..];
    let rows: Vec<u32> =
        timeline.lines().filter_map(|l| l.strip_prefix("| ")?.split(' ').next()?.parse().ok()).collect();
    assert_eq!(rows, (1..=rows.len() as u32).collect::<Vec<_>>(), "every event once, in order");
    assert_eq!(rows.len(), f.store.timeline(&id).unwrap().len());
}

#[test]
fn hostile_text_stays_inert_in_every_format() {
    let mut f = Fixture::new();
    let id = exported_incident(&mut f);

    let html = render(&f, &id, ExportFormat::Html);
    for tag in tags(&html) {
        let lower = tag.to_lowercase();
        for live in ["<script", "<img", " on", "src=", "javascript:"] {
            assert!(!lower.contains(live), "live markup {live} in {tag}");
        }
    }
    assert!(html.contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;"), "the log entry shows as text");

    let md = render(&f, &id, ExportFormat::Markdown);
    // Rendered by a CommonMark viewer that sanitises nothing, the escaped text stays text.
    let unsafe_render = {
        let mut out = String::new();
        pulldown_cmark::html::push_html(&mut out, pulldown_cmark::Parser::new_ext(&md, pulldown_cmark::Options::all()));
        out
    };
    assert!(!unsafe_render.contains("<script") && !unsafe_render.contains("<img"), "{unsafe_render}");
    assert!(unsafe_render.contains("&lt;script&gt;"), "shown as text: {unsafe_render}");

    let json: serde_json::Value = serde_json::from_str(&render(&f, &id, ExportFormat::Json)).unwrap();
    let summary = json["review"]["sections"][1]["body"].as_str().unwrap();
    assert!(summary.contains(HOSTILE), "JSON carries the text exactly, as data");
}

#[test]
fn the_html_is_self_contained() {
    let mut f = Fixture::new();
    let id = exported_incident(&mut f);
    let html = render(&f, &id, ExportFormat::Html).to_lowercase();
    for tag in tags(&html) {
        for reference in ["<script", "<link", "<iframe", "<img", "<object", "<embed", "src=", "url(", "refresh"] {
            assert!(!tag.contains(reference), "the HTML loads something: {tag}");
        }
    }
    let style = &html[html.find("<style>").unwrap()..html.find("</style>").unwrap()];
    assert!(!style.contains("url(") && !style.contains("@import"), "the stylesheet loads nothing");
    assert!(html.contains("default-src 'none'"), "a CSP forbids loading anything");
    assert!(html.contains("@media print"), "with a print stylesheet");
}

#[test]
fn the_json_export_follows_its_schema() {
    let schema_path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../docs/schemas/review-export-v1.schema.json");
    let schema: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(&schema_path).unwrap()).unwrap();
    let validator = jsonschema::validator_for(&schema).unwrap();
    let mut f = Fixture::new();
    let id = exported_incident(&mut f);
    let export: serde_json::Value = serde_json::from_str(&render(&f, &id, ExportFormat::Json)).unwrap();
    let errors: Vec<String> =
        validator.iter_errors(&export).map(|e| format!("{} at {}", e, e.instance_path())).collect();
    assert!(errors.is_empty(), "{errors:#?}");
    assert_eq!((export["format"].as_str(), export["version"].as_u64()), (Some("muster.review"), Some(1)));

    // The schema is not vacuous: a missing field and a wrong type are refused.
    let mut broken = export.clone();
    broken["incident"].as_object_mut().unwrap().remove("severity");
    assert!(!validator.is_valid(&broken));
    let mut broken = export;
    broken["timeline"][0]["seq"] = serde_json::json!("one");
    assert!(!validator.is_valid(&broken));
}

#[test]
fn a_drill_is_watermarked_in_every_format() {
    let mut f = Fixture::new();
    let mut new = crate::sev1(&mut f.store);
    new.mode = IncidentMode::Drill;
    let id = f.store.start_incident(&new, "ana").unwrap().id;
    let md = render(&f, &id, ExportFormat::Markdown);
    assert!(md.starts_with("# DRILL — Post-incident review:") && md.contains("> **DRILL**"), "{md}");
    let html = render(&f, &id, ExportFormat::Html);
    assert!(
        html.contains("<div class=\"watermark\" aria-hidden=\"true\">DRILL</div>") && html.contains("<title>DRILL — ")
    );
    let json: serde_json::Value = serde_json::from_str(&render(&f, &id, ExportFormat::Json)).unwrap();
    assert_eq!((json["incident"]["drill"].as_bool(), json["incident"]["mode"].as_str()), (Some(true), Some("drill")));
}

#[test]
fn a_failed_export_leaves_no_file() {
    let mut f = Fixture::new();
    let id = exported_incident(&mut f);
    let data = f.store.review_data(&id).unwrap();
    let missing = f.dir.path().join("no-such-folder/review.md");
    let err = export::write(&data, ExportFormat::Markdown, &oslo(), &missing).unwrap_err().to_string();
    assert!(err.starts_with(&missing.display().to_string()), "{err}");
    assert!(!missing.parent().unwrap().exists());

    let target = f.dir.path().join("review.html");
    export::write(&data, ExportFormat::Html, &oslo(), &target).unwrap();
    let names: Vec<_> =
        std::fs::read_dir(f.dir.path()).unwrap().map(|e| e.unwrap().file_name().into_string().unwrap()).collect();
    assert!(names.contains(&"review.html".to_string()) && !names.iter().any(|n| n.ends_with(".tmp")), "{names:?}");
}
