//! The `muster` binary as a user runs it.

// A test that cannot proceed should fail on the spot, with the value that stopped it.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::process::Command;

fn muster() -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_muster"));
    command.env_remove("MUSTER_DB");
    command
}

#[test]
fn version_names_the_program() {
    let out = muster().arg("--version").output().unwrap();
    assert!(out.status.success());
    assert_eq!(String::from_utf8(out.stdout).unwrap().trim(), format!("muster {}", env!("CARGO_PKG_VERSION")));
}

#[test]
fn db_path_follows_flag_then_environment() {
    let out = muster().args(["--db", "/tmp/x/flag.db", "db", "path"]).env("MUSTER_DB", "/tmp/env.db").output().unwrap();
    assert_eq!(String::from_utf8(out.stdout).unwrap().trim(), "/tmp/x/flag.db");
    let out = muster().args(["db", "path"]).env("MUSTER_DB", "/tmp/env.db").output().unwrap();
    assert_eq!(String::from_utf8(out.stdout).unwrap().trim(), "/tmp/env.db");
    let out = muster().args(["db", "path"]).env("HOME", "/home/someone").env_remove("XDG_DATA_HOME").output().unwrap();
    assert_eq!(String::from_utf8(out.stdout).unwrap().trim(), "/home/someone/.local/share/muster/muster.db");
}

#[test]
fn runbook_list_shows_the_seeded_samples() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("m.db");
    let out = muster().arg("--db").arg(&db).args(["runbook", "list", "--json"]).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let list: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let ids: Vec<&str> = list.as_array().unwrap().iter().map(|r| r["id"].as_str().unwrap()).collect();
    assert!(ids.contains(&"it-system-outage"), "{ids:?}");
    assert_eq!(ids.len(), 3);
}

#[test]
fn a_file_that_is_not_a_database_fails_clearly() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("junk.db");
    std::fs::write(&db, vec![0x5a; 8192]).unwrap();
    let out = muster().arg("--db").arg(&db).args(["runbook", "list"]).output().unwrap();
    assert!(!out.status.success());
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(err.contains("not a SQLite database"), "{err}");
    assert_eq!(std::fs::read(&db).unwrap(), vec![0x5a; 8192], "the file must not be modified");
}

fn run(db: &std::path::Path, args: &[&str]) -> (bool, String, String) {
    let out = muster().arg("--db").arg(db).args(args).output().unwrap();
    (out.status.success(), String::from_utf8(out.stdout).unwrap(), String::from_utf8(out.stderr).unwrap())
}

#[test]
fn backup_list_restore_and_verify() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("m.db");
    let (ok, out, err) = run(&db, &["backup"]);
    assert!(ok, "{err}");
    let backup = out.trim().strip_prefix("backed up and checked: ").unwrap().to_string();
    assert!(std::path::Path::new(&backup).starts_with(dir.path().join("m-backups")), "{backup}");

    let (ok, out, _) = run(&db, &["backup", "--list"]);
    assert!(ok);
    assert!(out.contains("manual") && out.contains(&backup), "{out}");

    let (ok, out, err) = run(&db, &["restore", &backup]);
    assert!(ok, "{err}");
    assert!(out.contains("the replaced database was saved as"), "{out}");

    let (ok, out, err) = run(&db, &["verify"]);
    assert!(ok, "{err}");
    assert!(out.starts_with("ok: 0 incident timelines verify"), "{out}");
}

#[test]
fn damaged_and_newer_databases_fail_with_a_clear_message() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("m.db");
    assert!(run(&db, &["runbook", "list"]).0);
    let bytes = std::fs::read(&db).unwrap();
    std::fs::write(&db, &bytes[..bytes.len() / 3]).unwrap();
    let (ok, _, err) = run(&db, &["runbook", "list"]);
    assert!(!ok);
    assert!(err.starts_with(&format!("muster: {}: the file is truncated", db.display())), "{err}");

    let newer = dir.path().join("newer.db");
    assert!(run(&newer, &["runbook", "list"]).0);
    rusqlite_free_bump(&newer);
    let (ok, _, err) = run(&newer, &["backup"]);
    assert!(!ok);
    assert!(err.contains("newer than this Muster understands"), "{err}");
}

/// Raises the schema version the way a newer Muster would, with nothing but a byte edit of
/// the header's user_version field (offset 60), to keep this crate free of SQLite.
fn rusqlite_free_bump(path: &std::path::Path) {
    let mut bytes = std::fs::read(path).unwrap();
    bytes[63] = bytes[63].wrapping_add(1);
    std::fs::write(path, bytes).unwrap();
}
