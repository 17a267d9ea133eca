//! `muster person …`, `muster contacts` and `muster severity …`: the roster, the contact sheet
//! and the team's severity scale (`store/person.rs`, `store/role.rs` in the core).

use std::io::{self, Write};
use std::path::PathBuf;

use clap::Subcommand;
use muster_core::{ContactSheet, Person, PersonInput, Role, Store};

use crate::render::minute;
use crate::{print_json, Failure, Outcome};

#[derive(Subcommand)]
pub enum PersonCommand {
    /// Adds a person to the roster; their id is made from the name (`Dana Lee` → `dana-lee`).
    Add {
        name: String,
        #[arg(long, default_value = "")]
        team: String,
        /// Phone or pager: how to reach them when the network is down.
        #[arg(long, default_value = "")]
        phone: String,
        #[arg(long, default_value = "")]
        email: String,
        /// Chat handle (`@dana`).
        #[arg(long, default_value = "")]
        chat: String,
        /// A role they can hold (id or name, as `muster contacts` lists them); repeat for more.
        #[arg(long = "role", value_name = "ROLE")]
        roles: Vec<String>,
        #[arg(long, default_value = "")]
        notes: String,
        /// Print the person as JSON.
        #[arg(long)]
        json: bool,
    },
    /// Lists the roster: active people by name, then retired ones.
    List {
        /// Print JSON for scripts.
        #[arg(long)]
        json: bool,
    },
    /// Retires a person: kept on the roster and in every timeline, but not given new roles.
    Retire {
        /// Their id or name.
        person: String,
    },
    /// Brings a retired person back.
    Restore {
        /// Their id or name.
        person: String,
    },
    /// Deletes a person; refused while they hold a role in an incident that is not closed.
    Delete {
        /// Their id or name.
        person: String,
    },
    /// Imports people from a CSV file with a header row: name (required), id, team, phone,
    /// email, chat, roles (separated by ';'), notes. A row updates the person with its id or
    /// exact name, else adds one. All or nothing: any problem is reported and nothing is saved.
    Import {
        file: PathBuf,
        /// Print the report as JSON.
        #[arg(long)]
        json: bool,
    },
    /// Writes the roster as CSV (the format `import` reads) to stdout.
    Export,
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
        PersonCommand::Add { name, team, phone, email, chat, roles, notes, json } => {
            let person = store.add_person(&PersonInput { name, team, phone, email, chat, roles, notes })?;
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
            people_table(&mut io::stdout().lock(), &people, &store.list_roles()?)?;
        }
        PersonCommand::Retire { person } => {
            let person = store.retire_person(&resolve_person(&store.list_people()?, &person)?.id)?;
            say!(
                "retired {}: {} (kept in past timelines; `muster person restore` brings them back)",
                person.id,
                person.name
            )?;
        }
        PersonCommand::Restore { person } => {
            let person = store.restore_person(&resolve_person(&store.list_people()?, &person)?.id)?;
            say!("restored {}: {}", person.id, person.name)?;
        }
        PersonCommand::Delete { person } => {
            let person = resolve_person(&store.list_people()?, &person)?;
            store.delete_person(&person.id)?;
            say!("deleted {}: {}", person.id, person.name)?;
        }
        PersonCommand::Import { file, json } => {
            let report = store.import_people_file(&file)?;
            if json {
                print_json(&report)?;
            }
            if !report.errors.is_empty() {
                for error in &report.errors {
                    eprintln!("{}: {error}", file.display());
                }
                return Err(Failure::Message(format!(
                    "{}: {} problem(s); nothing was imported — fix them and import the file again",
                    file.display(),
                    report.errors.len()
                )));
            }
            if !json {
                for person in &report.added {
                    say!("added {}: {}", person.id, person.name)?;
                }
                for person in &report.updated {
                    say!("updated {}: {}", person.id, person.name)?;
                }
                say!("{} added, {} updated", report.added.len(), report.updated.len())?;
            }
        }
        PersonCommand::Export => {
            let text = muster_core::person::write_csv(&store.list_people()?);
            io::stdout().lock().write_all(text.as_bytes())?;
        }
    }
    Ok(())
}

/// `muster contacts`: the contact sheet.
pub fn run_contacts(store: &Store, json: bool) -> Outcome {
    let sheet = store.contact_sheet()?;
    if json {
        return print_json(&sheet);
    }
    contact_sheet(&mut io::stdout().lock(), &sheet)?;
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

/// One line per person: id, name, team, ways to reach them, roles; retired people marked.
fn people_table(out: &mut impl Write, people: &[Person], roles: &[Role]) -> io::Result<()> {
    let width = |f: &dyn Fn(&Person) -> usize| people.iter().map(f).max().unwrap_or(0);
    let (id_w, name_w, team_w) =
        (width(&|p| p.id.chars().count()), width(&|p| p.name.chars().count()), width(&|p| p.team.chars().count()));
    for person in people {
        let names: Vec<&str> = person
            .roles
            .iter()
            .map(|id| roles.iter().find(|r| &r.id == id).map_or(id.as_str(), |r| r.name.as_str()))
            .collect();
        let mut line =
            format!("{:<id_w$}  {:<name_w$}  {:<team_w$}  {}", person.id, person.name, person.team, contacts(person));
        if !names.is_empty() {
            line.push_str(&format!("  [{}]", names.join(", ")));
        }
        if let Some(at) = person.retired_at {
            line.push_str(&format!("  RETIRED {}", minute(at)));
        }
        writeln!(out, "{}", line.trim_end())?;
    }
    Ok(())
}

/// Every way to reach a person, labelled: `phone +47 555 0101 · chat @dana · email d@x.org`.
fn contacts(person: &Person) -> String {
    let labelled: Vec<String> = [("phone", &person.phone), ("chat", &person.chat), ("email", &person.email)]
        .into_iter()
        .filter(|(_, value)| !value.is_empty())
        .map(|(label, value)| format!("{label} {value}"))
        .collect();
    if labelled.is_empty() {
        "(no contact)".to_string()
    } else {
        labelled.join(" · ")
    }
}

fn contact_sheet(out: &mut impl Write, sheet: &ContactSheet) -> io::Result<()> {
    writeln!(out, "Contact sheet, {}", minute(sheet.made_at))?;
    for entry in &sheet.roles {
        writeln!(out)?;
        writeln!(out, "{}", entry.role.name.to_uppercase())?;
        if !entry.role.duties.is_empty() {
            writeln!(out, "  {}", entry.role.duties)?;
        }
        for holder in &entry.holders {
            let drill = if holder.mode == muster_core::IncidentMode::Drill { " DRILL" } else { "" };
            let who = match (&holder.person, &holder.waived) {
                (Some(person), _) => format!("{}  {}", person.name, contacts(person)),
                (None, Some(reason)) => format!("waived: {reason}"),
                (None, None) => "nobody".to_string(),
            };
            writeln!(out, "  NOW in {} ({}{drill}): {who}", holder.incident_title, holder.severity)?;
        }
        if entry.people.is_empty() {
            writeln!(out, "  nobody on the roster can hold this role")?;
        }
        for person in &entry.people {
            writeln!(out, "  {}  {}", person.name, contacts(person))?;
        }
    }
    if !sheet.others.is_empty() {
        writeln!(out)?;
        writeln!(out, "EVERYONE ELSE")?;
        for person in &sheet.others {
            writeln!(out, "  {}  {}", person.name, contacts(person))?;
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
