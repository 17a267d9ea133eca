//! The roster in the store, and the team's settings (the severity scale).
//!
//! The `person.contact` column (schema v1) holds the phone number; `Person::phone` reads it.
//! A person may be deleted only while they hold no role in an incident that is not closed (the
//! incident's fold says who holds what); otherwise they can be retired. Deleting someone who took
//! part in closed incidents is allowed: every role event carries the person's name, so those
//! timelines still say who it was.

use std::collections::HashMap;
use std::path::Path;

use rusqlite::{params, Connection, OptionalExtension, TransactionBehavior};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::{role, Store};
use crate::error::{Error, Result};
use crate::person::{check_email, read_csv, CsvPerson, Person, PersonInput, RowError};
use crate::role::Role;
use crate::runbook::slug;
use crate::timeline::{parse_stored_time, stored_time};

const SEVERITIES_KEY: &str = "severities";

/// The severity scale a new database starts with, most severe first.
pub const DEFAULT_SEVERITIES: [&str; 4] = ["SEV1", "SEV2", "SEV3", "SEV4"];

/// What importing a roster CSV did. When `errors` is not empty nothing was written.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct PeopleImport {
    pub added: Vec<Person>,
    pub updated: Vec<Person>,
    /// Every problem found, in file order; the import is all or nothing.
    pub errors: Vec<RowError>,
}

impl Store {
    /// Adds a person to the roster; the id is the slug of the name, made unique.
    pub fn add_person(&mut self, input: &PersonInput) -> Result<Person> {
        let tx = self.conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        let checked = check_input(&tx, input)?;
        let id = insert_person(&tx, &checked, &stored_time(self.clock.now()))?;
        let person = person(&tx, &id)?.ok_or_else(|| Error::NotFound { what: "person", id })?;
        tx.commit()?;
        Ok(person)
    }

    /// Changes a person's details and roles; their id and past events stay as they were.
    pub fn update_person(&mut self, id: &str, input: &PersonInput) -> Result<Person> {
        let tx = self.conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        let checked = check_input(&tx, input)?;
        write_person(&tx, id, &checked)?;
        let person = person(&tx, id)?.ok_or_else(|| Error::NotFound { what: "person", id: id.to_string() })?;
        tx.commit()?;
        Ok(person)
    }

    /// One person of the roster, retired or not.
    pub fn person(&self, id: &str) -> Result<Person> {
        person(&self.conn, id)?.ok_or_else(|| Error::NotFound { what: "person", id: id.to_string() })
    }

    /// Takes a person off the list of those who can be given a role; they stay on the roster
    /// (and in every timeline). Roles they hold now stay theirs until handed over.
    pub fn retire_person(&mut self, id: &str) -> Result<Person> {
        let found = self.person(id)?;
        if let Some(at) = found.retired_at {
            return Err(Error::InvalidState(format!("{} was already retired on {}", found.name, stored_time(at))));
        }
        self.conn
            .execute("UPDATE person SET retired_at = ?2 WHERE id = ?1", params![id, stored_time(self.clock.now())])?;
        self.person(id)
    }

    /// Brings a retired person back: they can be given roles again.
    pub fn restore_person(&mut self, id: &str) -> Result<Person> {
        let found = self.person(id)?;
        if !found.is_retired() {
            return Err(Error::InvalidState(format!("{} is not retired", found.name)));
        }
        self.conn.execute("UPDATE person SET retired_at = NULL WHERE id = ?1", [id])?;
        self.person(id)
    }

    /// Removes a person from the roster for good. Refused while they hold a role in an
    /// incident that is not closed: retire them instead, or hand the role over first.
    pub fn delete_person(&mut self, id: &str) -> Result<()> {
        let now = self.clock.now();
        let tx = self.conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        let found = person(&tx, id)?.ok_or_else(|| Error::NotFound { what: "person", id: id.to_string() })?;
        let held: Vec<String> = role::open_holders(&tx, now)?
            .into_iter()
            .flat_map(|(incident, holders)| {
                holders
                    .into_iter()
                    .filter(|h| h.person.as_ref().is_some_and(|p| p.id == id))
                    .map(move |h| format!("{} in '{}'", h.role.name, incident.title))
            })
            .collect();
        if !held.is_empty() {
            return Err(Error::InvalidState(format!(
                "{} holds a role in an incident that is not closed ({}), so they cannot be deleted; \
                 hand the role over first, or retire them instead",
                found.name,
                held.join(", ")
            )));
        }
        tx.execute("DELETE FROM person_role WHERE person_id = ?1", [id])?;
        tx.execute("DELETE FROM person WHERE id = ?1", [id])?;
        tx.commit()?;
        Ok(())
    }

