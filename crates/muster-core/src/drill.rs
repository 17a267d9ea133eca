//! Drills: the scenarios a runbook is rehearsed with (a master scenario events list of timed
//! injects), the facilitator's drill clock, and the state of each inject in a running drill.
//!
//! Invariant: the drill clock is never stored as a running value. It is derived from the
//! timeline's clock events (started, paused, resumed, speed changed) and the time asked about,
//! so pausing, changing speed, sleeping or restarting the app keep every inject's due time right.

use chrono::{DateTime, Duration, Utc};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// One scenario a runbook can be rehearsed with.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Scenario {
    /// Unique within the runbook; drill events name the scenario by it.
    pub key: String,
    pub name: String,
    /// Markdown read to the players before the clock starts.
    pub briefing: String,
    /// In the order of their offsets.
    pub injects: Vec<Inject>,
}

/// One message the facilitator injects into the drill at a time offset from its start.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Inject {
    /// The inject's number in the scenario (1, 2, …), as printed on a master scenario events list.
    pub number: u32,
    /// Drill time from the start of the clock: T+5 min is 300.
    pub offset_seconds: u32,
    /// What the players receive ("The status page provider reports an outage").
    pub message: String,
    /// The role id that receives it; `None` for everyone.
    pub recipient: Option<String>,
    /// What the players are expected to do about it.
    pub expected_action: String,
    /// The step whose completion counts as the expected action, when there is one.
    pub step: Option<String>,
    /// For the facilitator only: never shown on the players' screen.
    pub facilitator_notes: String,
}

/// Where one inject of a running drill stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum InjectStatus {
    /// Not delivered yet.
    Pending,
    /// On the players' screen, not acknowledged yet.
    Delivered,
    Acknowledged,
    /// Left out by the facilitator: it counts nowhere.
    Skipped,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct InjectState {
    pub inject: Inject,
    pub status: InjectStatus,
    /// When it falls due if the clock keeps running (`None` while paused or before the start).
    pub due_at: Option<DateTime<Utc>>,
    pub delivered_at: Option<DateTime<Utc>>,
    /// The facilitator sent it before its time.
    pub fired: bool,
    pub acknowledged_at: Option<DateTime<Utc>>,
    pub acknowledged_by: Option<String>,
}

/// A drill as the facilitator panel and the players' screen show it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct DrillRun {
    /// The runbook's scenarios, to choose from before the clock starts.
    pub scenarios: Vec<Scenario>,
    /// The scenario being played, once the clock has started.
    pub scenario: Option<Scenario>,
    pub started_at: Option<DateTime<Utc>>,
    pub running: bool,
    pub speed: u32,
    /// Drill time at the moment the view was made; the window counts on from it while running.
    #[ts(type = "number")]
    pub elapsed_ms: i64,
    /// When the view was made, for that count.
    pub as_of: DateTime<Utc>,
    /// The scenario's injects in order.
    pub injects: Vec<InjectState>,
}

impl DrillRun {
    pub fn inject(&self, number: u32) -> Option<&InjectState> {
        self.injects.iter().find(|i| i.inject.number == number)
    }
}

