//! Review exports: snapshots of Markdown, HTML and JSON for a fixed incident, hostile text
//! inert in each format, no external reference in the HTML, the JSON valid against its
//! schema, the DRILL watermark everywhere, and a failed write leaving no file. The PDF is read
//! back with poppler (text in order, Chinese intact and drawn, page sizes, page numbers).
//!
//! Snapshots: `tests/fixtures/export/review.{md,html,json}`. Run with `UPDATE_SNAPSHOTS=1` to
//! rewrite them after an intended change, then review the diff.

use std::collections::HashMap;
use std::path::Path;

use chrono::{Duration, FixedOffset, NaiveDate};
use muster_core::action_item::ActionItemInput;
use muster_core::export::{self, ExportFormat, PaperSize, Zone};
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
    String::from_utf8(export::render(&f.store.review_data(id).unwrap(), format, &oslo(), PaperSize::A4).unwrap())
        .unwrap()
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
    let err = export::write(&data, ExportFormat::Markdown, &oslo(), PaperSize::A4, &missing).unwrap_err().to_string();
    assert!(err.starts_with(&missing.display().to_string()), "{err}");
    assert!(!missing.parent().unwrap().exists());

    let target = f.dir.path().join("review.html");
    export::write(&data, ExportFormat::Html, &oslo(), PaperSize::A4, &target).unwrap();
    let names: Vec<_> =
        std::fs::read_dir(f.dir.path()).unwrap().map(|e| e.unwrap().file_name().into_string().unwrap()).collect();
    assert!(names.contains(&"review.html".to_string()) && !names.iter().any(|n| n.ends_with(".tmp")), "{names:?}");
}

// PDF ----------------------------------------------------------------------------------------
// The PDF is read back with poppler's tools (Debian poppler-utils, installed by `./dev`):
// `pdftotext` for the text in reading order, `pdfinfo` for pages and their size, `pdftoppm` to
// see that glyphs were drawn (extraction returns the text even where a font had no glyph).

fn pdf_of(f: &Fixture, id: &str, paper: PaperSize, name: &str) -> std::path::PathBuf {
    let path = f.dir.path().join(name);
    export::write(&f.store.review_data(id).unwrap(), ExportFormat::Pdf, &oslo(), paper, &path).unwrap();
    assert!(std::fs::read(&path).unwrap().starts_with(b"%PDF-"));
    path
}

pub(crate) fn poppler(tool: &str, args: &[&str]) -> Vec<u8> {
    let out = std::process::Command::new(tool)
        .args(args)
        .output()
        .unwrap_or_else(|err| panic!("{tool}: {err} (install poppler-utils; ./dev test does)"));
    assert!(out.status.success(), "{tool} {args:?}: {}", String::from_utf8_lossy(&out.stderr));
    out.stdout
}

/// The text of `page` (or of every page), laid out as on the page.
pub(crate) fn pdf_text(path: &Path, page: Option<u32>) -> String {
    let path = path.to_str().unwrap();
    let page = page.map(|n| n.to_string());
    let mut args = vec!["-layout"];
    if let Some(n) = &page {
        args.extend(["-f", n.as_str(), "-l", n.as_str()]);
    }
    args.extend([path, "-"]);
    String::from_utf8(poppler("pdftotext", &args)).unwrap()
}

pub(crate) fn pdf_info(path: &Path, field: &str) -> String {
    let info = String::from_utf8(poppler("pdfinfo", &[path.to_str().unwrap()])).unwrap();
    let line = info.lines().find(|l| l.starts_with(field)).unwrap_or_else(|| panic!("no {field} in {info}"));
    line[field.len()..].trim().to_string()
}

/// The first page at 50 dpi as (width, height, RGB bytes), from a binary PPM.
fn first_page_pixels(path: &Path) -> (usize, usize, Vec<u8>) {
    let prefix = path.with_extension("page1");
    poppler(
        "pdftoppm",
        &["-r", "50", "-f", "1", "-l", "1", "-singlefile", path.to_str().unwrap(), prefix.to_str().unwrap()],
    );
    let ppm = std::fs::read(format!("{}.ppm", prefix.display())).unwrap();
    // "P6\n<width> <height>\n255\n" then the pixels.
    let mut fields = Vec::new();
    let mut at = 0;
    while fields.len() < 4 {
        let start = at;
        while !ppm[at].is_ascii_whitespace() {
            at += 1;
        }
        fields.push(String::from_utf8(ppm[start..at].to_vec()).unwrap());
        at += 1;
    }
    assert_eq!((fields[0].as_str(), fields[3].as_str()), ("P6", "255"));
    let (width, height) = (fields[1].parse().unwrap(), fields[2].parse().unwrap());
    (width, height, ppm[at..].to_vec())
}

