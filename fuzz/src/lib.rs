//! The properties the fuzz targets check, one function per target, each taking the raw fuzz
//! input. They live here, not in the targets, so that the regression test
//! (`crates/muster-core/tests/it/fuzz_regressions.rs`, which includes this file) replays a
//! saved input through exactly the checks that found it.
//!
//! Every importer must return `Ok` or `Err` for any text, never panic. Beyond that:
//! - Muster's Markdown: `read` fails exactly when `check` lists a problem, with its first
//!   problem; and a runbook it reads is inside the format's domain, so writing it and reading
//!   that back gives the same runbook, and writing is then stable.
//! - Every importer: `import_text` reports the format `detect` names, and what it imports is
//!   inside the Markdown format's domain too (the foreign importers end with
//!   `format::markdown::fit`), so it reads back unchanged once written as Muster Markdown —
//!   export then import is the identity.
//!
//! Input that is not UTF-8 is skipped: the importers take `&str`, and `import_file` rejects
//! such a file before any reader sees it.
//!
//! This file uses only `std` and `muster_core`, so the core's test binary can include it.

use std::path::Path;

use muster_core::format::{self, alert_markdown, markdown, mattermost, ImportFormat};
use muster_core::Runbook;

/// The file names `import_any` chooses from with the input's first byte: every extension
/// detection looks at, an upper-case one, index pages (whose id comes from their folder), a
/// CamelCase alert name, and names with no or an unknown extension.
pub const IMPORT_ANY_NAMES: [&str; 8] = [
    "runbook.md",
    "notes.markdown",
    "KubePodCrashLooping.MD",
    "alerts/_index.md",
    "disk-full/index.mkd",
    "playbook.json",
    "runbook.txt",
    "README",
];

/// Muster's own Markdown format (`format::markdown::read`), with the round trip.
pub fn muster_markdown(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let path = Path::new("fuzz.md");
    let read = markdown::read(path, text);
    let problems = markdown::check(path, text);
    match &read {
        Ok(runbook) => {
            assert!(problems.is_empty(), "read succeeded but check found: {}", problems[0]);
            assert_round_trip(runbook);
        }
        Err(err) => {
            let first = problems.first().map(ToString::to_string);
            assert_eq!(Some(err.to_string()), first, "read's error is not check's first problem");
        }
    }
}

/// Foreign Markdown (`format::alert_markdown::read`), under a fixed `.md` name.
pub fn alert_markdown(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else { return };
    if let Ok(imported) = alert_markdown::read(Path::new("alerts/KubeFuzzAlert.md"), text) {
        assert_eq!(imported.format, ImportFormat::AlertMarkdown);
        assert_round_trip(&imported.runbook);
    }
}

/// Mattermost Playbooks exports (`format::mattermost::read`).
pub fn mattermost_json(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else { return };
    // Detection parses the JSON too; it must not panic either.
    let _ = mattermost::detect(text);
    if let Ok(imported) = mattermost::read(Path::new("playbook.json"), text) {
        assert_eq!(imported.format, ImportFormat::Mattermost);
        assert_round_trip(&imported.runbook);
    }
}

/// Detection and dispatch (`format::import_text`): the first byte picks a file name from
/// [`IMPORT_ANY_NAMES`], the rest is the file's text.
pub fn import_any(data: &[u8]) {
    let Some((&choice, rest)) = data.split_first() else { return };
    let Ok(text) = std::str::from_utf8(rest) else { return };
    let path = Path::new(IMPORT_ANY_NAMES[usize::from(choice) % IMPORT_ANY_NAMES.len()]);
    let detected = format::detect(path, text);
    if let Ok(imported) = format::import_text(path, text) {
        assert_eq!(Some(imported.format), detected, "import_text read another format than detect names");
        assert_round_trip(&imported.runbook);
    }
}

/// Writing `runbook` as Muster Markdown and reading it back gives the same runbook, and writing
/// that again gives the same text.
fn assert_round_trip(runbook: &Runbook) {
    let written = markdown::write(runbook);
    let again = markdown::read(Path::new("written.md"), &written)
        .unwrap_or_else(|err| panic!("the written runbook does not read back: {err}\n--- written ---\n{written}"));
    assert_eq!(&again, runbook, "the runbook changed on the round trip\n--- written ---\n{written}");
    assert_eq!(markdown::write(&again), written, "writing is not stable");
}
