//! Drills: the drill clock driven by a controlled clock through pause, speed changes and a
//! restart; inject delivery exactly on time; the facilitator's and players' actions; the
//! scorecard against a hand-built drill; the after-action report and the drill history.

use chrono::Duration;
use muster_core::drill::{Inject, InjectStatus, Scenario};
use muster_core::{IncidentAction, IncidentMode, Milestone};

use crate::{all_roles_to_ana, Fixture};

/// The IT outage sample with a two-inject scenario: #1 at T+5 min to everyone, expecting the
/// first Identify step; #2 at T+10 min to the first role, expecting only an acknowledgement.
fn with_scenario(f: &mut Fixture) -> (String, String) {
    let (mut runbook, _) = f.store.runbook("it-system-outage").unwrap();
    let first_step = runbook.steps[0].key.clone();
    let first_role = runbook.roles[0].id.clone();
    runbook.drill_days = Some(90);
    runbook.scenarios = vec![Scenario {
        key: "ransomware".into(),
        name: "Ransomware on the file servers".into(),
        briefing: "It is Monday, 08:00. The help desk phones are ringing.".into(),
        injects: vec![
            Inject {
                number: 1,
                offset_seconds: 300,
                message: "Users report encrypted files on the shared drive".into(),
                recipient: None,
                expected_action: "Confirm the outage".into(),
                step: Some(first_step.clone()),
                facilitator_notes: "Watch who declares the scope".into(),
            },
            Inject {
                number: 2,
                offset_seconds: 600,
                message: "A journalist calls the press office".into(),
                recipient: Some(first_role),
                expected_action: "Refer the caller to the communications lead".into(),
                step: None,
                facilitator_notes: String::new(),
            },
        ],
    }];
    f.store.save_runbook(&runbook, "Ana", "a drill scenario").unwrap();
    let mut new = crate::sev1(&mut f.store);
    new.mode = IncidentMode::Drill;
    new.assignments = all_roles_to_ana(&mut f.store, "it-system-outage");
    let id = f.store.start_incident(&new, "ana").unwrap().id;
    (id, first_step)
}

fn status(f: &Fixture, id: &str, number: u32) -> InjectStatus {
    f.store.incident_view(id).unwrap().drill.unwrap().inject(number).unwrap().status
}

fn act(f: &mut Fixture, id: &str, action: IncidentAction) {
    f.store.act(id, &action, "facilitator").unwrap();
}

#[test]
fn injects_arrive_exactly_on_drill_time_through_pause_speed_and_restart() {
    let mut f = Fixture::new();
    let (id, _) = with_scenario(&mut f);
    assert!(f.store.deliver_injects("muster").unwrap().is_empty(), "nothing before the clock starts");
    act(&mut f, &id, IncidentAction::StartDrill { scenario: "ransomware".into() });

    // T+4:59 at ×1: not one second early.
    f.clock.advance(Duration::seconds(299));
    assert!(f.store.deliver_injects("muster").unwrap().is_empty());
    assert_eq!(status(&f, &id, 1), InjectStatus::Pending);
    // Pause at drill time 4:59 for an hour; nothing comes while paused.
    act(&mut f, &id, IncidentAction::PauseDrill);
    f.clock.advance(Duration::hours(1));
    assert!(f.store.deliver_injects("muster").unwrap().is_empty());
    assert_eq!(f.store.incident_view(&id).unwrap().drill.unwrap().elapsed_ms, 299_000);
    // Resume: one second of drill time later, inject 1 is due, dated to that second.
    act(&mut f, &id, IncidentAction::ResumeDrill);
    let resumed = f.clock_now();
    f.clock.advance(Duration::milliseconds(999));
    assert!(f.store.deliver_injects("muster").unwrap().is_empty(), "999 ms after resuming is still early");
    f.clock.advance(Duration::milliseconds(1));
    let delivered = f.store.deliver_injects("muster").unwrap();
    assert_eq!(delivered.len(), 1);
    assert_eq!((delivered[0].inject.number, delivered[0].delivered_at), (1, resumed + Duration::seconds(1)));

    // ×5 from drill time 5:00: inject 2 (T+10 min) comes 60 s of wall time later.
    act(&mut f, &id, IncidentAction::SetDrillSpeed { speed: 5 });
    let fast = f.clock_now();
    let due = f.store.incident_view(&id).unwrap().drill.unwrap().inject(2).unwrap().due_at;
    assert_eq!(due, Some(fast + Duration::seconds(60)));

    // The app closes 30 s later and opens again 10 minutes after that: inject 2 is delivered on
    // the next check, dated when its drill time came, not when Muster noticed.
    f.clock.advance(Duration::seconds(30));
    let mut f = f.reopen();
    f.clock.advance(Duration::minutes(10));
    let delivered = f.store.deliver_injects("muster").unwrap();
    assert_eq!(delivered.len(), 1);
    assert_eq!((delivered[0].inject.number, delivered[0].delivered_at), (2, fast + Duration::seconds(60)));
    assert!(f.store.deliver_injects("muster").unwrap().is_empty(), "delivered once");

    let drill = f.store.incident_view(&id).unwrap().drill.unwrap();
    assert!(drill.running);
    assert_eq!(drill.speed, 5);
    // 299 s + 1 s at ×1, then 10 min 30 s of wall time at ×5.
    assert_eq!(drill.elapsed_ms, 300_000 + 630_000 * 5);
}

