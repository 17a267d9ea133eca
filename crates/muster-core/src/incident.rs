//! Incidents: one run of a runbook, real or drill, and the state derived from its timeline.
//!
//! Invariant: [`fold`] is the only place that turns events into state. The store's incident
//! row keeps a projection of it (phase, milestones) for listing and for fast checks, rewritten
//! in the same transaction as the events it follows from.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::drill::{self, DrillRun};
use crate::milestone::Milestone;
use crate::person::Person;
use crate::phase::Phase;
use crate::role::Role;
use crate::runbook::{Runbook, ServiceTargets, Step};
use crate::timeline::{EventBody, TimelineEvent};
use crate::timer::{timers, Timer};

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

/// How a runbook role is filled when the incident is declared.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(tag = "kind", rename_all = "lowercase")]
pub enum RoleFill {
    /// By a person from the roster (their id).
    Person { person: String },
    /// Deliberately left empty, with the reason.
    Waived { reason: String },
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct RoleAssignment {
    pub role: String,
    pub fill: RoleFill,
}

/// What a user gives to declare an incident.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct NewIncident {
    pub runbook_id: String,
    /// Empty means "use the runbook's title".
    pub title: String,
    pub severity: String,
    pub mode: IncidentMode,
    /// When the problem was first noticed; `None` means now. Never in the future.
    pub detected_at: Option<DateTime<Utc>>,
    /// One entry per role the runbook names.
    pub assignments: Vec<RoleAssignment>,
}

/// The incident row: identity and the projection of its timeline used for listing.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Incident {
    pub id: String,
    pub runbook_id: String,
    pub runbook_revision: u32,
    pub title: String,
    pub severity: String,
    pub mode: IncidentMode,
    /// When it was declared in Muster.
    pub started_at: DateTime<Utc>,
    pub detected_at: DateTime<Utc>,
    pub acknowledged_at: Option<DateTime<Utc>>,
    pub mitigated_at: Option<DateTime<Utc>>,
    pub resolved_at: Option<DateTime<Utc>>,
    /// After closing, nothing about the incident changes any more.
    pub closed_at: Option<DateTime<Utc>>,
    pub phase: Phase,
}

impl Incident {
    /// When the milestone was reached, as the row records it.
    pub fn milestone(&self, milestone: Milestone) -> Option<DateTime<Utc>> {
        match milestone {
            Milestone::Detected => Some(self.detected_at),
            Milestone::Acknowledged => self.acknowledged_at,
            Milestone::Mitigated => self.mitigated_at,
            Milestone::Resolved => self.resolved_at,
        }
    }
}

/// One line of the incident list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct IncidentSummary {
    pub incident: Incident,
    pub runbook_title: String,
    /// Visible steps that are done, skipped or not applicable.
    pub steps_done: u32,
    /// Visible steps.
    pub steps_total: u32,
}

/// Something a responder does during an incident. Each becomes one or more timeline events.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(tag = "action", rename_all = "snake_case")]
pub enum IncidentAction {
    Tick {
        step: String,
        note: Option<String>,
        evidence: Option<String>,
    },
    Untick {
        step: String,
        note: Option<String>,
    },
    Skip {
        step: String,
        reason: String,
    },
    NotApplicable {
        step: String,
        note: Option<String>,
    },
    Decide {
        step: String,
        option: String,
        note: Option<String>,
    },
    NoteStep {
        step: String,
        note: String,
    },
    EnterPhase {
        phase: Phase,
    },
    /// Sets a milestone by hand; `at` backdates it (default now).
    SetMilestone {
        milestone: Milestone,
        at: Option<DateTime<Utc>>,
    },
    HandOver {
        role: String,
        to: String,
        note: String,
        at: Option<DateTime<Utc>>,
    },
    /// A free-text entry; `at` backdates it (default now).
    Log {
        text: String,
        at: Option<DateTime<Utc>>,
    },
    StatusUpdate {
        text: String,
    },
    SnoozeReminder {
        minutes: u32,
    },
    ChangeSeverity {
        severity: String,
    },
    /// Supersedes an earlier event's time and/or text.
    Correct {
        event: String,
        at: Option<DateTime<Utc>>,
        text: Option<String>,
        reason: String,
    },
    Close {
        note: String,
    },
    /// Starts the drill clock on one of the runbook's scenarios (drills only).
    StartDrill {
        scenario: String,
    },
    PauseDrill,
    ResumeDrill,
    SetDrillSpeed {
        speed: u32,
    },
    /// Delivers an inject now, before its time.
    FireInject {
        inject: u32,
    },
    SkipInject {
        inject: u32,
    },
    AcknowledgeInject {
        inject: u32,
    },
}

