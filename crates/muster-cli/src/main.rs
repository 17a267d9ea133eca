//! `muster`: the command line for responders on a machine without a desktop and for scripts.
//! Every subcommand opens the same database as the app (`--db`, `MUSTER_DB`, or the default)
//! and calls the core; nothing here knows SQL.
//!
//! Invariant: with `--json`, stdout carries exactly one JSON document and nothing else; every
//! message for people goes to stderr. A failure prints `muster: <message>` and exits 1; clap
//! refuses malformed arguments (exit 2) before anything is opened.

/// `println!` that hands a write error back for `?` instead of panicking, so a reader that
/// stops early (`muster incident list | head`) ends the command quietly.
macro_rules! say {
    ($($arg:tt)*) => {
        std::io::Write::write_fmt(&mut std::io::stdout().lock(), format_args!("{}\n", format_args!($($arg)*)))
    };
}

mod forms;
mod incident;
mod metrics;
mod person;
mod render;
mod runbook;
mod time_arg;

use std::io::{self, Write};
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;

use clap::{Parser, Subcommand};
use muster_core::backup::{list_backups, BackupReason, DEFAULT_KEEP};
use muster_core::{store, Store, SystemClock};

const INCIDENT_HELP: &str = "\
ID is an incident's id or any unique start of it; STEP a step key or a unique start of it.
TIME is RFC 3339 (2026-05-14T02:40:00Z, 2026-05-14T04:40:00+02:00), a local '2026-05-14 02:40',
a local '02:40' (today, never in the future), or a time ago: -15m, -2h, -1h30m.
Writes are recorded as the operating-system user ($USER).";

#[derive(Parser)]
#[command(name = "muster", version, about = "Offline emergency runbooks and incident timelines")]
struct Cli {
    /// The database file (default: the platform's app-data folder).
    #[arg(long, global = true, env = "MUSTER_DB", value_name = "PATH")]
    db: Option<PathBuf>,

    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// The database: where it is.
    #[command(subcommand)]
    Db(DbCommand),
    /// The runbook library.
    #[command(subcommand)]
    Runbook(RunbookCommand),
    /// Imports runbook files into the library: Muster Markdown, alert runbooks in Markdown,
    /// Mattermost Playbooks exports. A runbook that exists gets a new revision when the file
    /// differs, never an overwrite.
    Import {
        /// Files, or folders to search recursively (.md, .markdown, .json).
        #[arg(required = true, value_name = "PATH")]
        paths: Vec<PathBuf>,
    },
    /// Writes the library out as files.
    #[command(subcommand)]
    Export(runbook::ExportCommand),
    /// Checks Muster Markdown runbooks without a database: prints each problem as
    /// file:line:column: message and exits 1 when there is any.
    Lint {
        /// Files, or folders to search recursively (.md, .markdown).
        #[arg(required = true, value_name = "PATH")]
        paths: Vec<PathBuf>,
    },
    /// Incidents: start one, follow it, record what happens.
    #[command(subcommand, after_help = INCIDENT_HELP)]
    Incident(incident::IncidentCommand),
    /// The roster of people who can take roles.
    #[command(subcommand)]
    Person(person::PersonCommand),
    /// The contact sheet: for each role, who holds it in open incidents and who can hold it,
    /// with how to reach them.
    Contacts {
        /// Print JSON for scripts.
        #[arg(long)]
        json: bool,
    },
    /// The team's severity scale.
    #[command(subcommand)]
    Severity(person::SeverityCommand),
    /// Backs the database up now (checked, into the backup folder beside it).
    Backup {
        /// List the backups instead of making one.
        #[arg(long)]
        list: bool,
    },
    /// Replaces the database with a backup, after checking it; the current database is
    /// backed up first. Quit the app before restoring.
    Restore {
        /// The backup file.
        file: PathBuf,
    },
    /// Metrics over a period: counts, MTTA, MTTR, targets met, time in each phase, skipped
    /// steps, status-update punctuality, drills and action items, each with its definition.
    #[command(after_help = metrics::METRICS_HELP)]
    Metrics(metrics::MetricsArgs),
    /// Checks the database: integrity and every incident's hash chain.
    Verify {
        /// Only this incident's chain (its id, or the start of it).
        incident: Option<String>,
    },
}

