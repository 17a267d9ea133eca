//! `muster import`, `muster export runbooks` and `muster lint`: runbooks as files; `muster
//! export review` and `muster export checklist`: a review and a runbook on paper.
//!
//! Import and export go through the core's `library` module; lint reads files only and never
//! opens a database, so a team's CI can run it on a checkout.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use clap::Subcommand;
use muster_core::export::{self, checklist, ExportFormat, PaperSize, Zone};
use muster_core::format::{markdown, NoteKind};
use muster_core::library::{self, FileImport, IMPORT_EXTENSIONS, LINT_EXTENSIONS};
use muster_core::{ImportStatus, Store};

use crate::{Failure, Outcome};

#[derive(Subcommand)]
pub enum ExportCommand {
    /// Writes an incident's post-incident review (facts, the review's text, action items and
    /// the timeline in UTC and local time) to a file, through a temporary file and a rename.
    Review {
        /// The incident: its id or a unique start of it.
        incident: String,
        /// md (CommonMark), html (one self-contained file), pdf or json (docs/review-export.md).
        #[arg(long, value_name = "FORMAT", default_value = "md")]
        format: String,
        /// The page size of a PDF: a4 or letter.
        #[arg(long, value_name = "PAPER", default_value = "a4")]
        paper: String,
        /// The file to write.
        #[arg(short, long, value_name = "FILE")]
        output: PathBuf,
    },
    /// Writes the incident briefing for a shift handover (ICS-201 shape): the situation, the
    /// steps still expected in the current phase, the latest entries, who holds each role.
    Briefing {
        /// The incident: its id or a unique start of it.
        incident: String,
        /// md or html.
        #[arg(long, value_name = "FORMAT", default_value = "md")]
        format: String,
        #[arg(short, long, value_name = "FILE")]
        output: PathBuf,
    },
    /// Writes the activity log of one person or one role (ICS-214 shape).
    ActivityLog {
        /// The incident: its id or a unique start of it.
        incident: String,
        /// A person's id (as in `muster person list`).
        #[arg(long, value_name = "PERSON", conflicts_with = "role", required_unless_present = "role")]
        person: Option<String>,
        /// A role's id (`incident-commander`).
        #[arg(long, value_name = "ROLE")]
        role: Option<String>,
        /// The start of the operational period (default: the start of the incident).
        #[arg(long, value_name = "TIME", value_parser = crate::time_arg::parse_now, allow_hyphen_values = true)]
        from: Option<chrono::DateTime<chrono::Utc>>,
        /// Its end (default: the close of the incident, or now).
        #[arg(long, value_name = "TIME", value_parser = crate::time_arg::parse_now, allow_hyphen_values = true)]
        to: Option<chrono::DateTime<chrono::Utc>>,
        /// md or html.
        #[arg(long, value_name = "FORMAT", default_value = "md")]
        format: String,
        #[arg(short, long, value_name = "FILE")]
        output: PathBuf,
    },
    /// Writes a runbook as a printable checklist (PDF) for when the laptops fail: sheets for
    /// the milestones and the roles, every step with a box to tick, ruled pages for a log.
    Checklist {
        /// The runbook's id (`it-system-outage`).
        runbook: String,
        /// An earlier revision instead of the current one.
        #[arg(long, value_name = "N")]
        revision: Option<u32>,
        /// The page size: a4 or letter.
        #[arg(long, value_name = "PAPER", default_value = "a4")]
        paper: String,
        /// The file to write.
        #[arg(short, long, value_name = "FILE")]
        output: PathBuf,
    },
    /// Writes runbooks into a folder as Muster Markdown, one `<id>.md` per runbook (an existing
    /// file of that name is replaced).
    Runbooks {
        /// The folder; created if missing.
        dir: PathBuf,
        /// Only this runbook.
        #[arg(long, value_name = "ID")]
        id: Option<String>,
    },
}

