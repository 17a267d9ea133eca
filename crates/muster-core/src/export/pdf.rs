//! The review as a PDF, made in-process by the typst compiler used as a library: no browser,
//! no external program. A4 or US Letter; headings, tables with the header repeated on each
//! page, "n / total" page numbers, a DRILL banner and watermark on every page of a drill.
//!
//! typst lays out everything up to the timeline's heading; the timeline's rows, thousands in
//! a long incident, are drawn onto the pages by `timeline_pages` (typst's general layout took
//! seconds for them), then typst's PDF writer writes every page.
//!
//! Invariant: text from users and imported runbooks is data, never typst source. The review is
//! turned into JSON and handed to the fixed template `review.typ` through `sys.inputs`; the
//! template reads it with `json(...)` and shows strings as strings, so typst markup in a note
//! (`#set page(fill: red)`, `$x$`) prints as written. The timeline's strings never reach typst
//! at all: they are shaped as glyphs. The printed checklist of a runbook (`checklist`) is laid
//! out the same way, by `typeset`, from its own template.
//!
//! Fonts are the system's, found once per process (`FontStore`, ~50 ms) and kept: a Latin sans
//! first, then a Chinese (Simplified) font for CJK text (Debian `fonts-noto-cjk`). A character
//! no installed font covers would render as a blank without any error, so the export checks
//! coverage first and names such characters in a note at the top of the document.
//!
//! An export blocks its thread (under a second for 10,000 events): callers in the app run it
//! on a worker thread. typst memoises layout across compilations; the cache is evicted after
//! each export so a long-running app does not keep it.

use std::collections::BTreeSet;
use std::sync::OnceLock;

use serde_json::{json, Value};
use typst::diag::{FileError, FileResult};
use typst::foundations::{Bytes, Datetime, Dict, Duration, IntoValue, Label, Str};
use typst::introspection::Introspector;
use typst::layout::{Abs, Frame};
use typst::model::Document;
use typst::syntax::{FileId, Source};
use typst::text::{Font, FontBook};
use typst::utils::LazyHash;
use typst::utils::PicoStr;
use typst::{Library, LibraryExt, World};
use typst_kit::fonts::FontStore;
use typst_layout::{Page, PagedDocument};

use super::timeline_pages::{self, PageGeometry, TimelineRow};

use super::{capital, describe, duration, utc, PaperSize, ReviewData, Zone};
use crate::action_item::ActionStatus;
use crate::error::{Error, Result};
use crate::incident::StepStatus;
use crate::review::{ReviewStatus, Verdict};

const TEMPLATE: &str = include_str!("review.typ");

/// The review's page margins, in millimetres: the template sets them, the timeline's rows
/// are drawn within them.
const MARGIN_X_MM: f64 = 16.0;
const MARGIN_TOP_MM: f64 = 20.0;
const MARGIN_BOTTOM_MM: f64 = 18.0;

/// Latin sans-serif families, best first; the first one installed is used.
const LATIN: &[&str] = &["Noto Sans", "DejaVu Sans", "Liberation Sans", "Open Sans"];
/// Families with Simplified Chinese, best first (Debian: fonts-noto-cjk).
const CJK: &[&str] = &["Noto Sans CJK SC", "Source Han Sans SC", "WenQuanYi Zen Hei", "Droid Sans Fallback"];

/// The system's fonts, scanned once per process.
fn fonts() -> &'static FontStore {
    static FONTS: OnceLock<FontStore> = OnceLock::new();
    FONTS.get_or_init(|| {
        let mut store = FontStore::new();
        store.extend(typst_kit::fonts::system());
        store
    })
}