/// The share of pixels for which `test(r, g, b)` holds.
fn share(pixels: &[u8], test: impl Fn(u8, u8, u8) -> bool) -> f64 {
    let matching = pixels.chunks_exact(3).filter(|p| test(p[0], p[1], p[2])).count();
    matching as f64 / (pixels.len() / 3) as f64
}

/// Lines that start a timeline row: a sequence number, then a date.
fn timeline_rows(text: &str) -> Vec<u32> {
    text.lines()
        .filter_map(|line| {
            let mut words = line.split_whitespace();
            let seq = words.next()?.parse().ok()?;
            let date = words.next()?;
            (date.len() == 10 && date.as_bytes()[4] == b'-').then_some(seq)
        })
        .collect()
}

pub(crate) fn squeezed(text: &str) -> String {
    text.split_whitespace().collect()
}

#[test]
fn the_pdf_has_the_headings_the_milestones_and_the_timeline_in_order() {
    let mut f = Fixture::new();
    let id = exported_incident(&mut f);
    let path = pdf_of(&f, &id, PaperSize::A4, "review.pdf");
    let text = pdf_text(&path, None);
    let lines: Vec<&str> = text.lines().map(str::trim).collect();

    let data = f.store.review_data(&id).unwrap();
    let mut headings = vec!["Milestones", "Responders", "Time in each phase", "Steps skipped or not applicable"];
    headings.extend(data.review.sections.iter().map(|s| s.title.as_str()));
    headings.extend(["Highlights", "Action items", "Timeline"]);
    let title = lines.iter().position(|l| l.starts_with("Post-incident review:")).expect("the title");
    let mut previous = title;
    for heading in headings {
        let at = lines[previous + 1..].iter().position(|l| *l == heading).unwrap_or_else(|| {
            panic!("heading {heading:?} not found after line {previous}:\n{text}");
        });
        previous += 1 + at;
    }

    let milestones: Vec<&str> = lines
        .iter()
        .copied()
        .filter(|l| ["Detected ", "Acknowledged ", "Mitigated ", "Resolved "].iter().any(|m| l.starts_with(m)))
        .collect();
    assert_eq!(
        milestones.iter().map(|l| l.split(' ').next().unwrap()).collect::<Vec<_>>(),
        ["Detected", "Acknowledged", "Mitigated", "Resolved"],
        "{text}"
    );
    // The Mitigated row, cell after cell, with the local time on the line under the UTC one.
    let mut rest = milestones[2];
    for cell in ["2026-03-01 04:20:00", "1 h 30 min", "1 h 15 min", "1 h 00 min", "breached by 30 min"] {
        let at = rest.find(cell).unwrap_or_else(|| panic!("{cell} not in order in {}", milestones[2]));
        rest = &rest[at + cell.len()..];
    }
    let row = lines.iter().position(|l| *l == milestones[2]).unwrap();
    assert!(lines[row + 1].starts_with("2026-03-01 05:20:00"), "the local time under it: {}", lines[row + 1]);
    let timeline = lines[previous..].join("\n");
    let rows = timeline_rows(&timeline);
    assert_eq!(rows, (1..=f.store.timeline(&id).unwrap().len() as u32).collect::<Vec<_>>(), "{timeline}");
    let pages = pdf_info(&path, "Pages:");
    // pdftotext may drop the thin spaces of "1 / 2".
    let footers = lines.iter().filter(|l| squeezed(l).starts_with(&format!("1/{pages}"))).count();
    assert_eq!(footers, 1, "the first page's number out of {pages}:\n{text}");
}

