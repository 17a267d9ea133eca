//! The roster in the store, and the team's settings (the severity scale).

use rusqlite::{params, Connection, OptionalExtension};

use super::Store;
use crate::error::{Error, Result};
use crate::person::Person;
use crate::runbook::slug;
use crate::timeline::stored_time;

const SEVERITIES_KEY: &str = "severities";

/// The severity scale a new database starts with, most severe first.
pub const DEFAULT_SEVERITIES: [&str; 4] = ["SEV1", "SEV2", "SEV3", "SEV4"];

impl Store {
    /// Adds a person to the roster; the id is the slug of the name, made unique.
    pub fn add_person(&mut self, name: &str, contact: &str) -> Result<Person> {
        let name = name.trim();
        if slug(name).is_empty() {
            return Err(Error::InvalidInput("a person needs a name with at least one letter or digit".into()));
        }
        let base = slug(name);
        let mut id = base.clone();
        let mut n = 2;
        while person(&self.conn, &id)?.is_some() {
            id = format!("{base}-{n}");
            n += 1;
        }
        self.conn.execute(
            "INSERT INTO person (id, name, contact, created_at) VALUES (?1, ?2, ?3, ?4)",
            params![id, name, contact.trim(), stored_time(self.clock.now())],
        )?;
        Ok(Person { id, name: name.to_string(), contact: contact.trim().to_string() })
    }

    /// Changes a person's name or contact; their id and past events stay as they were.
    pub fn update_person(&mut self, person: &Person) -> Result<()> {
        if person.name.trim().is_empty() {
            return Err(Error::InvalidInput("a person needs a name".into()));
        }
        let changed = self.conn.execute(
            "UPDATE person SET name = ?2, contact = ?3 WHERE id = ?1",
            params![person.id, person.name.trim(), person.contact.trim()],
        )?;
        if changed == 0 {
            return Err(Error::NotFound { what: "person", id: person.id.clone() });
        }
        Ok(())
    }

    /// The roster, by name.
    pub fn list_people(&self) -> Result<Vec<Person>> {
        list_people(&self.conn)
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

pub(super) fn person(conn: &Connection, id: &str) -> Result<Option<Person>> {
    Ok(conn
        .query_row("SELECT id, name, contact FROM person WHERE id = ?1", [id], |row| {
            Ok(Person { id: row.get(0)?, name: row.get(1)?, contact: row.get(2)? })
        })
        .optional()?)
}

pub(super) fn list_people(conn: &Connection) -> Result<Vec<Person>> {
    let mut query = conn.prepare_cached("SELECT id, name, contact FROM person ORDER BY name COLLATE NOCASE, id")?;
    let rows = query.query_map([], |row| Ok(Person { id: row.get(0)?, name: row.get(1)?, contact: row.get(2)? }))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

pub(super) fn severities(conn: &Connection) -> Result<Vec<String>> {
    let stored: Option<String> =
        conn.query_row("SELECT value FROM meta WHERE key = ?1", [SEVERITIES_KEY], |row| row.get(0)).optional()?;
    Ok(stored
        .and_then(|json| serde_json::from_str(&json).ok())
        .unwrap_or_else(|| DEFAULT_SEVERITIES.iter().map(|s| s.to_string()).collect()))
}