/// Renders the review as PDF bytes on `paper`: typst lays out everything up to the
/// timeline's heading, then the timeline's rows are drawn onto the pages directly
/// (`timeline_pages`) and every page gets its "n / total".
pub fn render(data: &ReviewData, zone: &Zone, paper: PaperSize) -> Result<Vec<u8>> {
    let rows = timeline_rows(data, zone);
    let mut input = review_json(data, zone);
    let margins =
        PageGeometry { margin_x: mm(MARGIN_X_MM), margin_top: mm(MARGIN_TOP_MM), margin_bottom: mm(MARGIN_BOTTOM_MM) };
    input["margin"] = json!({ "x": MARGIN_X_MM, "top": MARGIN_TOP_MM, "bottom": MARGIN_BOTTOM_MM });
    input["style"] = timeline_pages::template_style();
    let families = prepare(&mut input, rows.iter().flat_map(TimelineRow::texts), paper, "the review")?;
    let document = compile(TEMPLATE, input)?;

    let position = |name: &str| {
        let label = Label::new(PicoStr::intern(name))?;
        let location = document.introspector().query_label(label).ok()?.location()?;
        document.introspector().position(location)
    };
    let (Some(rows_at), Some(blank_at)) = (position("timeline-rows"), position("blank-page")) else {
        return Err(Error::InvalidState("could not lay out the PDF: the template lost its timeline marks".into()));
    };
    if blank_at.page <= rows_at.page {
        return Err(Error::InvalidState("could not lay out the PDF: the template's blank page is missing".into()));
    }
    let mut pages: Vec<Page> = document.pages().to_vec();
    // The template ends with an empty page that carries the header and background (the DRILL
    // marks) of a page: the timeline's further pages are copies of it.
    let blank = pages.remove(blank_at.page.get() - 1);
    pages.truncate(blank_at.page.get() - 1);
    let blank_frame = timeline_pages::untagged(&blank.frame);
    let mut typesetter = timeline_pages::Typesetter::new(fonts(), &families);
    let headers = ["#".to_string(), "UTC".into(), cell(&zone.name), "Who".into(), "What".into()];
    let first = rows_at.page.get() - 1;
    let more = timeline_pages::draw(
        &mut typesetter,
        &headers,
        &rows,
        &margins,
        &mut pages[first].frame,
        rows_at.point.y,
        &blank_frame,
    );
    pages.extend(more.into_iter().map(|frame| Page { frame, ..blank.clone() }));
    let mut frames: Vec<&mut Frame> = pages.iter_mut().map(|page| &mut page.frame).collect();
    timeline_pages::number_pages(&mut typesetter, &mut frames, &margins);
    for (n, page) in pages.iter_mut().enumerate() {
        page.number = n as u64 + 1;
    }
    let info = document.info().clone();
    write(&PagedDocument::new(pages.into_iter().collect(), info))
}

/// The characters of the review's text that no installed font can show.
pub fn missing_characters(data: &ReviewData, zone: &Zone) -> Vec<char> {
    let rows = timeline_rows(data, zone);
    let mut chars = BTreeSet::new();
    collect_chars(&review_json(data, zone), &mut chars);
    rows.iter().flat_map(TimelineRow::texts).for_each(|text| chars.extend(text.chars()));
    unshowable(chars, fonts().book()).into_iter().collect()
}

/// Lays out the fixed `template` with `input` (read by the template as
/// `json(sys.inputs.data)`) on `paper` and writes the PDF. `input` gains the page size, the
/// font families and, when some of its characters have no font, a note naming them for
/// `what` ("the runbook").
pub(crate) fn typeset(template: &str, mut input: Value, paper: PaperSize, what: &str) -> Result<Vec<u8>> {
    prepare(&mut input, std::iter::empty(), paper, what)?;
    write(&compile(template, input)?)
}

