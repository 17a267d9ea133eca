//! The post-incident review: the document a team writes after an incident, and the facts
//! Muster fills in from the timeline.
//!
//! A review is a list of sections (Summary, Impact, … or the runbook's own review template)
//! whose text the author writes, plus the timeline events the author starred as highlights.
//! The facts — responders and handovers, milestones against their targets, time in each phase,
//! steps skipped or not applicable — are not stored: [`facts`] computes them from the incident's
//! fold whenever a review is shown or exported, so they always agree with the timeline.
//!
//! Invariant: a published version never changes; the next edit starts a new draft version.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::incident::{IncidentView, StepStatus, TimelineEntry};
use crate::milestone::Milestone;
use crate::phase::Phase;
use crate::timeline::EventBody;

/// The sections teams use when a runbook has no review template of its own (Google SRE's and
/// PagerDuty's post-mortems, see `shared/reference/domain.md`).
pub const DEFAULT_SECTIONS: [(&str, &str, &str); 9] = [
    ("summary", "Summary", "What happened, to whom, for how long, in two or three sentences."),
    ("impact", "Impact", "Who was affected and how: users, customers, money, data, other teams."),
    ("detection", "Detection", "How we found out, and how long that took. Could we have known sooner?"),
    (
        "trigger",
        "Trigger and contributing factors",
        "What set it off, and what made it possible or worse. Systems and conditions, not people.",
    ),
    ("resolution", "Resolution", "What stopped the harm and what brought service back."),
    ("went-well", "What went well", ""),
    ("went-poorly", "What went poorly", ""),
    ("lucky", "Where we got lucky", "What could have made this much worse, and did not."),
    ("lessons", "Lessons", "What we change; each change becomes an action item with an owner."),
];

/// The after-action report of a drill (HSEEP's shape): what the drill set out to test, what
/// went well, what to improve, and the improvement plan, whose rows are the action items.
pub const AFTER_ACTION_SECTIONS: [(&str, &str, &str); 4] = [
    ("objectives", "Objectives", "What the drill set out to test, and whether each objective was met."),
    ("strengths", "Strengths", "What the team did well and should keep doing."),
    (
        "areas-for-improvement",
        "Areas for improvement",
        "Where the plan or the team fell short: the observation, why it matters, the root cause.",
    ),
    (
        "improvement-plan",
        "Improvement plan",
        "Each improvement is an action item below, with an owner, a due date and the runbook it changes.",
    ),
];

/// The sections of a drill's review: [`AFTER_ACTION_SECTIONS`].
pub fn after_action_sections() -> Vec<ReviewSection> {
    sections_of(&AFTER_ACTION_SECTIONS)
}

fn sections_of(sections: &[(&str, &str, &str)]) -> Vec<ReviewSection> {
    sections
        .iter()
        .map(|(key, title, prompt)| ReviewSection {
            key: (*key).to_string(),
            title: (*title).to_string(),
            prompt: (*prompt).to_string(),
            body: String::new(),
        })
        .collect()
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum ReviewStatus {
    Draft,
    /// Frozen: sent to people outside the team; a change makes a new version.
    Published,
}

impl ReviewStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            ReviewStatus::Draft => "draft",
            ReviewStatus::Published => "published",
        }
    }

    pub fn parse(text: &str) -> Option<ReviewStatus> {
        match text {
            "draft" => Some(ReviewStatus::Draft),
            "published" => Some(ReviewStatus::Published),
            _ => None,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct ReviewSection {
    /// Stable within the review (`summary`, or a slug of a template heading).
    pub key: String,
    pub title: String,
    /// What the template asks under the heading, shown to the author as guidance.
    pub prompt: String,
    /// Markdown written by the author.
    pub body: String,
}

/// One version of an incident's review.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Review {
    pub incident_id: String,
    /// From 1; a new version follows a published one.
    pub version: u32,
    pub status: ReviewStatus,
    pub sections: Vec<ReviewSection>,
    /// Ids of the timeline events starred as key moments, in timeline order.
    pub highlights: Vec<String>,
    pub updated_at: DateTime<Utc>,
    pub updated_by: String,
    pub published_at: Option<DateTime<Utc>>,
    pub published_by: Option<String>,
}

/// What the author changes in a draft: the sections' text and the starred events, each
/// replacing what was there.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct ReviewEdit {
    pub sections: Vec<ReviewSection>,
    pub highlights: Vec<String>,
}

