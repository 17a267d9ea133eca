//! The incident briefing, in the shape of the ICS-201 form used at shift handover: the
//! current situation, the objectives (what the plan still expects in the current phase), the
//! current actions (the latest entries) and the organisation (who holds which role, and how to
//! reach them), built from the incident's view at a given moment.

use chrono::{DateTime, Utc};

use super::document::{Block, Document};
use super::{capital, describe, utc, Zone};
use crate::incident::{IncidentMode, IncidentView, StepStatus};
use crate::timer::TimerKind;

/// How many of the latest timeline entries "Current actions" lists.
const RECENT: usize = 15;

pub fn briefing(view: &IncidentView, now: DateTime<Utc>, zone: &Zone, prepared_by: &str) -> Document {
    let incident = &view.incident;
    let at = |t: DateTime<Utc>| format!("{} UTC ({} {})", utc(t), zone.format(t), zone.name);
    let status = match (incident.closed_at, view.milestones.resolved) {
        (Some(closed), _) => format!("closed {}", at(closed)),
        (None, Some(resolved)) => format!("resolved {}; in {}", at(resolved), capital(incident.phase.as_str())),
        (None, None) => format!("open; in {}", capital(incident.phase.as_str())),
    };
    let mut blocks = vec![Block::Facts(vec![
        ("Incident".into(), incident.title.clone()),
        ("Severity".into(), incident.severity.clone()),
        ("Runbook".into(), format!("{} (revision {})", view.runbook_title, incident.runbook_revision)),
        ("Status".into(), status),
        ("Detected".into(), at(incident.detected_at)),
        ("Declared".into(), at(incident.started_at)),
        ("Prepared".into(), format!("{} by {prepared_by}", at(now))),
    ])];

    blocks.push(Block::Heading("Current situation".into()));
    blocks.push(Block::Paragraph(match &view.last_status {
        Some(entry) => format!(
            "Last status update, {}: {}",
            at(entry.occurred_at),
            entry.text.clone().unwrap_or_else(|| describe(entry, view))
        ),
        None => "No status update has been recorded yet.".into(),
    }));
    let m = &view.milestones;
    let milestone_row = |name: &str, when: Option<DateTime<Utc>>| {
        vec![name.to_string(), when.map_or("not yet".into(), utc), when.map_or("—".into(), |t| zone.format(t))]
    };
    blocks.push(Block::Table {
        headers: vec!["Milestone".into(), "UTC".into(), zone.name.clone()],
        rows: vec![
            milestone_row("Detected", Some(m.detected)),
            milestone_row("Acknowledged", m.acknowledged),
            milestone_row("Mitigated", m.mitigated),
            milestone_row("Resolved", m.resolved),
        ],
    });
    let running: Vec<Vec<String>> = view
        .timers
        .iter()
        .filter(|timer| timer.stopped_at.is_none() && timer.kind != TimerKind::Step)
        .map(|timer| {
            let what = match timer.kind {
                TimerKind::StatusUpdate => "Next status update".to_string(),
                other => format!("Target: {}", format!("{other:?}").to_lowercase()),
            };
            let state = if timer.due_at <= now { "overdue" } else { "running" };
            vec![what, utc(timer.due_at), zone.format(timer.due_at), state.into()]
        })
        .collect();
    if !running.is_empty() {
        blocks.push(Block::Table {
            headers: vec!["Clock".into(), "Due (UTC)".into(), format!("Due ({})", zone.name), "State".into()],
            rows: running,
        });
    }

    blocks.push(Block::Heading("Objectives".into()));
    let holder = |role: &Option<String>| {
        role.as_ref()
            .and_then(|id| view.roles.iter().find(|h| &h.role.id == id))
            .map(|h| match &h.person {
                Some(person) => format!(" — {}: {}", h.role.name, person.name),
                None => format!(" — {}", h.role.name),
            })
            .unwrap_or_default()
    };
    let objectives: Vec<String> = view
        .phases
        .iter()
        .filter(|phase| phase.phase == incident.phase)
        .flat_map(|phase| phase.steps.iter())
        .filter(|s| !s.hidden && !s.step.optional && s.status == StepStatus::Open)
        .map(|s| format!("{}{}", s.step.title, holder(&s.step.role)))
        .collect();
    if objectives.is_empty() {
        blocks.push(Block::Paragraph(format!(
            "Every step the plan expects in {} is settled.",
            capital(incident.phase.as_str())
        )));
    } else {
        blocks.push(Block::List(objectives));
    }

    blocks.push(Block::Heading(format!("Current actions (latest {RECENT})")));
    blocks.push(Block::Table {
        headers: vec!["UTC".into(), zone.name.clone(), "Who".into(), "What".into()],
        rows: view
            .timeline
            .iter()
            .rev()
            .take(RECENT)
            .map(|entry| {
                vec![
                    utc(entry.occurred_at),
                    zone.format(entry.occurred_at),
                    entry.event.actor.clone(),
                    describe(entry, view),
                ]
            })
            .collect(),
    });

    blocks.push(Block::Heading("Organisation".into()));
    blocks.push(Block::Table {
        headers: vec!["Role".into(), "Held by".into(), "Phone".into(), "Since (UTC)".into()],
        rows: view
            .roles
            .iter()
            .map(|h| {
                let (who, phone) = match (&h.person, &h.waived) {
                    (Some(person), _) => (person.name.clone(), person.phone.clone()),
                    (None, Some(reason)) => (format!("waived: {reason}"), String::new()),
                    (None, None) => ("vacant".into(), String::new()),
                };
                vec![h.role.name.clone(), who, phone, h.since.map_or("—".into(), utc)]
            })
            .collect(),
    });

    Document {
        title: format!("Incident briefing (ICS-201): {}", incident.title),
        mark: (incident.mode == IncidentMode::Drill).then(|| "DRILL".to_string()),
        blocks,
    }
}