#[test]
fn a_review_written_in_chinese_comes_out_in_chinese() {
    let mut f = Fixture::new();
    let mut new = crate::sev1(&mut f.store);
    new.title = "支付网关故障：用户无法下单".into();
    let id = f.store.start_incident(&new, "ana").unwrap().id;
    f.store.act(&id, &IncidentAction::Log { text: "数据库连接池耗尽，已重启服务".into(), at: None }, "ana").unwrap();
    let mut review = f.store.review(&id).unwrap();
    review.sections[0].title = "摘要".into();
    review.sections[0].body = "支付网关在晚高峰宕机。\n第二行：恢复用时两小时十分钟。\n\n值班人：喆、堃、昇。".into();
    f.store.edit_review(&id, &ReviewEdit { sections: review.sections, highlights: vec![] }, "Ana").unwrap();
    let data = f.store.review_data(&id).unwrap();
    assert_eq!(export::pdf::missing_characters(&data, &oslo()), Vec::<char>::new(), "fonts-noto-cjk covers it");

    let path = pdf_of(&f, &id, PaperSize::A4, "review-zh.pdf");
    let text = squeezed(&pdf_text(&path, None));
    for expected in [
        "Post-incident review: 支付网关故障：用户无法下单",
        "摘要",
        "支付网关在晚高峰宕机。",
        "第二行：恢复用时两小时十分钟。",
        "值班人：喆、堃、昇。",
        "数据库连接池耗尽，已重启服务",
    ] {
        assert!(text.contains(&squeezed(expected)), "{expected} missing from:\n{text}");
    }
    // Drawn, not only extractable: the first page has ink on it.
    let (width, height, pixels) = first_page_pixels(&path);
    assert!(width > 300 && height > 400, "{width}×{height}");
    let ink = share(&pixels, |r, g, b| r < 128 && g < 128 && b < 128);
    assert!(ink > 0.01, "the first page is nearly blank: {ink}");

    // A character no installed font has is named, and the PDF says so.
    let mut review = f.store.review(&id).unwrap();
    review.sections[1].body = "A private-use character: \u{10FFFD}".into();
    f.store.edit_review(&id, &ReviewEdit { sections: review.sections, highlights: vec![] }, "Ana").unwrap();
    let data = f.store.review_data(&id).unwrap();
    assert_eq!(export::pdf::missing_characters(&data, &oslo()), vec!['\u{10FFFD}']);
    let text = pdf_text(&pdf_of(&f, &id, PaperSize::A4, "review-missing.pdf"), Some(1));
    assert!(squeezed(&text).contains("U+10FFFD"), "{text}");
}

#[test]
fn letter_and_a4_pages_have_their_sizes() {
    let mut f = Fixture::new();
    let id = exported_incident(&mut f);
    let a4 = pdf_info(&pdf_of(&f, &id, PaperSize::A4, "a4.pdf"), "Page size:");
    let letter = pdf_info(&pdf_of(&f, &id, PaperSize::Letter, "letter.pdf"), "Page size:");
    assert!(a4.starts_with("595.276 x 841.89 pts"), "{a4}");
    assert!(letter.starts_with("612 x 792 pts"), "{letter}");
}

#[test]
fn hostile_text_prints_as_written_in_the_pdf() {
    let mut f = Fixture::new();
    let id = exported_incident(&mut f);
    let typst = "#set page(fill: red) $x$ #import \"/etc/passwd\" *bold* ]";
    f.store.act(&id, &IncidentAction::Log { text: typst.into(), at: None }, "ana").unwrap();
    let mut review = f.store.review(&id).unwrap();
    review.sections[2].body = format!("{typst}\n{HOSTILE}");
    f.store.edit_review(&id, &ReviewEdit { sections: review.sections, highlights: vec![] }, "Ana").unwrap();
    let path = pdf_of(&f, &id, PaperSize::A4, "hostile.pdf");
    let text = squeezed(&pdf_text(&path, None));
    assert_eq!(text.matches(&squeezed(typst)).count(), 2, "as written, in the section and the timeline: {text}");
    assert!(text.contains(&squeezed(HOSTILE)), "{text}");
    let (_, _, pixels) = first_page_pixels(&path);
    assert!(share(&pixels, |r, g, b| r > 200 && g < 80 && b < 80) < 0.01, "the page was not painted red");
}

