use std::path::Path;

use chrono::Duration;
use muster_core::format::markdown;
use muster_core::seed::SAMPLE_RUNBOOKS;
use muster_core::{Phase, Role, Runbook, RunbookReview, Step};

use crate::Fixture;

#[test]
fn every_sample_runbook_parses_with_steps_in_all_four_phases_owned_by_roles() {
    for (name, text) in SAMPLE_RUNBOOKS {
        let runbook = markdown::read(Path::new(name), text).unwrap_or_else(|err| panic!("{err}"));
        for phase in Phase::ALL {
            assert!(runbook.steps_in(phase).count() > 0, "{name}: no steps in {phase:?}");
        }
        for step in &runbook.steps {
            assert!(step.role.is_some(), "{name}: step '{}' has no owning role", step.title);
        }
        assert!(runbook.targets.contains_key("SEV1"), "{name}: no SEV1 targets");
    }
}

#[test]
fn the_samples_carry_the_source_documents_service_standards() {
    let find = |id: &str| {
        SAMPLE_RUNBOOKS
            .iter()
            .map(|(name, text)| markdown::read(Path::new(name), text).unwrap())
            .find(|r| r.id == id)
            .unwrap()
    };
    let it = find("it-system-outage");
    assert_eq!(it.targets["SEV1"].acknowledge_minutes, Some(15), "IT: react within 15 min");
    assert_eq!(it.targets["SEV1"].mitigate_minutes, Some(60), "IT: restore within 1 h");
    let cs = find("customer-service-disruption");
    assert_eq!(
        cs.targets["SEV1"].acknowledge_minutes.map(|m| m <= 120),
        Some(true),
        "customer service: respond within 2 h"
    );
    assert_eq!(
        cs.targets["SEV1"].resolve_minutes.map(|m| m <= 24 * 60),
        Some(true),
        "customer service: resolve within 24 h"
    );
}

fn tiny(title: &str) -> Runbook {
    Runbook {
        roles: vec![Role::new("ic", "Incident Commander")],
        steps: vec![Step {
            instructions: "Look around.".into(),
            role: Some("ic".into()),
            target_minutes: Some(5),
            ..Step::new("look", Phase::Identify, "Look")
        }],
        ..Runbook::new("tiny", title)
    }
}

#[test]
fn saving_makes_a_new_revision_and_keeps_the_old_one() {
    let mut f = Fixture::new();
    assert_eq!(f.store.save_runbook(&tiny("Tiny"), "Ana", "first").unwrap(), 1);
    assert_eq!(f.store.save_runbook(&tiny("Tiny, renamed"), "Ana", "rename").unwrap(), 2);
    assert_eq!(f.store.runbook("tiny").unwrap().0.title, "Tiny, renamed");
    assert_eq!(f.store.runbook_revision("tiny", 1).unwrap(), tiny("Tiny"));
}

#[test]
fn saving_refuses_a_step_with_an_unknown_role() {
    let mut f = Fixture::new();
    let mut bad = tiny("Tiny");
    bad.steps[0].role = Some("ghost".into());
    let err = f.store.save_runbook(&bad, "Ana", "").unwrap_err().to_string();
    assert_eq!(err, "runbook 'tiny': step 'Look' names the unknown role 'ghost'");
    assert!(f.store.runbook("tiny").is_err(), "nothing was written");
}

#[test]
fn new_runbooks_are_reviewed_every_180_days_and_apply_to_every_severity() {
    let runbook = Runbook::new("x", "X");
    assert_eq!(runbook.review_days, 180);
    assert!(runbook.applies_to("SEV1") && runbook.applies_to("anything"));
    let narrow = Runbook { severities: vec!["SEV1".into()], ..Runbook::new("x", "X") };
    assert!(narrow.applies_to("SEV1") && !narrow.applies_to("SEV2"));
}

