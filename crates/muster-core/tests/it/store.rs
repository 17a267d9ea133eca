use muster_core::store::{APPLICATION_ID, SCHEMA_VERSION};
use muster_core::{Error, OpenProblem, Store};

use crate::Fixture;

#[test]
fn opens_with_durable_pragmas() {
    let f = Fixture::new();
    assert_eq!(f.store.pragma("journal_mode").unwrap(), "wal");
    assert_eq!(f.store.pragma("synchronous").unwrap(), "2", "2 is FULL");
    assert_eq!(f.store.pragma("foreign_keys").unwrap(), "1");
    assert_eq!(f.store.pragma("application_id").unwrap(), APPLICATION_ID.to_string());
}

#[test]
fn migrations_bring_an_empty_database_to_the_current_version() {
    let f = Fixture::new();
    assert_eq!(f.store.schema_version().unwrap(), SCHEMA_VERSION);
    assert_eq!(f.store.pragma("integrity_check").unwrap(), "ok");
    // Reopening applies nothing twice.
    let f = f.reopen();
    assert_eq!(f.store.schema_version().unwrap(), SCHEMA_VERSION);
}

#[test]
fn a_new_database_is_seeded_once() {
    let mut f = Fixture::new();
    let ids: Vec<String> = f.store.list_runbooks().unwrap().into_iter().map(|r| r.id).collect();
    assert_eq!(ids.len(), 3, "{ids:?}");
    for id in ["it-system-outage", "customer-service-disruption", "data-centre-power-loss"] {
        assert!(ids.iter().any(|i| i == id), "{id} missing from {ids:?}");
    }
    // A sample edited by the team keeps its revision on reopen: seeding never runs again.
    let (runbook, _) = f.store.runbook("it-system-outage").unwrap();
    assert_eq!(f.store.save_runbook(&runbook, "Ana", "our edits").unwrap(), 2);
    let f = f.reopen();
    assert_eq!(f.store.runbook("it-system-outage").unwrap().1, 2);
    assert!(f.store.list_runbooks().unwrap().iter().all(|r| r.revision <= 2));
}

#[test]
fn refuses_a_newer_schema_without_touching_it() {
    let f = Fixture::new();
    let path = f.dir.path().join("muster.db");
    drop(f.store);
    {
        let conn = rusqlite::Connection::open(&path).unwrap();
        conn.pragma_update(None, "user_version", SCHEMA_VERSION + 1).unwrap();
    }
    let before = std::fs::read(&path).unwrap();
    let err = Store::open(&path, f.clock.clone()).unwrap_err();
    assert!(matches!(err, Error::Open { problem: OpenProblem::Newer, .. }), "{err:?}");
    assert!(err.to_string().contains("newer than this Muster understands"), "{err}");
    assert!(std::fs::read(&path).unwrap() == before, "the newer database is untouched");
}

#[test]
fn refuses_another_applications_sqlite_file() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("other.db");
    {
        let conn = rusqlite::Connection::open(&path).unwrap();
        conn.execute_batch("CREATE TABLE photos (id INTEGER PRIMARY KEY, name TEXT);").unwrap();
    }
    let clock = std::sync::Arc::new(muster_core::SystemClock);
    let before = std::fs::read(&path).unwrap();
    let err = Store::open(&path, clock).unwrap_err();
    assert!(matches!(err, Error::Open { problem: OpenProblem::Foreign, .. }), "{err:?}");
    assert!(err.to_string().contains("not a Muster database"), "{err}");
    assert!(std::fs::read(&path).unwrap() == before, "the other application's file is untouched");
}