#[test]
fn a_long_drill_paginates_with_page_numbers_and_drill_on_every_page() {
    let mut f = Fixture::new();
    let mut new = crate::sev1(&mut f.store);
    new.mode = IncidentMode::Drill;
    let id = f.store.start_incident(&new, "ana").unwrap().id;
    for n in 0..300 {
        let text = format!("Entry {n}: {}", "a longer note that wraps onto a second line of its cell ".repeat(n % 3));
        f.store.act(&id, &IncidentAction::Log { text, at: None }, "ana").unwrap();
    }
    let path = pdf_of(&f, &id, PaperSize::Letter, "drill.pdf");
    let pages: u32 = pdf_info(&path, "Pages:").parse().unwrap();
    assert!(pages >= 5, "{pages} pages");
    let mut rows = Vec::new();
    for page in 1..=pages {
        let text = pdf_text(&path, Some(page));
        assert!(text.contains("DRILL"), "page {page} has no DRILL:\n{text}");
        let footer = format!("{page} / {pages}");
        assert_eq!(text.lines().filter(|l| l.trim() == footer).count(), 1, "page {page} says {footer}:\n{text}");
        if page > 1 {
            assert!(text.contains("UTC+01:00") && text.contains("Who") && text.contains("What"), "the header repeats");
        }
        rows.extend(timeline_rows(&text));
    }
    assert_eq!(rows, (1..=f.store.timeline(&id).unwrap().len() as u32).collect::<Vec<_>>(), "every row once, in order");
}

/// Every word poppler finds in the PDF as (page width, word's right edge, word), from
/// `pdftotext -bbox`.
fn word_boxes(path: &Path) -> Vec<(f64, f64, String)> {
    let html = String::from_utf8(poppler("pdftotext", &["-bbox", path.to_str().unwrap(), "-"])).unwrap();
    let attribute = |tag: &str, name: &str| -> f64 {
        let at = tag.find(&format!("{name}=\"")).unwrap() + name.len() + 2;
        tag[at..].split('"').next().unwrap().parse().unwrap()
    };
    let mut width = 0.0;
    let mut words = Vec::new();
    for tag in html.split('<') {
        if tag.starts_with("page ") {
            width = attribute(tag, "width");
        } else if let Some(rest) = tag.strip_prefix("word ") {
            let text = rest.split('>').nth(1).unwrap_or_default().to_string();
            words.push((width, attribute(tag, "xMax"), text));
        }
    }
    words
}

#[test]
fn long_timeline_entries_wrap_inside_the_page_and_go_on_over_pages_in_order() {
    let mut f = Fixture::new();
    let new = crate::sev1(&mut f.store);
    let id = f.store.start_incident(&new, "ana").unwrap().id;
    // Taller than a page: a few thousand characters in one entry.
    let long: Vec<String> = (0..900).map(|n| format!("word{n}")).collect();
    f.store.act(&id, &IncidentAction::Log { text: long.join(" "), at: None }, "ana").unwrap();
    // Chinese has no spaces: it wraps between characters.
    let chinese = "数据库连接池耗尽，已重启服务。".repeat(10);
    f.store.act(&id, &IncidentAction::Log { text: chinese.clone(), at: None }, "ana").unwrap();
    // One word wider than its column is cut where it must be.
    let unbroken = "x".repeat(300);
    f.store.act(&id, &IncidentAction::Log { text: unbroken.clone(), at: None }, "ana").unwrap();
    let path = pdf_of(&f, &id, PaperSize::A4, "long.pdf");

    let pages: u32 = pdf_info(&path, "Pages:").parse().unwrap();
    assert!(pages >= 4, "{pages} pages");
    let words = word_boxes(&path);
    let margin = 16.0 * 72.0 / 25.4;
    for (width, right, word) in &words {
        assert!(*right <= width - margin + 1.0, "{word:?} runs into the right margin: {right} of {width}");
    }
    let numbered: Vec<usize> =
        words.iter().filter_map(|(_, _, w)| w.strip_prefix("word").and_then(|n| n.parse().ok())).collect();
    assert_eq!(numbered, (0..900).collect::<Vec<_>>(), "every word once, in order, across the pages");

    let text = pdf_text(&path, None);
    assert!(squeezed(&text).contains(&chinese), "{text}");
    assert!(squeezed(&text).contains(&unbroken), "{text}");
    let chinese_lines = text.lines().filter(|l| l.contains("数据库")).count();
    assert!(chinese_lines >= 3, "the Chinese entry wraps over lines: {chinese_lines}");
    for page in 1..=pages {
        // pdftotext may drop the spaces of "1 / 5".
        let footer = format!("{page}/{pages}");
        assert!(pdf_text(&path, Some(page)).lines().any(|l| squeezed(l) == footer), "page {page} says {footer}");
    }
}
