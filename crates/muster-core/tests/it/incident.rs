//! The incident run: declaring with roles, every step transition, decisions, evidence, phases,
//! milestones, handovers, log entries, corrections and closing, each through the store and
//! surviving a reopen.

use chrono::Duration;
use muster_core::{
    Clock, Error, EventBody, IncidentAction, IncidentMode, Milestone, Phase, RoleAssignment, RoleFill, StepStatus,
};

use crate::{declare, sev1, Fixture};

const ACK_STEP: &str = "acknowledge-the-alert-and-open-the-incident";
const DECISION: &str = "is-customer-data-at-risk";
const DPO: &str = "notify-the-data-protection-officer";
const MITIGATE_STEP: &str = "mark-the-incident-mitigated";
const RESOLVE_STEP: &str = "remove-temporary-fixes-and-resolve-the-incident";
const REVIEW_STEP: &str = "schedule-the-post-incident-review";

fn tick(step: &str) -> IncidentAction {
    IncidentAction::Tick { step: step.into(), note: None, evidence: None }
}

fn kinds(events: &[muster_core::TimelineEvent]) -> Vec<&'static str> {
    events.iter().map(|e| e.body.kind()).collect()
}

#[test]
fn declaring_records_roles_and_identify_and_pins_the_revision() {
    let mut f = Fixture::new();
    let mut new = sev1(&mut f.store);
    new.detected_at = Some(f.clock.now() - Duration::minutes(12));
    new.assignments[1].fill = RoleFill::Waived { reason: "nobody on call".into() };
    let incident = f.store.start_incident(&new, "ana").unwrap();
    assert_eq!(incident.title, "IT system outage");
    assert_eq!((incident.runbook_revision, incident.phase), (1, Phase::Identify));
    assert_eq!(incident.detected_at, f.clock.now() - Duration::minutes(12));

    let view = f.store.incident_view(&incident.id).unwrap();
    let roles = view.roles.len();
    assert_eq!(view.timeline.len(), 1 + roles + 1, "declaration, one event per role, Identify entered");
    assert!(matches!(&view.timeline[0].event.body, EventBody::IncidentDeclared { severity, .. } if severity == "SEV1"));
    assert_eq!(view.roles[0].person.as_ref().map(|p| p.name.as_str()), Some("Ana"));
    assert_eq!(view.roles[1].waived.as_deref(), Some("nobody on call"));
    assert_eq!(view.phases[0].entered_at, Some(incident.detected_at), "Identify starts at detection");
    assert_eq!(view.milestones.detected, incident.detected_at);

    // A later edit of the runbook does not change the running incident.
    let (mut runbook, _) = f.store.runbook("it-system-outage").unwrap();
    runbook.steps.retain(|s| s.phase != Phase::Review);
    f.store.save_runbook(&runbook, "ana", "drop review").unwrap();
    let view = f.store.incident_view(&incident.id).unwrap();
    assert_eq!(view.incident.runbook_revision, 1);
    assert!(!view.phases[3].steps.is_empty());
}

#[test]
fn declaring_refuses_bad_input_and_writes_nothing() {
    let mut f = Fixture::new();
    let good = sev1(&mut f.store);
    let refuse = |f: &mut Fixture, new: &muster_core::NewIncident, needle: &str| {
        let err = f.store.start_incident(new, "ana").unwrap_err();
        assert!(err.to_string().contains(needle), "{err}");
    };
    let mut unknown = good.clone();
    unknown.runbook_id = "nope".into();
    assert!(matches!(f.store.start_incident(&unknown, "ana"), Err(Error::NotFound { what: "runbook", .. })));
    let mut severity = good.clone();
    severity.severity = "SEV9".into();
    refuse(&mut f, &severity, "one of SEV1, SEV2, SEV3, SEV4");
    let mut future = good.clone();
    future.detected_at = Some(f.clock.now() + Duration::minutes(1));
    refuse(&mut f, &future, "in the future");
    let mut missing = good.clone();
    missing.assignments.pop();
    refuse(&mut f, &missing, "fill or waive every role before declaring; still open: ");
    let mut no_reason = good.clone();
    assert_eq!(no_reason.assignments[0].role, "incident-commander", "roles keep the file's order");
    no_reason.assignments[0].fill = RoleFill::Waived { reason: "  ".into() };
    refuse(&mut f, &no_reason, "why the role Incident Commander is waived");
    let mut nobody = good.clone();
    nobody.assignments[0].fill = RoleFill::Person { person: "ghost".into() };
    assert!(matches!(f.store.start_incident(&nobody, "ana"), Err(Error::NotFound { what: "person", .. })));
    let mut stranger = good.clone();
    stranger.assignments.push(RoleAssignment { role: "pilot".into(), fill: RoleFill::Waived { reason: "x".into() } });
    refuse(&mut f, &stranger, "has no role 'pilot'");
    assert!(f.store.list_incidents().unwrap().is_empty());

    // The severity scale is the team's: after changing it, the new names are the valid ones.
    f.store.set_severities(&["P1".into(), "P2".into()]).unwrap();
    refuse(&mut f, &good, "one of P1, P2");
    let mut p1 = good;
    p1.severity = "P1".into();
    f.store.start_incident(&p1, "ana").unwrap();
    assert!(f.store.set_severities(&["P1".into(), "P1".into()]).unwrap_err().to_string().contains("twice"));
}

