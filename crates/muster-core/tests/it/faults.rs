//! Faults while working: a database another process is writing, a full disk, a folder that
//! became read-only. Each fails with a clear error, writes nothing half-way, and the same
//! action succeeds once the fault is gone.

use std::process::Command;
use std::time::Duration;

use muster_core::{Error, IncidentAction, Store};

use crate::{declare, Fixture};

#[test]
fn a_write_while_another_process_writes_waits_then_fails_clearly() {
    let mut f = Fixture::new();
    let (incident, keys) = declare(&mut f.store);
    let id = incident.id;
    let other = rusqlite::Connection::open(f.store.path()).unwrap();
    other.execute_batch("BEGIN IMMEDIATE").unwrap();
    f.store.set_busy_timeout(Duration::from_millis(100)).unwrap();
    let err = f.store.tick_step(&id, &keys[0], "ana").unwrap_err();
    assert!(matches!(err, Error::Busy), "{err:?}");
    assert!(err.to_string().contains("try again"), "{err}");
    other.execute_batch("COMMIT").unwrap();
    let before = f.store.timeline(&id).unwrap().len();
    let events = f.store.tick_step(&id, &keys[0], "ana").unwrap();
    assert_eq!(f.store.timeline(&id).unwrap().len(), before + events.len());
}

/// A mount made for one test and undone when dropped; needs root. `None` (with the reason
/// printed) where mounting is not allowed.
struct Mount(std::path::PathBuf);

impl Mount {
    fn run(args: &[&str], target: &std::path::Path) -> Option<Mount> {
        match Command::new("mount").args(args).arg(target).output() {
            Ok(out) if out.status.success() => Some(Mount(target.to_path_buf())),
            Ok(out) => {
                println!("skipped: cannot mount (needs root): {}", String::from_utf8_lossy(&out.stderr).trim());
                None
            }
            Err(err) => {
                println!("skipped: cannot run mount: {err}");
                None
            }
        }
    }

    /// A tiny tmpfs at `target`.
    fn tmpfs(target: &std::path::Path, size: &str) -> Option<Mount> {
        Mount::run(&["-t", "tmpfs", "-o", &format!("size={size}"), "tmpfs"], target)
    }

    /// Makes `folder` read-only by bind-mounting it read-only onto itself.
    fn read_only(folder: &std::path::Path) -> Option<Mount> {
        let bind = Mount::run(&["--bind", &folder.display().to_string()], folder)?;
        let status = Command::new("mount").args(["-o", "remount,bind,ro"]).arg(folder).status().ok()?;
        status.success().then_some(bind)
    }
}

impl Drop for Mount {
    fn drop(&mut self) {
        let _ = Command::new("umount").arg("-l").arg(&self.0).status();
    }
}

/// Checks a database after a fault: integrity, every chain, and exactly the acknowledged ticks.
fn assert_consistent(f: &Fixture, path: &std::path::Path, id: &str, acknowledged: usize) {
    let store = Store::open(path, f.clock.clone()).unwrap();
    store.check().unwrap();
    assert_eq!(store.timeline(id).unwrap().len(), acknowledged, "every acknowledged event, nothing else");
}

#[test]
fn a_full_disk_fails_clearly_and_keeps_the_database_consistent() {
    let disk = tempfile::tempdir().unwrap();
    let Some(_tmpfs) = Mount::tmpfs(disk.path(), "3m") else { return };
    let f = Fixture::new();
    let path = disk.path().join("muster.db");
    let mut store = Store::open(&path, f.clock.clone()).unwrap();
    let (incident, keys) = declare(&mut store);
    let id = incident.id;

    // Fill what is left of the disk.
    let filler = disk.path().join("filler");
    {
        use std::io::Write;
        let mut file = std::fs::File::create(&filler).unwrap();
        let chunk = vec![0u8; 16 * 1024];
        while file.write_all(&chunk).is_ok() {}
        let _ = file.sync_all();
    }

    let mut acknowledged = store.timeline(&id).unwrap().len();
    let mut failure = None;
    for round in 0..2000 {
        let key = &keys[round % keys.len()];
        let result = if (round / keys.len()) % 2 == 0 {
            store.tick_step(&id, key, "ana")
        } else {
            store.act(&id, &IncidentAction::Untick { step: key.clone(), note: None }, "ana")
        };
        match result {
            Ok(events) => acknowledged += events.len(),
            Err(err) => {
                failure = Some(err);
                break;
            }
        }
    }
    let err = failure.expect("writing to a full disk must fail at some point");
    assert!(matches!(err, Error::DiskFull), "{err:?}");
    assert!(err.to_string().contains("disk is full"), "{err}");

    std::fs::remove_file(&filler).unwrap();
    drop(store);
    assert_consistent(&f, &path, &id, acknowledged);
}

#[test]
fn a_read_only_folder_fails_clearly_and_leaves_the_database_as_it_was() {
    let (dir, path, id, events) = {
        let mut f = Fixture::new();
        let (incident, keys) = declare(&mut f.store);
        let id = incident.id;
        f.store.tick_step(&id, &keys[0], "ana").unwrap();
        let path = f.store.path().to_path_buf();
        let events = f.store.timeline(&id).unwrap().len();
        drop(f.store);
        (f.dir, path, id, events)
    };
    let before = std::fs::read(&path).unwrap();
    {
        let Some(_ro) = Mount::read_only(dir.path()) else { return };
        let err = Store::open(&path, std::sync::Arc::new(muster_core::SystemClock)).unwrap_err();
        assert!(err.to_string().contains("Read-only file system"), "{err}");
        assert!(err.to_string().starts_with(&path.display().to_string()), "the message names the file: {err}");
    }
    assert!(std::fs::read(&path).unwrap() == before, "nothing was written");
    let store = Store::open(&path, std::sync::Arc::new(muster_core::SystemClock)).unwrap();
    store.check().unwrap();
    assert_eq!(store.timeline(&id).unwrap().len(), events);
}

#[test]
fn a_read_only_backup_folder_fails_the_backup_clearly_and_writes_nothing() {
    let f = Fixture::new();
    let backups = muster_core::backup::backup_dir(f.store.path());
    std::fs::create_dir_all(&backups).unwrap();
    {
        let Some(_ro) = Mount::read_only(&backups) else { return };
        let err = f.store.backup(muster_core::backup::BackupReason::Manual).unwrap_err();
        assert!(err.to_string().contains("muster-backups"), "the message names the folder: {err}");
        assert!(err.to_string().contains("Read-only file system"), "{err}");
    }
    assert_eq!(std::fs::read_dir(&backups).unwrap().count(), 0, "no partial backup was left");
    f.store.check().unwrap();
    f.store.backup(muster_core::backup::BackupReason::Manual).unwrap();
}
