//! Full-text search over runbooks, steps and people: current revisions only, people kept in
//! step by triggers, user text never parsed as query syntax.

use muster_core::{HitKind, Phase, Runbook, Step};

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

#[test]
fn best_hits_first_and_old_revisions_never_take_a_place() {
    let mut f = Fixture::new();
    // Revision 1 of `old-news` has thirty steps that match better than anything current (the
    // word in the title, twice); revision 2 drops them. The search ranks before it skips old
    // revisions and stops at the limit, so it must read past them to fill its five places.
    let steps = (0..30).map(|i| Step::new(&format!("s{i}"), Phase::Respond, "Zebrafish zebrafish")).collect();
    let mut old = Runbook { steps, ..Runbook::new("old-news", "Old news") };
    f.store.save_runbook(&old, "ana", "first").unwrap();
    old.steps.truncate(1);
    old.steps[0].title = "Nothing to see".into();
    f.store.save_runbook(&old, "ana", "second").unwrap();

    let steps = (0..6)
        .map(|i| Step {
            instructions: format!("Feed the zebrafish in tank {i}, then log it."),
            ..Step::new(&format!("tank-{i}"), Phase::Respond, &format!("Tank {i}"))
        })
        .chain([Step::new("count-the-zebrafish", Phase::Identify, "Count the zebrafish")])
        .collect();
    f.store.save_runbook(&Runbook { steps, ..Runbook::new("aquarium", "Aquarium") }, "ana", "first").unwrap();

    let hits = f.store.search("zebrafish", 5).unwrap();
    assert_eq!(hits.len(), 5, "{hits:?}");
    assert!(hits.iter().all(|h| h.id == "aquarium"), "only current revisions: {hits:?}");
    // Titles weigh more than bodies, so the one title match comes first; every hit has its
    // runbook's title and a marked snippet.
    assert_eq!(hits[0].step.as_deref(), Some("count-the-zebrafish"), "{hits:?}");
    assert!(hits.iter().all(|h| h.context.as_deref() == Some("Aquarium") && h.snippet.contains('\u{2}')), "{hits:?}");
    assert_eq!(f.store.search("zebrafish", 50).unwrap().len(), 7);
}

#[test]
fn substrings_match_inside_words_and_in_any_script() {
    let mut f = Fixture::new();
    let steps = vec![
        Step::new("ha", Phase::Respond, "Fail over to the standby replica"),
        Step::new("cn", Phase::Respond, "切换到备用数据中心"),
    ];
    f.store.save_runbook(&Runbook { steps, ..Runbook::new("dr", "Disaster recovery") }, "ana", "first").unwrap();
    let keys = |text: &str| -> Vec<String> {
        f.store.search(text, 10).unwrap().into_iter().filter_map(|h| h.step.filter(|_| h.id == "dr")).collect()
    };
    assert_eq!(keys("epli"), ["ha"], "inside a word");
    assert_eq!(keys("stand"), ["ha"], "a prefix as the user types");
    assert_eq!(keys("数据中心"), ["cn"]);
}