pub fn run_export(store: &Store, command: ExportCommand) -> Outcome {
    let (dir, id) = match command {
        ExportCommand::Runbooks { dir, id } => (dir, id),
        ExportCommand::Review { incident, format, paper, output } => {
            return export_review(store, &incident, (&format, &paper), &output)
        }
        ExportCommand::Briefing { incident, format, output } => {
            return crate::forms::briefing(store, &incident, &format, &output)
        }
        ExportCommand::ActivityLog { incident, person, role, from, to, format, output } => {
            return crate::forms::activity_log(store, &incident, (person, role), (from, to), &format, &output)
        }
        ExportCommand::Checklist { runbook, revision, paper, output } => {
            return export_checklist(store, &runbook, revision, &paper, &output)
        }
    };
    let written = library::export_runbooks(store, &dir, id.as_deref())?;
    for path in &written {
        say!("wrote {}", path.display())?;
    }
    let noun = if written.len() == 1 { "runbook" } else { "runbooks" };
    say!("{} {noun} exported to {}", written.len(), dir.display())?;
    Ok(())
}

fn export_review(store: &Store, incident: &str, (format, paper): (&str, &str), output: &Path) -> Outcome {
    let format = ExportFormat::parse(format)
        .ok_or_else(|| Failure::from(format!("unknown format '{format}': use md, html, pdf or json")))?;
    let paper = parse_paper(paper)?;
    let incident = crate::incident::resolve(store, incident)?;
    let data = store.review_data(&incident.id)?;
    let zone = local_zone();
    if format == ExportFormat::Pdf {
        let missing = export::pdf::missing_characters(&data, &zone);
        if !missing.is_empty() {
            let shown: String = missing.iter().take(20).collect();
            eprintln!(
                "muster: warning: no installed font can show {} character(s) of this review ({shown}); they are blank in the PDF (on Debian: apt install fonts-noto-cjk)",
                missing.len()
            );
        }
    }
    export::write(&data, format, &zone, paper, output)?;
    say!("wrote {}", output.display())?;
    Ok(())
}

fn export_checklist(store: &Store, id: &str, revision: Option<u32>, paper: &str, output: &Path) -> Outcome {
    let paper = parse_paper(paper)?;
    let (runbook, revision) = match revision {
        Some(n) => (store.runbook_revision(id, n)?, n),
        None => store.runbook(id)?,
    };
    let missing = checklist::missing_characters(&runbook, revision);
    if !missing.is_empty() {
        let shown: String = missing.iter().take(20).collect();
        eprintln!(
            "muster: warning: no installed font can show {} character(s) of this runbook ({shown}); they are blank in the PDF (on Debian: apt install fonts-noto-cjk)",
            missing.len()
        );
    }
    checklist::write(&runbook, revision, chrono::Utc::now(), paper, output)?;
    say!("wrote {}", output.display())?;
    Ok(())
}

fn parse_paper(paper: &str) -> Result<PaperSize, Failure> {
    PaperSize::parse(paper).ok_or_else(|| Failure::from(format!("unknown paper size '{paper}': use a4 or letter")))
}

/// The zone of this machine now. Events from before a daylight-saving change are shown at
/// today's offset.
pub(crate) fn local_zone() -> Zone {
    Zone::from_offset(*chrono::Local::now().offset())
}

/// Imports every file under `paths`, one at a time: a file that cannot be read is reported and
/// the others are still imported. Fails at the end when any file failed.
pub fn run_import(store: &mut Store, paths: &[PathBuf], author: &str) -> Outcome {
    let files = library::runbook_files(paths, IMPORT_EXTENSIONS)?;
    if files.is_empty() {
        return Err(format!("no runbook files found (looked for .{})", IMPORT_EXTENSIONS.join(", .")).into());
    }
    let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
    let mut failed = 0;
    let mut first_file_of: BTreeMap<String, PathBuf> = BTreeMap::new();
    for file in &files {
        match library::import_file(store, file, author) {
            Ok(result) => {
                let kind = print_import(&result)?;
                *counts.entry(kind).or_default() += 1;
                if let Some(earlier) = first_file_of.get(&result.imported.runbook.id) {
                    say!(
                        "  warning: {} has the same id as {}: it became a later revision of the same runbook",
                        file.display(),
                        earlier.display()
                    )?;
                } else if result.outcome.is_some() {
                    first_file_of.insert(result.imported.runbook.id.clone(), file.clone());
                }
            }
            // A busy or full database will not get better for the next file.
            Err(err @ (muster_core::Error::Busy | muster_core::Error::DiskFull | muster_core::Error::ReadOnly)) => {
                return Err(err.into())
            }
            Err(err) => {
                eprintln!("{err}");
                failed += 1;
            }
        }
    }
    let summary: Vec<String> = counts.iter().map(|(kind, n)| format!("{n} {kind}")).collect();
    let noun = if files.len() == 1 { "file" } else { "files" };
    if failed > 0 {
        let done = if summary.is_empty() { String::new() } else { format!(" (the others: {})", summary.join(", ")) };
        return Err(format!("{failed} of {} {noun} could not be imported{done}", files.len()).into());
    }
    say!("{} {noun}: {}", files.len(), summary.join(", "))?;
    Ok(())
}

