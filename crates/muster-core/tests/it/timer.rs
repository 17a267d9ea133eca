//! Timers with a controlled clock: amber at 80 %, breached exactly at the target (not a
//! millisecond before), breaches recorded once and dated when they happened, status-update
//! reminders and snoozes, all right again after a reopen.

use chrono::Duration;
use muster_core::{Clock, EventBody, IncidentAction, Milestone, TimerKind, TimerState};

use crate::{declare, Fixture};

fn state(f: &Fixture, id: &str, timer: &str) -> TimerState {
    let view = f.store.incident_view(id).unwrap();
    view.timers.iter().find(|t| t.id == timer).unwrap_or_else(|| panic!("no timer {timer}")).state
}

fn breaches(f: &Fixture, id: &str, timer: &str) -> Vec<chrono::DateTime<chrono::Utc>> {
    f.store
        .timeline(id)
        .unwrap()
        .into_iter()
        .filter_map(|e| match e.body {
            EventBody::TimerBreached { timer: t, due_at } if t == timer => {
                assert_eq!(e.occurred_at, due_at, "dated when it passed");
                Some(due_at)
            }
            _ => None,
        })
        .collect()
}

#[test]
fn acknowledge_breaches_exactly_at_the_target() {
    let mut f = Fixture::new();
    let (incident, _) = declare(&mut f.store);
    let id = &incident.id;
    let due = incident.detected_at + Duration::minutes(15);

    f.clock.advance(Duration::minutes(12) - Duration::milliseconds(1));
    assert_eq!(state(&f, id, "acknowledge"), TimerState::Running);
    f.clock.advance(Duration::milliseconds(1));
    assert_eq!(state(&f, id, "acknowledge"), TimerState::Warning, "amber at 80 %");

    f.clock.advance(Duration::minutes(3) - Duration::seconds(1));
    f.store.check_timers("muster").unwrap();
    assert_eq!(state(&f, id, "acknowledge"), TimerState::Warning);
    assert!(breaches(&f, id, "acknowledge").is_empty(), "not one second before");

    f.clock.advance(Duration::seconds(1));
    assert_eq!(f.clock.now(), due);
    let alerts = f.store.check_timers("muster").unwrap();
    let alert = alerts.iter().find(|a| a.timer.id == "acknowledge").expect("an alert for the breach");
    assert!(alert.event.is_some());
    assert_eq!(state(&f, id, "acknowledge"), TimerState::Breached);
    assert_eq!(breaches(&f, id, "acknowledge"), [due]);

    f.clock.advance(Duration::minutes(1));
    let again = f.store.check_timers("muster").unwrap();
    assert!(!again.iter().any(|a| a.timer.id == "acknowledge"), "recorded once");
    assert_eq!(breaches(&f, id, "acknowledge").len(), 1);
}

#[test]
fn a_target_met_in_time_never_breaches() {
    let mut f = Fixture::new();
    let (incident, _) = declare(&mut f.store);
    let id = &incident.id;
    f.clock.advance(Duration::minutes(14));
    f.store.act(id, &IncidentAction::SetMilestone { milestone: Milestone::Acknowledged, at: None }, "ana").unwrap();
    f.clock.advance(Duration::hours(1));
    f.store.check_timers("muster").unwrap();
    assert_eq!(state(&f, id, "acknowledge"), TimerState::Met);
    assert!(breaches(&f, id, "acknowledge").is_empty());
}

#[test]
fn a_breach_while_muster_was_closed_is_recorded_on_the_next_start_with_its_time() {
    let mut f = Fixture::new();
    let (incident, _) = declare(&mut f.store);
    let id = incident.id.clone();
    let f = {
        let f = f.reopen();
        f.clock.advance(Duration::minutes(70));
        f
    };
    let mut f = f.reopen();
    // Mitigated late, before Muster checked: still a breach, dated at the target.
    f.store.act(&id, &IncidentAction::SetMilestone { milestone: Milestone::Mitigated, at: None }, "ana").unwrap();
    f.store.check_timers("muster").unwrap();
    assert_eq!(state(&f, &id, "mitigate"), TimerState::Missed);
    assert_eq!(breaches(&f, &id, "mitigate"), [incident.detected_at + Duration::minutes(60)]);
    assert_eq!(breaches(&f, &id, "acknowledge"), [incident.detected_at + Duration::minutes(15)]);
    assert_eq!(state(&f, &id, "resolve"), TimerState::Running, "4 h not yet used");
}

#[test]
fn timers_count_from_a_backdated_detection() {
    let mut f = Fixture::new();
    let mut new = crate::sev1(&mut f.store);
    new.detected_at = Some(f.clock.now() - Duration::minutes(20));
    let incident = f.store.start_incident(&new, "ana").unwrap();
    assert_eq!(state(&f, &incident.id, "acknowledge"), TimerState::Breached, "20 min since detection");
    let step = f.store.incident_view(&incident.id).unwrap();
    let timer = step.timers.iter().find(|t| t.kind == TimerKind::Step).unwrap();
    assert_eq!(timer.starts_at, incident.started_at, "step targets count from the declaration");
}

#[test]
fn status_updates_reset_the_reminder_and_snoozes_push_it() {
    let mut f = Fixture::new();
    let (incident, _) = declare(&mut f.store);
    let id = &incident.id;
    let t0 = incident.started_at;
    let due = |f: &Fixture| {
        let view = f.store.incident_view(id).unwrap();
        view.timers.iter().find(|t| t.kind == TimerKind::StatusUpdate).map(|t| t.due_at)
    };
    assert_eq!(due(&f), Some(t0 + Duration::minutes(30)), "SEV1: every 30 min");

    f.clock.advance(Duration::minutes(20));
    f.store.act(id, &IncidentAction::StatusUpdate { text: "Checkout down; rolling back".into() }, "ana").unwrap();
    assert_eq!(due(&f), Some(t0 + Duration::minutes(50)));

    f.clock.advance(Duration::minutes(30));
    let alerts = f.store.check_timers("muster").unwrap();
    let reminder = alerts.iter().find(|a| a.timer.kind == TimerKind::StatusUpdate).expect("an update is due");
    assert!(reminder.event.is_none(), "a reminder is not a breach");

    f.store.act(id, &IncidentAction::SnoozeReminder { minutes: 10 }, "ana").unwrap();
    assert_eq!(due(&f), Some(t0 + Duration::minutes(60)));
    let alerts = f.store.check_timers("muster").unwrap();
    assert!(!alerts.iter().any(|a| a.timer.kind == TimerKind::StatusUpdate), "snoozed");
    let err = f.store.act(id, &IncidentAction::SnoozeReminder { minutes: 0 }, "ana").unwrap_err();
    assert!(err.to_string().contains("snooze for 1 to 240 minutes"), "{err}");

    let f = f.reopen();
    assert_eq!(due(&f), Some(t0 + Duration::minutes(60)), "the same after a restart");
    let timeline = f.store.timeline(id).unwrap();
    assert!(timeline.iter().any(|e| matches!(e.body, EventBody::ReminderSnoozed { .. })), "the snooze is recorded");
}
