//! The post-incident review: facts computed from a hand-built incident with a controlled clock
//! (responders with a handover, milestones against targets, time in each phase, skipped steps,
//! highlights), drafts and frozen published versions, and action items with the loop back to
//! the runbook.

use chrono::{Duration, NaiveDate};
use muster_core::action_item::{ActionItemInput, ActionStatus};
use muster_core::review::{ReviewEdit, ReviewStatus, Verdict};
use muster_core::{IncidentAction, Milestone, Phase, StepStatus};

use crate::{sev1, Fixture};

/// SEV1 from the IT outage sample (acknowledge 15 min, mitigate 1 h, resolve 4 h), detected 10
/// minutes before it was declared at 03:00; acknowledged at 03:05 (met), the commander handed
/// over at 03:30, mitigated at 04:20 (80 min after detection: 20 min late), resolved at 05:00.
pub(crate) fn worked_incident(f: &mut Fixture) -> String {
    let mut new = sev1(&mut f.store);
    new.detected_at = Some(f.clock_now() - Duration::minutes(10));
    let id = f.store.start_incident(&new, "ana").unwrap().id;
    let bo = f.store.add_person(&muster_core::PersonInput::new("Bo Chen", "+1 555 0101")).unwrap();
    let act = |f: &mut Fixture, action: IncidentAction| f.store.act(&id, &action, "ana").unwrap();
    f.clock.advance(Duration::minutes(5));
    act(f, IncidentAction::SetMilestone { milestone: Milestone::Acknowledged, at: None });
    act(f, IncidentAction::Log { text: "Checkout returns 502".into(), at: None });
    f.clock.advance(Duration::minutes(25));
    act(
        f,
        IncidentAction::HandOver {
            role: "incident-commander".into(),
            to: bo.id.clone(),
            note: "shift change".into(),
            at: None,
        },
    );
    act(f, IncidentAction::EnterPhase { phase: Phase::Respond });
    let view = f.store.incident_view(&id).unwrap();
    let skip = view.phases[1].steps.iter().find(|s| s.step.condition.is_none()).unwrap().step.key.clone();
    act(f, IncidentAction::Skip { step: skip, reason: "the vendor did it".into() });
    f.clock.advance(Duration::minutes(50));
    act(f, IncidentAction::SetMilestone { milestone: Milestone::Mitigated, at: None });
    f.clock.advance(Duration::minutes(40));
    act(f, IncidentAction::SetMilestone { milestone: Milestone::Resolved, at: None });
    id
}

#[test]
fn the_facts_come_from_the_timeline() {
    let mut f = Fixture::new();
    let id = worked_incident(&mut f);
    let facts = f.store.review_facts(&id).unwrap();

    let ms: Vec<_> = facts
        .milestones
        .iter()
        .map(|m| {
            (
                m.milestone,
                m.since_detected_seconds.map(|s| s / 60),
                m.since_previous_seconds.map(|s| s / 60),
                m.target_minutes,
                m.verdict,
                m.over_seconds.map(|s| s / 60),
            )
        })
        .collect();
    assert_eq!(
        ms,
        [
            (Milestone::Detected, Some(0), None, None, Verdict::NoTarget, None),
            (Milestone::Acknowledged, Some(15), Some(15), Some(15), Verdict::Met, None),
            (Milestone::Mitigated, Some(90), Some(75), Some(60), Verdict::Breached, Some(30)),
            (Milestone::Resolved, Some(130), Some(40), Some(240), Verdict::Met, None),
        ]
    );

    let commander: Vec<_> = facts
        .responders
        .iter()
        .filter(|r| r.role_id == "incident-commander")
        .map(|r| (r.person.as_deref(), r.until.map(|u| u - r.from), r.note.as_str()))
        .collect();
    assert_eq!(commander, [(Some("Ana"), Some(Duration::minutes(30)), ""), (Some("Bo Chen"), None, "shift change")]);

    let phases: Vec<_> = facts.phases.iter().map(|p| (p.phase, p.seconds.map(|s| s / 60))).collect();
    assert_eq!(
        phases,
        [(Phase::Identify, Some(40)), (Phase::Respond, Some(90)), (Phase::Recover, Some(0)), (Phase::Review, None)],
        "Identify from detection to 03:30; Respond to the resolution, which enters Recover and Review at once"
    );

    assert_eq!(facts.skipped.len(), 1);
    assert_eq!(
        (facts.skipped[0].status, facts.skipped[0].reason.as_deref()),
        (StepStatus::Skipped, Some("the vendor did it"))
    );
}