#[test]
fn a_tick_appends_an_event_acknowledges_and_survives_a_restart() {
    let mut f = Fixture::new();
    let (incident, _) = declare(&mut f.store);
    f.clock.advance(Duration::seconds(90));
    let events = f.store.act(&incident.id, &tick(ACK_STEP), "ben").unwrap();
    assert_eq!(kinds(&events), ["step.ticked", "milestone.reached"], "the step sets the acknowledged milestone");
    assert_eq!(events[0].actor, "ben");

    let f = f.reopen();
    let view = f.store.incident_view(&incident.id).unwrap();
    let state = view.step(ACK_STEP).unwrap();
    assert_eq!(state.status, StepStatus::Done);
    assert_eq!(state.changed_by.as_deref(), Some("ben"));
    assert_eq!(state.changed_at, Some(events[0].occurred_at));
    assert_eq!(view.milestones.acknowledged, Some(events[0].occurred_at));
    assert_eq!(view.incident.acknowledged_at, view.milestones.acknowledged, "the row follows the timeline");
    assert_eq!(view.timeline.last().map(|e| &e.event), events.last());
}

#[test]
fn the_first_step_worked_acknowledges_when_no_step_says_so() {
    let mut f = Fixture::new();
    let (incident, keys) = declare(&mut f.store);
    let events = f.store.act(&incident.id, &tick(&keys[1]), "ana").unwrap();
    assert_eq!(kinds(&events), ["step.ticked", "milestone.reached"]);
    let events = f.store.act(&incident.id, &tick(&keys[2]), "ana").unwrap();
    assert_eq!(kinds(&events), ["step.ticked"], "acknowledged once");
    // The acknowledge step, ticked later, does not acknowledge again.
    let events = f.store.act(&incident.id, &tick(ACK_STEP), "ana").unwrap();
    assert_eq!(kinds(&events), ["step.ticked"]);
}

#[test]
fn untick_skip_not_applicable_and_notes() {
    let mut f = Fixture::new();
    let (incident, keys) = declare(&mut f.store);
    let id = &incident.id;
    let (a, b, c) = (&keys[1], &keys[2], &keys[3]);
    f.store
        .act(id, &IncidentAction::Tick { step: a.clone(), note: Some(" ran curl ".into()), evidence: None }, "ana")
        .unwrap();
    f.store
        .act(id, &IncidentAction::Untick { step: a.clone(), note: Some("ticked by mistake".into()) }, "ana")
        .unwrap();
    f.store
        .act(id, &IncidentAction::Skip { step: b.clone(), reason: "severity set by the pager".into() }, "ana")
        .unwrap();
    f.store.act(id, &IncidentAction::NotApplicable { step: c.clone(), note: None }, "ana").unwrap();
    f.store.act(id, &IncidentAction::NoteStep { step: c.clone(), note: "no channel needed".into() }, "ana").unwrap();

    let view = f.store.incident_view(id).unwrap();
    let state = |key: &str| view.step(key).unwrap().clone();
    assert_eq!((state(a).status, state(a).note.as_deref()), (StepStatus::Open, Some("ticked by mistake")));
    assert_eq!((state(b).status, state(b).note.as_deref()), (StepStatus::Skipped, Some("severity set by the pager")));
    assert_eq!((state(c).status, state(c).note.as_deref()), (StepStatus::NotApplicable, Some("no channel needed")));
    assert_eq!(view.progress().0, 2, "skipped and not applicable are settled");

    // Refusals name the step and the way out, and write nothing.
    let before = f.store.timeline(id).unwrap().len();
    let refuse = |f: &mut Fixture, action: IncidentAction, needle: &str| {
        let err = f.store.act(id, &action, "ana").unwrap_err();
        assert!(err.to_string().contains(needle), "{err}");
    };
    refuse(&mut f, IncidentAction::Untick { step: a.clone(), note: None }, "is still open; there is nothing to untick");
    refuse(&mut f, tick(b), "was skipped; untick it to tick it again");
    refuse(&mut f, IncidentAction::Skip { step: a.clone(), reason: " ".into() }, "write why the step is skipped");
    refuse(&mut f, IncidentAction::NoteStep { step: a.clone(), note: "".into() }, "write the note");
    assert!(matches!(f.store.act(id, &tick("no-such-step"), "ana"), Err(Error::NotFound { what: "step", .. })));
    assert!(matches!(f.store.act("no-such-incident", &tick(a), "ana"), Err(Error::NotFound { what: "incident", .. })));
    assert_eq!(f.store.timeline(id).unwrap().len(), before, "nothing written");
}

