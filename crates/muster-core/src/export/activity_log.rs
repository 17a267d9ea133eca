//! The activity log of one person or one role, in the shape of the ICS-214 form: the incident,
//! the operational period, who and in which role, then the time and the notable activity of
//! every entry that concerns them in that period.

use chrono::{DateTime, Utc};

use super::document::{Block, Document};
use super::{describe, utc, Zone};
use crate::incident::{IncidentMode, IncidentView, TimelineEntry};
use crate::timeline::EventBody;

/// Whose log.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Subject {
    /// A roster person's id: the entries about steps of roles they held and the roles they took.
    Person(String),
    /// A role's id: the entries about its steps and about who held it.
    Role(String),
}

/// The log of `subject` for entries that happened from `from` to `to` (both included; the
/// whole incident when `None`).
pub fn activity_log(
    view: &IncidentView,
    subject: &Subject,
    from: Option<DateTime<Utc>>,
    to: Option<DateTime<Utc>>,
    zone: &Zone,
) -> Document {
    let incident = &view.incident;
    let (name, role) = match subject {
        Subject::Person(id) => {
            let name = view
                .roles
                .iter()
                .filter_map(|h| h.person.as_ref())
                .find(|p| &p.id == id)
                .map_or_else(|| person_name(view, id), |p| p.name.clone());
            let held: Vec<String> = view
                .timeline
                .iter()
                .filter_map(|e| match &e.event.body {
                    EventBody::RoleAssigned { role, person, .. } if person == id => Some(role_name(view, role)),
                    EventBody::RoleHandedOver { role, to, .. } if to == id => Some(role_name(view, role)),
                    _ => None,
                })
                .collect();
            (name, if held.is_empty() { "—".to_string() } else { dedup(held).join(", ") })
        }
        Subject::Role(id) => {
            let holders: Vec<String> = view
                .timeline
                .iter()
                .filter_map(|e| match &e.event.body {
                    EventBody::RoleAssigned { role, name, .. } | EventBody::RoleHandedOver { role, name, .. }
                        if role == id =>
                    {
                        Some(name.clone())
                    }
                    _ => None,
                })
                .collect();
            (if holders.is_empty() { "—".to_string() } else { dedup(holders).join(", ") }, role_name(view, id))
        }
    };
    let start = from.unwrap_or(incident.detected_at.min(incident.started_at));
    let end = to.or(incident.closed_at);
    let rows: Vec<Vec<String>> = view
        .timeline
        .iter()
        .filter(|e| e.occurred_at >= start && end.is_none_or(|end| e.occurred_at <= end))
        .filter(|e| concerns(view, e, subject))
        .map(|e| vec![utc(e.occurred_at), zone.format(e.occurred_at), describe(e, view)])
        .collect();
    let period = format!("{} UTC to {}", utc(start), end.map_or("now".to_string(), |end| format!("{} UTC", utc(end))));
    let count = rows.len();
    Document {
        title: format!("Activity log (ICS-214): {}", incident.title),
        mark: (incident.mode == IncidentMode::Drill).then(|| "DRILL".to_string()),
        blocks: vec![
            Block::Facts(vec![
                ("Incident".into(), format!("{} ({})", incident.title, incident.severity)),
                ("Operational period".into(), period),
                ("Name".into(), name),
                ("Role".into(), role),
            ]),
            Block::Heading(format!("Activity ({count})")),
            Block::Table { headers: vec!["UTC".into(), zone.name.clone(), "Notable activity".into()], rows },
        ],
    }
}

fn concerns(view: &IncidentView, entry: &TimelineEntry, subject: &Subject) -> bool {
    match subject {
        Subject::Person(id) => {
            entry.person.as_deref() == Some(id.as_str())
                || matches!(&entry.event.body, EventBody::RoleHandedOver { from: Some(from), .. } if from == id)
        }
        Subject::Role(id) => {
            let step_role = entry.event.body.step().and_then(|key| view.step(key)).and_then(|s| s.step.role.as_deref());
            let role_event = match &entry.event.body {
                EventBody::RoleAssigned { role, .. }
                | EventBody::RoleWaived { role, .. }
                | EventBody::RoleHandedOver { role, .. } => Some(role.as_str()),
                _ => None,
            };
            step_role == Some(id.as_str()) || role_event == Some(id.as_str())
        }
    }
}

fn role_name(view: &IncidentView, id: &str) -> String {
    view.roles.iter().find(|h| h.role.id == id).map_or_else(|| id.to_string(), |h| h.role.name.clone())
}

fn person_name(view: &IncidentView, id: &str) -> String {
    view.timeline
        .iter()
        .find_map(|e| match &e.event.body {
            EventBody::RoleAssigned { person, name, .. } if person == id => Some(name.clone()),
            EventBody::RoleHandedOver { to, name, .. } if to == id => Some(name.clone()),
            _ => None,
        })
        .unwrap_or_else(|| id.to_string())
}

fn dedup(mut names: Vec<String>) -> Vec<String> {
    let mut seen = std::collections::HashSet::new();
    names.retain(|n| seen.insert(n.clone()));
    names
}