#[test]
fn an_unreached_milestone_is_breached_by_now_once_its_target_passed() {
    let mut f = Fixture::new();
    let new = sev1(&mut f.store);
    let id = f.store.start_incident(&new, "ana").unwrap().id;
    f.clock.advance(Duration::minutes(14));
    let ack = |f: &Fixture| f.store.review_facts(&id).unwrap().milestones[1].clone();
    assert_eq!((ack(&f).verdict, ack(&f).over_seconds), (Verdict::Pending, None));
    f.clock.advance(Duration::minutes(3));
    assert_eq!((ack(&f).verdict, ack(&f).over_seconds), (Verdict::Breached, Some(120)));
}

#[test]
fn a_draft_is_saved_published_and_then_frozen_and_a_new_version_follows() {
    let mut f = Fixture::new();
    let id = worked_incident(&mut f);
    let draft = f.store.review(&id).unwrap();
    assert_eq!((draft.version, draft.status), (1, ReviewStatus::Draft));
    assert_eq!(draft.sections[0].title, "Summary", "the sample has no review template: the default sections");
    assert!(f.store.review_versions(&id).unwrap().is_empty(), "nothing stored before the first save");

    let timeline = f.store.timeline(&id).unwrap();
    let log = timeline.iter().find(|e| e.body.kind() == "log.entry").unwrap().id.clone();
    let declared = timeline[0].id.clone();
    let mut sections = draft.sections.clone();
    sections[0].body = "Checkout was down for 2 h 10 min.".into();
    let saved = f
        .store
        .edit_review(
            &id,
            &ReviewEdit { sections: sections.clone(), highlights: vec![log.clone(), declared.clone()] },
            "Ana",
        )
        .unwrap();
    assert_eq!(saved.highlights, [declared.clone(), log.clone()], "in timeline order");
    let facts = f.store.review_facts(&id).unwrap();
    assert_eq!(facts.highlights.iter().map(|e| e.event.id.clone()).collect::<Vec<_>>(), [declared, log]);

    let bad = ReviewEdit { sections: sections.clone(), highlights: vec!["nope".into()] };
    assert_eq!(
        f.store.edit_review(&id, &bad, "Ana").unwrap_err().to_string(),
        "the event 'nope' is not in this incident's timeline"
    );

    let published = f.store.publish_review(&id, "Ana").unwrap();
    assert_eq!((published.status, published.published_by.as_deref()), (ReviewStatus::Published, Some("Ana")));
    let err =
        f.store.edit_review(&id, &ReviewEdit { sections: sections.clone(), highlights: vec![] }, "Bo").unwrap_err();
    assert!(err.to_string().contains("published and frozen"), "{err}");
    let raw = rusqlite::Connection::open(f.dir.path().join("muster.db")).unwrap();
    let tampered = raw.execute("UPDATE review SET sections_json = '[]' WHERE incident_id = ?1", [&id]);
    assert!(tampered.unwrap_err().to_string().contains("a published review is frozen"));
    assert!(raw.execute("DELETE FROM review WHERE incident_id = ?1", [&id]).is_err(), "nor deleted");

    let next = f.store.new_review_version(&id, "Bo").unwrap();
    assert_eq!((next.version, next.status, &next.sections), (2, ReviewStatus::Draft, &sections));
    let mut changed = sections.clone();
    changed[1].body = "All EU customers.".into();
    f.store.edit_review(&id, &ReviewEdit { sections: changed, highlights: vec![] }, "Bo").unwrap();
    let versions = f.store.review_versions(&id).unwrap();
    assert_eq!(versions.len(), 2);
    assert_eq!(versions[0].sections, sections, "version 1 as published");
    assert_eq!(versions[1].sections[1].body, "All EU customers.");
}