#[derive(Subcommand)]
enum DbCommand {
    /// Prints the path of the database this command would use.
    Path,
}

#[derive(Subcommand)]
enum RunbookCommand {
    /// Lists the runbooks, with the reviews that are due.
    List {
        /// Print JSON for scripts.
        #[arg(long)]
        json: bool,
    },
    /// Records that a runbook was reviewed now (by the operating-system user).
    Reviewed {
        /// The runbook's id.
        id: String,
        /// What the review found or changed.
        #[arg(long, default_value = "")]
        note: String,
    },
    /// Searches runbooks, their steps and the roster (words of three or more characters).
    Search {
        /// What to look for.
        text: String,
        /// How many hits at most.
        #[arg(long, default_value_t = 20)]
        limit: u32,
        /// Print JSON for scripts.
        #[arg(long)]
        json: bool,
    },
}

/// Why a command stopped.
#[derive(Debug)]
pub enum Failure {
    /// What failed, as the user reads it after `muster: `.
    Message(String),
    /// Whoever read the output closed it (`| head`): nothing to report.
    OutputClosed,
}

impl From<String> for Failure {
    fn from(message: String) -> Self {
        Failure::Message(message)
    }
}

impl From<&str> for Failure {
    fn from(message: &str) -> Self {
        Failure::Message(message.to_string())
    }
}

impl From<muster_core::Error> for Failure {
    fn from(err: muster_core::Error) -> Self {
        Failure::Message(err.to_string())
    }
}

impl From<serde_json::Error> for Failure {
    fn from(err: serde_json::Error) -> Self {
        if err.io_error_kind() == Some(io::ErrorKind::BrokenPipe) {
            return Failure::OutputClosed;
        }
        Failure::Message(format!("cannot write the output: {err}"))
    }
}

impl From<io::Error> for Failure {
    fn from(err: io::Error) -> Self {
        if err.kind() == io::ErrorKind::BrokenPipe {
            return Failure::OutputClosed;
        }
        Failure::Message(format!("cannot write the output: {err}"))
    }
}

pub type Outcome = Result<(), Failure>;

fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli) {
        Ok(()) | Err(Failure::OutputClosed) => ExitCode::SUCCESS,
        Err(Failure::Message(message)) => {
            eprintln!("muster: {message}");
            ExitCode::FAILURE
        }
    }
}

fn open(path: &std::path::Path) -> Result<Store, Failure> {
    Ok(Store::open(path, Arc::new(SystemClock))?)
}

/// Who the timeline records for writes from this command line: the operating-system user.
fn actor() -> String {
    ["USER", "USERNAME", "LOGNAME"]
        .into_iter()
        .filter_map(|name| std::env::var(name).ok())
        .map(|value| value.trim().to_string())
        .find(|value| !value.is_empty())
        .unwrap_or_else(|| "responder".to_string())
}

/// Prints one JSON document on stdout.
pub fn print_json<T: serde::Serialize + ?Sized>(value: &T) -> Outcome {
    let mut out = io::stdout().lock();
    serde_json::to_writer_pretty(&mut out, value)?;
    writeln!(out)?;
    Ok(())
}

