//! `muster`: the command line for responders on a machine without a desktop and for scripts.
//! Every subcommand opens the same database as the app (`--db`, `MUSTER_DB`, or the default)
//! and calls the core; nothing here knows SQL.

use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;

use clap::{Parser, Subcommand};
use muster_core::backup::{list_backups, BackupReason, DEFAULT_KEEP};
use muster_core::{store, Store, SystemClock};

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
    /// Checks the database: integrity and every incident's hash chain.
    Verify {
        /// Only this incident's chain.
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
    /// Lists the runbooks.
    List {
        /// Print JSON for scripts.
        #[arg(long)]
        json: bool,
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("muster: {message}");
            ExitCode::FAILURE
        }
    }
}

fn open(path: &std::path::Path) -> Result<Store, String> {
    Store::open(path, Arc::new(SystemClock)).map_err(|err| err.to_string())
}

fn run(cli: Cli) -> Result<(), String> {
    let path = store::resolve_path(cli.db).map_err(|err| err.to_string())?;
    match cli.command {
        Command::Db(DbCommand::Path) => println!("{}", path.display()),
        Command::Backup { list: true } => {
            for backup in list_backups(&path).map_err(|err| err.to_string())? {
                println!(
                    "{}  {:<16} {:>10} bytes  {}",
                    backup.created_at.format("%Y-%m-%d %H:%M:%SZ"),
                    backup.reason.as_str(),
                    backup.size_bytes,
                    backup.path
                );
            }
        }
        Command::Backup { list: false } => {
            let backup = open(&path)?.backup(BackupReason::Manual).map_err(|err| err.to_string())?;
            println!("backed up and checked: {}", backup.path);
        }
        Command::Restore { file } => {
            let report = store::restore(&path, &file, &SystemClock, DEFAULT_KEEP).map_err(|err| err.to_string())?;
            if let Some(previous) = report.previous_saved_as {
                println!("the replaced database was saved as {previous}");
            }
            println!("restored {} into {}", report.restored_from, path.display());
        }
        Command::Verify { incident } => {
            let store = open(&path)?;
            let reports = match incident {
                Some(id) => vec![store.verify_chain(&id).map_err(|err| err.to_string())?],
                None => {
                    store.check().map_err(|err| err.to_string())?;
                    store.verify_all_chains().map_err(|err| err.to_string())?
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
                return Err(format!("{} of {} incident timelines do not verify", broken.len(), reports.len()));
            }
            println!("ok: {} incident timelines verify", reports.len());
        }
        Command::Runbook(RunbookCommand::List { json }) => {
            let store = open(&path)?;
            let runbooks = store.list_runbooks().map_err(|err| err.to_string())?;
            if json {
                println!("{}", serde_json::to_string_pretty(&runbooks).map_err(|err| err.to_string())?);
            } else {
                for runbook in runbooks {
                    println!("{:<32} {:<40} {} steps", runbook.id, runbook.title, runbook.step_count);
                }
            }
        }
    }
    Ok(())
}
