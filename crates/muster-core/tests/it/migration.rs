//! Every schema version has a fixture database (`tests/fixtures/schema-vN.db`, written by the
//! `schema_fixture` example of that version); each is upgraded to the current version and its
//! data checked.

use std::path::Path;

use muster_core::store::SCHEMA_VERSION;
use muster_core::{IncidentMode, Store};

use crate::Fixture;

const FIXTURES: &[(u32, &str)] =
    &[(1, "schema-v1.db"), (2, "schema-v2.db"), (3, "schema-v3.db"), (4, "schema-v4.db"), (5, "schema-v5.db")];

#[test]
fn there_is_a_fixture_for_every_schema_version() {
    let versions: Vec<u32> = FIXTURES.iter().map(|f| f.0).collect();
    assert_eq!(versions, (1..=SCHEMA_VERSION).collect::<Vec<_>>());
}

#[test]
fn every_fixture_upgrades_with_its_data_intact() {
    for (version, name) in FIXTURES {
        let f = Fixture::new();
        let path = f.dir.path().join(name);
        std::fs::copy(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures").join(name), &path).unwrap();
        let store = Store::open(&path, f.clock.clone()).unwrap_or_else(|err| panic!("v{version}: {err}"));
        assert_eq!(store.schema_version().unwrap(), SCHEMA_VERSION, "v{version}");
        store.check().unwrap_or_else(|err| panic!("v{version}: {err}"));

        let (runbook, revision) = store.runbook("it-system-outage").unwrap();
        assert_eq!((runbook.title.as_str(), revision), ("IT system outage (edited)", 2), "v{version}");
        assert_eq!(store.list_runbooks().unwrap().len(), 3, "v{version}");
        let incidents = store.list_incidents().unwrap();
        let summary: Vec<(&str, IncidentMode, u32, u32)> = incidents
            .iter()
            .map(|s| (s.incident.title.as_str(), s.incident.mode, s.incident.runbook_revision, s.steps_done))
            .collect();
        assert_eq!(
            summary,
            [("Quarterly drill", IncidentMode::Drill, 2, 1), ("Checkout down", IncidentMode::Real, 2, 3)],
            "v{version}"
        );
        let checkout = &incidents[1].incident;
        let timeline = store.timeline(&checkout.id).unwrap();
        let last_tick = timeline.iter().rfind(|e| e.body.kind() == "step.ticked").unwrap();
        assert_eq!(last_tick.occurred_at.to_rfc3339(), "2026-01-15T02:42:00+00:00", "v{version}");
        assert!(store.verify_chain(&checkout.id).unwrap().holds(), "v{version}");
        // Incidents from before version 2 were detected when declared, and are still in Identify.
        assert_eq!(checkout.detected_at, checkout.started_at, "v{version}");
        assert_eq!(checkout.phase, muster_core::Phase::Identify, "v{version}");
        // The old contact column is the phone (the roster starts at version 2); the roles
        // catalogue was completed on upgrade.
        let people = store.list_people().unwrap();
        assert_eq!(people.len(), usize::from(*version >= 2), "v{version}");
        if let Some(ana) = people.first() {
            assert_eq!((ana.name.as_str(), ana.phone.as_str()), ("Ana", "+1 555 0100"), "v{version}");
        }
        if *version >= 3 {
            assert_eq!(
                (people[0].team.as_str(), &people[0].roles[..]),
                ("Ops", &["incident-commander".to_string()][..])
            );
        }
        let summary = store.review(&checkout.id).unwrap().sections[0].body.clone();
        let improvements = store.runbook_improvements("it-system-outage").unwrap();
        if *version >= 4 {
            assert_eq!(summary, "Checkout was down.", "v{version}");
            assert_eq!(improvements.len(), 1, "v{version}");
        } else {
            assert_eq!((summary.as_str(), improvements.len()), ("", 0), "v{version}: no review before v4");
        }
        let roles = store.list_roles().unwrap();
        let seeded = ["incident-commander", "tech-lead", "comms-lead", "scribe", "customer-liaison"];
        assert!(seeded.iter().all(|id| roles.iter().any(|r| r.id == *id && !r.duties.is_empty())), "v{version}");
    }
}
