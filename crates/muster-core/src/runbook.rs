//! Runbooks: the emergency plans a team prepares before an incident. A runbook names the roles
//! it needs, its service targets per severity, and ordered steps in the four phases.
//!
//! Invariant: a stored runbook revision never changes; incidents pin the revision they started
//! from, so step keys stay valid for the whole incident.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::drill::Scenario;
use crate::milestone::Milestone;
use crate::phase::Phase;

/// Roles live in the catalogue (`role.rs`); a runbook names the ones it needs.
pub use crate::role::Role;

/// Service-level targets for one severity, in minutes from detection.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct ServiceTargets {
    pub acknowledge_minutes: Option<u32>,
    pub mitigate_minutes: Option<u32>,
    pub resolve_minutes: Option<u32>,
    /// How often the team owes a status update while the incident is open.
    pub update_minutes: Option<u32>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Step {
    /// Unique within the runbook revision; timeline events refer to steps by this key.
    pub key: String,
    pub phase: Phase,
    pub title: String,
    /// Markdown.
    pub instructions: String,
    /// The id of the role that owns the step.
    pub role: Option<String>,
    pub target_minutes: Option<u32>,
    /// What must be written down before the step can be ticked ("the ticket number"); `None`
    /// when the step needs no evidence.
    pub evidence: Option<String>,
    /// The options of a decision step ("Yes", "No"); empty for an ordinary step.
    pub options: Vec<String>,
    /// Shown only when an earlier decision step was answered with a given option.
    pub condition: Option<StepCondition>,
    /// The milestone reached when the step is done.
    pub milestone: Option<Milestone>,
    /// An optional step is offered but not expected: it is a suggestion for when it helps
    /// ("page the database vendor"), not part of the plan every incident follows.
    pub optional: bool,
}

/// "Only when the decision step `step` was answered `option`."
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct StepCondition {
    pub step: String,
    pub option: String,
}

impl Step {
    /// A plain step with no evidence, decision, condition or milestone.
    pub fn new(key: &str, phase: Phase, title: &str) -> Step {
        Step {
            key: key.to_string(),
            phase,
            title: title.to_string(),
            instructions: String::new(),
            role: None,
            target_minutes: None,
            evidence: None,
            options: Vec::new(),
            condition: None,
            milestone: None,
            optional: false,
        }
    }

    pub fn is_decision(&self) -> bool {
        !self.options.is_empty()
    }
}

/// How often a runbook should be reviewed when its file does not say: twice a year.
pub const DEFAULT_REVIEW_DAYS: u32 = 180;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Runbook {
    /// Stable slug (`it-system-outage`), the same on every machine that has the file.
    pub id: String,
    pub title: String,
    pub summary: String,
    /// Free labels for finding runbooks: the services and systems it covers (`payments`,
    /// `datacentre-east`), in the order the author wrote them.
    pub tags: Vec<String>,
    /// Who keeps the runbook up to date: a person or a team, as free text.
    pub owner: String,
    /// The severities the runbook is meant for (`SEV1`, `SEV2`); empty means all of them.
    pub severities: Vec<String>,
    /// Review the runbook at least this often, in days (at least 1).
    pub review_days: u32,
    /// Markdown: the questions and headings of the post-incident review for incidents run from
    /// this runbook.
    pub review_template: String,
    /// Rehearse the runbook in a drill at least this often, in days; `None` when no cadence is
    /// set (the runbook is then never flagged as due for a drill).
    pub drill_days: Option<u32>,
    /// The scenarios the runbook is rehearsed with.
    pub scenarios: Vec<Scenario>,
    /// Markdown background shown before the steps.
    pub context: String,
    pub roles: Vec<Role>,
    /// Keyed by severity name (`SEV1`…).
    pub targets: BTreeMap<String, ServiceTargets>,
    pub steps: Vec<Step>,
}

impl Runbook {
    /// An empty runbook: no roles, targets or steps, reviewed every [`DEFAULT_REVIEW_DAYS`].
    /// Build a fuller one with `Runbook { steps, ..Runbook::new(id, title) }`.
    pub fn new(id: &str, title: &str) -> Runbook {
        Runbook {
            id: id.to_string(),
            title: title.to_string(),
            summary: String::new(),
            tags: Vec::new(),
            owner: String::new(),
            severities: Vec::new(),
            review_days: DEFAULT_REVIEW_DAYS,
            review_template: String::new(),
            drill_days: None,
            scenarios: Vec::new(),
            context: String::new(),
            roles: Vec::new(),
            targets: BTreeMap::new(),
            steps: Vec::new(),
        }
    }

    /// Whether the runbook is meant for incidents of `severity` (all when it names none).
    pub fn applies_to(&self, severity: &str) -> bool {
        self.severities.is_empty() || self.severities.iter().any(|s| s == severity)
    }

    pub fn step(&self, key: &str) -> Option<&Step> {
        self.steps.iter().find(|step| step.key == key)
    }

    pub fn role(&self, id: &str) -> Option<&Role> {
        self.roles.iter().find(|role| role.id == id)
    }