#[test]
fn a_pause_after_an_inject_came_delivers_it_first_dated_when_it_came() {
    let mut f = Fixture::new();
    let (id, _) = with_scenario(&mut f);
    act(&mut f, &id, IncidentAction::StartDrill { scenario: "ransomware".into() });
    let start = f.clock_now();
    f.clock.advance(Duration::minutes(7));
    act(&mut f, &id, IncidentAction::PauseDrill);
    let drill = f.store.incident_view(&id).unwrap().drill.unwrap();
    let first = drill.inject(1).unwrap();
    assert_eq!((first.status, first.delivered_at), (InjectStatus::Delivered, Some(start + Duration::minutes(5))));
    assert_eq!(drill.inject(2).unwrap().status, InjectStatus::Pending);
}

#[test]
fn the_facilitator_fires_and_skips_and_players_acknowledge() {
    let mut f = Fixture::new();
    let (id, _) = with_scenario(&mut f);
    let refused = f.store.act(&id, &IncidentAction::FireInject { inject: 1 }, "fac").unwrap_err();
    assert!(refused.to_string().contains("start the drill clock"), "{refused}");
    let unknown = f.store.act(&id, &IncidentAction::StartDrill { scenario: "flood".into() }, "fac").unwrap_err();
    assert!(unknown.to_string().contains("no drill scenario 'flood'"), "{unknown}");
    act(&mut f, &id, IncidentAction::StartDrill { scenario: "ransomware".into() });
    act(&mut f, &id, IncidentAction::FireInject { inject: 2 });
    act(&mut f, &id, IncidentAction::SkipInject { inject: 1 });
    assert_eq!(status(&f, &id, 1), InjectStatus::Skipped);
    let twice = f.store.act(&id, &IncidentAction::FireInject { inject: 2 }, "fac").unwrap_err();
    assert!(twice.to_string().contains("already delivered"), "{twice}");
    let early = f.store.act(&id, &IncidentAction::AcknowledgeInject { inject: 1 }, "ana").unwrap_err();
    assert!(early.to_string().contains("not waiting"), "{early}");
    f.store.act(&id, &IncidentAction::AcknowledgeInject { inject: 2 }, "ana").unwrap();
    let drill = f.store.incident_view(&id).unwrap().drill.unwrap();
    let second = drill.inject(2).unwrap();
    assert_eq!(second.status, InjectStatus::Acknowledged);
    assert!(second.fired);
    assert_eq!(second.acknowledged_by.as_deref(), Some("ana"));
    // Skipped injects are not delivered later.
    f.clock.advance(Duration::hours(1));
    assert!(f.store.deliver_injects("muster").unwrap().is_empty());

    // Real incidents have no drill clock.
    let real = crate::sev1(&mut f.store);
    let real = f.store.start_incident(&real, "ana").unwrap().id;
    let refused = f.store.act(&real, &IncidentAction::PauseDrill, "fac").unwrap_err();
    assert!(refused.to_string().contains("not a drill"), "{refused}");
    assert!(f.store.incident_view(&real).unwrap().drill.is_none());
}

