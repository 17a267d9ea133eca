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
use crate::milestone::Milestone;
use crate::phase::Phase;

/// What happened, with its data. The tag is the stable `kind` stored in the database.
///
/// Invariant: a kind and its payload fields, once shipped, keep their meaning; new fields are
/// optional, so events written by an older Muster still read.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(tag = "kind", content = "payload")]
pub enum EventBody {
    #[serde(rename = "incident.declared")]
    IncidentDeclared {
        title: String,
        severity: String,
        mode: IncidentMode,
        runbook_id: String,
        runbook_revision: u32,
        /// When the problem was first noticed; the declaration time when not given.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        detected_at: Option<DateTime<Utc>>,
    },
    #[serde(rename = "role.assigned")]
    RoleAssigned { role: String, person: String, name: String },
    #[serde(rename = "role.waived")]
    RoleWaived { role: String, reason: String },
    #[serde(rename = "role.handed_over")]
    RoleHandedOver { role: String, from: Option<String>, to: String, name: String, note: String },
    #[serde(rename = "phase.entered")]
    PhaseEntered { phase: Phase },
    #[serde(rename = "step.ticked")]
    StepTicked {
        step: String,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        note: Option<String>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        evidence: Option<String>,
    },
    #[serde(rename = "step.unticked")]
    StepUnticked {
        step: String,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        note: Option<String>,
    },
    #[serde(rename = "step.skipped")]
    StepSkipped { step: String, reason: String },
    #[serde(rename = "step.not_applicable")]
    StepNotApplicable {
        step: String,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        note: Option<String>,
    },
    /// A decision step answered: it counts as done, and steps conditional on it show or hide.
    #[serde(rename = "step.decided")]
    StepDecided {
        step: String,
        option: String,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        note: Option<String>,
    },
    #[serde(rename = "step.noted")]
    StepNoted { step: String, note: String },
    /// `manual` when a person set it by hand rather than by finishing a step.
    #[serde(rename = "milestone.reached")]
    MilestoneReached { milestone: Milestone, manual: bool },
    #[serde(rename = "severity.changed")]
    SeverityChanged { from: String, to: String },
    /// A service or step target passed without being met; `occurred_at` is the moment it passed.
    #[serde(rename = "timer.breached")]
    TimerBreached { timer: String, due_at: DateTime<Utc> },
    #[serde(rename = "status.updated")]
    StatusUpdated { text: String },
    #[serde(rename = "reminder.snoozed")]
    ReminderSnoozed { until: DateTime<Utc> },
    #[serde(rename = "log.entry")]
    LogEntry { text: String },
    /// Supersedes an earlier event's time and/or text; both stay in the timeline.
    #[serde(rename = "event.corrected")]
    EventCorrected { event: String, seq: u32, occurred_at: Option<DateTime<Utc>>, text: Option<String>, reason: String },
    #[serde(rename = "incident.closed")]
    IncidentClosed { note: String },
    /// The system clock moved by more than real time passed (see [`crate::clock::ClockWatch`]):
    /// times recorded around it may be off.
    #[serde(rename = "clock.jumped")]
    ClockJumped { from: DateTime<Utc>, to: DateTime<Utc> },
    /// The facilitator started the drill clock on a scenario of the runbook (at ×1).
    #[serde(rename = "drill.started")]
    DrillStarted { scenario: String },
    #[serde(rename = "drill.paused")]
    DrillPaused {},
    #[serde(rename = "drill.resumed")]
    DrillResumed {},
    #[serde(rename = "drill.speed_changed")]
    DrillSpeedChanged { speed: u32 },
    /// An inject reached the players: dated when its drill time came (`fired`: the facilitator
    /// sent it early, dated when they did).
    #[serde(rename = "inject.delivered")]
    InjectDelivered { inject: u32, fired: bool },
    /// The facilitator left an inject out of this drill; it does not count in the scorecard.
    #[serde(rename = "inject.skipped")]
    InjectSkipped { inject: u32 },
    #[serde(rename = "inject.acknowledged")]
    InjectAcknowledged { inject: u32 },
}