    /// The roster: active people first, then retired ones, each by name.
    pub fn list_people(&self) -> Result<Vec<Person>> {
        list_people(&self.conn)
    }

    /// Imports people read from a roster CSV (see [`crate::person::read_csv`]): a row adds a
    /// new person, or updates the one with its `id`, or else the one with exactly its name.
    /// All or nothing: when any row has a problem, nothing is written and every problem is
    /// reported.
    pub fn import_people(&mut self, rows: &[CsvPerson]) -> Result<PeopleImport> {
        let now = stored_time(self.clock.now());
        let tx = self.conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        let roster = list_people(&tx)?;
        let catalogue = role::list_roles(&tx)?;
        let mut errors = Vec::new();
        // (row, the person it updates, the checked input)
        let mut plan: Vec<(Option<&Person>, PersonInput)> = Vec::new();
        // Who each row is about (an id, or a new name) and its line, to catch two rows about one person.
        let mut seen: Vec<(String, u32)> = Vec::new();
        for row in rows {
            let error =
                |column: &str, message: String| RowError { line: row.line, column_name: column.into(), message };
            let existing = match &row.id {
                Some(id) => match roster.iter().find(|p| &p.id == id) {
                    Some(found) => Some(found),
                    None => {
                        errors.push(error(
                            "id",
                            format!("nobody on the roster has the id '{id}'; leave the id empty to add a new person"),
                        ));
                        continue;
                    }
                },
                None => {
                    let named: Vec<&Person> = roster.iter().filter(|p| p.name == row.name).collect();
                    if named.len() > 1 {
                        let ids: Vec<&str> = named.iter().map(|p| p.id.as_str()).collect();
                        errors.push(error(
                            "name",
                            format!(
                                "{} people are called '{}'; add an id column with one of {}",
                                named.len(),
                                row.name,
                                ids.join(", ")
                            ),
                        ));
                        continue;
                    }
                    named.first().copied()
                }
            };
            let target = existing.map_or_else(|| format!("new:{}", row.name), |p| p.id.clone());
            if let Some((_, earlier)) = seen.iter().find(|(t, _)| *t == target) {
                errors.push(error(
                    "",
                    format!("line {earlier} is about the same person ({}); keep one row per person", row.name),
                ));
                continue;
            }
            seen.push((target, row.line));
            let mut input = row.merged_over(existing);
            match resolve_roles(&catalogue, &input.roles) {
                Ok(roles) => input.roles = roles,
                Err(message) => {
                    errors.push(error("roles", message));
                    continue;
                }
            }
            plan.push((existing, input));
        }
        if !errors.is_empty() {
            errors.sort_by_key(|e| e.line);
            return Ok(PeopleImport { errors, ..PeopleImport::default() });
        }
        let mut report = PeopleImport::default();
        for (existing, input) in plan {
            let checked = check_input(&tx, &input)?;
            match existing {
                Some(found) => {
                    write_person(&tx, &found.id, &checked)?;
                    report.updated.extend(person(&tx, &found.id)?);
                }
                None => {
                    let id = insert_person(&tx, &checked, &now)?;
                    report.added.extend(person(&tx, &id)?);
                }
            }
        }
        tx.commit()?;
        Ok(report)
    }

    /// Reads a roster CSV and imports it: problems of the file and of its rows are reported
    /// together, and nothing is written when there is any.
    pub fn import_people_csv(&mut self, text: &str) -> Result<PeopleImport> {
        let (rows, mut errors) = read_csv(text);
        if !errors.is_empty() {
            // Rows that read well may still clash with the roster; report those problems too.
            let checked = self.check_import(&rows)?;
            errors.extend(checked);
            errors.sort_by_key(|e| e.line);
            return Ok(PeopleImport { errors, ..PeopleImport::default() });
        }
        self.import_people(&rows)
    }