#[test]
fn a_decision_shows_or_hides_the_steps_that_depend_on_it() {
    let mut f = Fixture::new();
    let (incident, _) = declare(&mut f.store);
    let id = &incident.id;
    let view = f.store.incident_view(id).unwrap();
    assert!(view.step(DPO).unwrap().hidden, "hidden until the decision is made");
    let total = view.progress().1;

    let err = f.store.act(id, &tick(DECISION), "ana").unwrap_err();
    assert!(err.to_string().contains("is a decision: choose one of Yes, No"), "{err}");
    let err = f.store.act(id, &tick(DPO), "ana").unwrap_err();
    assert!(err.to_string().contains("applies only when 'Is customer data at risk?' is answered 'Yes'"), "{err}");
    let decide = |option: &str| IncidentAction::Decide { step: DECISION.into(), option: option.into(), note: None };
    let err = f.store.act(id, &decide("Maybe"), "ana").unwrap_err();
    assert!(err.to_string().contains("'Maybe' is not an option"), "{err}");

    f.store.act(id, &decide("no"), "ana").unwrap();
    let view = f.store.incident_view(id).unwrap();
    assert_eq!(view.step(DECISION).unwrap().decision.as_deref(), Some("No"), "options match case-insensitively");
    assert!(view.step(DPO).unwrap().hidden);
    assert_eq!(view.progress().1, total, "a hidden step is not outstanding");

    f.store.act(id, &IncidentAction::Untick { step: DECISION.into(), note: None }, "ana").unwrap();
    f.store.act(id, &decide("Yes"), "ana").unwrap();
    let view = f.store.incident_view(id).unwrap();
    assert!(!view.step(DPO).unwrap().hidden);
    assert_eq!(view.progress().1, total + 1);

    // The DPO step needs evidence.
    let err = f.store.act(id, &tick(DPO), "ana").unwrap_err();
    assert!(err.to_string().contains("needs evidence before it can be ticked: the DPO's name"), "{err}");
    let with_evidence = IncidentAction::Tick { step: DPO.into(), note: None, evidence: Some("Li Wei, 03:12".into()) };
    let events = f.store.act(id, &with_evidence, "ana").unwrap();
    assert_eq!(kinds(&events)[0], "phase.entered", "a Respond step moves the incident into Respond");
    let view = f.store.incident_view(id).unwrap();
    assert_eq!(view.step(DPO).unwrap().evidence.as_deref(), Some("Li Wei, 03:12"));
    assert_eq!(view.incident.phase, Phase::Respond);
}