/// The sections of a new review: one per `#`/`##` heading of the runbook's review template
/// (the text under a heading becomes its prompt), or [`DEFAULT_SECTIONS`] when the template
/// has no headings.
pub fn template_sections(review_template: &str) -> Vec<ReviewSection> {
    let mut sections: Vec<ReviewSection> = Vec::new();
    let mut in_fence = false;
    for line in review_template.lines() {
        let trimmed = line.trim_start();
        if trimmed.starts_with("```") || trimmed.starts_with("~~~") {
            in_fence = !in_fence;
        }
        let heading = (!in_fence)
            .then(|| trimmed.strip_prefix("## ").or_else(|| trimmed.strip_prefix("# ")))
            .flatten()
            .map(|h| h.trim().trim_end_matches('#').trim())
            .filter(|h| !h.is_empty());
        match (heading, sections.last_mut()) {
            (Some(title), _) => {
                let base = crate::runbook::slug(title);
                let base = if base.is_empty() { format!("section-{}", sections.len() + 1) } else { base };
                let mut key = base.clone();
                let mut n = 2;
                while sections.iter().any(|s| s.key == key) {
                    key = format!("{base}-{n}");
                    n += 1;
                }
                sections.push(ReviewSection {
                    key,
                    title: title.to_string(),
                    prompt: String::new(),
                    body: String::new(),
                });
            }
            (None, Some(section)) => {
                section.prompt.push_str(line);
                section.prompt.push('\n');
            }
            (None, None) => {}
        }
    }
    if sections.is_empty() {
        return sections_of(&DEFAULT_SECTIONS);
    }
    for section in &mut sections {
        section.prompt = section.prompt.trim().to_string();
    }
    sections
}

/// Who held a role, from when to when.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct ResponderFact {
    pub role_id: String,
    pub role: String,
    /// The person's name; `None` when the role was waived.
    pub person: Option<String>,
    /// Why the role was left empty.
    pub waived: Option<String>,
    pub from: DateTime<Utc>,
    /// When they handed the role over; `None` if they held it to the end.
    pub until: Option<DateTime<Utc>>,
    /// The handover note given when they took the role.
    pub note: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum Verdict {
    /// No target for this milestone at the incident's severity.
    NoTarget,
    Met,
    /// Reached (or still not reached) after the target; see `over_seconds`.
    Breached,
    /// Not reached yet and the target has not passed.
    Pending,
}

/// One milestone against its target.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct MilestoneFact {
    pub milestone: Milestone,
    pub at: Option<DateTime<Utc>>,
    /// From detection to the milestone.
    pub since_detected_seconds: Option<i64>,
    /// From the milestone before it (acknowledged → mitigated…).
    pub since_previous_seconds: Option<i64>,
    pub target_minutes: Option<u32>,
    pub verdict: Verdict,
    /// How late, for a breach (to `now` when it is still unreached).
    pub over_seconds: Option<i64>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct PhaseFact {
    pub phase: Phase,
    pub entered_at: Option<DateTime<Utc>>,
    /// When the next phase was entered (or the incident closed); `None` while it runs.
    pub left_at: Option<DateTime<Utc>>,
    pub seconds: Option<i64>,
}

/// A step settled without being done.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct SettledStep {
    pub key: String,
    pub title: String,
    pub phase: Phase,
    pub status: StepStatus,
    pub reason: Option<String>,
    pub by: Option<String>,
    pub at: Option<DateTime<Utc>>,
}

/// What Muster knows about an incident, for its review.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct ReviewFacts {
    pub responders: Vec<ResponderFact>,
    pub milestones: Vec<MilestoneFact>,
    pub phases: Vec<PhaseFact>,
    pub skipped: Vec<SettledStep>,
    /// The starred events, in timeline order.
    pub highlights: Vec<TimelineEntry>,
}

/// Computes the facts of a review from the incident's view at `now`.
pub fn facts(view: &IncidentView, highlights: &[String], now: DateTime<Utc>) -> ReviewFacts {
    ReviewFacts {
        responders: sorted_by_role(view, responders(view)),
        milestones: milestones(view, now),
        phases: phases(view),
        skipped: view
            .steps()
            .filter(|s| matches!(s.status, StepStatus::Skipped | StepStatus::NotApplicable))
            .map(|s| SettledStep {
                key: s.step.key.clone(),
                title: s.step.title.clone(),
                phase: s.step.phase,
                status: s.status,
                reason: s.note.clone(),
                by: s.changed_by.clone(),
                at: s.changed_at,
            })
            .collect(),
        highlights: view.timeline.iter().filter(|e| highlights.contains(&e.event.id)).cloned().collect(),
    }
}