/// Folds the drill events of a timeline (in order) into a [`DrillRun`]. `at` is each event's
/// effective time.
pub(crate) fn fold_drill<'a>(
    scenarios: &[Scenario],
    events: impl Iterator<Item = (DateTime<Utc>, &'a str, &'a crate::timeline::EventBody)>,
    now: DateTime<Utc>,
) -> DrillRun {
    use crate::timeline::EventBody;
    let mut clock = DrillClock::default();
    let mut scenario: Option<Scenario> = None;
    let mut injects: Vec<InjectState> = Vec::new();
    for (at, actor, body) in events {
        let state =
            |injects: &mut Vec<InjectState>, number: &u32| injects.iter().position(|i| i.inject.number == *number);
        match body {
            EventBody::DrillStarted { scenario: key } if scenario.is_none() => {
                scenario = scenarios.iter().find(|s| &s.key == key).cloned();
                injects = scenario.iter().flat_map(|s| s.injects.iter()).map(pending).collect();
                clock.start(at);
            }
            EventBody::DrillPaused {} => clock.pause(at),
            EventBody::DrillResumed {} => clock.resume(at),
            EventBody::DrillSpeedChanged { speed } => clock.set_speed(*speed, at),
            EventBody::InjectDelivered { inject, fired } => {
                if let Some(index) = state(&mut injects, inject) {
                    let i = &mut injects[index];
                    i.status = InjectStatus::Delivered;
                    i.delivered_at = Some(at);
                    i.fired = *fired;
                }
            }
            EventBody::InjectSkipped { inject } => {
                if let Some(index) = state(&mut injects, inject) {
                    injects[index].status = InjectStatus::Skipped;
                }
            }
            EventBody::InjectAcknowledged { inject } => {
                if let Some(index) = state(&mut injects, inject) {
                    let i = &mut injects[index];
                    i.status = InjectStatus::Acknowledged;
                    i.acknowledged_at = Some(at);
                    i.acknowledged_by = Some(actor.to_string());
                }
            }
            _ => {}
        }
    }
    for i in &mut injects {
        if i.status == InjectStatus::Pending {
            i.due_at = clock.due_at(i.inject.offset_seconds);
        }
    }
    DrillRun {
        scenarios: scenarios.to_vec(),
        scenario,
        started_at: clock.started_at(),
        running: clock.is_running(),
        speed: clock.speed(),
        elapsed_ms: clock.elapsed_ms(now),
        as_of: now,
        injects,
    }
}

fn pending(inject: &Inject) -> InjectState {
    InjectState {
        inject: inject.clone(),
        status: InjectStatus::Pending,
        due_at: None,
        delivered_at: None,
        fired: false,
        acknowledged_at: None,
        acknowledged_by: None,
    }
}

/// An inject that has just reached the players, for their banner and the desktop notification.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct InjectDelivery {
    pub incident_id: String,
    pub incident_title: String,
    pub delivered_at: DateTime<Utc>,
    pub inject: Inject,
}

/// A runbook's drills over time.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct DrillHistory {
    /// Oldest first.
    pub drills: Vec<DrillRecord>,
    /// Injects delivered and not handled in at least one drill, most missed first.
    pub missed_injects: Vec<MissedInject>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct DrillRecord {
    pub incident_id: String,
    pub title: String,
    pub started_at: DateTime<Utc>,
    pub closed: bool,
    pub scenario: Option<String>,
    /// The scorecard's score as of now (see `scorecard.rs`).
    pub score: Option<u32>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct MissedInject {
    /// The scenario's key and name.
    pub scenario: String,
    pub scenario_name: String,
    pub number: u32,
    pub message: String,
    /// In how many drills it was delivered and not handled.
    pub missed: u32,
    /// In how many drills it was delivered.
    pub delivered: u32,
}

/// The speeds a tabletop drill can run at.
pub const SPEEDS: [u32; 3] = [1, 2, 5];

/// The drill clock as the timeline's clock events define it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DrillClock {
    /// When the clock started; `None` before it has.
    started_at: Option<DateTime<Utc>>,
    /// Drill time banked before the current run, in milliseconds.
    banked_ms: i64,
    /// When the current run began (`None` while paused) and its speed.
    running_since: Option<DateTime<Utc>>,
    speed: u32,
}

impl DrillClock {
    pub fn started_at(&self) -> Option<DateTime<Utc>> {
        self.started_at
    }

    pub fn is_running(&self) -> bool {
        self.running_since.is_some()
    }

    pub fn speed(&self) -> u32 {
        self.speed.max(1)
    }

    pub fn start(&mut self, at: DateTime<Utc>) {
        if self.started_at.is_none() {
            *self = DrillClock { started_at: Some(at), banked_ms: 0, running_since: Some(at), speed: 1 };
        }
    }

