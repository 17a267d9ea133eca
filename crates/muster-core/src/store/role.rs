//! The roles catalogue in the store, its first-run seed, and the contact sheet.
//!
//! Catalogue order is the `role.position` column: the seeded roles first, in the order of
//! [`crate::role::CATALOGUE`], then every later role in the order it was added.

use chrono::{DateTime, Utc};
use rusqlite::{params, Connection, OptionalExtension};

use super::{incident, person, Store};
use crate::error::{Error, Result};
use crate::incident::{Incident, RoleHolder};
use crate::role::{ContactSheet, CurrentHolder, Role, RoleContacts, CATALOGUE};
use crate::runbook::slug;
use crate::timeline::stored_time;

const ROLES_SEEDED_KEY: &str = "roles_seeded_at";

impl Store {
    /// The roles catalogue, in catalogue order.
    pub fn list_roles(&self) -> Result<Vec<Role>> {
        list_roles(&self.conn)
    }

    /// Renames a role or rewrites its duties; with an `id` the catalogue does not have (or an
    /// empty one, which becomes the slug of the name), adds a role at the end of the catalogue.
    pub fn save_role(&mut self, id: &str, name: &str, duties: &str) -> Result<Role> {
        let name = name.trim();
        if !name.chars().any(char::is_alphanumeric) {
            return Err(Error::InvalidInput("a role needs a name with at least one letter or digit".into()));
        }
        let id = match id.trim() {
            "" => slug(name),
            given => given.to_string(),
        };
        if slug(&id) != id {
            return Err(Error::InvalidInput(format!(
                "'{id}' cannot be a role id: use lowercase letters, digits and dashes, like '{}'",
                slug(&id)
            )));
        }
        if let Some(other) =
            list_roles(&self.conn)?.into_iter().find(|r| r.id != id && r.name.eq_ignore_ascii_case(name))
        {
            return Err(Error::InvalidInput(format!(
                "the role '{}' ({}) already has that name; choose another",
                other.name, other.id
            )));
        }
        self.conn.execute(
            "INSERT INTO role (id, name, duties, position) VALUES (?1, ?2, ?3, (SELECT coalesce(max(position), 0) + 1 FROM role))
             ON CONFLICT (id) DO UPDATE SET name = excluded.name, duties = excluded.duties",
            params![id, name, duties.trim()],
        )?;
        role(&self.conn, &id)?.ok_or_else(|| Error::NotFound { what: "role", id })
    }

    /// The contact sheet: for each role, who holds it in each open incident and who can hold
    /// it, with every way to reach them; then everyone else on the active roster.
    pub fn contact_sheet(&self) -> Result<ContactSheet> {
        let now = self.clock.now();
        let people: Vec<_> = person::list_people(&self.conn)?.into_iter().filter(|p| !p.is_retired()).collect();
        let open = open_holders(&self.conn, now)?;
        let roles = list_roles(&self.conn)?
            .into_iter()
            .map(|role| {
                let holders = open
                    .iter()
                    .filter_map(|(incident, holders)| {
                        let holder = holders.iter().find(|h| h.role.id == role.id)?;
                        Some(CurrentHolder {
                            incident_id: incident.id.clone(),
                            incident_title: incident.title.clone(),
                            severity: incident.severity.clone(),
                            mode: incident.mode,
                            person: holder.person.clone(),
                            waived: holder.waived.clone(),
                        })
                    })
                    .collect();
                let able = people.iter().filter(|p| p.roles.contains(&role.id)).cloned().collect();
                RoleContacts { role, holders, people: able }
            })
            .collect();
        let others = people.into_iter().filter(|p| p.roles.is_empty()).collect();
        Ok(ContactSheet { made_at: now, roles, others })
    }
}

/// Every incident that is not closed, newest first, with who holds each of its roles now.
pub(super) fn open_holders(conn: &Connection, now: DateTime<Utc>) -> Result<Vec<(Incident, Vec<RoleHolder>)>> {
    let mut query =
        conn.prepare_cached("SELECT id FROM incident WHERE closed_at IS NULL ORDER BY started_at DESC, id DESC")?;
    let ids = query.query_map([], |row| row.get::<_, String>(0))?.collect::<rusqlite::Result<Vec<_>>>()?;
    ids.iter()
        .map(|id| {
            let view = incident::load_view(conn, id, now)?;
            Ok((view.incident, view.roles))
        })
        .collect()
}

pub(super) fn list_roles(conn: &Connection) -> Result<Vec<Role>> {
    let mut query = conn.prepare_cached("SELECT id, name, duties FROM role ORDER BY position, id")?;
    let rows = query.query_map([], |row| Ok(Role { id: row.get(0)?, name: row.get(1)?, duties: row.get(2)? }))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

fn role(conn: &Connection, id: &str) -> Result<Option<Role>> {
    Ok(conn
        .query_row("SELECT id, name, duties FROM role WHERE id = ?1", [id], |row| {
            Ok(Role { id: row.get(0)?, name: row.get(1)?, duties: row.get(2)? })
        })
        .optional()?)
}

/// Adds the catalogue's roles to a database that never had them, once: a new database gets
/// all of them in order; an older one gets those it lacks at the end, and the seeded duties
/// for the ones it has without duties. Names a team chose are kept, and nothing is seeded
/// again afterwards, so a team's edits stay.
pub(crate) fn seed_roles(conn: &Connection, now: DateTime<Utc>) -> Result<()> {
    let seeded: Option<String> =
        conn.query_row("SELECT value FROM meta WHERE key = ?1", [ROLES_SEEDED_KEY], |row| row.get(0)).optional()?;
    if seeded.is_some() {
        return Ok(());
    }
    let tx = conn.unchecked_transaction()?;
    for (id, name, duties) in CATALOGUE {
        tx.execute(
            "INSERT INTO role (id, name, duties, position) VALUES (?1, ?2, ?3, (SELECT coalesce(max(position), 0) + 1 FROM role))
             ON CONFLICT (id) DO UPDATE SET duties = excluded.duties WHERE role.duties = ''",
            params![id, name, duties],
        )?;
    }
    tx.execute("INSERT INTO meta (key, value) VALUES (?1, ?2)", params![ROLES_SEEDED_KEY, stored_time(now)])?;
    tx.commit()?;
    Ok(())
}