#[test]
fn phases_move_forward_with_entry_times() {
    let mut f = Fixture::new();
    let (incident, _) = declare(&mut f.store);
    let id = &incident.id;
    f.clock.advance(Duration::minutes(3));
    f.store.act(id, &IncidentAction::EnterPhase { phase: Phase::Respond }, "ana").unwrap();
    let err = f.store.act(id, &IncidentAction::EnterPhase { phase: Phase::Identify }, "ana").unwrap_err();
    assert!(err.to_string().contains("phases only move forward"), "{err}");
    f.clock.advance(Duration::minutes(3));
    // Ticking a Review step enters Recover and Review at once, so every phase has a time.
    let events = f.store.act(id, &tick(REVIEW_STEP), "ana").unwrap();
    assert_eq!(kinds(&events)[..3], ["phase.entered", "phase.entered", "step.ticked"]);
    let view = f.store.incident_view(id).unwrap();
    let entered: Vec<_> = view.phases.iter().map(|p| p.entered_at).collect();
    let t0 = incident.detected_at;
    assert_eq!(
        entered,
        [Some(t0), Some(t0 + Duration::minutes(3)), Some(t0 + Duration::minutes(6)), Some(t0 + Duration::minutes(6))]
    );
    assert_eq!(view.incident.phase, Phase::Review);
}

#[test]
fn milestones_by_the_flow_and_by_hand() {
    let mut f = Fixture::new();
    let (incident, _) = declare(&mut f.store);
    let id = &incident.id;
    f.clock.advance(Duration::minutes(20));
    let events = f.store.act(id, &tick(MITIGATE_STEP), "ana").unwrap();
    assert_eq!(
        kinds(&events),
        ["phase.entered", "phase.entered", "step.ticked", "milestone.reached", "milestone.reached"],
        "Respond and Recover entered, the step, then acknowledged (first work) and mitigated (the step's milestone)"
    );
    let view = f.store.incident_view(id).unwrap();
    assert_eq!(view.milestones.mitigated, Some(f.clock.now()));

    // Set by hand, backdated; not before detection, not in the future.
    let at = incident.detected_at + Duration::minutes(5);
    let set = |milestone, at| IncidentAction::SetMilestone { milestone, at };
    let err =
        f.store.act(id, &set(Milestone::Resolved, Some(f.clock.now() + Duration::minutes(1))), "ana").unwrap_err();
    assert!(err.to_string().contains("in the future"), "{err}");
    let err = f
        .store
        .act(id, &set(Milestone::Resolved, Some(incident.detected_at - Duration::minutes(1))), "ana")
        .unwrap_err();
    assert!(err.to_string().contains("cannot be earlier"), "{err}");
    f.store.act(id, &set(Milestone::Acknowledged, Some(at)), "ana").unwrap();
    let view = f.store.incident_view(id).unwrap();
    assert_eq!(view.milestones.acknowledged, Some(at), "the later setting supersedes");

    // Resolving enters Review; then only Review steps can change.
    f.store.act(id, &set(Milestone::Resolved, None), "ana").unwrap();
    let view = f.store.incident_view(id).unwrap();
    assert_eq!((view.incident.phase, view.incident.resolved_at), (Phase::Review, Some(f.clock.now())));
    let err = f.store.act(id, &tick(RESOLVE_STEP), "ana").unwrap_err();
    assert!(err.to_string().contains("is resolved; only its Review steps can still change"), "{err}");
    f.store.act(id, &tick(REVIEW_STEP), "ana").unwrap();
}

#[test]
fn resolving_implies_the_milestones_before_it() {
    let mut f = Fixture::new();
    let (incident, _) = declare(&mut f.store);
    let events = f
        .store
        .act(&incident.id, &IncidentAction::SetMilestone { milestone: Milestone::Resolved, at: None }, "ana")
        .unwrap();
    let reached: Vec<_> = events
        .iter()
        .filter_map(|e| match e.body {
            EventBody::MilestoneReached { milestone, manual } => Some((milestone, manual)),
            _ => None,
        })
        .collect();
    assert_eq!(reached, [(Milestone::Acknowledged, true), (Milestone::Mitigated, true), (Milestone::Resolved, true)]);
}

#[test]
fn closing_freezes_the_incident() {
    let mut f = Fixture::new();
    let (incident, _) = declare(&mut f.store);
    let id = &incident.id;
    let err = f.store.act(id, &IncidentAction::Close { note: String::new() }, "ana").unwrap_err();
    assert!(err.to_string().contains("resolve incident 'IT system outage' before closing it"), "{err}");
    f.store.act(id, &IncidentAction::SetMilestone { milestone: Milestone::Resolved, at: None }, "ana").unwrap();
    f.store.act(id, &IncidentAction::Close { note: "review held".into() }, "ana").unwrap();
    let err = f.store.act(id, &tick(REVIEW_STEP), "ana").unwrap_err();
    assert!(err.to_string().contains("was closed at"), "{err}");
    let err = f.store.act(id, &IncidentAction::Log { text: "late".into(), at: None }, "ana").unwrap_err();
    assert!(err.to_string().contains("nothing about it can change"), "{err}");
    assert!(f.store.incident(id).unwrap().closed_at.is_some());
}