#[test]
fn the_scorecard_of_a_hand_built_drill() {
    let mut f = Fixture::new();
    let (id, first_step) = with_scenario(&mut f);
    act(&mut f, &id, IncidentAction::StartDrill { scenario: "ransomware".into() });
    f.clock.advance(Duration::minutes(5));
    f.store.deliver_injects("muster").unwrap();
    // Inject 1 acknowledged after 40 s and its step done after 90 s: handled.
    f.clock.advance(Duration::seconds(40));
    f.store.act(&id, &IncidentAction::AcknowledgeInject { inject: 1 }, "ana").unwrap();
    f.clock.advance(Duration::seconds(50));
    f.store.tick_step(&id, &first_step, "ana").unwrap();
    // Inject 2 delivered at T+10 min and never acknowledged: missed.
    f.clock.advance(Duration::minutes(4) + Duration::seconds(30));
    f.store.deliver_injects("muster").unwrap();
    // Acknowledged 12 min after detection (SEV1 target 15 min: met); nothing else reached.
    f.clock.advance(Duration::minutes(2));
    let at = f.clock_now();
    f.store
        .act(&id, &IncidentAction::SetMilestone { milestone: Milestone::Acknowledged, at: Some(at) }, "ana")
        .unwrap();

    let card = f.store.scorecard(&id).unwrap();
    assert_eq!(card.scenario.as_deref(), Some("Ransomware on the file servers"));
    let first = &card.injects[0];
    assert_eq!(
        (first.acknowledged_after_seconds, first.acted_after_seconds, first.handled),
        (Some(40), Some(90), true)
    );
    let second = &card.injects[1];
    assert_eq!(
        (second.status, second.acknowledged_after_seconds, second.handled),
        (InjectStatus::Delivered, None, false)
    );

    let view = f.store.incident_view(&id).unwrap();
    let expected = view.steps().filter(|s| !(s.hidden || s.step.optional)).count() as u32;
    assert_eq!((card.steps_expected, card.steps_done, card.steps_skipped), (expected, 1, 0));
    assert_eq!(card.steps_missed, expected - 1);
    let parts: Vec<(&str, u32, u32)> = card.parts.iter().map(|p| (p.part.as_str(), p.earned, p.possible)).collect();
    let targets = view.targets.clone().unwrap();
    let with_target = [targets.acknowledge_minutes, targets.mitigate_minutes, targets.resolve_minutes]
        .iter()
        .filter(|t| t.is_some())
        .count() as u32;
    assert_eq!(parts, [("milestones", 1, with_target), ("steps", 1, expected), ("injects", 1, 2)]);
    let by_hand = (100.0 * (40.0 * 1.0 / f64::from(with_target) + 30.0 * 1.0 / f64::from(expected) + 30.0 * 0.5)
        / 100.0)
        .round() as u32;
    assert_eq!(card.score, Some(by_hand));
    assert!(card.formula.contains("40 × milestones met"));

    // A real incident has no scorecard.
    let real = crate::sev1(&mut f.store);
    let real = f.store.start_incident(&real, "ana").unwrap().id;
    assert!(f.store.scorecard(&real).is_err());

    // The history: one drill with that score, inject 2 missed once in one delivery.
    let history = f.store.drill_history("it-system-outage").unwrap();
    assert_eq!(history.drills.len(), 1);
    assert_eq!(history.drills[0].score, Some(by_hand));
    let missed: Vec<(u32, u32, u32)> =
        history.missed_injects.iter().map(|m| (m.number, m.missed, m.delivered)).collect();
    assert_eq!(missed, [(2, 1, 1)]);
}

#[test]
fn a_drill_review_is_an_after_action_report_and_drills_set_the_due_date() {
    let mut f = Fixture::new();
    let before = f.store.list_runbooks().unwrap().into_iter().find(|r| r.id == "it-system-outage").unwrap();
    let (id, _) = with_scenario(&mut f);
    let titles: Vec<String> = f.store.review(&id).unwrap().sections.into_iter().map(|s| s.title).collect();
    assert_eq!(titles, ["Objectives", "Strengths", "Areas for improvement", "Improvement plan"]);

    let summary = f.store.list_runbooks().unwrap().into_iter().find(|r| r.id == "it-system-outage").unwrap();
    assert_eq!(summary.drill_days, Some(90));
    assert_eq!(summary.last_drill_at, Some(f.clock_now()));
    assert_eq!(summary.drill_due_at, Some(f.clock_now() + Duration::days(90)));
    assert!(!summary.drill_overdue);
    // Never drilled: the cadence counts from when the runbook came into the library.
    assert_eq!(before.last_drill_at, None);
    assert!(before.drill_due_at.is_some_and(|due| due <= summary.drill_due_at.unwrap()));
    f.clock.advance(Duration::days(90));
    let summary = f.store.list_runbooks().unwrap().into_iter().find(|r| r.id == "it-system-outage").unwrap();
    assert!(summary.drill_overdue);
}