impl EventBody {
    pub fn kind(&self) -> &'static str {
        match self {
            EventBody::IncidentDeclared { .. } => "incident.declared",
            EventBody::RoleAssigned { .. } => "role.assigned",
            EventBody::RoleWaived { .. } => "role.waived",
            EventBody::RoleHandedOver { .. } => "role.handed_over",
            EventBody::PhaseEntered { .. } => "phase.entered",
            EventBody::StepTicked { .. } => "step.ticked",
            EventBody::StepUnticked { .. } => "step.unticked",
            EventBody::StepSkipped { .. } => "step.skipped",
            EventBody::StepNotApplicable { .. } => "step.not_applicable",
            EventBody::StepDecided { .. } => "step.decided",
            EventBody::StepNoted { .. } => "step.noted",
            EventBody::MilestoneReached { .. } => "milestone.reached",
            EventBody::SeverityChanged { .. } => "severity.changed",
            EventBody::TimerBreached { .. } => "timer.breached",
            EventBody::StatusUpdated { .. } => "status.updated",
            EventBody::ReminderSnoozed { .. } => "reminder.snoozed",
            EventBody::LogEntry { .. } => "log.entry",
            EventBody::EventCorrected { .. } => "event.corrected",
            EventBody::IncidentClosed { .. } => "incident.closed",
            EventBody::ClockJumped { .. } => "clock.jumped",
            EventBody::DrillStarted { .. } => "drill.started",
            EventBody::DrillPaused {} => "drill.paused",
            EventBody::DrillResumed {} => "drill.resumed",
            EventBody::DrillSpeedChanged { .. } => "drill.speed_changed",
            EventBody::InjectDelivered { .. } => "inject.delivered",
            EventBody::InjectSkipped { .. } => "inject.skipped",
            EventBody::InjectAcknowledged { .. } => "inject.acknowledged",
        }
    }

    /// The step the event is about, for step events.
    pub fn step(&self) -> Option<&str> {
        match self {
            EventBody::StepTicked { step, .. }
            | EventBody::StepUnticked { step, .. }
            | EventBody::StepSkipped { step, .. }
            | EventBody::StepNotApplicable { step, .. }
            | EventBody::StepDecided { step, .. }
            | EventBody::StepNoted { step, .. } => Some(step),
            _ => None,
        }
    }

    /// The free text a correction may replace, for the kinds that carry one.
    pub fn text(&self) -> Option<&str> {
        match self {
            EventBody::LogEntry { text } | EventBody::StatusUpdated { text } => Some(text),
            EventBody::StepNoted { note, .. } => Some(note),
            EventBody::StepSkipped { reason, .. } => Some(reason),
            _ => None,
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
        // One pass over the text: the stored kind is a known tag (no quoting needed) and the
        // stored payload is already JSON; building a `Value` first would parse it twice.
        if kind.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'.' || b == b'_') {
            serde_json::from_str(&format!("{{\"kind\":\"{kind}\",\"payload\":{payload}}}"))
        } else {
            serde_json::from_value(
                serde_json::json!({ "kind": kind, "payload": serde_json::from_str::<serde_json::Value>(payload)? }),
            )
        }
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

/// Reads a time written by [`stored_time`]; any other RFC 3339 text is read too, more slowly.
pub fn parse_stored_time(text: &str) -> Option<DateTime<Utc>> {
    let b = text.as_bytes();
    let fixed = b.len() == 24
        && [(4, b'-'), (7, b'-'), (10, b'T'), (13, b':'), (16, b':'), (19, b'.'), (23, b'Z')]
            .iter()
            .all(|&(i, c)| b[i] == c);
    if fixed {
        let num = |from: usize, to: usize| -> Option<u32> {
            b[from..to].iter().try_fold(0u32, |n, d| d.is_ascii_digit().then(|| n * 10 + u32::from(d - b'0')))
        };
        let date = chrono::NaiveDate::from_ymd_opt(num(0, 4)? as i32, num(5, 7)?, num(8, 10)?)?;
        let time = date.and_hms_milli_opt(num(11, 13)?, num(14, 16)?, num(17, 19)?, num(20, 23)?)?;
        return Some(time.and_utc());
    }
    DateTime::parse_from_rfc3339(text).ok().map(|t| t.with_timezone(&Utc))
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

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn stored_times_read_back_exactly() {
        let at = Utc.with_ymd_and_hms(2026, 2, 28, 23, 59, 58).unwrap() + chrono::Duration::milliseconds(7);
        assert_eq!(parse_stored_time(&stored_time(at)), Some(at));
        // Other RFC 3339 forms still read, through the general parser.
        assert_eq!(parse_stored_time("2026-03-01T07:59:58.007+08:00"), Some(at));
        assert_eq!(parse_stored_time("2026-02-30T00:00:00.000Z"), None, "no 30 February");
        assert_eq!(parse_stored_time("2026-02-2xT00:00:00.000Z"), None);
    }
}
