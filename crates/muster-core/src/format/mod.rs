//! Runbook file formats. Each reader reports problems with the file, line and column at fault.
//!
//! [`import_text`] is the one entry point for files from outside: it detects the format of a
//! text ([`detect`]) and hands it to that format's reader, which returns the runbook with a
//! report of how the file was mapped ([`Imported`]). Muster's own Markdown maps one to one and
//! reports nothing; a foreign format says what it mapped where, and warns about what it could
//! not carry over.
//!
//! Adding a format: a module here with `pub fn read(path, text) -> Result<Imported>` that ends
//! with [`markdown::fit`] (so export then import is the identity), a variant of
//! [`ImportFormat`], and a test in [`detect`], most specific first.
//!
//! Invariant: detection looks only at the text (and the file name's extension), never at the
//! database, so `muster lint` and `muster import` agree on what a file is.

pub mod alert_markdown;
pub mod markdown;
pub mod mattermost;

use std::path::Path;

use serde::Serialize;
use ts_rs::TS;

use crate::error::{Error, Result};
use crate::runbook::Runbook;

/// The file formats Muster reads runbooks from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "kebab-case")]
pub enum ImportFormat {
    /// Muster's own Markdown (`docs/runbook-format.md`): starts with a `+++` line.
    MusterMarkdown,
    /// Any other Markdown (`.md`, `.markdown`): alert runbooks in the Meaning / Impact /
    /// Diagnosis / Mitigation shape, and a generic fallback ([`alert_markdown`]).
    AlertMarkdown,
    /// A Mattermost Playbooks export: a JSON object with `version` and `checklists`
    /// ([`mattermost`]).
    Mattermost,
}

impl ImportFormat {
    /// The name users see (`muster import` prints it).
    pub fn as_str(self) -> &'static str {
        match self {
            ImportFormat::MusterMarkdown => "muster-markdown",
            ImportFormat::AlertMarkdown => "alert-markdown",
            ImportFormat::Mattermost => "mattermost",
        }
    }
}

/// A runbook read from a file, with what the reader did to get it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Imported {
    pub runbook: Runbook,
    pub format: ImportFormat,
    /// How the file was mapped, in file order; empty for Muster's own format.
    pub report: Vec<ImportNote>,
}

/// One line of an import report.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct ImportNote {
    /// The line of the file the note is about (from 1), when it is about one.
    pub line: Option<usize>,
    pub message: String,
    pub kind: NoteKind,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum NoteKind {
    /// What went where ("Mitigation → Respond: 3 steps").
    Info,
    /// Something the runbook does not carry over, or a guess worth checking.
    Warning,
}

impl ImportNote {
    pub fn info(message: impl Into<String>) -> ImportNote {
        ImportNote { line: None, message: message.into(), kind: NoteKind::Info }
    }

    pub fn warning(message: impl Into<String>) -> ImportNote {
        ImportNote { line: None, message: message.into(), kind: NoteKind::Warning }
    }

    /// The same note, about line `line` of the file.
    pub fn at_line(self, line: usize) -> ImportNote {
        ImportNote { line: Some(line), ..self }
    }
}

/// The format of a runbook file, from its text (and `path`'s extension); `None` when Muster
/// does not recognise it.
pub fn detect(path: &Path, text: &str) -> Option<ImportFormat> {
    // A byte-order mark is invisible in editors; the Markdown reader skips it too.
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    if text.lines().next().is_some_and(|first| first.trim_end() == "+++") {
        return Some(ImportFormat::MusterMarkdown);
    }
    if text.trim_start().starts_with('{') && mattermost::detect(text) {
        return Some(ImportFormat::Mattermost);
    }
    let extension = path.extension().and_then(|e| e.to_str()).unwrap_or("").to_ascii_lowercase();
    if matches!(extension.as_str(), "md" | "markdown" | "mdown" | "mkd") {
        return Some(ImportFormat::AlertMarkdown);
    }
    None
}

/// Reads a runbook from the text of a file of any format Muster knows; `path` names the file
/// in errors and notes, and its extension may help detection.
pub fn import_text(path: &Path, text: &str) -> Result<Imported> {
    match detect(path, text) {
        Some(ImportFormat::MusterMarkdown) => Ok(Imported {
            runbook: markdown::read(path, text)?,
            format: ImportFormat::MusterMarkdown,
            report: Vec::new(),
        }),
        Some(ImportFormat::AlertMarkdown) => alert_markdown::read(path, text),
        Some(ImportFormat::Mattermost) => mattermost::read(path, text),
        None => Err(Error::Format {
            path: path.to_path_buf(),
            line: 1,
            column: 1,
            message: "not a runbook format Muster knows: a Muster runbook starts with a '+++' line \
                      (see docs/runbook-format.md); other Markdown files need a .md extension, and a \
                      Mattermost Playbooks export is a JSON object with \"version\" and \"checklists\""
                .into(),
        }),
    }
}

/// Reads the file at `path` and imports it with [`import_text`].
pub fn import_file(path: &Path) -> Result<Imported> {
    let bytes = std::fs::read(path).map_err(|err| Error::io(path, err))?;
    let text = String::from_utf8(bytes).map_err(|err| Error::Format {
        path: path.to_path_buf(),
        line: 1,
        column: 1,
        message: format!(
            "not UTF-8 text (invalid byte at offset {}): save the file as UTF-8",
            err.utf8_error().valid_up_to()
        ),
    })?;
    import_text(path, &text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn muster_markdown_is_detected_by_its_front_matter() {
        let path = Path::new("x.md");
        assert_eq!(detect(path, "+++\ntitle = \"X\"\n+++\n"), Some(ImportFormat::MusterMarkdown));
        assert_eq!(detect(path, "\u{feff}+++\r\ntitle = \"X\"\r\n+++\r\n"), Some(ImportFormat::MusterMarkdown));
        assert_eq!(detect(path, "# Some notes\n"), Some(ImportFormat::AlertMarkdown));
        assert_eq!(detect(Path::new("x.txt"), "# Some notes\n"), None);
    }

    #[test]
    fn mattermost_exports_are_detected_by_version_and_checklists() {
        let export = r#"{"title": "X", "version": 1, "checklists": []}"#;
        assert_eq!(detect(Path::new("x.json"), export), Some(ImportFormat::Mattermost));
        assert_eq!(detect(Path::new("x.txt"), export), Some(ImportFormat::Mattermost));
        assert_eq!(detect(Path::new("x.json"), r#"{"title": "X", "version": 1}"#), None);
        assert_eq!(detect(Path::new("x.json"), "[1, 2]"), None);
    }

    #[test]
    fn an_unknown_format_is_an_error_at_the_first_line() {
        let err = import_text(Path::new("notes.txt"), "hello\n").unwrap_err().to_string();
        assert!(err.starts_with("notes.txt:1:1: not a runbook format Muster knows"), "{err}");
    }

    #[test]
    fn imports_muster_markdown_without_a_report() {
        let imported =
            import_text(Path::new("x.md"), "+++\ntitle = \"Disk full\"\n+++\n## Identify\n- [ ] Look\n").unwrap();
        assert_eq!((imported.runbook.id.as_str(), imported.format), ("disk-full", ImportFormat::MusterMarkdown));
        assert!(imported.report.is_empty());
    }
}
