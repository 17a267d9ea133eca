use std::path::Path;

use muster_core::format::markdown;
use muster_core::seed::SAMPLE_RUNBOOKS;
use muster_core::{Phase, Role, Runbook, Step};

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
        roles: vec![Role { id: "ic".into(), name: "Incident Commander".into() }],
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
