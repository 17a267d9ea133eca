//! Exports of an incident's review, for people who never open Muster: Markdown, one
//! self-contained HTML file, a PDF (A4 or Letter) and JSON for other tools
//! (`docs/review-export.md`). Also the forms printed from a running incident (`briefing`,
//! ICS-201; `activity_log`, ICS-214), built as a `document::Document` and rendered to Markdown
//! or HTML, and a runbook printed as a paper checklist (`checklist`, PDF).
//!
//! Every format is rendered from one [`ReviewData`], gathered in one read from the store, so
//! the formats agree. Times are shown in UTC and in the responder's local zone side by side.
//!
//! Invariant: text from users and imported runbooks never becomes live markup. The Markdown
//! export escapes it (`markdown`), the HTML export renders section bodies through
//! [`crate::html::markdown_to_html`] and escapes everything else, the PDF export hands text
//! to a fixed typst template as data (`pdf`), the JSON export is data.
//!
//! Invariant: an export is written to a temporary file beside the target and renamed into
//! place, so a failed export leaves no partial file.

pub mod activity_log;
pub mod briefing;
pub mod checklist;
mod describe;
pub mod document;
pub mod html;
pub mod json;
pub mod markdown;
pub mod pdf;
mod timeline_pages;

use std::path::Path;

use chrono::{DateTime, FixedOffset, Offset, Utc};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::action_item::{ActionItem, ActionStatus};
use crate::error::Result;
use crate::incident::{IncidentMode, IncidentView, StepStatus};
use crate::review::{MilestoneFact, Review, ReviewFacts, Verdict};

pub use describe::describe;

/// The formats a review exports to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "lowercase")]
pub enum ExportFormat {
    Markdown,
    Html,
    Json,
    Pdf,
}

impl ExportFormat {
    pub fn parse(text: &str) -> Option<ExportFormat> {
        match text {
            "md" | "markdown" => Some(ExportFormat::Markdown),
            "html" => Some(ExportFormat::Html),
            "json" => Some(ExportFormat::Json),
            "pdf" => Some(ExportFormat::Pdf),
            _ => None,
        }
    }
}

/// The page size of a PDF export; the other formats have no pages.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "lowercase")]
pub enum PaperSize {
    #[default]
    A4,
    /// US Letter, 8.5 × 11 in.
    Letter,
}

impl PaperSize {
    pub fn parse(text: &str) -> Option<PaperSize> {
        match text.to_ascii_lowercase().as_str() {
            "a4" => Some(PaperSize::A4),
            "letter" | "us-letter" => Some(PaperSize::Letter),
            _ => None,
        }
    }
}

/// Everything a review export shows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReviewData {
    pub view: IncidentView,
    pub review: Review,
    pub facts: ReviewFacts,
    pub action_items: Vec<ActionItem>,
    pub generated_at: DateTime<Utc>,
}

impl ReviewData {
    pub fn is_drill(&self) -> bool {
        self.view.incident.mode == IncidentMode::Drill
    }
}

/// The responder's time zone: its offset from UTC and the name shown in column headings.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Zone {
    pub name: String,
    pub offset: FixedOffset,
}

impl Zone {
    pub fn utc() -> Zone {
        Zone { name: "UTC".into(), offset: Utc.fix() }
    }

    /// A zone named by its offset ("UTC+02:00"); the caller reads the machine's offset (the
    /// core never reads the clock or the zone itself).
    pub fn from_offset(offset: FixedOffset) -> Zone {
        Zone { name: format!("UTC{offset}"), offset }
    }

    /// `YYYY-MM-DD HH:MM:SS` in this zone.
    pub fn format(&self, at: DateTime<Utc>) -> String {
        at.with_timezone(&self.offset).format("%Y-%m-%d %H:%M:%S").to_string()
    }
}

/// "mitigated" → "Mitigated".
pub(crate) fn capital(word: &str) -> String {
    let mut chars = word.chars();
    chars.next().map_or_else(String::new, |first| first.to_uppercase().chain(chars).collect())
}

/// A label every format prints, with the class the HTML export styles it with (`None`: plain).
pub(crate) struct Label {
    pub class: Option<&'static str>,
    pub text: String,
}

/// A milestone's result against its target: "met", "breached by 30 min", "not reached yet".
pub(crate) fn milestone_result(m: &MilestoneFact) -> Label {
    let (class, text) = match (m.verdict, m.over_seconds) {
        (Verdict::Met, _) => (Some("met"), "met".to_string()),
        (Verdict::Breached, Some(over)) => (Some("breached"), format!("breached by {}", duration(over))),
        (Verdict::Breached, None) => (Some("breached"), "breached".to_string()),
        (Verdict::Pending, _) => (Some("muted"), "not reached yet".to_string()),
        (Verdict::NoTarget, _) => (None, "—".to_string()),
    };
    Label { class, text }
}

/// An action item's status, "overdue" when it is open past its due date.
pub(crate) fn action_status(item: &ActionItem) -> Label {
    let (class, text) = match (item.status, item.overdue) {
        (ActionStatus::Open, true) => (Some("overdue"), "overdue"),
        (ActionStatus::Open, false) => (None, "open"),
        (ActionStatus::Done, _) => (None, "done"),
        (ActionStatus::Dropped, _) => (None, "dropped"),
    };
    Label { class, text: text.to_string() }
}

/// How a step was settled without being done.
pub(crate) fn settled_status(status: StepStatus) -> &'static str {
    if status == StepStatus::Skipped {
        "skipped"
    } else {
        "not applicable"
    }
}

/// `YYYY-MM-DD HH:MM:SS` in UTC.
pub fn utc(at: DateTime<Utc>) -> String {
    at.format("%Y-%m-%d %H:%M:%S").to_string()
}

/// "1 h 05 min", "3 min", "45 s" — durations as a reader says them.
pub fn duration(seconds: i64) -> String {
    let sign = if seconds < 0 { "−" } else { "" };
    let s = seconds.unsigned_abs();
    let (days, hours, minutes) = (s / 86_400, s / 3600 % 24, s / 60 % 60);
    match (days, hours, minutes) {
        (0, 0, 0) => format!("{sign}{s} s"),
        (0, 0, m) => format!("{sign}{m} min"),
        (0, h, m) => format!("{sign}{h} h {m:02} min"),
        (d, h, _) => format!("{sign}{d} d {h} h"),
    }
}

/// Renders the review in `format`: UTF-8 text, or PDF bytes laid out on `paper` (the text
/// formats have no pages and ignore it).
pub fn render(data: &ReviewData, format: ExportFormat, zone: &Zone, paper: PaperSize) -> Result<Vec<u8>> {
    Ok(match format {
        ExportFormat::Markdown => markdown::render(data, zone).into_bytes(),
        ExportFormat::Html => html::render(data, zone).into_bytes(),
        ExportFormat::Json => json::render(data)?.into_bytes(),
        ExportFormat::Pdf => pdf::render(data, zone, paper)?,
    })
}

/// Writes an export's text to `path` through a temporary file and a rename.
pub fn write_text(path: &Path, text: &str) -> Result<()> {
    crate::library::write_atomically(path, text.as_bytes())
}

/// Renders the review and writes it to `path` through a temporary file and a rename.
pub fn write(data: &ReviewData, format: ExportFormat, zone: &Zone, paper: PaperSize, path: &Path) -> Result<()> {
    crate::library::write_atomically(path, &render(data, format, zone, paper)?)
}
