//! One plain sentence per timeline event, for exports ("Skipped “Roll back”: not the cause").
//! The window has its own sentences, translated, in `ui/src/lib/i18n/incident.ts`.

use super::capital;
use crate::incident::{IncidentMode, IncidentView, TimelineEntry};
use crate::timeline::EventBody;

/// What the event says, with step, role and person names resolved from the view, and the
/// corrected text when an event's text was corrected.
pub fn describe(entry: &TimelineEntry, view: &IncidentView) -> String {
    let step = |key: &str| view.step(key).map_or_else(|| key.to_string(), |s| s.step.title.clone());
    let role =
        |id: &str| view.roles.iter().find(|h| h.role.id == id).map_or_else(|| id.to_string(), |h| h.role.name.clone());
    let text = |original: &str| entry.text.clone().unwrap_or_else(|| original.to_string());
    let drill = view.drill.as_ref();
    let scenario = |key: &str| {
        drill
            .and_then(|d| d.scenarios.iter().find(|s| s.key == key))
            .map_or_else(|| key.to_string(), |s| s.name.clone())
    };
    let inject = |number: &u32| match drill.and_then(|d| d.inject(*number)) {
        Some(state) => format!("Inject {number} ({})", state.inject.message),
        None => format!("Inject {number}"),
    };
    let with_note = |sentence: String, note: &Option<String>| match note.as_deref().filter(|n| !n.is_empty()) {
        Some(note) => format!("{sentence} — {note}"),
        None => sentence,
    };
    match &entry.event.body {
        EventBody::IncidentDeclared { title, severity, mode, .. } => {
            format!("Declared {severity} {}: {title}", if *mode == IncidentMode::Drill { "drill" } else { "incident" })
        }
        EventBody::RoleAssigned { role: id, name, .. } => format!("{name} holds {}", role(id)),
        EventBody::RoleWaived { role: id, reason } => format!("{} waived: {reason}", role(id)),
        EventBody::RoleHandedOver { role: id, name, note, .. } => {
            with_note(format!("{} handed over to {name}", role(id)), &Some(note.clone()))
        }
        EventBody::PhaseEntered { phase } => format!("Entered {}", capital(phase.as_str())),
        EventBody::StepTicked { step: key, note, evidence } => {
            let done = format!("Done: {}", step(key));
            let done = match evidence {
                Some(evidence) => format!("{done} (evidence: {evidence})"),
                None => done,
            };
            with_note(done, note)
        }
        EventBody::StepUnticked { step: key, note } => with_note(format!("Reopened: {}", step(key)), note),
        EventBody::StepSkipped { step: key, reason } => format!("Skipped: {} — {}", step(key), text(reason)),
        EventBody::StepNotApplicable { step: key, note } => with_note(format!("Not applicable: {}", step(key)), note),
        EventBody::StepDecided { step: key, option, note } => with_note(format!("{} → {option}", step(key)), note),
        EventBody::StepNoted { step: key, note } => format!("Note on {}: {}", step(key), text(note)),
        EventBody::MilestoneReached { milestone, manual } => {
            format!("{}{}", capital(milestone.as_str()), if *manual { " (set by hand)" } else { "" })
        }
        EventBody::SeverityChanged { from, to } => format!("Severity {from} → {to}"),
        EventBody::TimerBreached { timer, .. } => match timer.strip_prefix("step:") {
            Some(key) => format!("Target missed: {}", step(key)),
            None => format!("Target missed: {timer}"),
        },
        EventBody::StatusUpdated { text: original } => format!("Status update: {}", text(original)),
        EventBody::ReminderSnoozed { until } => format!("Status reminder snoozed until {}", super::utc(*until)),
        EventBody::LogEntry { text: original } => text(original),
        EventBody::EventCorrected { seq, reason, .. } => format!("Corrected entry #{seq}: {reason}"),
        EventBody::IncidentClosed { note } => with_note("Closed".to_string(), &Some(note.clone())),
        EventBody::ClockJumped { from, to } => {
            format!("The system clock jumped from {} to {} UTC", super::utc(*from), super::utc(*to))
        }
        EventBody::DrillStarted { scenario: key } => format!("Drill clock started: scenario {}", scenario(key)),
        EventBody::DrillPaused {} => "Drill clock paused".to_string(),
        EventBody::DrillResumed {} => "Drill clock resumed".to_string(),
        EventBody::DrillSpeedChanged { speed } => format!("Drill clock speed ×{speed}"),
        EventBody::InjectDelivered { inject: n, fired: false } => format!("{} delivered", inject(n)),
        EventBody::InjectDelivered { inject: n, fired: true } => {
            format!("{} delivered early by the facilitator", inject(n))
        }
        EventBody::InjectSkipped { inject: n } => format!("{} skipped by the facilitator", inject(n)),
        EventBody::InjectAcknowledged { inject: n } => format!("{} acknowledged", inject(n)),
    }
}
