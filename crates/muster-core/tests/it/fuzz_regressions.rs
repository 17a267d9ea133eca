//! The fuzz targets' findings, replayed on stable Rust: every file in
//! `tests/fixtures/fuzz/<target>/` goes through the same checks as the cargo-fuzz target of that
//! name (`fuzz/src/lib.rs`, included below), so an importer must not panic on it and a Muster
//! Markdown runbook must survive the write–read round trip. Each folder also holds a seed or two,
//! so no test here is vacuous. Adding a finding: docs/fuzzing.md.

use std::path::{Path, PathBuf};

#[path = "../../../../fuzz/src/lib.rs"]
mod harness;

/// The inputs saved for `target`, in name order; fails when there are none.
fn inputs(target: &str) -> Vec<(PathBuf, Vec<u8>)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/fuzz").join(target);
    let mut paths: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|err| panic!("{}: {err}", dir.display()))
        .map(|entry| entry.unwrap().path())
        .filter(|path| path.is_file())
        .collect();
    paths.sort();
    assert!(!paths.is_empty(), "{}: no inputs", dir.display());
    paths.into_iter().map(|path| (path.clone(), std::fs::read(&path).unwrap())).collect()
}

/// Runs `check` on every input of `target`, naming the file that fails.
fn replay(target: &str, check: fn(&[u8])) {
    for (path, data) in inputs(target) {
        if std::panic::catch_unwind(|| check(&data)).is_err() {
            panic!("fuzz input {} fails its checks (the panic above says how)", path.display());
        }
    }
}

#[test]
fn fuzz_muster_markdown_inputs() {
    replay("muster_markdown", harness::muster_markdown);
}

#[test]
fn fuzz_alert_markdown_inputs() {
    replay("alert_markdown", harness::alert_markdown);
}

#[test]
fn fuzz_mattermost_json_inputs() {
    replay("mattermost_json", harness::mattermost_json);
}

#[test]
fn fuzz_import_any_inputs() {
    replay("import_any", harness::import_any);
}

#[test]
fn fuzz_the_muster_markdown_seed_is_a_valid_runbook() {
    // A seed the reader rejects would exercise its error path only, never the round trip.
    let (path, data) = inputs("muster_markdown").into_iter().find(|(path, _)| path.ends_with("small.md")).unwrap();
    let text = std::str::from_utf8(&data).unwrap();
    muster_core::format::markdown::read(&path, text).unwrap();
}