    /// [`Store::import_people_csv`] from a file.
    pub fn import_people_file(&mut self, path: &Path) -> Result<PeopleImport> {
        let text = std::fs::read_to_string(path).map_err(|err| Error::io(path, err))?;
        self.import_people_csv(&text)
    }

    /// The problems importing `rows` would meet, without writing anything.
    fn check_import(&self, rows: &[CsvPerson]) -> Result<Vec<RowError>> {
        let roster = list_people(&self.conn)?;
        let catalogue = role::list_roles(&self.conn)?;
        let mut errors = Vec::new();
        for row in rows {
            if let Some(id) = row.id.as_ref().filter(|id| !roster.iter().any(|p| &p.id == *id)) {
                errors.push(RowError {
                    line: row.line,
                    column_name: "id".into(),
                    message: format!("nobody on the roster has the id '{id}'; leave the id empty to add a new person"),
                });
            }
            if let Err(message) = resolve_roles(&catalogue, row.roles.as_deref().unwrap_or_default()) {
                errors.push(RowError { line: row.line, column_name: "roles".into(), message });
            }
        }
        Ok(errors)
    }

    /// The team's severity names, most severe first.
    pub fn severities(&self) -> Result<Vec<String>> {
        severities(&self.conn)
    }

    pub fn set_severities(&mut self, names: &[String]) -> Result<()> {
        let names: Vec<String> = names.iter().map(|n| n.trim().to_string()).collect();
        if names.is_empty() || names.iter().any(String::is_empty) {
            return Err(Error::InvalidInput("the severity scale needs at least one name, and no empty names".into()));
        }
        if let Some(twice) = names.iter().enumerate().find(|(i, n)| names[..*i].contains(n)) {
            return Err(Error::InvalidInput(format!("the severity '{}' is listed twice", twice.1)));
        }
        let json = serde_json::to_string(&names).map_err(|err| Error::InvalidInput(err.to_string()))?;
        self.conn.execute(
            "INSERT INTO meta (key, value) VALUES (?1, ?2) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            params![SEVERITIES_KEY, json],
        )?;
        Ok(())
    }
}

/// Trims the input, checks the name and e-mail, and turns role names into catalogue ids.
fn check_input(conn: &Connection, input: &PersonInput) -> Result<PersonInput> {
    let name = input.name.trim();
    if !name.chars().any(char::is_alphanumeric) {
        return Err(Error::InvalidInput("a person needs a name with at least one letter or digit".into()));
    }
    let email = input.email.trim();
    if !email.is_empty() {
        check_email(email).map_err(Error::InvalidInput)?;
    }
    let roles = resolve_roles(&role::list_roles(conn)?, &input.roles).map_err(Error::InvalidInput)?;
    Ok(PersonInput {
        name: name.to_string(),
        team: input.team.trim().to_string(),
        phone: input.phone.trim().to_string(),
        email: email.to_string(),
        chat: input.chat.trim().to_string(),
        roles,
        notes: input.notes.trim().to_string(),
    })
}

/// Role ids or names (any case) → catalogue ids, in catalogue order, each once.
fn resolve_roles(catalogue: &[Role], given: &[String]) -> std::result::Result<Vec<String>, String> {
    let mut unknown = Vec::new();
    let mut wanted = Vec::new();
    for text in given.iter().map(|r| r.trim()).filter(|r| !r.is_empty()) {
        let lower = text.to_lowercase();
        match catalogue.iter().position(|r| r.id == lower || r.name.to_lowercase() == lower) {
            Some(index) => wanted.push(index),
            None => unknown.push(format!("'{text}'")),
        }
    }
    if !unknown.is_empty() {
        let known: Vec<&str> = catalogue.iter().map(|r| r.name.as_str()).collect();
        return Err(format!("no role {} in the catalogue; the roles are {}", unknown.join(", "), known.join(", ")));
    }
    wanted.sort_unstable();
    wanted.dedup();
    Ok(wanted.into_iter().map(|i| catalogue[i].id.clone()).collect())
}

fn insert_person(conn: &Connection, input: &PersonInput, now: &str) -> Result<String> {
    let base = slug(&input.name);
    let mut id = base.clone();
    let mut n = 2;
    while person(conn, &id)?.is_some() {
        id = format!("{base}-{n}");
        n += 1;
    }
    conn.execute(
        "INSERT INTO person (id, name, team, contact, email, chat, notes, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
        params![id, input.name, input.team, input.phone, input.email, input.chat, input.notes, now],
    )?;
    write_roles(conn, &id, &input.roles)?;
    Ok(id)
}

