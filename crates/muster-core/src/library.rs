//! The runbook library as files: export runbooks to a folder as Muster Markdown (`<id>.md`),
//! import files and folders in any format [`format::import_text`] knows, and find the files
//! under a folder.
//!
//! Invariant: importing never overwrites. A runbook that exists gets a new revision when the
//! file differs ([`Store::import_runbook`]); exporting and importing the same folder again
//! changes nothing.
//!
//! Invariant: an export is written file by file through a temporary file and a rename, so an
//! interrupted export leaves every `<id>.md` either as it was or complete.

use std::io::Write;
use std::path::{Path, PathBuf};

use serde::Serialize;
use ts_rs::TS;

use crate::error::{Error, Result};
use crate::format::{self, markdown, ImportFormat, ImportNote, Imported};
use crate::runbook::{slug, ImportOutcome};
use crate::store::Store;

/// The file extensions a folder import looks at (a file named explicitly is always read).
pub const IMPORT_EXTENSIONS: &[&str] = &["md", "markdown", "mdown", "mkd", "json"];

/// The file extensions `muster lint` checks in a folder: Muster's runbooks are Markdown.
pub const LINT_EXTENSIONS: &[&str] = &["md", "markdown"];

/// The files to read for `paths`: a file as given, a folder's files (recursively, in name
/// order) whose extension is one of `extensions`, skipping hidden files and folders (`.git`).
pub fn runbook_files(paths: &[PathBuf], extensions: &[&str]) -> Result<Vec<PathBuf>> {
    let mut files = Vec::new();
    for path in paths {
        let metadata = std::fs::metadata(path).map_err(|err| Error::io(path, err))?;
        if metadata.is_dir() {
            walk(path, extensions, &mut files)?;
        } else {
            files.push(path.clone());
        }
    }
    Ok(files)
}

fn walk(dir: &Path, extensions: &[&str], files: &mut Vec<PathBuf>) -> Result<()> {
    let mut entries = std::fs::read_dir(dir)
        .and_then(|entries| entries.map(|e| e.map(|e| e.path())).collect::<std::io::Result<Vec<_>>>())
        .map_err(|err| Error::io(dir, err))?;
    entries.sort();
    for path in entries {
        if path.file_name().and_then(|n| n.to_str()).is_some_and(|n| n.starts_with('.')) {
            continue;
        }
        if path.is_dir() {
            walk(&path, extensions, files)?;
        } else if path
            .extension()
            .and_then(|e| e.to_str())
            .is_some_and(|e| extensions.iter().any(|x| x.eq_ignore_ascii_case(e)))
        {
            files.push(path);
        }
    }
    Ok(())
}

/// What importing one file did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileImport {
    pub path: PathBuf,
    /// The runbook as read, its format and the reader's report.
    pub imported: Imported,
    /// What the library did with it; `None` when the file was not saved (see [`import_file`]).
    pub outcome: Option<ImportOutcome>,
}

/// Imports one file of any known format into the library, recorded as written by `author`.
///
/// A file in a foreign format that yields no steps (an index page of a runbook site, say) is
/// read and reported but not saved: it is not a plan anyone could run.
pub fn import_file(store: &mut Store, path: &Path, author: &str) -> Result<FileImport> {
    let imported = format::import_file(path)?;
    if imported.format != ImportFormat::MusterMarkdown && imported.runbook.steps.is_empty() {
        return Ok(FileImport { path: path.to_path_buf(), imported, outcome: None });
    }
    let name = path.file_name().map_or_else(|| path.display().to_string(), |n| n.to_string_lossy().into_owned());
    let note = match imported.format {
        ImportFormat::MusterMarkdown => format!("Imported from {name}"),
        other => format!("Imported from {name} ({})", other.as_str()),
    };
    let outcome = store.import_runbook(&imported.runbook, author, &note)?;
    Ok(FileImport { path: path.to_path_buf(), imported, outcome: Some(outcome) })
}

/// What importing one file did, for the window: the same as [`FileImport`] without the
/// runbook itself, or why the file could not be imported.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct FileReport {
    pub path: String,
    /// The runbook's title as read; empty when the file could not be read.
    pub title: String,
    pub format: Option<ImportFormat>,
    pub notes: Vec<ImportNote>,
    /// `None` when the file was read but not saved (no steps), or failed.
    pub outcome: Option<ImportOutcome>,
    /// Why the file could not be imported (`file:line:column: message`); the other files still
    /// are.
    pub error: Option<String>,
}

/// Imports every runbook file under `paths` (files, or folders searched for
/// [`IMPORT_EXTENSIONS`]) one by one and reports each. A file that cannot be read is reported
/// and the others are still imported; a busy, full or read-only database stops the import,
/// since the next file would fail the same way.
pub fn import_paths(store: &mut Store, paths: &[PathBuf], author: &str) -> Result<Vec<FileReport>> {
    let files = runbook_files(paths, IMPORT_EXTENSIONS)?;
    if files.is_empty() {
        return Err(Error::InvalidInput(format!(
            "no runbook files found (looked for .{})",
            IMPORT_EXTENSIONS.join(", .")
        )));
    }
    let mut reports = Vec::with_capacity(files.len());
    for file in files {
        let path = file.display().to_string();
        reports.push(match import_file(store, &file, author) {
            Ok(done) => FileReport {
                path,
                title: done.imported.runbook.title,
                format: Some(done.imported.format),
                notes: done.imported.report,
                outcome: done.outcome,
                error: None,
            },
            Err(err @ (Error::Busy | Error::DiskFull | Error::ReadOnly)) => return Err(err),
            Err(err) => FileReport {
                path,
                title: String::new(),
                format: None,
                notes: Vec::new(),
                outcome: None,
                error: Some(err.to_string()),
            },
        });
    }
    Ok(reports)
}

/// Writes the current revision of every runbook (or only of `only`) into `dir` as
/// `<id>.md`, creating the folder if needed; an existing file of that name is replaced.
/// Returns the files written, in library order.
pub fn export_runbooks(store: &Store, dir: &Path, only: Option<&str>) -> Result<Vec<PathBuf>> {
    let ids: Vec<String> = match only {
        Some(id) => vec![store.runbook(id)?.0.id],
        None => store.list_runbooks()?.into_iter().map(|summary| summary.id).collect(),
    };
    std::fs::create_dir_all(dir).map_err(|err| Error::io(dir, err))?;
    let mut written = Vec::with_capacity(ids.len());
    for id in ids {
        let (runbook, _) = store.runbook(&id)?;
        // Ids are slugs; anything else must not pick the file's folder or name.
        if slug(&runbook.id) != runbook.id {
            return Err(Error::InvalidInput(format!(
                "runbook '{}': the id is not a slug, so it cannot name a file; import it again with an id like '{}'",
                runbook.id,
                slug(&runbook.id)
            )));
        }
        let path = dir.join(format!("{}.md", runbook.id));
        write_atomically(&path, markdown::write(&runbook).as_bytes())?;
        written.push(path);
    }
    Ok(written)
}

/// Writes `bytes` to a temporary file beside `path`, flushes it to disk and renames it over
/// `path`.
pub(crate) fn write_atomically(path: &Path, bytes: &[u8]) -> Result<()> {
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let temporary = path.with_file_name(format!(".{name}.tmp"));
    let result = (|| {
        let mut file = std::fs::File::create(&temporary)?;
        file.write_all(bytes)?;
        file.sync_all()?;
        std::fs::rename(&temporary, path)
    })();
    result.map_err(|err| {
        let _ = std::fs::remove_file(&temporary);
        Error::io(path, err)
    })
}
