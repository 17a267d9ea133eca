//! The runbook editor's core operations: inline field problems, saving from a base revision,
//! the revision history and the diff between revisions.

use chrono::Duration;
use muster_core::drill::{Inject, Scenario};
use muster_core::{DiffKind, Phase, Role, Runbook, ServiceTargets, Step, StepCondition};

use crate::Fixture;

fn plan() -> Runbook {
    Runbook {
        roles: vec![Role::new("ic", "Incident Commander")],
        steps: vec![
            Step { role: Some("ic".into()), ..Step::new("confirm", Phase::Identify, "Confirm the outage") },
            Step { options: vec!["Yes".into(), "No".into()], ..Step::new("data", Phase::Identify, "Is data at risk?") },
            Step {
                condition: Some(StepCondition { step: "data".into(), option: "Yes".into() }),
                ..Step::new("dpo", Phase::Respond, "Call the DPO")
            },
        ],
        ..Runbook::new("db-outage", "Database outage")
    }
}

fn fields(runbook: &Runbook) -> Vec<String> {
    runbook.problems().into_iter().map(|p| p.field).collect()
}

#[test]
fn a_sound_runbook_has_no_problems() {
    assert_eq!(plan().problems(), vec![]);
}

#[test]
fn each_problem_names_the_field_at_fault() {
    let mut r = plan();
    r.title = " ".into();
    r.id = "DB Outage".into();
    r.review_days = 0;
    r.steps[0].title.clear();
    r.steps[0].role = Some("ghost".into());
    r.steps[1].options = vec!["Yes".into()];
    r.steps[2].key = "confirm".into();
    r.steps[2].condition = Some(StepCondition { step: "data".into(), option: "Maybe".into() });
    r.targets.insert("SEV1".into(), ServiceTargets { acknowledge_minutes: Some(0), ..Default::default() });
    assert_eq!(
        fields(&r),
        [
            "id",
            "title",
            "review_days",
            "targets.SEV1",
            "steps[0].title",
            "steps[0].role",
            "steps[1].options",
            "steps[2].key",
            "steps[2].condition"
        ]
    );
    let id = &r.problems()[0];
    assert_eq!(id.message, "the id must be a slug (lowercase, digits and dashes), like 'db-outage'");
}

#[test]
fn a_condition_on_a_later_step_is_a_problem_of_the_dependent_step() {
    let mut r = plan();
    r.steps.swap(1, 2);
    assert_eq!(fields(&r), ["steps[1].condition"]);
}

#[test]
fn saving_from_the_editor_checks_the_base_revision() {
    let mut f = Fixture::new();
    assert_eq!(f.store.edit_runbook(&plan(), None, "Ana", "first draft").unwrap(), 1);
    let err = f.store.edit_runbook(&plan(), None, "Bo", "mine").unwrap_err().to_string();
    assert_eq!(err, "a runbook with the id 'db-outage' already exists; choose another id");

    let mut edited = plan();
    edited.steps[0].title = "Confirm the outage and its scope".into();
    assert_eq!(f.store.edit_runbook(&edited, Some(1), "Ana", "scope").unwrap(), 2);

    // Bo opened revision 1 before Ana saved revision 2: his save is refused, nothing written.
    let mut stale = plan();
    stale.title = "DB outage".into();
    let err = f.store.edit_runbook(&stale, Some(1), "Bo", "rename").unwrap_err().to_string();
    assert!(err.contains("changed since you opened it (revision 1; it is now at 2)"), "{err}");
    assert_eq!(f.store.runbook("db-outage").unwrap(), (edited.clone(), 2));

    // Saving without a change writes no revision.
    assert_eq!(f.store.edit_runbook(&edited, Some(2), "Ana", "again").unwrap(), 2);
    assert_eq!(f.store.runbook_revisions("db-outage").unwrap().len(), 2);
}

#[test]
fn an_invalid_edit_writes_nothing() {
    let mut f = Fixture::new();
    f.store.edit_runbook(&plan(), None, "Ana", "").unwrap();
    let mut bad = plan();
    bad.steps[1].title.clear();
    let err = f.store.edit_runbook(&bad, Some(1), "Ana", "").unwrap_err().to_string();
    assert_eq!(err, "runbook 'db-outage': step 2 has no title");
    assert_eq!(f.store.runbook_revisions("db-outage").unwrap().len(), 1);
}

