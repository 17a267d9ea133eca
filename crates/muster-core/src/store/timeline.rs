//! Appending to and reading an incident's hash-chained timeline.

use chrono::{DateTime, Utc};
use rusqlite::{params, Connection, Transaction};

use super::Store;
use crate::error::{Error, Result};
use crate::timeline::{
    chain_hash, parse_stored_time, stored_time, ChainReport, EventBody, StoredFields, TimelineEvent,
};

/// Appends one event inside the caller's transaction and moves the incident's chain head.
pub(super) fn append(
    tx: &Transaction<'_>,
    incident_id: &str,
    occurred_at: DateTime<Utc>,
    recorded_at: DateTime<Utc>,
    actor: &str,
    body: EventBody,
) -> Result<TimelineEvent> {
    let (head_seq, head_hash): (u32, String) =
        tx.query_row("SELECT head_seq, head_hash FROM incident WHERE id = ?1", [incident_id], |row| {
            Ok((row.get(0)?, row.get(1)?))
        })?;
    let seq = head_seq + 1;
    let id = uuid::Uuid::new_v7(uuid::Timestamp::from_unix(
        uuid::NoContext,
        recorded_at.timestamp().max(0) as u64,
        recorded_at.timestamp_subsec_nanos(),
    ))
    .to_string();
    let (occurred, recorded, kind, payload) =
        (stored_time(occurred_at), stored_time(recorded_at), body.kind(), body.payload_json());
    let fields = StoredFields {
        id: &id,
        incident_id,
        seq,
        occurred_at: &occurred,
        recorded_at: &recorded,
        actor,
        kind,
        payload: &payload,
    };
    let hash = chain_hash(&head_hash, &fields);
    tx.prepare_cached(
        "INSERT INTO timeline_event (id, incident_id, seq, occurred_at, recorded_at, actor, kind, payload, hash)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
    )?
    .execute(params![id, incident_id, seq, occurred, recorded, actor, kind, payload, hash])?;
    tx.prepare_cached("UPDATE incident SET head_seq = ?2, head_hash = ?3 WHERE id = ?1")?.execute(params![
        incident_id,
        seq,
        hash
    ])?;
    Ok(TimelineEvent {
        id,
        incident_id: incident_id.to_string(),
        seq,
        occurred_at,
        recorded_at,
        actor: actor.to_string(),
        body,
        hash,
    })
}

struct StoredEvent {
    id: String,
    seq: u32,
    occurred_at: String,
    recorded_at: String,
    actor: String,
    kind: String,
    payload: String,
    hash: String,
}

impl StoredEvent {
    fn fields<'a>(&'a self, incident_id: &'a str) -> StoredFields<'a> {
        StoredFields {
            id: &self.id,
            incident_id,
            seq: self.seq,
            occurred_at: &self.occurred_at,
            recorded_at: &self.recorded_at,
            actor: &self.actor,
            kind: &self.kind,
            payload: &self.payload,
        }
    }
}

