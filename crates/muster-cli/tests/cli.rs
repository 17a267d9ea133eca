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