fn run(cli: Cli) -> Outcome {
    // Lint reads files only: no database, so it runs anywhere (a CI job, a fresh checkout).
    if let Command::Lint { paths } = &cli.command {
        return runbook::run_lint(paths);
    }
    let path = store::resolve_path(cli.db)?;
    match cli.command {
        Command::Db(DbCommand::Path) => say!("{}", path.display())?,
        Command::Incident(command) => incident::run(&mut open(&path)?, command, &actor())?,
        Command::Person(command) => person::run_person(&mut open(&path)?, command)?,
        Command::Contacts { json } => person::run_contacts(&open(&path)?, json)?,
        Command::Metrics(args) => metrics::run(&open(&path)?, args)?,
        Command::Severity(command) => person::run_severity(&mut open(&path)?, command)?,
        Command::Backup { list: true } => {
            for backup in list_backups(&path)? {
                say!(
                    "{}  {:<16} {:>10} bytes  {}",
                    backup.created_at.format("%Y-%m-%d %H:%M:%SZ"),
                    backup.reason.as_str(),
                    backup.size_bytes,
                    backup.path
                )?;
            }
        }
        Command::Backup { list: false } => {
            let backup = open(&path)?.backup(BackupReason::Manual)?;
            say!("backed up and checked: {}", backup.path)?;
        }
        Command::Restore { file } => {
            let report = store::restore(&path, &file, &SystemClock, DEFAULT_KEEP)?;
            if let Some(previous) = report.previous_saved_as {
                say!("the replaced database was saved as {previous}")?;
            }
            say!("restored {} into {}", report.restored_from, path.display())?;
        }
        Command::Verify { incident } => {
            let store = open(&path)?;
            let reports = match incident {
                // Matched against the chains rather than the incident list, which needs every
                // timeline readable: verify must work on the damaged ones too.
                Some(given) => match store.verify_chain(given.trim()) {
                    Ok(report) => vec![report],
                    Err(muster_core::Error::NotFound { .. }) => {
                        vec![incident::by_prefix(
                            &given,
                            store.verify_all_chains()?,
                            |r| &r.incident_id,
                            |_| String::new(),
                        )?]
                    }
                    Err(err) => return Err(err.into()),
                },
                None => {
                    store.check()?;
                    store.verify_all_chains()?
                }
            };
            let broken: Vec<_> = reports.iter().filter(|r| !r.holds()).collect();
            for report in &broken {
                eprintln!(
                    "incident {}: chain broken at event {}: {}",
                    report.incident_id,
                    report.first_broken_seq.unwrap_or(0),
                    report.problem.as_deref().unwrap_or("")
                );
            }
            if !broken.is_empty() {
                return Err(format!("{} of {} incident timelines do not verify", broken.len(), reports.len()).into());
            }
            say!("ok: {} incident timelines verify", reports.len())?;
        }
        Command::Lint { .. } => {}
        Command::Import { paths } => runbook::run_import(&mut open(&path)?, &paths, &actor())?,
        Command::Export(command) => runbook::run_export(&open(&path)?, command)?,
        Command::Runbook(RunbookCommand::List { json }) => {
            let store = open(&path)?;
            let runbooks = store.list_runbooks()?;
            if json {
                print_json(&runbooks)?;
            } else {
                for runbook in runbooks {
                    let review = if runbook.stale {
                        format!("review overdue since {}", runbook.review_due_at.format("%Y-%m-%d"))
                    } else {
                        format!("next review {}", runbook.review_due_at.format("%Y-%m-%d"))
                    };
                    say!("{:<32} {:<40} {:>3} steps  {review}", runbook.id, runbook.title, runbook.step_count)?;
                }
            }
        }
        Command::Runbook(RunbookCommand::Reviewed { id, note }) => {
            let review = open(&path)?.mark_reviewed(&id, &actor(), &note)?;
            say!("{} (revision {}) reviewed by {}", review.runbook_id, review.revision, review.reviewer)?;
        }
        Command::Runbook(RunbookCommand::Search { text, limit, json }) => {
            let hits = open(&path)?.search(&text, limit)?;
            if json {
                print_json(&hits)?;
            } else if hits.is_empty() {
                say!("no match (words of three or more characters are searched)")?;
            } else {
                for hit in hits {
                    let marked = hit
                        .snippet
                        .replace(muster_core::search::MATCH_START, "[")
                        .replace(muster_core::search::MATCH_END, "]");
                    let place = match (&hit.step, &hit.context) {
                        (Some(step), Some(runbook)) => format!("step {step} of {runbook} ({})", hit.id),
                        _ => format!("{:?} {}", hit.kind, hit.id).to_lowercase(),
                    };
                    say!("{}  [{place}]\n    {}", hit.title, marked.replace('\n', " "))?;
                }
            }
        }
    }
    Ok(())
}
