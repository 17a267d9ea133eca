//! Opening files that are damaged or not Muster's: a clear error, and the file left as it was.

use std::sync::Arc;

use muster_core::{Error, OpenProblem, Store, SystemClock};

use crate::Fixture;

fn open(path: &std::path::Path) -> Result<Store, Error> {
    Store::open(path, Arc::new(SystemClock))
}

fn problem(err: Error) -> OpenProblem {
    match err {
        Error::Open { problem, .. } => problem,
        other => panic!("expected an open problem, got {other:?}"),
    }
}

/// A closed database with some data, and its path.
fn closed_database() -> (tempfile::TempDir, std::path::PathBuf) {
    let f = Fixture::new();
    let path = f.store.path().to_path_buf();
    drop(f.store);
    (f.dir, path)
}

#[test]
fn a_truncated_file_is_damaged_and_untouched() {
    let (_dir, path) = closed_database();
    let bytes = std::fs::read(&path).unwrap();
    std::fs::write(&path, &bytes[..bytes.len() / 2]).unwrap();
    let err = open(&path).unwrap_err();
    assert!(err.to_string().contains("truncated"), "{err}");
    assert_eq!(problem(err), OpenProblem::Damaged);
    assert!(std::fs::read(&path).unwrap() == bytes[..bytes.len() / 2], "the file is untouched");
}

#[test]
fn random_bytes_are_not_a_database_and_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("muster.db");
    let mut seed: u64 = 0x2545_F491_4F6C_DD1D;
    let bytes: Vec<u8> = (0..65_536)
        .map(|_| {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            (seed >> 24) as u8
        })
        .collect();
    std::fs::write(&path, &bytes).unwrap();
    let err = open(&path).unwrap_err();
    assert_eq!(problem(err), OpenProblem::NotADatabase);
    assert!(std::fs::read(&path).unwrap() == bytes, "the file is untouched");
}

#[test]
fn a_clean_close_leaves_no_marker() {
    let (_dir, path) = closed_database();
    assert!(!path.with_file_name("muster.db.running").exists());
}

/// Damages the b-tree page of the `step` table: open does not read it, a quick check does.
fn damage_step_table(path: &std::path::Path) {
    let conn = rusqlite::Connection::open(path).unwrap();
    let page: i64 = conn.query_row("SELECT rootpage FROM sqlite_schema WHERE name = 'step'", [], |r| r.get(0)).unwrap();
    let page_size: i64 = conn.query_row("PRAGMA page_size", [], |r| r.get(0)).unwrap();
    drop(conn);
    let mut bytes = std::fs::read(path).unwrap();
    let start = ((page - 1) * page_size) as usize;
    bytes[start..start + 64].fill(0xA5);
    std::fs::write(path, &bytes).unwrap();
}

#[test]
fn after_an_unclean_shutdown_a_quick_check_finds_damage() {
    let (_dir, path) = closed_database();
    damage_step_table(&path);
    // A marker with no live holder: the last session did not close.
    std::fs::write(path.with_file_name("muster.db.running"), b"").unwrap();
    let before = std::fs::read(&path).unwrap();
    let err = open(&path).unwrap_err();
    assert!(err.to_string().contains("did not close cleanly"), "{err}");
    assert_eq!(problem(err), OpenProblem::Damaged);
    assert!(std::fs::read(&path).unwrap() == before, "the file is untouched");
}

#[test]
fn after_a_clean_shutdown_no_check_runs_at_open() {
    let (_dir, path) = closed_database();
    damage_step_table(&path);
    // Opening stays fast: the damage is found only by a full check or by reading the table.
    let store = open(&path).unwrap();
    assert!(store.check().is_err());
}