fn responders(view: &IncidentView) -> Vec<ResponderFact> {
    let role_name =
        |id: &str| view.roles.iter().find(|h| h.role.id == id).map_or_else(|| id.to_string(), |h| h.role.name.clone());
    let mut out: Vec<ResponderFact> = Vec::new();
    for entry in &view.timeline {
        let at = entry.occurred_at;
        let (role, person, waived, note) = match &entry.event.body {
            EventBody::RoleAssigned { role, name, .. } => (role, Some(name.clone()), None, String::new()),
            EventBody::RoleWaived { role, reason } => (role, None, Some(reason.clone()), String::new()),
            EventBody::RoleHandedOver { role, name, note, .. } => (role, Some(name.clone()), None, note.clone()),
            _ => continue,
        };
        if let Some(previous) = out.iter_mut().rev().find(|r| &r.role_id == role && r.until.is_none()) {
            previous.until = Some(at);
        }
        out.push(ResponderFact {
            role_id: role.clone(),
            role: role_name(role),
            person,
            waived,
            from: at,
            until: None,
            note,
        });
    }
    out
}

fn sorted_by_role(view: &IncidentView, mut responders: Vec<ResponderFact>) -> Vec<ResponderFact> {
    let position = |id: &str| view.roles.iter().position(|h| h.role.id == id).unwrap_or(usize::MAX);
    // Stable: within a role, holders stay in the order they took it.
    responders.sort_by_key(|r| position(&r.role_id));
    responders
}

fn milestones(view: &IncidentView, now: DateTime<Utc>) -> Vec<MilestoneFact> {
    let m = &view.milestones;
    let targets = view.targets.as_ref();
    let detected = m.detected;
    let rows = [
        (Milestone::Detected, Some(detected), None),
        (Milestone::Acknowledged, m.acknowledged, targets.and_then(|t| t.acknowledge_minutes)),
        (Milestone::Mitigated, m.mitigated, targets.and_then(|t| t.mitigate_minutes)),
        (Milestone::Resolved, m.resolved, targets.and_then(|t| t.resolve_minutes)),
    ];
    let mut previous: Option<DateTime<Utc>> = None;
    let mut out = Vec::with_capacity(rows.len());
    for (milestone, at, target_minutes) in rows {
        let due = target_minutes.map(|minutes| detected + chrono::Duration::minutes(i64::from(minutes)));
        let (verdict, over_seconds) = match (due, at) {
            (None, _) => (Verdict::NoTarget, None),
            (Some(due), Some(at)) if at <= due => (Verdict::Met, None),
            (Some(due), Some(at)) => (Verdict::Breached, Some((at - due).num_seconds())),
            // Never reached: late by now, or by the close when nothing can change any more.
            (Some(due), None) => {
                let end = view.incident.closed_at.unwrap_or(now);
                if end >= due {
                    (Verdict::Breached, Some((end - due).num_seconds()))
                } else {
                    (Verdict::Pending, None)
                }
            }
        };
        out.push(MilestoneFact {
            milestone,
            at,
            since_detected_seconds: at.map(|at| (at - detected).num_seconds()),
            since_previous_seconds: at.zip(previous).map(|(at, before)| (at - before).num_seconds()),
            target_minutes,
            verdict,
            over_seconds,
        });
        if at.is_some() {
            previous = at;
        }
    }
    out
}

fn phases(view: &IncidentView) -> Vec<PhaseFact> {
    let entered: Vec<(Phase, Option<DateTime<Utc>>)> = view.phases.iter().map(|p| (p.phase, p.entered_at)).collect();
    entered
        .iter()
        .enumerate()
        .map(|(index, (phase, entered_at))| {
            let next = entered[index + 1..].iter().find_map(|(_, at)| *at);
            let left_at = entered_at.and(next.or(view.incident.closed_at));
            PhaseFact {
                phase: *phase,
                entered_at: *entered_at,
                left_at,
                seconds: entered_at.zip(left_at).map(|(from, to)| (to - from).num_seconds()),
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::template_sections;

    #[test]
    fn a_template_without_headings_gives_the_default_sections() {
        let keys: Vec<String> = template_sections("").into_iter().map(|s| s.key).collect();
        assert_eq!(keys[0], "summary");
        assert_eq!(keys.len(), 9);
        assert_eq!(template_sections("Just write what happened.").len(), 9);
    }

    #[test]
    fn template_headings_become_sections_with_their_prompts() {
        let sections = template_sections(
            "Intro text\n\n## Customer impact\nWho noticed?\n\n```\n## not a heading\n```\n# Lessons ##\n## 经验教训\n## Lessons\n",
        );
        let rows: Vec<(&str, &str, &str)> =
            sections.iter().map(|s| (s.key.as_str(), s.title.as_str(), s.prompt.as_str())).collect();
        assert_eq!(
            rows,
            [
                ("customer-impact", "Customer impact", "Who noticed?\n\n```\n## not a heading\n```"),
                ("lessons", "Lessons", ""),
                ("经验教训", "经验教训", ""),
                ("lessons-2", "Lessons", ""),
            ]
        );
    }
}