/// Gives `input` the page size, the font families and, when some characters of its strings
/// or of `more` have no font, a note naming them for `what`; returns the families.
fn prepare<'t>(
    input: &mut Value,
    more: impl Iterator<Item = &'t str>,
    paper: PaperSize,
    what: &str,
) -> Result<Vec<&'static str>> {
    let book = fonts().book();
    let families = chosen_families(book);
    if families.is_empty() {
        return Err(Error::InvalidState(
            "no font to write the PDF with: install a sans-serif font (on Debian: fonts-dejavu-core and fonts-noto-cjk)"
                .into(),
        ));
    }
    let mut chars = BTreeSet::new();
    collect_chars(input, &mut chars);
    more.for_each(|text| chars.extend(text.chars()));
    let missing = unshowable(chars, book);
    input["paper"] = json!(match paper {
        PaperSize::A4 => "a4",
        PaperSize::Letter => "us-letter",
    });
    input["fonts"] = json!(families);
    input["missing"] = if missing.is_empty() {
        Value::Null
    } else {
        let names: Vec<String> = missing.iter().map(|c| format!("U+{:04X}", u32::from(*c))).collect();
        json!(format!(
            "No font on the computer that made this PDF can show {} character(s) of {what}; they are blank: {}.",
            missing.len(),
            names.join(", ")
        ))
    };
    Ok(families)
}

/// Lays out the fixed `template` with `input`, read by the template as
/// `json(sys.inputs.data)`.
fn compile(template: &str, input: Value) -> Result<PagedDocument> {
    let inputs: Dict =
        [(Str::from("data"), Bytes::new(input.to_string().into_bytes()).into_value())].into_iter().collect();
    let world = TemplateWorld {
        library: LazyHash::new(Library::builder().with_inputs(inputs).build()),
        main: Source::detached(template),
        fonts: fonts(),
    };
    let compiled = typst::compile::<PagedDocument>(&world).output;
    // Layout memoised for this document is of no use to the next export.
    typst::comemo::evict(0);
    compiled.map_err(|errors| {
        let messages: Vec<_> = errors.iter().map(|e| e.message.to_string()).collect();
        Error::InvalidState(format!("could not lay out the PDF: {}", messages.join("; ")))
    })
}

/// The PDF of laid-out pages.
fn write(document: &PagedDocument) -> Result<Vec<u8>> {
    let options = typst_pdf::PdfOptions { tagged: false, ..Default::default() };
    let written = typst_pdf::pdf(document, &options);
    // Writing memoises too (glyph bounds of every text run).
    typst::comemo::evict(0);
    written.map_err(|errors| {
        let messages: Vec<_> = errors.iter().map(|e| e.message.to_string()).collect();
        Error::InvalidState(format!("could not write the PDF: {}", messages.join("; ")))
    })
}

/// The characters of `input`'s strings that no installed font can show.
pub(crate) fn missing_in(input: &Value) -> Vec<char> {
    let mut chars = BTreeSet::new();
    collect_chars(input, &mut chars);
    unshowable(chars, fonts().book()).into_iter().collect()
}

/// The installed families the PDF asks for: one Latin sans, one CJK font.
fn chosen_families(book: &FontBook) -> Vec<&'static str> {
    [LATIN, CJK]
        .into_iter()
        .filter_map(|list| list.iter().copied().find(|family| book.contains_family(&family.to_lowercase())))
        .collect()
}

/// The characters of `chars` that no font in `book` covers. typst falls back to any
/// installed font, so a character is lost only when none has it.
fn unshowable(mut chars: BTreeSet<char>, book: &FontBook) -> BTreeSet<char> {
    let infos: Vec<_> = (0..).map_while(|index| book.info(index)).collect();
    chars.retain(|c| {
        !c.is_whitespace() && !c.is_control() && !infos.iter().any(|info| info.coverage.contains(u32::from(*c)))
    });
    chars
}

fn collect_chars(value: &Value, chars: &mut BTreeSet<char>) {
    match value {
        Value::String(text) => chars.extend(text.chars()),
        Value::Array(items) => items.iter().for_each(|item| collect_chars(item, chars)),
        Value::Object(map) => map.values().for_each(|item| collect_chars(item, chars)),
        _ => {}
    }
}

/// One line of plain text: line breaks become spaces; empty becomes a dash.
pub(crate) fn cell(text: &str) -> String {
    let text = text.trim().replace(['\r', '\n'], " ");
    if text.is_empty() {
        "—".into()
    } else {
        text
    }
}

