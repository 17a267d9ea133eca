//! Full-text search over runbooks, steps and people: current revisions only, people kept in
//! step by triggers, user text never parsed as query syntax.

use muster_core::{HitKind, Phase, Step};

use crate::Fixture;

#[test]
fn finds_runbooks_steps_and_people_in_the_current_revision() {
    let mut f = Fixture::new();
    let hits = f.store.search("generator", 20).unwrap();
    assert!(hits.iter().any(|h| h.kind == HitKind::Runbook && h.id == "data-centre-power-loss"), "{hits:?}");
    let step = hits.iter().find(|h| h.kind == HitKind::Step).expect("a step mentions the generator");
    assert_eq!(step.context.as_deref(), Some("Data-centre power loss"));
    assert!(step.snippet.contains("\u{2}"), "the match is marked: {}", step.snippet);

    // A new revision replaces the old one in the results.
    let (mut runbook, _) = f.store.runbook("it-system-outage").unwrap();
    runbook.steps.push(Step::new("page-the-dba", Phase::Respond, "Page the database administrator"));
    f.store.save_runbook(&runbook, "ana", "add DBA").unwrap();
    let hits = f.store.search("administrator", 20).unwrap();
    assert_eq!(hits.iter().filter(|h| h.step.as_deref() == Some("page-the-dba")).count(), 1, "{hits:?}");
    runbook.steps.pop();
    f.store.save_runbook(&runbook, "ana", "drop DBA").unwrap();
    assert!(f.store.search("administrator", 20).unwrap().iter().all(|h| h.step.as_deref() != Some("page-the-dba")));

    let person =
        f.store.add_person(&muster_core::person::PersonInput::new("Zhou Xiaoming", "+86 138 0000 0000")).unwrap();
    let hits = f.store.search("xiaoming", 5).unwrap();
    assert_eq!((hits[0].kind, hits[0].id.as_str()), (HitKind::Person, person.id.as_str()));
}

#[test]
fn query_syntax_is_plain_text_and_short_words_match_nothing() {
    let f = Fixture::new();
    for text in ["\"unbalanced", "NEAR(disk full)", "outage*", "-rollback", "a b", ""] {
        f.store.search(text, 10).unwrap_or_else(|err| panic!("{text:?}: {err}"));
    }
    assert!(f.store.search("ab", 10).unwrap().is_empty());
    assert!(!f.store.search("Roll", 10).unwrap().is_empty(), "case-insensitive substring match");
}