#[test]
fn handovers_are_events_and_steps_follow_the_holder() {
    let mut f = Fixture::new();
    let (incident, _) = declare(&mut f.store);
    let id = &incident.id;
    let bo = f.store.add_person(&muster_core::PersonInput::new("Bo Zhang", "+86 139 0000 0002")).unwrap();
    f.clock.advance(Duration::hours(8));
    let handover = |to: &str| IncidentAction::HandOver {
        role: "incident-commander".into(),
        to: to.into(),
        note: "end of shift".into(),
        at: None,
    };
    f.store.act(id, &handover(&bo.id), "ana").unwrap();
    let err = f.store.act(id, &handover(&bo.id), "ana").unwrap_err();
    assert!(err.to_string().contains("Bo Zhang already holds the role Incident Commander"), "{err}");
    assert!(matches!(f.store.act(id, &handover("ghost"), "ana"), Err(Error::NotFound { what: "person", .. })));

    f.store.act(id, &tick(ACK_STEP), "bo").unwrap();
    let view = f.store.incident_view(id).unwrap();
    let ic = view.roles.iter().find(|r| r.role.id == "incident-commander").unwrap();
    assert_eq!((ic.person.as_ref().unwrap().id.as_str(), ic.since), (bo.id.as_str(), Some(f.clock.now())));
    let handed = view.timeline.iter().find(|e| e.event.body.kind() == "role.handed_over").unwrap();
    assert!(matches!(&handed.event.body, EventBody::RoleHandedOver { from: Some(from), .. } if from == "ana"));
    let ticked = view.timeline.iter().rfind(|e| e.event.body.kind() == "step.ticked").unwrap();
    assert_eq!(ticked.person.as_deref(), Some(bo.id.as_str()), "the tick concerns the IC at the time: Bo");
}

#[test]
fn log_entries_can_be_backdated_and_corrected_without_losing_the_original() {
    let mut f = Fixture::new();
    let (incident, _) = declare(&mut f.store);
    let id = &incident.id;
    f.clock.advance(Duration::minutes(30));
    let earlier = f.clock.now() - Duration::minutes(25);
    let events = f
        .store
        .act(id, &IncidentAction::Log { text: "Vendor confirmed the fault".into(), at: Some(earlier) }, "ana")
        .unwrap();
    let logged = &events[0];
    assert_eq!((logged.occurred_at, logged.recorded_at), (earlier, f.clock.now()));
    let err = f
        .store
        .act(id, &IncidentAction::Log { text: "x".into(), at: Some(f.clock.now() + Duration::seconds(1)) }, "ana")
        .unwrap_err();
    assert!(err.to_string().contains("in the future"), "{err}");

    let correct = IncidentAction::Correct {
        event: logged.id.clone(),
        at: Some(earlier - Duration::minutes(2)),
        text: Some("Vendor confirmed the fault in their DNS".into()),
        reason: "copied from the paper log".into(),
    };
    let correction = f.store.act(id, &correct, "ana").unwrap().remove(0);
    let view = f.store.incident_view(id).unwrap();
    let original = view.timeline.iter().find(|e| e.event.id == logged.id).unwrap();
    assert_eq!(original.superseded_by, Some(correction.seq));
    assert_eq!(original.occurred_at, earlier - Duration::minutes(2));
    assert_eq!(original.text.as_deref(), Some("Vendor confirmed the fault in their DNS"));
    assert!(matches!(&original.event.body, EventBody::LogEntry { text } if text == "Vendor confirmed the fault"));
    assert!(view.timeline.iter().any(|e| e.event.id == correction.id), "both stay visible");

    // A declaration has no text to correct; a correction needs a reason.
    let declared = view.timeline[0].event.id.clone();
    let bad = IncidentAction::Correct { event: declared, at: None, text: Some("x".into()), reason: "r".into() };
    assert!(f.store.act(id, &bad, "ana").unwrap_err().to_string().contains("has no text to correct"));
    let no_reason =
        IncidentAction::Correct { event: logged.id.clone(), at: Some(earlier), text: None, reason: "".into() };
    assert!(f.store.act(id, &no_reason, "ana").unwrap_err().to_string().contains("why the entry is corrected"));
}