#[test]
fn the_preparedness_fields_are_stored_per_revision() {
    let mut f = Fixture::new();
    let mut full = Runbook {
        tags: vec!["payments".into(), "database".into()],
        owner: "Platform team".into(),
        severities: vec!["SEV1".into(), "SEV2".into()],
        review_days: 90,
        review_template: "## What happened\n\n## What we change".into(),
        ..tiny("Tiny")
    };
    full.steps[0].optional = true;
    f.store.save_runbook(&full, "Ana", "").unwrap();
    assert_eq!(f.store.runbook("tiny").unwrap(), (full.clone(), 1));

    let plain = tiny("Tiny");
    f.store.save_runbook(&plain, "Ana", "").unwrap();
    assert_eq!(f.store.runbook_revision("tiny", 1).unwrap(), full, "revision 1 keeps its metadata");
    assert_eq!(f.store.runbook_revision("tiny", 2).unwrap(), plain);
}

#[test]
fn saving_refuses_a_review_interval_of_zero_days() {
    let mut f = Fixture::new();
    let bad = Runbook { review_days: 0, ..tiny("Tiny") };
    let err = f.store.save_runbook(&bad, "Ana", "").unwrap_err().to_string();
    assert_eq!(err, "runbook 'tiny': the review interval must be at least 1 day");
}

#[test]
fn a_runbook_is_due_for_review_its_interval_after_creation_then_after_each_review() {
    let mut f = Fixture::new();
    let created = f.clock_now();
    f.store
        .save_runbook(&Runbook { owner: "Platform team".into(), review_days: 30, ..tiny("Tiny") }, "Ana", "")
        .unwrap();
    let summary = |f: &Fixture| f.store.list_runbooks().unwrap().into_iter().find(|r| r.id == "tiny").unwrap();

    let fresh = summary(&f);
    assert_eq!((fresh.owner.as_str(), fresh.review_days, fresh.last_reviewed_at), ("Platform team", 30, None));
    assert_eq!(fresh.review_due_at, created + Duration::days(30));
    assert!(!fresh.stale);

    f.clock.advance(Duration::days(30) - Duration::milliseconds(1));
    assert!(!summary(&f).stale, "one millisecond before it is due");
    f.clock.advance(Duration::milliseconds(1));
    assert!(summary(&f).stale, "due exactly at the interval's end");

    f.clock.advance(Duration::days(5));
    let reviewed_at = f.clock_now();
    let review = f.store.mark_reviewed("tiny", " Bo ", "Checked the phone numbers").unwrap();
    assert_eq!(
        review,
        RunbookReview {
            runbook_id: "tiny".into(),
            revision: 1,
            reviewed_at,
            reviewer: "Bo".into(),
            note: "Checked the phone numbers".into()
        }
    );
    let after = summary(&f);
    assert_eq!(after.last_reviewed_at, Some(reviewed_at));
    assert_eq!(after.review_due_at, reviewed_at + Duration::days(30));
    assert!(!after.stale);

    // A new revision keeps the review history; its own interval applies from then on.
    f.store.save_runbook(&Runbook { review_days: 7, ..tiny("Tiny") }, "Ana", "").unwrap();
    f.clock.advance(Duration::days(7));
    f.store.mark_reviewed("tiny", "Cy", "").unwrap();
    let reviews = f.store.runbook_reviews("tiny").unwrap();
    assert_eq!(reviews.iter().map(|r| (r.reviewer.as_str(), r.revision)).collect::<Vec<_>>(), [("Cy", 2), ("Bo", 1)]);
    assert_eq!(summary(&f).review_due_at, f.clock_now() + Duration::days(7));
}

#[test]
fn the_samples_are_reviewed_every_180_days_from_installation() {
    let f = Fixture::new();
    for runbook in f.store.list_runbooks().unwrap() {
        assert_eq!(runbook.review_due_at, f.clock_now() + Duration::days(180), "{}", runbook.id);
        assert!(!runbook.stale);
    }
}

#[test]
fn marking_reviewed_needs_a_reviewer_and_an_existing_runbook() {
    let mut f = Fixture::new();
    let err = f.store.mark_reviewed("ghost", "Bo", "").unwrap_err().to_string();
    assert_eq!(err, "runbook 'ghost' does not exist");
    let err = f.store.mark_reviewed("it-system-outage", "  ", "").unwrap_err().to_string();
    assert_eq!(err, "say who reviewed the runbook");
    assert!(f.store.runbook_reviews("it-system-outage").unwrap().is_empty());
}