/// Prints what importing one file did and the reader's report; returns the word counted in the
/// summary.
fn print_import(result: &FileImport) -> Result<&'static str, Failure> {
    let path = result.path.display();
    let format = result.imported.format.as_str();
    let kind = match &result.outcome {
        None => {
            say!("skipped    {path}: no steps to run ({format})")?;
            "skipped"
        }
        Some(outcome) => {
            let (word, kind) = match outcome.status {
                ImportStatus::Created => ("created  ", "created"),
                ImportStatus::NewRevision => ("updated  ", "updated"),
                ImportStatus::Unchanged => ("unchanged", "unchanged"),
            };
            say!("{word}  {} (revision {}) from {path} ({format})", outcome.id, outcome.revision)?;
            kind
        }
    };
    // The report, under the file's line: what went where, and warnings to check.
    for note in &result.imported.report {
        let at = note.line.map(|line| format!("line {line}: ")).unwrap_or_default();
        let warning = if note.kind == NoteKind::Warning { "warning: " } else { "" };
        say!("  {warning}{at}{}", note.message)?;
    }
    Ok(kind)
}

/// Checks Muster Markdown runbooks: prints every problem as `file:line:column: message` and
/// fails when there is any; runbook ids must be unique across the files checked.
pub fn run_lint(paths: &[PathBuf]) -> Outcome {
    let files = library::runbook_files(paths, LINT_EXTENSIONS)?;
    if files.is_empty() {
        return Err(format!("no runbook files found (looked for .{})", LINT_EXTENSIONS.join(", .")).into());
    }
    let mut problems = 0;
    let mut files_with_problems = 0;
    let mut ids: BTreeMap<String, PathBuf> = BTreeMap::new();
    for file in &files {
        let found = lint_file(file, &mut ids);
        if !found.is_empty() {
            files_with_problems += 1;
            problems += found.len();
        }
        for problem in found {
            say!("{problem}")?;
        }
    }
    let noun = if files.len() == 1 { "file" } else { "files" };
    if problems > 0 {
        let problem_noun = if problems == 1 { "problem" } else { "problems" };
        let place = if files.len() == 1 {
            String::new()
        } else {
            format!(" in {files_with_problems} of {} files", files.len())
        };
        return Err(format!("{problems} {problem_noun}{place}").into());
    }
    say!("{} {noun} ok", files.len())?;
    Ok(())
}

/// The problems of one file, each as `file:line:column: message`.
fn lint_file(file: &Path, ids: &mut BTreeMap<String, PathBuf>) -> Vec<String> {
    let text = match std::fs::read(file) {
        Err(err) => return vec![format!("{}:1:1: cannot read the file: {err}", file.display())],
        Ok(bytes) => match String::from_utf8(bytes) {
            Ok(text) => text,
            Err(err) => {
                let offset = err.utf8_error().valid_up_to();
                return vec![format!(
                    "{}:1:1: not UTF-8 text (invalid byte at offset {offset}): save it as UTF-8",
                    file.display()
                )];
            }
        },
    };
    let problems = markdown::check(file, &text);
    if !problems.is_empty() {
        return problems.iter().map(ToString::to_string).collect();
    }
    let Ok(runbook) = markdown::read(file, &text) else { return Vec::new() };
    match ids.get(&runbook.id) {
        Some(earlier) => {
            // Point at the `id` line, or at the title the id was made from.
            let line = ["id", "title"]
                .iter()
                .find_map(|key| {
                    text.lines()
                        .position(|l| l.trim_start().strip_prefix(key).is_some_and(|r| r.trim_start().starts_with('=')))
                })
                .map_or(1, |i| i + 1);
            vec![format!(
                "{}:{line}:1: the id '{}' is also the id of {}: give each runbook its own id",
                file.display(),
                runbook.id,
                earlier.display()
            )]
        }
        None => {
            ids.insert(runbook.id, file.to_path_buf());
            Vec::new()
        }
    }
}