fn write_person(conn: &Connection, id: &str, input: &PersonInput) -> Result<()> {
    let changed = conn.execute(
        "UPDATE person SET name = ?2, team = ?3, contact = ?4, email = ?5, chat = ?6, notes = ?7 WHERE id = ?1",
        params![id, input.name, input.team, input.phone, input.email, input.chat, input.notes],
    )?;
    if changed == 0 {
        return Err(Error::NotFound { what: "person", id: id.to_string() });
    }
    write_roles(conn, id, &input.roles)
}

fn write_roles(conn: &Connection, id: &str, roles: &[String]) -> Result<()> {
    conn.execute("DELETE FROM person_role WHERE person_id = ?1", [id])?;
    let mut insert = conn.prepare_cached("INSERT INTO person_role (person_id, role_id) VALUES (?1, ?2)")?;
    for role in roles {
        insert.execute([id, role])?;
    }
    Ok(())
}

const PERSON_COLUMNS: &str = "id, name, team, contact, email, chat, notes, retired_at";

fn person_from_row(row: &rusqlite::Row<'_>) -> rusqlite::Result<Person> {
    let retired: Option<String> = row.get(7)?;
    Ok(Person {
        id: row.get(0)?,
        name: row.get(1)?,
        team: row.get(2)?,
        phone: row.get(3)?,
        email: row.get(4)?,
        chat: row.get(5)?,
        roles: Vec::new(),
        notes: row.get(6)?,
        retired_at: retired.as_deref().and_then(parse_stored_time),
    })
}

pub(super) fn person(conn: &Connection, id: &str) -> Result<Option<Person>> {
    let found = conn
        .prepare_cached(&format!("SELECT {PERSON_COLUMNS} FROM person WHERE id = ?1"))?
        .query_row([id], person_from_row)
        .optional()?;
    let Some(mut found) = found else { return Ok(None) };
    let mut query = conn.prepare_cached(
        "SELECT x.role_id FROM person_role x JOIN role r ON r.id = x.role_id WHERE x.person_id = ?1 ORDER BY r.position, r.id",
    )?;
    found.roles = query.query_map([id], |row| row.get(0))?.collect::<rusqlite::Result<_>>()?;
    Ok(Some(found))
}

/// A person who may be given a role now: on the roster and not retired.
pub(super) fn assignable(conn: &Connection, id: &str) -> Result<Person> {
    let found = person(conn, id)?.ok_or_else(|| Error::NotFound { what: "person", id: id.to_string() })?;
    if found.is_retired() {
        return Err(Error::InvalidInput(format!(
            "{} is retired and cannot be given a role; choose someone else, or restore them on the roster first",
            found.name
        )));
    }
    Ok(found)
}

pub(super) fn list_people(conn: &Connection) -> Result<Vec<Person>> {
    let mut query = conn.prepare_cached(&format!(
        "SELECT {PERSON_COLUMNS} FROM person ORDER BY retired_at IS NOT NULL, name COLLATE NOCASE, id"
    ))?;
    let mut people = query.query_map([], person_from_row)?.collect::<rusqlite::Result<Vec<_>>>()?;
    let mut roles_query = conn.prepare_cached(
        "SELECT x.person_id, x.role_id FROM person_role x JOIN role r ON r.id = x.role_id ORDER BY r.position, r.id",
    )?;
    let mut roles: HashMap<String, Vec<String>> = HashMap::new();
    for pair in roles_query.query_map([], |row| Ok((row.get::<_, String>(0)?, row.get::<_, String>(1)?)))? {
        let (person, role) = pair?;
        roles.entry(person).or_default().push(role);
    }
    for p in &mut people {
        p.roles = roles.remove(&p.id).unwrap_or_default();
    }
    Ok(people)
}

pub(super) fn severities(conn: &Connection) -> Result<Vec<String>> {
    let stored: Option<String> =
        conn.query_row("SELECT value FROM meta WHERE key = ?1", [SEVERITIES_KEY], |row| row.get(0)).optional()?;
    Ok(stored
        .and_then(|json| serde_json::from_str(&json).ok())
        .unwrap_or_else(|| DEFAULT_SEVERITIES.iter().map(|s| s.to_string()).collect()))
}
