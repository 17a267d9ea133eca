//! The incident timeline: an append-only, hash-chained list of everything that happened.
//!
//! Invariant: every state change of an incident is a [`TimelineEvent`]; the incident's state is
//! the fold of its events. Events are never updated or deleted (triggers in the schema refuse
//! it); a correction is a new event.
//!
//! Invariant: each event's `hash` is SHA-256 over the previous event's hash and a canonical
//! encoding of the event, and the incident row keeps the head of the chain, so an edit, a
//! deletion (even of the last event) or a reordering behind Muster's back is detected.

use chrono::{DateTime, SecondsFormat, Utc};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use ts_rs::TS;

use crate::incident::IncidentMode;

/// What happened, with its data. The tag is the stable `kind` stored in the database.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(tag = "kind", content = "payload")]
pub enum EventBody {
    #[serde(rename = "incident.declared")]
    IncidentDeclared { title: String, severity: String, mode: IncidentMode, runbook_id: String, runbook_revision: u32 },
    #[serde(rename = "step.ticked")]
    StepTicked { step: String },
    #[serde(rename = "step.unticked")]
    StepUnticked { step: String },
    /// The system clock moved by more than real time passed (see [`crate::clock::ClockWatch`]):
    /// times recorded around it may be off.
    #[serde(rename = "clock.jumped")]
    ClockJumped { from: DateTime<Utc>, to: DateTime<Utc> },
}

impl EventBody {
    pub fn kind(&self) -> &'static str {
        match self {
            EventBody::IncidentDeclared { .. } => "incident.declared",
            EventBody::StepTicked { .. } => "step.ticked",
            EventBody::StepUnticked { .. } => "step.unticked",
            EventBody::ClockJumped { .. } => "clock.jumped",
        }
    }

    /// The payload as stored: compact JSON, the exact text the hash covers.
    pub fn payload_json(&self) -> String {
        match serde_json::to_value(self) {
            Ok(serde_json::Value::Object(mut map)) => {
                map.remove("payload").map(|p| p.to_string()).unwrap_or_else(|| "null".into())
            }
            _ => "null".into(),
        }
    }

    pub fn from_stored(kind: &str, payload: &str) -> serde_json::Result<EventBody> {
        let payload: serde_json::Value = serde_json::from_str(payload)?;
        serde_json::from_value(serde_json::json!({ "kind": kind, "payload": payload }))
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct TimelineEvent {
    /// UUIDv7: unique across machines, so logs from several laptops can merge later.
    pub id: String,
    pub incident_id: String,
    /// 1, 2, 3… within the incident, in the order events were recorded.
    pub seq: u32,
    /// When it happened; may be earlier than `recorded_at` when written down late.
    pub occurred_at: DateTime<Utc>,
    /// When Muster wrote it.
    pub recorded_at: DateTime<Utc>,
    pub actor: String,
    #[serde(flatten)]
    pub body: EventBody,
    pub hash: String,
}

/// The fixed text form of a time in the store: RFC 3339, UTC, milliseconds, so that text order
/// is time order.
pub fn stored_time(at: DateTime<Utc>) -> String {
    at.to_rfc3339_opts(SecondsFormat::Millis, true)
}

/// An event exactly as stored: the text the hash chain covers.
#[derive(Debug, Clone, Copy)]
pub struct StoredFields<'a> {
    pub id: &'a str,
    pub incident_id: &'a str,
    pub seq: u32,
    pub occurred_at: &'a str,
    pub recorded_at: &'a str,
    pub actor: &'a str,
    pub kind: &'a str,
    pub payload: &'a str,
}

/// The hash that chains an event to the one before it (`prev_hash` is empty for the first).
pub fn chain_hash(prev_hash: &str, event: &StoredFields<'_>) -> String {
    // A JSON array is an unambiguous encoding: no field can run into the next.
    let canonical = serde_json::json!([
        prev_hash,
        event.id,
        event.incident_id,
        event.seq,
        event.occurred_at,
        event.recorded_at,
        event.actor,
        event.kind,
        event.payload
    ]);
    let digest = Sha256::digest(canonical.to_string().as_bytes());
    digest.iter().map(|b| format!("{b:02x}")).collect()
}

/// The outcome of checking one incident's chain.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct ChainReport {
    pub incident_id: String,
    pub events_checked: u32,
    /// The sequence number of the first event that does not verify, when the chain is broken.
    pub first_broken_seq: Option<u32>,
    pub problem: Option<String>,
}

impl ChainReport {
    pub fn holds(&self) -> bool {
        self.problem.is_none()
    }
}
