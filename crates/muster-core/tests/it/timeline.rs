use crate::{declare_and_tick, Fixture};

/// Opens a second, raw connection as someone editing the file behind Muster's back would.
fn tamper(f: &Fixture, sql: &str) {
    let conn = rusqlite::Connection::open(f.dir.path().join("muster.db")).unwrap();
    conn.execute_batch("DROP TRIGGER timeline_event_no_update; DROP TRIGGER timeline_event_no_delete;").unwrap();
    conn.execute_batch(sql).unwrap();
}

#[test]
fn an_untouched_chain_holds() {
    let mut f = Fixture::new();
    let id = declare_and_tick(&mut f.store, 3);
    let report = f.store.verify_chain(&id).unwrap();
    assert!(report.holds(), "{report:?}");
    assert_eq!(report.events_checked as usize, f.store.timeline(&id).unwrap().len());
    assert!(report.events_checked > 4);
}

#[test]
fn the_schema_refuses_updates_and_deletes_of_events() {
    let mut f = Fixture::new();
    declare_and_tick(&mut f.store, 3);
    let conn = rusqlite::Connection::open(f.dir.path().join("muster.db")).unwrap();
    let err = conn.execute("UPDATE timeline_event SET actor = 'mallory'", []).unwrap_err();
    assert!(err.to_string().contains("append-only"), "{err}");
    let err = conn.execute("DELETE FROM timeline_event", []).unwrap_err();
    assert!(err.to_string().contains("append-only"), "{err}");
}

#[test]
fn an_edited_event_is_detected() {
    let mut f = Fixture::new();
    let id = declare_and_tick(&mut f.store, 3);
    tamper(&f, "UPDATE timeline_event SET actor = 'mallory' WHERE seq = 3");
    let report = f.store.verify_chain(&id).unwrap();
    assert_eq!(report.first_broken_seq, Some(3), "{report:?}");
}

#[test]
fn a_deleted_event_is_detected_even_the_last() {
    let mut f = Fixture::new();
    let id = declare_and_tick(&mut f.store, 3);
    tamper(&f, "DELETE FROM timeline_event WHERE seq = 2");
    assert_eq!(f.store.verify_chain(&id).unwrap().first_broken_seq, Some(2));

    let mut g = Fixture::new();
    let id = declare_and_tick(&mut g.store, 3);
    let last = g.store.timeline(&id).unwrap().len() as u32;
    tamper(&g, &format!("DELETE FROM timeline_event WHERE seq = {last}"));
    let report = g.store.verify_chain(&id).unwrap();
    assert_eq!(report.first_broken_seq, Some(last), "{report:?}");
}

#[test]
fn reordered_events_are_detected() {
    let mut f = Fixture::new();
    let id = declare_and_tick(&mut f.store, 3);
    tamper(&f, "UPDATE timeline_event SET seq = -1 WHERE seq = 2; UPDATE timeline_event SET seq = 2 WHERE seq = 3; UPDATE timeline_event SET seq = 3 WHERE seq = -1;");
    assert_eq!(f.store.verify_chain(&id).unwrap().first_broken_seq, Some(2));
}