#[test]
fn publishing_needs_a_resolved_incident() {
    let mut f = Fixture::new();
    let new = sev1(&mut f.store);
    let id = f.store.start_incident(&new, "ana").unwrap().id;
    let err = f.store.publish_review(&id, "Ana").unwrap_err().to_string();
    assert_eq!(err, "resolve the incident before publishing its review");
}

#[test]
fn a_review_template_gives_the_sections() {
    let mut f = Fixture::new();
    let (mut runbook, _) = f.store.runbook("it-system-outage").unwrap();
    runbook.review_template = "## 概要\n发生了什么？\n\n## Customer impact\n".into();
    f.store.save_runbook(&runbook, "ana", "template").unwrap();
    let new = sev1(&mut f.store);
    let id = f.store.start_incident(&new, "ana").unwrap().id;
    let titles: Vec<_> = f.store.review(&id).unwrap().sections.into_iter().map(|s| (s.title, s.prompt)).collect();
    assert_eq!(titles, [("概要".to_string(), "发生了什么？".to_string()), ("Customer impact".into(), String::new())]);
}

fn item(title: &str, due: Option<NaiveDate>, runbook: Option<&str>) -> ActionItemInput {
    ActionItemInput {
        title: title.into(),
        owner: "Bo Chen".into(),
        due_on: due,
        runbook_id: runbook.map(str::to_string),
    }
}

#[test]
fn action_items_are_listed_open_and_overdue_across_incidents() {
    let mut f = Fixture::new();
    let id = worked_incident(&mut f);
    let today = f.clock_now().date_naive();
    let late =
        f.store.add_action_item(&id, &item("Alert on 502 rate", Some(today - Duration::days(1)), None), "Ana").unwrap();
    let soon =
        f.store.add_action_item(&id, &item("Add a canary", Some(today + Duration::days(7)), None), "Ana").unwrap();
    let undated = f.store.add_action_item(&id, &item("Write the vendor", None, None), "Ana").unwrap();
    let due_today = f.store.add_action_item(&id, &item("Rotate keys", Some(today), None), "Ana").unwrap();
    assert!(late.overdue && !soon.overdue && !undated.overdue && !due_today.overdue);

    let open: Vec<_> = f.store.open_action_items().unwrap().into_iter().map(|i| i.title).collect();
    assert_eq!(open, ["Alert on 502 rate", "Rotate keys", "Add a canary", "Write the vendor"]);
    let done = f.store.set_action_status(&late.id, ActionStatus::Done).unwrap();
    assert!(!done.overdue && done.closed_at.is_some());
    assert_eq!(f.store.open_action_items().unwrap().len(), 3);
    assert_eq!(f.store.incident_action_items(&id).unwrap().len(), 4);

    assert_eq!(
        f.store.add_action_item(&id, &item(" ", None, None), "Ana").unwrap_err().to_string(),
        "write what the action item is"
    );
    assert!(f.store.add_action_item(&id, &item("x", None, Some("no-such-runbook")), "Ana").is_err());
}

#[test]
fn an_improvement_stays_pending_on_its_runbook_until_a_revision_resolves_it() {
    let mut f = Fixture::new();
    let id = worked_incident(&mut f);
    let improvement = f
        .store
        .add_action_item(&id, &item("Add a step to drain the queue", None, Some("it-system-outage")), "Ana")
        .unwrap();
    assert_eq!(f.store.runbook_improvements("it-system-outage").unwrap(), std::slice::from_ref(&improvement));

    let err = f.store.resolve_improvement(&improvement.id).unwrap_err().to_string();
    assert!(err.contains("save the improved runbook first"), "{err}");

    f.clock.advance(Duration::minutes(1));
    let (mut runbook, _) = f.store.runbook("it-system-outage").unwrap();
    let mut drain = muster_core::Step::new("drain-the-queue", Phase::Recover, "Drain the queue");
    drain.role = runbook.steps[0].role.clone();
    runbook.steps.push(drain);
    let revision = f.store.edit_runbook(&runbook, Some(1), "Bo", "drain the queue (action item)").unwrap();
    let resolved = f.store.resolve_improvement(&improvement.id).unwrap();
    assert_eq!((resolved.status, resolved.resolved_by_revision), (ActionStatus::Done, Some(revision)));
    assert!(f.store.runbook_improvements("it-system-outage").unwrap().is_empty());
}