impl IncidentAction {
    /// The step the action is about, for the step actions.
    pub fn step(&self) -> Option<&str> {
        match self {
            IncidentAction::Tick { step, .. }
            | IncidentAction::Untick { step, .. }
            | IncidentAction::Skip { step, .. }
            | IncidentAction::NotApplicable { step, .. }
            | IncidentAction::Decide { step, .. }
            | IncidentAction::NoteStep { step, .. } => Some(step),
            _ => None,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum StepStatus {
    Open,
    Done,
    Skipped,
    NotApplicable,
}

impl StepStatus {
    /// Whether the step still needs doing.
    pub fn is_outstanding(self) -> bool {
        self == StepStatus::Open
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct StepState {
    pub step: Step,
    pub status: StepStatus,
    /// Hidden by a decision: a hidden step is not outstanding.
    pub hidden: bool,
    /// The chosen option of a decided decision step.
    pub decision: Option<String>,
    pub evidence: Option<String>,
    /// The skip reason, or the latest note.
    pub note: Option<String>,
    /// When and by whom the status last changed.
    pub changed_at: Option<DateTime<Utc>>,
    pub changed_by: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct PhaseSteps {
    pub phase: Phase,
    pub entered_at: Option<DateTime<Utc>>,
    pub steps: Vec<StepState>,
}

/// Who holds a role now.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct RoleHolder {
    pub role: Role,
    pub person: Option<Person>,
    /// Why the role was left empty, when it was waived.
    pub waived: Option<String>,
    pub since: Option<DateTime<Utc>>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Milestones {
    pub detected: DateTime<Utc>,
    pub acknowledged: Option<DateTime<Utc>>,
    pub mitigated: Option<DateTime<Utc>>,
    pub resolved: Option<DateTime<Utc>>,
}

/// A timeline event as the screen shows it: with corrections applied and what it concerns.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct TimelineEntry {
    pub event: TimelineEvent,
    /// When it happened, after corrections.
    pub occurred_at: DateTime<Utc>,
    /// Its text after corrections, for the kinds that carry text.
    pub text: Option<String>,
    /// The sequence number of the latest correction of this event.
    pub superseded_by: Option<u32>,
    /// The person the event concerns: who held the step's role, or who took the role.
    pub person: Option<String>,
}

/// Everything the incident screen shows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct IncidentView {
    pub incident: Incident,
    pub runbook_title: String,
    pub roles: Vec<RoleHolder>,
    pub targets: Option<ServiceTargets>,
    pub milestones: Milestones,
    pub phases: Vec<PhaseSteps>,
    pub timers: Vec<Timer>,
    /// Oldest first, by sequence number.
    pub timeline: Vec<TimelineEntry>,
    /// The latest status update, if any.
    pub last_status: Option<TimelineEntry>,
    /// The system clock jumped during the incident, so some of its times may be off.
    pub clock_jumped: bool,
    /// The drill clock and injects, for a drill.
    pub drill: Option<DrillRun>,
}

impl IncidentView {
    pub fn step(&self, key: &str) -> Option<&StepState> {
        self.phases.iter().flat_map(|p| p.steps.iter()).find(|s| s.step.key == key)
    }

    pub fn steps(&self) -> impl Iterator<Item = &StepState> {
        self.phases.iter().flat_map(|p| p.steps.iter())
    }

    /// (settled, total) over the steps the plan expects: visible ones, without the optional
    /// steps nobody took up (an optional step counts once it is settled).
    pub fn progress(&self) -> (u32, u32) {
        self.steps()
            .filter(|s| !(s.hidden || s.step.optional && s.status == StepStatus::Open))
            .fold((0, 0), |(done, total), s| (done + u32::from(!s.status.is_outstanding()), total + 1))
    }
}

/// Whether the clock jumped during the incident: a recorded jump, or an event recorded at an
/// earlier time than the one before it (the clock was moved back between two writes).
pub fn clock_jumped(timeline: &[TimelineEvent]) -> bool {
    timeline.iter().any(|e| matches!(e.body, EventBody::ClockJumped { .. }))
        || timeline.windows(2).any(|pair| pair[1].recorded_at < pair[0].recorded_at)
}

/// Folds the timeline over the pinned runbook revision: every step, role, milestone and timer.
/// `people` resolves person ids in role events; `now` sets the timers' states.
pub fn fold(
    incident: Incident,
    runbook: &Runbook,
    people: &[Person],
    timeline: Vec<TimelineEvent>,
    now: DateTime<Utc>,
) -> IncidentView {
    // Corrections first: they may come after the event they correct.
    let mut corrected_at: std::collections::HashMap<&str, (DateTime<Utc>, u32)> = Default::default();
    let mut corrected_text: std::collections::HashMap<&str, (String, u32)> = Default::default();
    for event in &timeline {
        if let EventBody::EventCorrected { event: target, occurred_at, text, .. } = &event.body {
            if let Some(at) = occurred_at {
                corrected_at.insert(target.as_str(), (*at, event.seq));
            }
            if let Some(text) = text {
                corrected_text.insert(target.as_str(), (text.clone(), event.seq));
            }
        }
    }
    let effective_at = |e: &TimelineEvent| corrected_at.get(e.id.as_str()).map_or(e.occurred_at, |(at, _)| *at);

    let mut states: Vec<StepState> = runbook
        .steps
        .iter()
        .map(|step| StepState {
            step: step.clone(),
            status: StepStatus::Open,
            hidden: false,
            decision: None,
            evidence: None,
            note: None,
            changed_at: None,
            changed_by: None,
        })
        .collect();
    let mut roles: Vec<RoleHolder> = runbook
        .roles
        .iter()
        .map(|role| RoleHolder { role: role.clone(), person: None, waived: None, since: None })
        .collect();
    let mut entered: Vec<(Phase, DateTime<Utc>)> = Vec::new();
    let mut milestones =
        Milestones { detected: incident.detected_at, acknowledged: None, mitigated: None, resolved: None };
    let mut entries = Vec::with_capacity(timeline.len());
    let mut last_status: Option<usize> = None;
    let person =
        |id: &str, name: &str| people.iter().find(|p| p.id == id).cloned().unwrap_or_else(|| Person::named(id, name));
    let holder_of = |roles: &[RoleHolder], role: Option<&String>| {
        role.and_then(|r| roles.iter().find(|h| &h.role.id == r)).and_then(|h| h.person.as_ref().map(|p| p.id.clone()))
    };

    for event in &timeline {
        let at = effective_at(event);
        let mut concerns = None;
        match &event.body {
            EventBody::IncidentDeclared { detected_at, .. } => {
                milestones.detected = corrected_at
                    .get(event.id.as_str())
                    .map(|(at, _)| *at)
                    .or(*detected_at)
                    .unwrap_or(event.occurred_at);
            }
            EventBody::RoleAssigned { role, person: id, name }
            | EventBody::RoleHandedOver { role, to: id, name, .. } => {
                if let Some(holder) = roles.iter_mut().find(|h| &h.role.id == role) {
                    holder.person = Some(person(id, name));
                    holder.waived = None;
                    holder.since = Some(at);
                }
                concerns = Some(id.clone());
            }
            EventBody::RoleWaived { role, reason } => {
                if let Some(holder) = roles.iter_mut().find(|h| &h.role.id == role) {
                    holder.person = None;
                    holder.waived = Some(reason.clone());
                    holder.since = Some(at);
                }
            }
            EventBody::PhaseEntered { phase } => entered.push((*phase, at)),
            EventBody::MilestoneReached { milestone, .. } => match milestone {
                Milestone::Detected => milestones.detected = at,
                Milestone::Acknowledged => milestones.acknowledged = Some(at),
                Milestone::Mitigated => milestones.mitigated = Some(at),
                Milestone::Resolved => milestones.resolved = Some(at),
            },
            body => {
                if let Some(state) = body.step().and_then(|key| states.iter_mut().find(|s| s.step.key == key)) {
                    concerns = holder_of(&roles, state.step.role.as_ref());
                    apply_step_event(state, body, at, &event.actor);
                    if let Some((text, _)) = corrected_text.get(event.id.as_str()) {
                        if matches!(body, EventBody::StepNoted { .. } | EventBody::StepSkipped { .. }) {
                            state.note = Some(text.clone());
                        }
                    }
                }
                if matches!(body, EventBody::StatusUpdated { .. }) {
                    last_status = Some(entries.len());
                }
            }
        }
        let text = corrected_text
            .get(event.id.as_str())
            .map(|(text, _)| text.clone())
            .or_else(|| event.body.text().map(str::to_string));
        let superseded_by =
            [corrected_at.get(event.id.as_str()).map(|c| c.1), corrected_text.get(event.id.as_str()).map(|c| c.1)]
                .into_iter()
                .flatten()
                .max();
        entries.push(TimelineEntry { occurred_at: at, text, superseded_by, person: concerns, event: event.clone() });
    }

    // A step shows only when the decision it depends on (always an earlier step) was answered
    // with its option, and that decision is shown itself.
    for index in 0..states.len() {
        let Some(condition) = &states[index].step.condition else { continue };
        let parent = states[..index].iter().find(|s| s.step.key == condition.step);
        let hide = parent.is_none_or(|p| p.hidden || p.decision.as_deref() != Some(condition.option.as_str()));
        states[index].hidden = hide;
    }

    let phases: Vec<PhaseSteps> = Phase::ALL
        .into_iter()
        .map(|phase| PhaseSteps {
            phase,
            entered_at: entered.iter().find(|(p, _)| *p == phase).map(|(_, at)| *at),
            steps: states.iter().filter(|s| s.step.phase == phase).cloned().collect(),
        })
        .collect();
    let targets = runbook.targets.get(&incident.severity).cloned();
    let last_status = last_status.map(|index| entries[index].clone());
    let jumped = clock_jumped(&timeline);
    let drill = (incident.mode == IncidentMode::Drill).then(|| {
        let events = entries.iter().map(|e| (e.occurred_at, e.event.actor.as_str(), &e.event.body));
        drill::fold_drill(&runbook.scenarios, events, now)
    });
    let mut view = IncidentView {
        incident,
        runbook_title: runbook.title.clone(),
        roles,
        targets,
        milestones,
        phases,
        timers: Vec::new(),
        timeline: entries,
        last_status,
        clock_jumped: jumped,
        drill,
    };
    view.timers = timers(&view, now);
    view
}

fn apply_step_event(state: &mut StepState, body: &EventBody, at: DateTime<Utc>, actor: &str) {
    let status = match body {
        EventBody::StepTicked { note, evidence, .. } => {
            state.evidence = evidence.clone();
            state.note = note.clone().or(state.note.take());
            StepStatus::Done
        }
        EventBody::StepUnticked { note, .. } => {
            state.decision = None;
            state.evidence = None;
            state.note = note.clone().or(state.note.take());
            StepStatus::Open
        }
        EventBody::StepSkipped { reason, .. } => {
            state.note = Some(reason.clone());
            StepStatus::Skipped
        }
        EventBody::StepNotApplicable { note, .. } => {
            state.note = note.clone().or(state.note.take());
            StepStatus::NotApplicable
        }
        EventBody::StepDecided { option, note, .. } => {
            state.decision = Some(option.clone());
            state.note = note.clone().or(state.note.take());
            StepStatus::Done
        }
        EventBody::StepNoted { note, .. } => {
            state.note = Some(note.clone());
            return;
        }
        _ => return,
    };
    state.status = status;
    state.changed_at = Some(at);
    state.changed_by = Some(actor.to_string());
}
