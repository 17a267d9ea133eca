use chrono::Duration;
use muster_core::backup::{list_backups, BackupReason, DEFAULT_KEEP};
use muster_core::store::restore;
use muster_core::{Error, OpenProblem, Store};

use crate::{declare_and_tick, Fixture};

#[test]
fn a_backup_is_a_checked_self_contained_copy() {
    let mut f = Fixture::new();
    let id = declare_and_tick(&mut f.store, 2);
    let info = f.store.backup(BackupReason::Manual).unwrap();
    assert_eq!(info.reason, BackupReason::Manual);
    assert!(info.file_name.starts_with("muster-20260301T030000Z-manual"), "{}", info.file_name);
    assert!(info.size_bytes > 0);
    assert!(!std::path::Path::new(&format!("{}-wal", info.path)).exists(), "a backup is one file");

    let copy = Store::open(std::path::Path::new(&info.path), f.clock.clone()).unwrap();
    assert_eq!(copy.timeline(&id).unwrap(), f.store.timeline(&id).unwrap());
    copy.check().unwrap();
}

#[test]
fn backups_rotate_keeping_the_newest() {
    let mut f = Fixture::new();
    f.store.set_backup_keep(3);
    for _ in 0..5 {
        f.store.backup(BackupReason::Manual).unwrap();
        f.clock.advance(Duration::hours(1));
    }
    let kept = list_backups(f.store.path()).unwrap();
    assert_eq!(kept.len(), 3);
    assert!(kept[0].created_at > kept[1].created_at && kept[1].created_at > kept[2].created_at, "newest first");
    assert_eq!(kept[2].created_at, f.clock_now() - Duration::hours(3));
    assert_eq!(DEFAULT_KEEP, 14);
}

#[test]
fn scheduled_backups_happen_once_per_interval() {
    let f = Fixture::new();
    let day = Duration::days(1);
    assert!(f.store.backup_if_due(day).unwrap().is_some(), "no backup yet: due");
    assert!(f.store.backup_if_due(day).unwrap().is_none(), "just made one");
    f.clock.advance(Duration::hours(23));
    assert!(f.store.backup_if_due(day).unwrap().is_none());
    f.clock.advance(Duration::hours(1));
    assert_eq!(f.store.backup_if_due(day).unwrap().map(|b| b.reason), Some(BackupReason::Scheduled));
    assert_eq!(list_backups(f.store.path()).unwrap().len(), 2);
}

#[test]
fn restore_round_trip_keeps_the_replaced_database() {
    let mut f = Fixture::new();
    let id = declare_and_tick(&mut f.store, 1);
    let backup = f.store.backup(BackupReason::Manual).unwrap();
    let backed_up = f.store.timeline(&id).unwrap().len();
    // Work continues after the backup, then the team restores it.
    f.clock.advance(Duration::minutes(5));
    let later = f.store.incident_view(&id).unwrap().phases[0].steps[3].step.key.clone();
    f.store.tick_step(&id, &later, "ana").unwrap();
    let db = f.store.path().to_path_buf();
    drop(f.store);

    let report = restore(&db, std::path::Path::new(&backup.path), f.clock.as_ref(), DEFAULT_KEEP).unwrap();
    let saved = report.previous_saved_as.expect("the replaced database is kept");
    assert!(saved.contains("before-restore"), "{saved}");

    let restored = Store::open(&db, f.clock.clone()).unwrap();
    assert_eq!(restored.timeline(&id).unwrap().len(), backed_up, "the events in the backup, no more");
    restored.check().unwrap();
    let previous = Store::open(std::path::Path::new(&saved), f.clock.clone()).unwrap();
    assert_eq!(previous.timeline(&id).unwrap().len(), backed_up + 1, "the replaced database still has the later tick");
}

#[test]
fn restore_refuses_a_backup_with_a_broken_chain_and_changes_nothing() {
    let mut f = Fixture::new();
    declare_and_tick(&mut f.store, 2);
    let backup = f.store.backup(BackupReason::Manual).unwrap();
    {
        let conn = rusqlite::Connection::open(&backup.path).unwrap();
        conn.execute_batch(
            "DROP TRIGGER timeline_event_no_update; UPDATE timeline_event SET actor = 'mallory' WHERE seq = 2;",
        )
        .unwrap();
    }
    let db = f.store.path().to_path_buf();
    drop(f.store);
    let before = std::fs::read(&db).unwrap();
    let err = restore(&db, std::path::Path::new(&backup.path), f.clock.as_ref(), DEFAULT_KEEP).unwrap_err();
    assert!(matches!(err, Error::Open { problem: OpenProblem::Damaged, .. }), "{err:?}");
    assert!(err.to_string().contains("hash chain is broken"), "{err}");
    assert!(std::fs::read(&db).unwrap() == before, "the current database is untouched");
}

#[test]
fn restore_refuses_while_the_database_is_open() {
    let f = Fixture::new();
    let backup = f.store.backup(BackupReason::Manual).unwrap();
    let err = restore(f.store.path(), std::path::Path::new(&backup.path), f.clock.as_ref(), DEFAULT_KEEP).unwrap_err();
    assert!(matches!(err, Error::Open { problem: OpenProblem::InUse, .. }), "{err:?}");
}

#[test]
fn restore_over_a_damaged_database_moves_it_aside_untouched() {
    let f = Fixture::new();
    let backup = f.store.backup(BackupReason::Manual).unwrap();
    let db = f.store.path().to_path_buf();
    drop(f.store);
    std::fs::write(&db, b"SQLite format 3\0 but then garbage, garbage, garbage").unwrap();
    let damaged = std::fs::read(&db).unwrap();
    let report = restore(&db, std::path::Path::new(&backup.path), f.clock.as_ref(), DEFAULT_KEEP).unwrap();
    let aside = report.previous_saved_as.unwrap();
    assert!(aside.contains("muster-damaged-"), "{aside}");
    assert!(std::fs::read(&aside).unwrap() == damaged, "the damaged file is kept byte for byte");
    Store::open(&db, f.clock.clone()).unwrap().check().unwrap();
}

#[test]
fn migrating_a_database_with_data_backs_it_up_first() {
    // Simulates an older database by rewinding the version of a fresh one; the next open
    // finds the (idempotent-free) migration pending and must back up before running it.
    let f = Fixture::new();
    let db = f.store.path().to_path_buf();
    drop(f.store);
    {
        let conn = rusqlite::Connection::open(&db).unwrap();
        conn.execute_batch("PRAGMA user_version = 0; PRAGMA application_id = 0;").unwrap();
    }
    // Version 0 with tables is not a Muster database any more: the file is refused untouched,
    // and no migration (nor backup) runs on it.
    let err = Store::open(&db, f.clock.clone()).unwrap_err();
    assert!(matches!(err, Error::Open { problem: OpenProblem::Foreign, .. }), "{err:?}");
    assert!(list_backups(&db).unwrap().is_empty());
}
