//! The review as JSON for other tools: format `muster.review`, version 1, described by the JSON
//! Schema in `docs/schemas/review-export-v1.schema.json` (a test validates every export against
//! it). Times are RFC 3339 in UTC. A change that would break a reader means version 2; new
//! optional fields do not.

use chrono::{DateTime, Utc};
use serde::Serialize;

use super::{describe, ReviewData};
use crate::action_item::ActionItem;
use crate::error::{Error, Result};
use crate::incident::IncidentMode;
use crate::milestone::Milestone;
use crate::phase::Phase;
use crate::review::{MilestoneFact, PhaseFact, ResponderFact, Review, SettledStep};

pub const FORMAT: &str = "muster.review";
pub const VERSION: u32 = 1;

#[derive(Serialize)]
struct Export<'a> {
    format: &'static str,
    version: u32,
    generated_at: DateTime<Utc>,
    incident: IncidentPart<'a>,
    review: &'a Review,
    facts: FactsPart<'a>,
    action_items: &'a [ActionItem],
    timeline: Vec<EventPart<'a>>,
}

#[derive(Serialize)]
struct IncidentPart<'a> {
    id: &'a str,
    title: &'a str,
    severity: &'a str,
    mode: IncidentMode,
    drill: bool,
    runbook: RunbookPart<'a>,
    phase: Phase,
    declared_at: DateTime<Utc>,
    detected_at: DateTime<Utc>,
    acknowledged_at: Option<DateTime<Utc>>,
    mitigated_at: Option<DateTime<Utc>>,
    resolved_at: Option<DateTime<Utc>>,
    closed_at: Option<DateTime<Utc>>,
}

#[derive(Serialize)]
struct RunbookPart<'a> {
    id: &'a str,
    revision: u32,
    title: &'a str,
}

#[derive(Serialize)]
struct FactsPart<'a> {
    responders: &'a [ResponderFact],
    milestones: &'a [MilestoneFact],
    phases: &'a [PhaseFact],
    skipped: &'a [SettledStep],
}

#[derive(Serialize)]
struct EventPart<'a> {
    id: &'a str,
    seq: u32,
    kind: &'static str,
    occurred_at: DateTime<Utc>,
    recorded_at: DateTime<Utc>,
    actor: &'a str,
    /// The event in one sentence (English).
    summary: String,
    /// The sequence number of the correction that supersedes this event.
    superseded_by: Option<u32>,
    highlight: bool,
    /// The event's own data, as stored (see `docs/review-export.md`).
    payload: serde_json::Value,
}

/// The value with every object's keys in alphabetical order. Key order of a `Value` depends on
/// whether some crate in the build turns on serde_json's `preserve_order`; sorting makes the
/// export the same from the app, the CLI and the tests.
fn sorted(value: serde_json::Value) -> serde_json::Value {
    match value {
        serde_json::Value::Object(map) => {
            let mut entries: Vec<(String, serde_json::Value)> = map.into_iter().collect();
            entries.sort_by(|a, b| a.0.cmp(&b.0));
            serde_json::Value::Object(entries.into_iter().map(|(k, v)| (k, sorted(v))).collect())
        }
        serde_json::Value::Array(items) => serde_json::Value::Array(items.into_iter().map(sorted).collect()),
        other => other,
    }
}

pub fn render(data: &ReviewData) -> Result<String> {
    let view = &data.view;
    let incident = &view.incident;
    let timeline = view
        .timeline
        .iter()
        .map(|entry| {
            let payload = serde_json::to_value(&entry.event.body)
                .map(|mut tagged| sorted(tagged.get_mut("payload").map(serde_json::Value::take).unwrap_or_default()))
                .map_err(|err| Error::InvalidState(format!("event {} cannot be exported: {err}", entry.event.seq)))?;
            Ok(EventPart {
                id: &entry.event.id,
                seq: entry.event.seq,
                kind: entry.event.body.kind(),
                occurred_at: entry.occurred_at,
                recorded_at: entry.event.recorded_at,
                actor: &entry.event.actor,
                summary: describe(entry, view),
                superseded_by: entry.superseded_by,
                highlight: data.review.highlights.contains(&entry.event.id),
                payload,
            })
        })
        .collect::<Result<Vec<_>>>()?;
    let export = Export {
        format: FORMAT,
        version: VERSION,
        generated_at: data.generated_at,
        incident: IncidentPart {
            id: &incident.id,
            title: &incident.title,
            severity: &incident.severity,
            mode: incident.mode,
            drill: data.is_drill(),
            runbook: RunbookPart {
                id: &incident.runbook_id,
                revision: incident.runbook_revision,
                title: &view.runbook_title,
            },
            phase: incident.phase,
            declared_at: incident.started_at,
            detected_at: incident.detected_at,
            acknowledged_at: incident.milestone(Milestone::Acknowledged),
            mitigated_at: incident.milestone(Milestone::Mitigated),
            resolved_at: incident.milestone(Milestone::Resolved),
            closed_at: incident.closed_at,
        },
        review: &data.review,
        facts: FactsPart {
            responders: &data.facts.responders,
            milestones: &data.facts.milestones,
            phases: &data.facts.phases,
            skipped: &data.facts.skipped,
        },
        action_items: &data.action_items,
        timeline,
    };
    serde_json::to_string_pretty(&export)
        .map_err(|err| Error::InvalidState(format!("the review cannot be exported: {err}")))
}
