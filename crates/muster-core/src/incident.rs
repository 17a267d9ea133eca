//! Incidents: one run of a runbook, real or drill, and the state derived from its timeline.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::phase::Phase;
use crate::runbook::{Role, ServiceTargets, Step};
use crate::timeline::{EventBody, TimelineEvent};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "lowercase")]
pub enum IncidentMode {
    Real,
    Drill,
}

impl IncidentMode {
    pub fn as_str(self) -> &'static str {
        match self {
            IncidentMode::Real => "real",
            IncidentMode::Drill => "drill",
        }
    }

    pub fn parse(text: &str) -> Option<IncidentMode> {
        match text {
            "real" => Some(IncidentMode::Real),
            "drill" => Some(IncidentMode::Drill),
            _ => None,
        }
    }
}

/// What a user gives to declare an incident.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct NewIncident {
    pub runbook_id: String,
    /// Empty means "use the runbook's title".
    pub title: String,
    pub severity: String,
    pub mode: IncidentMode,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Incident {
    pub id: String,
    pub runbook_id: String,
    pub runbook_revision: u32,
    pub title: String,
    pub severity: String,
    pub mode: IncidentMode,
    pub started_at: DateTime<Utc>,
    pub resolved_at: Option<DateTime<Utc>>,
}

/// One line of the incident list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct IncidentSummary {
    pub incident: Incident,
    pub runbook_title: String,
    pub steps_done: u32,
    pub steps_total: u32,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "lowercase")]
pub enum StepStatus {
    Open,
    Done,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct StepState {
    pub step: Step,
    pub status: StepStatus,
    /// The event that last changed the step, when it changed at all.
    pub changed_at: Option<DateTime<Utc>>,
    pub changed_by: Option<String>,
}

/// Everything the incident screen shows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct IncidentView {
    pub incident: Incident,
    pub runbook_title: String,
    pub roles: Vec<Role>,
    pub targets: Option<ServiceTargets>,
    pub phases: Vec<PhaseSteps>,
    /// Oldest first.
    pub timeline: Vec<TimelineEvent>,
    /// The system clock jumped during the incident, so some of its times may be off.
    pub clock_jumped: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct PhaseSteps {
    pub phase: Phase,
    pub steps: Vec<StepState>,
}

/// Whether the clock jumped during the incident: a recorded jump, or an event recorded at an
/// earlier time than the one before it (the clock was moved back between two writes).
pub fn clock_jumped(timeline: &[TimelineEvent]) -> bool {
    timeline.iter().any(|e| matches!(e.body, EventBody::ClockJumped { .. }))
        || timeline.windows(2).any(|pair| pair[1].recorded_at < pair[0].recorded_at)
}

/// Folds the timeline over the runbook's steps: the state of every step, phase by phase.
pub fn fold_steps(steps: &[Step], timeline: &[TimelineEvent]) -> Vec<PhaseSteps> {
    let mut states: Vec<StepState> = steps
        .iter()
        .map(|step| StepState { step: step.clone(), status: StepStatus::Open, changed_at: None, changed_by: None })
        .collect();
    for event in timeline {
        let (key, status) = match &event.body {
            EventBody::StepTicked { step } => (step, StepStatus::Done),
            EventBody::StepUnticked { step } => (step, StepStatus::Open),
            EventBody::IncidentDeclared { .. } | EventBody::ClockJumped { .. } => continue,
        };
        if let Some(state) = states.iter_mut().find(|s| &s.step.key == key) {
            state.status = status;
            state.changed_at = Some(event.occurred_at);
            state.changed_by = Some(event.actor.clone());
        }
    }
    Phase::ALL
        .into_iter()
        .map(|phase| PhaseSteps { phase, steps: states.iter().filter(|s| s.step.phase == phase).cloned().collect() })
        .collect()
}