    pub fn steps_in(&self, phase: Phase) -> impl Iterator<Item = &Step> {
        self.steps.iter().filter(move |step| step.phase == phase)
    }

    /// Everything that stops the runbook from being saved, each naming the field at fault, in
    /// the order of the fields; empty when it can be saved. The editor shows these beside the
    /// fields as the author types; saving refuses with the first.
    pub fn problems(&self) -> Vec<FieldProblem> {
        let mut problems = Vec::new();
        let mut problem = |field: String, message: String| problems.push(FieldProblem { field, message });
        if self.id.trim().is_empty() {
            problem("id".into(), "the id is empty".into());
        } else if slug(&self.id) != self.id {
            problem(
                "id".into(),
                format!("the id must be a slug (lowercase, digits and dashes), like '{}'", slug(&self.id)),
            );
        }
        if self.title.trim().is_empty() {
            problem("title".into(), "the title is empty".into());
        }
        if self.review_days == 0 {
            problem("review_days".into(), "the review interval must be at least 1 day".into());
        }
        if self.drill_days == Some(0) {
            problem("drill_days".into(), "the drill cadence must be at least 1 day".into());
        }
        if self.tags.iter().any(|t| t.trim().is_empty()) {
            problem("tags".into(), "a tag is empty".into());
        }
        if self.severities.iter().any(|s| s.trim().is_empty()) {
            problem("severities".into(), "a severity name is empty".into());
        }
        for (index, role) in self.roles.iter().enumerate() {
            if role.id.trim().is_empty() || role.name.trim().is_empty() {
                problem(format!("roles[{index}]"), format!("role {} has no name", index + 1));
            } else if self.roles[..index].iter().any(|earlier| earlier.id == role.id) {
                problem(format!("roles[{index}]"), format!("the role '{}' is named twice", role.name));
            }
        }
        for (severity, targets) in &self.targets {
            if [targets.acknowledge_minutes, targets.mitigate_minutes, targets.resolve_minutes, targets.update_minutes]
                .contains(&Some(0))
            {
                problem(format!("targets.{severity}"), format!("a {severity} target of 0 minutes cannot be met"));
            }
        }
        for (index, step) in self.steps.iter().enumerate() {
            let field = |name: &str| format!("steps[{index}].{name}");
            // A step is one line of the runbook file, each directive another (format::markdown).
            let one_line = |text: &str| !text.contains(['\n', '\r']);
            if step.title.trim().is_empty() {
                problem(field("title"), format!("step {} has no title", index + 1));
            } else if !one_line(&step.title) {
                problem(field("title"), format!("the title of step {} must be one line", index + 1));
            }
            if step.evidence.as_deref().is_some_and(|e| !one_line(e)) {
                problem(field("evidence"), format!("the evidence prompt of '{}' must be one line", step.title));
            }
            if step.key.trim().is_empty() {
                problem(field("key"), format!("step {} has no key", index + 1));
            } else if self.steps[..index].iter().any(|earlier| earlier.key == step.key) {
                problem(field("key"), format!("two steps share the key '{}'", step.key));
            }
            if step.target_minutes == Some(0) {
                problem(field("target_minutes"), format!("step '{}' has a target of 0 minutes", step.title));
            }
            if step.options.len() == 1 {
                problem(field("options"), format!("the decision step '{}' needs two or more options", step.title));
            }
            if step.options.iter().enumerate().any(|(i, o)| o.trim().is_empty() || step.options[..i].contains(o)) {
                problem(field("options"), format!("the options of '{}' must be named and differ", step.title));
            }
            if step.options.iter().any(|o| !one_line(o) || o.contains('|')) {
                problem(field("options"), format!("each option of '{}' must be one line, without '|'", step.title));
            }
            if let Some(condition) = &step.condition {
                let parent = self.steps[..index].iter().find(|s| s.key == condition.step && s.is_decision());
                if !parent.is_some_and(|p| p.options.contains(&condition.option)) {
                    problem(
                        field("condition"),
                        format!(
                            "step '{}' depends on '{} = {}', which is not an option of an earlier decision step",
                            step.title, condition.step, condition.option
                        ),
                    );
                }
            }
            if let Some(role) = &step.role {
                if self.role(role).is_none() {
                    problem(field("role"), format!("step '{}' names the unknown role '{role}'", step.title));
                }
            }
        }
        self.scenario_problems(&mut problem);
        problems
    }