#[test]
fn a_step_title_option_or_evidence_prompt_must_be_one_line() {
    // A step is one line of the runbook file, and each directive under it another.
    let mut f = Fixture::new();
    let mut bad = plan();
    bad.steps[2].title = "Call the DPO\nand legal".into();
    let err = f.store.edit_runbook(&bad, None, "Ana", "").unwrap_err().to_string();
    assert_eq!(err, "runbook 'db-outage': the title of step 3 must be one line");
    let mut bad = plan();
    bad.steps[1].options = vec!["Yes".into(), "No | not yet".into()];
    let problems = bad.problems();
    assert!(
        problems.iter().any(|p| p.field == "steps[1].options" && p.message.contains("one line, without '|'")),
        "{problems:?}"
    );
    let mut bad = plan();
    bad.steps[0].evidence = Some("the ticket\nnumber".into());
    assert_eq!(bad.problems()[0].field, "steps[0].evidence");
    assert!(plan().problems().is_empty());
}

#[test]
fn a_scenario_key_is_a_slug_and_inject_texts_are_one_line() {
    // The file format writes the key on a `Key:` line and each inject text on a line of its own.
    let inject = Inject {
        number: 1,
        offset_seconds: 300,
        message: "The DBA is on holiday".into(),
        recipient: Some("ic".into()),
        expected_action: "Call the deputy".into(),
        step: Some("confirm".into()),
        facilitator_notes: "Only if they ask".into(),
    };
    let scenario =
        Scenario { key: "dba-away".into(), name: "DBA away".into(), briefing: String::new(), injects: vec![inject] };
    let sound = Runbook { scenarios: vec![scenario], ..plan() };
    assert_eq!(sound.problems(), vec![]);

    let mut bad = sound.clone();
    bad.scenarios[0].key = "DBA away".into();
    let inject = &mut bad.scenarios[0].injects[0];
    inject.message = "The DBA\nis on holiday".into();
    inject.expected_action = "Call\nthe deputy".into();
    inject.facilitator_notes = "Only if\r\nthey ask".into();
    assert_eq!(
        fields(&bad),
        [
            "scenarios[0].key",
            "scenarios[0].injects[0].message",
            "scenarios[0].injects[0].expected_action",
            "scenarios[0].injects[0].facilitator_notes"
        ]
    );
    assert_eq!(
        bad.problems()[0].message,
        "the key 'DBA away' is not a slug: use lowercase letters, digits and single dashes"
    );
}

#[test]
fn the_history_lists_every_revision_newest_first_with_author_time_and_note() {
    let mut f = Fixture::new();
    let first = f.clock_now();
    f.store.edit_runbook(&plan(), None, "Ana", "first draft").unwrap();
    f.clock.advance(Duration::hours(2));
    let mut edited = plan();
    edited.steps.pop();
    f.store.edit_runbook(&edited, Some(1), "Bo Chen", "the DPO is called by legal").unwrap();
    let history = f.store.runbook_revisions("db-outage").unwrap();
    let rows: Vec<_> =
        history.iter().map(|r| (r.revision, r.author.as_str(), r.note.as_str(), r.created_at, r.step_count)).collect();
    assert_eq!(
        rows,
        [
            (2, "Bo Chen", "the DPO is called by legal", first + Duration::hours(2), 2),
            (1, "Ana", "first draft", first, 3)
        ]
    );
    assert!(f.store.runbook_revisions("nope").is_err());
}

#[test]
fn the_diff_between_two_revisions_shows_what_changed_in_file_form() {
    let mut f = Fixture::new();
    f.store.edit_runbook(&plan(), None, "Ana", "").unwrap();
    let mut edited = plan();
    edited.steps[0].title = "Confirm the outage and its scope".into();
    edited.steps.pop();
    f.store.edit_runbook(&edited, Some(1), "Ana", "").unwrap();

    let hunks = f.store.runbook_diff("db-outage", 1, 2).unwrap();
    let changed: Vec<(DiffKind, &str)> = hunks
        .iter()
        .flat_map(|h| &h.lines)
        .filter(|l| l.kind != DiffKind::Same)
        .map(|l| (l.kind, l.text.as_str()))
        .collect();
    assert!(changed.contains(&(DiffKind::Removed, "- [ ] Confirm the outage @ic")), "{changed:#?}");
    assert!(changed.contains(&(DiffKind::Added, "- [ ] Confirm the outage and its scope @ic")), "{changed:#?}");
    assert!(changed.iter().any(|(k, t)| *k == DiffKind::Removed && t.contains("Call the DPO")), "{changed:#?}");
    assert_eq!(changed.iter().filter(|(k, _)| *k == DiffKind::Added).count(), 1, "{changed:#?}");
    // Either direction, and nothing between a revision and itself.
    assert!(f
        .store
        .runbook_diff("db-outage", 2, 1)
        .unwrap()
        .iter()
        .flat_map(|h| &h.lines)
        .any(|l| l.kind == DiffKind::Added && l.text.contains("Call the DPO")));
    assert!(f.store.runbook_diff("db-outage", 2, 2).unwrap().is_empty());
    assert!(f.store.runbook_diff("db-outage", 1, 3).is_err());
}
