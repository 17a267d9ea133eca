//! `muster person …` and `muster severity …`: the roster and the team's severity scale, the two
//! settings the core keeps beside each other (`store/person.rs`).

use clap::Subcommand;
use muster_core::{Person, Store};

use crate::{print_json, Failure, Outcome};

#[derive(Subcommand)]
pub enum PersonCommand {
    /// Adds a person to the roster; their id is made from the name (`Dana Lee` → `dana-lee`).
    Add {
        name: String,
        /// Phone, pager or e-mail: how to reach them when the network is down.
        #[arg(long, default_value = "")]
        contact: String,
        /// Print the person as JSON.
        #[arg(long)]
        json: bool,
    },
    /// Lists the roster, by name.
    List {
        /// Print JSON for scripts.
        #[arg(long)]
        json: bool,
    },
}

#[derive(Subcommand)]
pub enum SeverityCommand {
    /// Lists the severities, most severe first.
    List {
        /// Print JSON for scripts.
        #[arg(long)]
        json: bool,
    },
    /// Replaces the severity scale, most severe first (`muster severity set SEV1 SEV2 SEV3`).
    Set {
        #[arg(required = true, value_name = "SEVERITY")]
        names: Vec<String>,
    },
}

pub fn run_person(store: &mut Store, command: PersonCommand) -> Outcome {
    match command {
        PersonCommand::Add { name, contact, json } => {
            let person = store.add_person(&name, &contact)?;
            if json {
                return print_json(&person);
            }
            say!("added {}: {}", person.id, person.name)?;
        }
        PersonCommand::List { json } => {
            let people = store.list_people()?;
            if json {
                return print_json(&people);
            }
            let width = people.iter().map(|p| p.id.chars().count()).max().unwrap_or(0);
            for person in people {
                let line = format!("{:<width$}  {:<24}  {}", person.id, person.name, person.contact);
                say!("{}", line.trim_end())?;
            }
        }
    }
    Ok(())
}

pub fn run_severity(store: &mut Store, command: SeverityCommand) -> Outcome {
    match command {
        SeverityCommand::List { json } => {
            let severities = store.severities()?;
            if json {
                return print_json(&severities);
            }
            for severity in severities {
                say!("{severity}")?;
            }
        }
        SeverityCommand::Set { names } => {
            store.set_severities(&names)?;
            say!("severities, most severe first: {}", store.severities()?.join(", "))?;
        }
    }
    Ok(())
}

/// A person by roster id, or by exact name ignoring case.
pub fn resolve_person(people: &[Person], given: &str) -> Result<Person, Failure> {
    let given = given.trim();
    if let Some(person) = people.iter().find(|p| p.id == given) {
        return Ok(person.clone());
    }
    let named: Vec<&Person> = people.iter().filter(|p| p.name.to_lowercase() == given.to_lowercase()).collect();
    match named.as_slice() {
        [one] => Ok((*one).clone()),
        [] => Err(format!("nobody called '{given}' is on the roster; add them with `muster person add NAME`, or see `muster person list`").into()),
        many => {
            let ids: Vec<&str> = many.iter().map(|p| p.id.as_str()).collect();
            Err(format!("{} people are called '{given}'; give one of their ids: {}", many.len(), ids.join(", ")).into())
        }
    }
}