    fn scenario_problems(&self, problem: &mut impl FnMut(String, String)) {
        let one_line = |text: &str| !text.contains(['\n', '\r']);
        for (index, scenario) in self.scenarios.iter().enumerate() {
            let field = |name: &str| format!("scenarios[{index}].{name}");
            if scenario.name.trim().is_empty() {
                problem(field("name"), format!("scenario {} has no name", index + 1));
            } else if !one_line(&scenario.name) {
                problem(field("name"), format!("the name of scenario {} must be one line", index + 1));
            }
            if scenario.key.trim().is_empty() {
                problem(field("key"), format!("scenario {} has no key", index + 1));
            } else if slug(&scenario.key) != scenario.key {
                // The file format writes the key on a `Key:` line and reads it back as a slug.
                problem(
                    field("key"),
                    format!(
                        "the key '{}' is not a slug: use lowercase letters, digits and single dashes",
                        scenario.key
                    ),
                );
            } else if self.scenarios[..index].iter().any(|earlier| earlier.key == scenario.key) {
                problem(field("key"), format!("two scenarios share the key '{}'", scenario.key));
            }
            for (i, inject) in scenario.injects.iter().enumerate() {
                let field = |name: &str| format!("scenarios[{index}].injects[{i}].{name}");
                let name = format!("inject {} of '{}'", inject.number, scenario.name);
                if scenario.injects[..i].iter().any(|earlier| earlier.number == inject.number) {
                    problem(
                        field("number"),
                        format!("two injects of '{}' share the number {}", scenario.name, inject.number),
                    );
                }
                if i > 0 && inject.offset_seconds < scenario.injects[i - 1].offset_seconds {
                    problem(field("offset_seconds"), format!("{name} comes before the inject above it"));
                }
                if inject.message.trim().is_empty() {
                    problem(field("message"), format!("{name} has no message"));
                } else if !one_line(&inject.message) {
                    problem(field("message"), format!("the message of {name} must be one line"));
                }
                // An inject is one line of the runbook file, each of these another (format::markdown).
                if !one_line(&inject.expected_action) {
                    problem(field("expected_action"), format!("the expected action of {name} must be one line"));
                }
                if !one_line(&inject.facilitator_notes) {
                    problem(field("facilitator_notes"), format!("the facilitator notes of {name} must be one line"));
                }
                if inject.recipient.as_deref().is_some_and(|role| self.role(role).is_none()) {
                    problem(field("recipient"), format!("{name} goes to a role the runbook does not have"));
                }
                if inject.step.as_deref().is_some_and(|step| self.step(step).is_none()) {
                    problem(field("step"), format!("{name} expects a step the runbook does not have"));
                }
            }
        }
    }
}

/// Why a runbook cannot be saved, and where: `field` is a path into the runbook as the editor
/// holds it (`title`, `targets.SEV1`, `steps[3].role`; indexes from 0).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct FieldProblem {
    pub field: String,
    pub message: String,
}

/// One saved revision of a runbook, for its history.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct RevisionInfo {
    pub revision: u32,
    pub author: String,
    /// What the author said about the change ("Imported from …" for an import).
    pub note: String,
    pub created_at: DateTime<Utc>,
    pub step_count: u32,
}

/// One line of the runbook library.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct RunbookSummary {
    pub id: String,
    pub title: String,
    pub summary: String,
    pub tags: Vec<String>,
    pub owner: String,
    pub revision: u32,
    pub step_count: u32,
    pub role_count: u32,
    pub review_days: u32,
    /// When someone last marked the runbook reviewed; `None` if nobody has yet.
    pub last_reviewed_at: Option<DateTime<Utc>>,
    /// The last review (or, before the first one, the runbook's creation) plus `review_days`.
    pub review_due_at: DateTime<Utc>,
    /// The review is due: `review_due_at` has passed by the store's clock.
    pub stale: bool,
    /// The drill cadence in days, when the runbook has one.
    pub drill_days: Option<u32>,
    /// When the last drill of this runbook started; `None` before the first.
    pub last_drill_at: Option<DateTime<Utc>>,
    /// The last drill (or, before the first one, the runbook's creation) plus `drill_days`.
    pub drill_due_at: Option<DateTime<Utc>>,
    /// A drill is due: `drill_due_at` has passed by the store's clock.
    pub drill_overdue: bool,
}

/// What importing a runbook did to the library.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum ImportStatus {
    /// The runbook was new: revision 1.
    Created,
    /// The runbook existed and the file differs: a new revision; the earlier ones stay.
    NewRevision,
    /// The file says what the current revision says: nothing was written.
    Unchanged,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct ImportOutcome {
    pub id: String,
    /// The revision that now holds the file's content (the current one when unchanged).
    pub revision: u32,
    pub status: ImportStatus,
}

/// One "mark reviewed": someone read the runbook through and found it still right (or fixed it).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct RunbookReview {
    pub runbook_id: String,
    /// The revision that was current when it was reviewed.
    pub revision: u32,
    pub reviewed_at: DateTime<Utc>,
    pub reviewer: String,
    pub note: String,
}

/// Makes a stable slug from a title: lowercase ASCII letters and digits joined by dashes.
/// Letters outside ASCII (a Chinese title, say) are kept, so a slug is never empty when the
/// title has any letter.
pub fn slug(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut dash = false;
    for c in text.chars() {
        if c.is_alphanumeric() {
            if dash && !out.is_empty() {
                out.push('-');
            }
            dash = false;
            out.extend(c.to_lowercase());
        } else {
            dash = true;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::slug;

    #[test]
    fn slugs_are_lowercase_and_dashed() {
        assert_eq!(slug("Confirm the outage & its scope!"), "confirm-the-outage-its-scope");
        assert_eq!(slug("  Tech Lead "), "tech-lead");
        assert_eq!(slug("通知客户"), "通知客户");
    }
}