#[test]
fn correcting_the_detection_time_moves_the_milestone() {
    let mut f = Fixture::new();
    let (incident, _) = declare(&mut f.store);
    let id = &incident.id;
    let declared = f.store.timeline(id).unwrap()[0].id.clone();
    let earlier = incident.detected_at - Duration::minutes(40);
    let correct = IncidentAction::Correct {
        event: declared,
        at: Some(earlier),
        text: None,
        reason: "first customer call".into(),
    };
    f.store.act(id, &correct, "ana").unwrap();
    assert_eq!(f.store.incident_view(id).unwrap().milestones.detected, earlier);
    assert_eq!(f.store.incident(id).unwrap().detected_at, earlier, "the row follows");
}

#[test]
fn severity_changes_are_recorded_and_change_the_targets() {
    let mut f = Fixture::new();
    let (incident, _) = declare(&mut f.store);
    let id = &incident.id;
    f.store.act(id, &IncidentAction::ChangeSeverity { severity: "SEV2".into() }, "ana").unwrap();
    let view = f.store.incident_view(id).unwrap();
    assert_eq!(view.incident.severity, "SEV2");
    assert_eq!(view.targets.as_ref().unwrap().acknowledge_minutes, Some(30));
    let err = f.store.act(id, &IncidentAction::ChangeSeverity { severity: "SEV2".into() }, "ana").unwrap_err();
    assert!(err.to_string().contains("already SEV2"), "{err}");
}

#[test]
fn several_incidents_run_at_once_and_list_newest_first() {
    let mut f = Fixture::new();
    let older = declare(&mut f.store).0;
    f.clock.advance(Duration::minutes(5));
    let mut drill = sev1(&mut f.store);
    drill.mode = IncidentMode::Drill;
    let newer = f.store.start_incident(&drill, "ana").unwrap();
    f.store.act(&newer.id, &tick(ACK_STEP), "ana").unwrap();
    let list = f.store.list_incidents().unwrap();
    assert_eq!(list.iter().map(|s| s.incident.id.as_str()).collect::<Vec<_>>(), [newer.id.as_str(), older.id.as_str()]);
    assert_eq!((list[0].incident.mode, list[0].steps_done), (IncidentMode::Drill, 1));
    assert!(list[0].steps_total > 10);
    assert_eq!(list[1].steps_done, 0);
}

#[test]
fn an_optional_step_is_offered_but_neither_counted_nor_timed_until_taken_up() {
    let mut f = Fixture::new();
    let (mut runbook, _) = f.store.runbook("it-system-outage").unwrap();
    let mut vendor = muster_core::Step::new("page-the-vendor", Phase::Respond, "Page the database vendor");
    vendor.optional = true;
    vendor.target_minutes = Some(10);
    runbook.steps.push(vendor);
    f.store.save_runbook(&runbook, "ana", "vendor as an option").unwrap();
    let new = sev1(&mut f.store);
    let incident = f.store.start_incident(&new, "ana").unwrap();

    let view = f.store.incident_view(&incident.id).unwrap();
    let expected = view.steps().filter(|s| !s.hidden && !s.step.optional).count() as u32;
    assert_eq!(view.progress(), (0, expected), "the optional step is not part of the plan's total");
    assert!(view.step("page-the-vendor").is_some(), "it is still offered");
    assert!(view.timers.iter().all(|t| t.step.as_deref() != Some("page-the-vendor")), "no countdown");
    let summary = f.store.list_incidents().unwrap().into_iter().find(|s| s.incident.id == incident.id).unwrap();
    assert_eq!((summary.steps_done, summary.steps_total), (0, expected));

    f.clock.advance(Duration::minutes(30));
    assert!(
        f.store.check_timers("ana").unwrap().iter().all(|alert| alert.timer.step.as_deref() != Some("page-the-vendor")),
        "it never breaches"
    );
    f.store.act(&incident.id, &tick("page-the-vendor"), "ana").unwrap();
    assert_eq!(f.store.incident_view(&incident.id).unwrap().progress(), (1, expected + 1), "once taken up it counts");
}
