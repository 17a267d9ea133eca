//! `muster`: the command line for responders on a machine without a desktop and for scripts.
//! Every subcommand opens the same database as the app (`--db`, `MUSTER_DB`, or the default)
//! and calls the core; nothing here knows SQL.

use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;

use clap::{Parser, Subcommand};
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

fn run(cli: Cli) -> Result<(), String> {
    let path = store::resolve_path(cli.db).map_err(|err| err.to_string())?;
    match cli.command {
        Command::Db(DbCommand::Path) => println!("{}", path.display()),
        Command::Runbook(RunbookCommand::List { json }) => {
            let store = Store::open(&path, Arc::new(SystemClock)).map_err(|err| err.to_string())?;
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