/// A section body as paragraphs (split at blank lines) of lines, shown as written.
fn paragraphs(body: &str) -> Vec<Vec<String>> {
    let mut out: Vec<Vec<String>> = Vec::new();
    let mut current: Vec<String> = Vec::new();
    for line in body.trim_end().lines() {
        if line.trim().is_empty() {
            if !current.is_empty() {
                out.push(std::mem::take(&mut current));
            }
        } else {
            current.push(line.trim_end().to_string());
        }
    }
    if !current.is_empty() {
        out.push(current);
    }
    out
}

/// The review as the template's input: the same content, order and wording as the Markdown
/// and HTML exports.
fn review_json(data: &ReviewData, zone: &Zone) -> Value {
    let view = &data.view;
    let incident = &view.incident;
    let review = &data.review;
    let title =
        format!("{}Post-incident review: {}", if data.is_drill() { "DRILL — " } else { "" }, cell(&incident.title));
    let status = match review.status {
        ReviewStatus::Draft => format!("Draft (version {})", review.version),
        ReviewStatus::Published => format!(
            "Published (version {}) {} UTC by {}",
            review.version,
            review.published_at.map(utc).unwrap_or_default(),
            cell(review.published_by.as_deref().unwrap_or_default())
        ),
    };
    let facts = vec![
        ("Incident", cell(&incident.id)),
        ("Severity", cell(&incident.severity)),
        ("Runbook", format!("{} (revision {})", cell(&view.runbook_title), incident.runbook_revision)),
        ("Review", status),
        ("Times", format!("UTC and {}", cell(&zone.name))),
        ("Generated", format!("{} UTC", utc(data.generated_at))),
    ];
    let milestones: Vec<Vec<String>> = data
        .facts
        .milestones
        .iter()
        .map(|m| {
            let result = match (m.verdict, m.over_seconds) {
                (Verdict::Met, _) => "met".to_string(),
                (Verdict::Breached, Some(over)) => format!("breached by {}", duration(over)),
                (Verdict::Breached, None) => "breached".to_string(),
                (Verdict::Pending, _) => "not reached yet".to_string(),
                (Verdict::NoTarget, _) => "—".to_string(),
            };
            vec![
                capital(m.milestone.as_str()),
                m.at.map_or("—".into(), utc),
                m.at.map_or("—".into(), |at| zone.format(at)),
                m.since_detected_seconds.map_or("—".into(), duration),
                m.since_previous_seconds.map_or("—".into(), duration),
                m.target_minutes.map_or("—".into(), |t| duration(i64::from(t) * 60)),
                result,
            ]
        })
        .collect();
    let responders: Vec<Vec<String>> = data
        .facts
        .responders
        .iter()
        .map(|r| {
            let who = match (&r.person, &r.waived) {
                (Some(name), _) => cell(name),
                (None, Some(reason)) => format!("waived: {}", cell(reason)),
                (None, None) => "—".into(),
            };
            vec![cell(&r.role), who, utc(r.from), r.until.map_or("—".into(), utc), cell(&r.note)]
        })
        .collect();
    let phases: Vec<Vec<String>> = data
        .facts
        .phases
        .iter()
        .map(|p| {
            vec![
                capital(p.phase.as_str()),
                p.entered_at.map_or("—".into(), utc),
                p.left_at.map_or("—".into(), utc),
                p.seconds.map_or("—".into(), duration),
            ]
        })
        .collect();
    let skipped: Vec<Vec<String>> = data
        .facts
        .skipped
        .iter()
        .map(|s| {
            let status = if s.status == StepStatus::Skipped { "skipped" } else { "not applicable" };
            vec![
                capital(s.phase.as_str()),
                cell(&s.title),
                status.into(),
                cell(s.reason.as_deref().unwrap_or("—")),
                cell(s.by.as_deref().unwrap_or("—")),
            ]
        })
        .collect();
    let sections: Vec<Value> =
        review.sections.iter().map(|s| json!({ "title": cell(&s.title), "paragraphs": paragraphs(&s.body) })).collect();
    let highlights: Vec<[String; 3]> = data
        .facts
        .highlights
        .iter()
        .map(|entry| {
            [
                format!("{} UTC", utc(entry.occurred_at)),
                format!("({} {})", zone.format(entry.occurred_at), cell(&zone.name)),
                cell(&describe(entry, view)),
            ]
        })
        .collect();
    let actions: Vec<Vec<String>> = data
        .action_items
        .iter()
        .map(|item| {
            let status = match (item.status, item.overdue) {
                (ActionStatus::Open, true) => "overdue",
                (ActionStatus::Open, false) => "open",
                (ActionStatus::Done, _) => "done",
                (ActionStatus::Dropped, _) => "dropped",
            };
            vec![
                cell(&item.title),
                cell(&item.owner),
                item.due_on.map_or("—".into(), |d| d.to_string()),
                status.into(),
                item.runbook_id.as_deref().map_or("—".into(), cell),
            ]
        })
        .collect();
    json!({
        "title": title,
        "drill": data.is_drill(),
        "facts": facts,
        "milestones": {
            "headers": ["Milestone", format!("UTC / {}", cell(&zone.name)), "Since detection", "Since previous", "Target", "Result"],
            "rows": milestones,
        },
        "responders": responders,
        "phases": phases,
        "skipped": skipped,
        "sections": sections,
        "highlights": highlights,
        "actions": actions,
        // Room kept under the "Timeline" heading for the table's header and first row, so
        // the heading never ends a page alone.
        "timeline_room": 40,
    })
}