    pub fn pause(&mut self, at: DateTime<Utc>) {
        if let Some(since) = self.running_since.take() {
            self.banked_ms += run_ms(since, at, self.speed());
        }
    }

    pub fn resume(&mut self, at: DateTime<Utc>) {
        if self.started_at.is_some() && self.running_since.is_none() {
            self.running_since = Some(at);
        }
    }

    /// A new speed from `at` on; the drill time run so far at the old speed is kept.
    pub fn set_speed(&mut self, speed: u32, at: DateTime<Utc>) {
        if let Some(since) = self.running_since {
            self.banked_ms += run_ms(since, at, self.speed());
            self.running_since = Some(at);
        }
        self.speed = speed.max(1);
    }

    /// Drill time at `now`, in milliseconds (0 before the start).
    pub fn elapsed_ms(&self, now: DateTime<Utc>) -> i64 {
        self.banked_ms + self.running_since.map_or(0, |since| run_ms(since, now, self.speed()))
    }

    /// The wall-clock moment the drill time reaches `offset_seconds`, if the clock keeps running
    /// at its speed; `None` while it is stopped or paused (the moment is not known yet). A time
    /// already reached returns the moment it was reached in the current run, or the run's start
    /// when it was reached before it.
    pub fn due_at(&self, offset_seconds: u32) -> Option<DateTime<Utc>> {
        let since = self.running_since?;
        let left_ms = (i64::from(offset_seconds) * 1000 - self.banked_ms).max(0);
        // Rounded up: at speed 2 an inject 1 ms of drill time away is due after 1 ms, not 0.
        let wall_ms = (left_ms + i64::from(self.speed()) - 1) / i64::from(self.speed());
        Some(since + Duration::milliseconds(wall_ms))
    }
}

fn run_ms(since: DateTime<Utc>, until: DateTime<Utc>, speed: u32) -> i64 {
    (until - since).num_milliseconds().max(0) * i64::from(speed)
}

/// "T+5 min", "T+1 h 30 min", "T+45 s": how a master scenario events list writes an offset.
pub fn offset_label(seconds: u32) -> String {
    let (h, m, s) = (seconds / 3600, seconds % 3600 / 60, seconds % 60);
    let mut parts = Vec::new();
    if h > 0 {
        parts.push(format!("{h} h"));
    }
    if m > 0 {
        parts.push(format!("{m} min"));
    }
    if s > 0 || parts.is_empty() {
        parts.push(format!("{s} s"));
    }
    format!("T+{}", parts.join(" "))
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn t(seconds: i64) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 3, 1, 9, 0, 0).unwrap() + Duration::seconds(seconds)
    }

    #[test]
    fn the_clock_runs_pauses_and_changes_speed_from_the_moments_given() {
        let mut clock = DrillClock::default();
        assert_eq!(clock.elapsed_ms(t(50)), 0);
        assert_eq!(clock.due_at(60), None, "not started");
        clock.start(t(0));
        assert_eq!(clock.due_at(60), Some(t(60)));
        clock.pause(t(30));
        assert_eq!(clock.elapsed_ms(t(500)), 30_000);
        assert_eq!(clock.due_at(60), None, "paused");
        clock.resume(t(100));
        assert_eq!(clock.due_at(60), Some(t(130)));
        clock.set_speed(5, t(110));
        assert_eq!(clock.elapsed_ms(t(110)), 40_000);
        assert_eq!(clock.due_at(60), Some(t(114)));
        assert_eq!(clock.elapsed_ms(t(114)), 60_000);
        assert_eq!(clock.due_at(10), Some(t(110)), "already reached: the start of this run");
    }

    #[test]
    fn offsets_read_like_a_scenario_list() {
        assert_eq!(offset_label(0), "T+0 s");
        assert_eq!(offset_label(300), "T+5 min");
        assert_eq!(offset_label(5400), "T+1 h 30 min");
        assert_eq!(offset_label(45), "T+45 s");
    }
}
