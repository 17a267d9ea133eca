//! Live timers of an incident: the service targets of its severity, each step's target and the
//! status-update reminder, all computed from stored timestamps so they survive restarts, sleep
//! and clock changes.

use chrono::{DateTime, Duration, Utc};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::incident::{IncidentView, StepStatus};
use crate::phase::Phase;
use crate::timeline::EventBody;

/// A timer turns amber when this share of its time is used up.
pub const WARNING_SHARE: f64 = 0.8;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum TimerKind {
    Acknowledge,
    Mitigate,
    Resolve,
    Step,
    /// The next status update; missing it reminds, it is not a breach.
    StatusUpdate,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum TimerState {
    Running,
    /// At or past [`WARNING_SHARE`] of its time.
    Warning,
    Breached,
    /// Stopped in time.
    Met,
    /// Stopped after its target.
    Missed,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Timer {
    /// Stable within the incident: `acknowledge`, `mitigate`, `resolve`, `step:<key>`, `status_update`.
    pub id: String,
    pub kind: TimerKind,
    pub step: Option<String>,
    pub starts_at: DateTime<Utc>,
    pub warn_at: DateTime<Utc>,
    pub due_at: DateTime<Utc>,
    pub stopped_at: Option<DateTime<Utc>>,
    /// The state when the view was built; the screen recomputes it every second from the times.
    pub state: TimerState,
}

impl Timer {
    fn new(id: String, kind: TimerKind, starts_at: DateTime<Utc>, minutes: u32) -> Timer {
        let due_at = starts_at + Duration::minutes(i64::from(minutes));
        Timer::until(id, kind, starts_at, due_at)
    }

    fn until(id: String, kind: TimerKind, starts_at: DateTime<Utc>, due_at: DateTime<Utc>) -> Timer {
        let span = (due_at - starts_at).num_milliseconds().max(0) as f64;
        let warn_at = starts_at + Duration::milliseconds((span * WARNING_SHARE).round() as i64);
        Timer { id, kind, step: None, starts_at, warn_at, due_at, stopped_at: None, state: TimerState::Running }
    }

    /// The state at `now`. A target is breached exactly at `due_at`, not a millisecond before.
    pub fn state_at(&self, now: DateTime<Utc>) -> TimerState {
        match self.stopped_at {
            Some(stopped) if stopped <= self.due_at => TimerState::Met,
            Some(_) => TimerState::Missed,
            None if now >= self.due_at => TimerState::Breached,
            None if now >= self.warn_at => TimerState::Warning,
            None => TimerState::Running,
        }
    }

    /// Whether the target passed unmet by `now` (still running past it, or stopped late).
    pub fn breached_by(&self, now: DateTime<Utc>) -> bool {
        matches!(self.state_at(now), TimerState::Breached | TimerState::Missed) && self.due_at <= now
    }
}

/// Every timer of the incident, service targets first, then steps in runbook order, then the
/// status-update reminder.
pub fn timers(view: &IncidentView, now: DateTime<Utc>) -> Vec<Timer> {
    let mut out = Vec::new();
    let m = &view.milestones;
    if let Some(targets) = &view.targets {
        let service = [
            (TimerKind::Acknowledge, "acknowledge", targets.acknowledge_minutes, m.acknowledged),
            (TimerKind::Mitigate, "mitigate", targets.mitigate_minutes, m.mitigated.or(m.resolved)),
            (TimerKind::Resolve, "resolve", targets.resolve_minutes, m.resolved),
        ];
        for (kind, id, minutes, stopped) in service {
            if let Some(minutes) = minutes {
                let mut timer = Timer::new(id.to_string(), kind, m.detected, minutes);
                timer.stopped_at = stopped;
                out.push(timer);
            }
        }
    }
    // An optional step is a suggestion: its target guides whoever takes it up, but it never
    // runs as a countdown nor breaches.
    for state in view.steps().filter(|s| !s.hidden && !s.step.optional) {
        let Some(minutes) = state.step.target_minutes else { continue };
        let mut timer =
            Timer::new(format!("step:{}", state.step.key), TimerKind::Step, view.incident.started_at, minutes);
        timer.step = Some(state.step.key.clone());
        timer.stopped_at = match state.status {
            StepStatus::Open if state.step.phase != Phase::Review => m.resolved,
            StepStatus::Open => view.incident.closed_at,
            _ => state.changed_at,
        };
        out.push(timer);
    }
    if let Some(minutes) = view.targets.as_ref().and_then(|t| t.update_minutes).filter(|_| m.resolved.is_none()) {
        let since = view.last_status.as_ref().map_or(view.incident.started_at, |entry| entry.occurred_at);
        let snoozed = view
            .timeline
            .iter()
            .filter(|entry| entry.event.recorded_at >= since)
            .filter_map(|entry| match entry.event.body {
                EventBody::ReminderSnoozed { until } => Some(until),
                _ => None,
            })
            .next_back();
        let due = since + Duration::minutes(i64::from(minutes));
        let due = snoozed.map_or(due, |until| until.max(due));
        out.push(Timer::until("status_update".into(), TimerKind::StatusUpdate, since, due));
    }
    for timer in &mut out {
        timer.state = timer.state_at(now);
    }
    out
}