/// The timeline as the table shows it: sequence, UTC and local time, who, what (with when it
/// was written, if later, and what corrected it).
fn timeline_rows(data: &ReviewData, zone: &Zone) -> Vec<TimelineRow> {
    let view = &data.view;
    view.timeline
        .iter()
        .map(|entry| {
            let mut note = String::new();
            if entry.occurred_at != entry.event.recorded_at {
                note.push_str(&format!("(written {} UTC)", utc(entry.event.recorded_at)));
            }
            if let Some(seq) = entry.superseded_by {
                if !note.is_empty() {
                    note.push(' ');
                }
                note.push_str(&format!("(corrected by #{seq})"));
            }
            TimelineRow {
                seq: entry.event.seq.to_string(),
                at: utc(entry.occurred_at),
                local: zone.format(entry.occurred_at),
                who: cell(&entry.event.actor),
                what: cell(&describe(entry, view)),
                note,
                struck: entry.superseded_by.is_some(),
            }
        })
        .collect()
}

/// The one-file world a template compiles in: no file system, no packages, no clock.
struct TemplateWorld {
    library: LazyHash<Library>,
    main: Source,
    fonts: &'static FontStore,
}

fn mm(value: f64) -> Abs {
    Abs::mm(value)
}

impl World for TemplateWorld {
    fn library(&self) -> &LazyHash<Library> {
        &self.library
    }

    fn book(&self) -> &LazyHash<FontBook> {
        self.fonts.book()
    }

    fn main(&self) -> FileId {
        self.main.id()
    }

    fn source(&self, id: FileId) -> FileResult<Source> {
        if id == self.main.id() {
            Ok(self.main.clone())
        } else {
            Err(FileError::AccessDenied)
        }
    }

    fn file(&self, _id: FileId) -> FileResult<Bytes> {
        Err(FileError::AccessDenied)
    }

    fn font(&self, index: usize) -> Option<Font> {
        self.fonts.font(index)
    }

    fn today(&self, _offset: Option<Duration>) -> Option<Datetime> {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::paragraphs;

    #[test]
    fn bodies_split_into_paragraphs_of_lines() {
        assert_eq!(
            paragraphs("one\ntwo\n\n\nthree  \n"),
            vec![vec!["one".to_string(), "two".to_string()], vec!["three".to_string()]]
        );
        assert!(paragraphs("  \n").is_empty());
    }
}