fn stored_events(conn: &Connection, incident_id: &str) -> Result<Vec<StoredEvent>> {
    let mut query = conn.prepare_cached(
        "SELECT id, seq, occurred_at, recorded_at, actor, kind, payload, hash FROM timeline_event
             WHERE incident_id = ?1 ORDER BY seq",
    )?;
    let rows = query.query_map([incident_id], |row| {
        Ok(StoredEvent {
            id: row.get(0)?,
            seq: row.get(1)?,
            occurred_at: row.get(2)?,
            recorded_at: row.get(3)?,
            actor: row.get(4)?,
            kind: row.get(5)?,
            payload: row.get(6)?,
            hash: row.get(7)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

impl Store {
    /// The incident's timeline, oldest first (by sequence number).
    pub fn timeline(&self, incident_id: &str) -> Result<Vec<TimelineEvent>> {
        load(&self.conn, incident_id)
    }

    /// Recomputes the incident's hash chain and reports the first event that breaks it.
    pub fn verify_chain(&self, incident_id: &str) -> Result<ChainReport> {
        verify_chain(&self.conn, incident_id)
    }

    /// Verifies the chain of every incident, oldest first.
    pub fn verify_all_chains(&self) -> Result<Vec<ChainReport>> {
        verify_all_chains(&self.conn)
    }
}

pub(super) fn verify_all_chains(conn: &Connection) -> Result<Vec<ChainReport>> {
    let ids = conn
        .prepare("SELECT id FROM incident ORDER BY started_at, id")?
        .query_map([], |row| row.get::<_, String>(0))?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    ids.iter().map(|id| verify_chain(conn, id)).collect()
}

pub(super) fn verify_chain(conn: &Connection, incident_id: &str) -> Result<ChainReport> {
    let (head_seq, head_hash): (u32, String) = conn
        .query_row("SELECT head_seq, head_hash FROM incident WHERE id = ?1", [incident_id], |row| {
            Ok((row.get(0)?, row.get(1)?))
        })
        .map_err(|_| Error::NotFound { what: "incident", id: incident_id.to_string() })?;
    let events = stored_events(conn, incident_id)?;
    let mut report =
        ChainReport { incident_id: incident_id.to_string(), events_checked: 0, first_broken_seq: None, problem: None };
    let mut prev_hash = String::new();
    for (index, e) in events.iter().enumerate() {
        let expected_seq = index as u32 + 1;
        report.events_checked = expected_seq;
        let problem = if e.seq != expected_seq {
            Some(format!("event {expected_seq} is missing (found {} in its place)", e.seq))
        } else if chain_hash(&prev_hash, &e.fields(incident_id)) != e.hash {
            Some(format!("event {} was changed after it was recorded", e.seq))
        } else {
            None
        };
        if let Some(problem) = problem {
            report.first_broken_seq = Some(expected_seq);
            report.problem = Some(problem);
            return Ok(report);
        }
        prev_hash = e.hash.clone();
    }
    if events.len() as u32 != head_seq || prev_hash != head_hash {
        report.first_broken_seq = Some(events.len() as u32 + 1);
        report.problem =
            Some(format!("the timeline ends at event {} but the incident recorded {head_seq} events", events.len()));
    }
    Ok(report)
}

/// The incident's timeline, oldest first (by sequence number). Reads each row's text in place
/// (times, kind and payload are parsed from borrowed text, not copied first): this is the hot
/// path of every incident screen and of a 10,000-event timeline.
pub(super) fn load(conn: &Connection, incident_id: &str) -> Result<Vec<TimelineEvent>> {
    let unreadable =
        |seq: u32, what: String| Error::InvalidState(format!("incident {incident_id}, event {seq}: {what}"));
    let mut query = conn.prepare_cached(
        "SELECT id, seq, occurred_at, recorded_at, actor, kind, payload, hash FROM timeline_event
             WHERE incident_id = ?1 ORDER BY seq",
    )?;
    let mut rows = query.query([incident_id])?;
    let mut events = Vec::new();
    while let Some(row) = rows.next()? {
        let seq: u32 = row.get(1)?;
        let text = |index: usize| -> Result<&str> {
            row.get_ref(index)?.as_str().map_err(|err| unreadable(seq, format!("column {index}: {err}")))
        };
        let time = |index: usize| -> Result<DateTime<Utc>> {
            let text = text(index)?;
            parse_stored_time(text).ok_or_else(|| unreadable(seq, format!("bad time '{text}'")))
        };
        let kind = text(5)?;
        events.push(TimelineEvent {
            occurred_at: time(2)?,
            recorded_at: time(3)?,
            body: EventBody::from_stored(kind, text(6)?)
                .map_err(|err| unreadable(seq, format!("unreadable '{kind}' event: {err}")))?,
            id: row.get(0)?,
            incident_id: incident_id.to_string(),
            seq,
            actor: row.get(4)?,
            hash: row.get(7)?,
        });
    }
    Ok(events)
}
