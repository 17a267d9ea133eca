//! Incidents in the store: declaring, listing, the incident screen's view, and step ticks.
//!
//! Invariant: every write here is one IMMEDIATE transaction that appends its timeline event(s)
//! and commits before returning; the returned event is the acknowledgement.

use chrono::{DateTime, Utc};
use rusqlite::{params, OptionalExtension, TransactionBehavior};

use super::{timeline, Store};
use crate::clock::ClockJump;
use crate::error::{Error, Result};
use crate::incident::{
    clock_jumped, fold_steps, Incident, IncidentMode, IncidentSummary, IncidentView, NewIncident, StepStatus,
};
use crate::timeline::{stored_time, EventBody, TimelineEvent};

const INCIDENT_COLUMNS: &str = "id, runbook_id, runbook_revision, title, severity, mode, started_at, resolved_at";

fn incident_from_row(row: &rusqlite::Row<'_>) -> rusqlite::Result<Incident> {
    let time = |index: usize, text: String| {
        DateTime::parse_from_rfc3339(&text)
            .map(|t| t.with_timezone(&Utc))
            .map_err(|err| rusqlite::Error::FromSqlConversionFailure(index, rusqlite::types::Type::Text, Box::new(err)))
    };
    let mode: String = row.get(5)?;
    Ok(Incident {
        id: row.get(0)?,
        runbook_id: row.get(1)?,
        runbook_revision: row.get(2)?,
        title: row.get(3)?,
        severity: row.get(4)?,
        mode: IncidentMode::parse(&mode).unwrap_or(IncidentMode::Real),
        started_at: time(6, row.get(6)?)?,
        resolved_at: row.get::<_, Option<String>>(7)?.map(|t| time(7, t)).transpose()?,
    })
}

impl Store {
    /// Declares an incident from the current revision of a runbook, which it pins.
    pub fn start_incident(&mut self, new: &NewIncident, actor: &str) -> Result<Incident> {
        let severity = new.severity.trim();
        if severity.is_empty() {
            return Err(Error::InvalidInput("choose a severity for the incident".into()));
        }
        let (runbook, revision) = self.runbook(&new.runbook_id)?;
        let title = if new.title.trim().is_empty() { runbook.title.clone() } else { new.title.trim().to_string() };
        let now = self.clock.now();
        let id = uuid::Uuid::new_v7(uuid::Timestamp::from_unix(
            uuid::NoContext,
            now.timestamp().max(0) as u64,
            now.timestamp_subsec_nanos(),
        ))
        .to_string();
        let tx = self.conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        tx.execute(
            "INSERT INTO incident (id, runbook_id, runbook_revision, title, severity, mode, started_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            params![id, runbook.id, revision, title, severity, new.mode.as_str(), stored_time(now)],
        )?;
        let body = EventBody::IncidentDeclared {
            title: title.clone(),
            severity: severity.to_string(),
            mode: new.mode,
            runbook_id: runbook.id.clone(),
            runbook_revision: revision,
        };
        timeline::append(&tx, &id, now, now, actor, body)?;
        tx.commit()?;
        Ok(Incident {
            id,
            runbook_id: runbook.id,
            runbook_revision: revision,
            title,
            severity: severity.to_string(),
            mode: new.mode,
            started_at: now,
            resolved_at: None,
        })
    }

    pub fn incident(&self, id: &str) -> Result<Incident> {
        self.conn
            .query_row(&format!("SELECT {INCIDENT_COLUMNS} FROM incident WHERE id = ?1"), [id], incident_from_row)
            .optional()?
            .ok_or_else(|| Error::NotFound { what: "incident", id: id.to_string() })
    }

    /// Every incident, newest first, with its progress.
    pub fn list_incidents(&self) -> Result<Vec<IncidentSummary>> {
        let mut query =
            self.conn.prepare(&format!("SELECT {INCIDENT_COLUMNS} FROM incident ORDER BY started_at DESC, id DESC"))?;
        let incidents = query.query_map([], incident_from_row)?.collect::<rusqlite::Result<Vec<_>>>()?;
        incidents
            .into_iter()
            .map(|incident| {
                let view = self.incident_view(&incident.id)?;
                let steps = view.phases.iter().flat_map(|p| p.steps.iter());
                let (done, total) =
                    steps.fold((0, 0), |(d, t), s| (d + u32::from(s.status == StepStatus::Done), t + 1));
                Ok(IncidentSummary {
                    incident,
                    runbook_title: view.runbook_title,
                    steps_done: done,
                    steps_total: total,
                })
            })
            .collect()
    }

    /// Everything the incident screen shows, derived from the pinned runbook revision and the
    /// timeline.
    pub fn incident_view(&self, id: &str) -> Result<IncidentView> {
        let incident = self.incident(id)?;
        let runbook = self.runbook_revision(&incident.runbook_id, incident.runbook_revision)?;
        let timeline = self.timeline(id)?;
        Ok(IncidentView {
            phases: fold_steps(&runbook.steps, &timeline),
            clock_jumped: clock_jumped(&timeline),
            targets: runbook.targets.get(&incident.severity).cloned(),
            runbook_title: runbook.title,
            roles: runbook.roles,
            incident,
            timeline,
        })
    }

    /// Records a clock jump in the timeline of every incident still open; returns how many.
    pub fn record_clock_jump(&mut self, jump: &ClockJump, actor: &str) -> Result<usize> {
        let tx = self.conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        let open: Vec<String> = tx
            .prepare("SELECT id FROM incident WHERE resolved_at IS NULL")?
            .query_map([], |row| row.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        for id in &open {
            timeline::append(
                &tx,
                id,
                jump.to,
                jump.to,
                actor,
                EventBody::ClockJumped { from: jump.from, to: jump.to },
            )?;
        }
        tx.commit()?;
        Ok(open.len())
    }

    /// Marks a step done. Returns the committed event.
    pub fn tick_step(&mut self, incident_id: &str, step_key: &str, actor: &str) -> Result<TimelineEvent> {
        self.change_step(incident_id, step_key, actor, StepStatus::Done)
    }

    /// Reopens a step that was ticked by mistake. Returns the committed event.
    pub fn untick_step(&mut self, incident_id: &str, step_key: &str, actor: &str) -> Result<TimelineEvent> {
        self.change_step(incident_id, step_key, actor, StepStatus::Open)
    }

    fn change_step(&mut self, incident_id: &str, step_key: &str, actor: &str, to: StepStatus) -> Result<TimelineEvent> {
        let now = self.clock.now();
        // Checks and write share one IMMEDIATE transaction, so another writer cannot change the
        // step between the check and the append.
        let tx = self.conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        let (title, runbook_id, revision, resolved): (String, String, u32, Option<String>) = tx
            .prepare_cached("SELECT title, runbook_id, runbook_revision, resolved_at FROM incident WHERE id = ?1")?
            .query_row([incident_id], |row| Ok((row.get(0)?, row.get(1)?, row.get(2)?, row.get(3)?)))
            .optional()?
            .ok_or_else(|| Error::NotFound { what: "incident", id: incident_id.to_string() })?;
        if resolved.is_some() {
            return Err(Error::InvalidState(format!("incident '{title}' is resolved; its steps can no longer change")));
        }
        let step_title: String = tx
            .prepare_cached("SELECT title FROM step WHERE runbook_id = ?1 AND revision = ?2 AND key = ?3")?
            .query_row(params![runbook_id, revision, step_key], |row| row.get(0))
            .optional()?
            .ok_or_else(|| Error::NotFound { what: "step", id: step_key.to_string() })?;
        let last_kind: Option<String> = tx
            .prepare_cached(
                "SELECT kind FROM timeline_event WHERE incident_id = ?1 AND kind IN ('step.ticked', 'step.unticked')
                 AND json_extract(payload, '$.step') = ?2 ORDER BY seq DESC LIMIT 1",
            )?
            .query_row(params![incident_id, step_key], |row| row.get(0))
            .optional()?;
        let current = if last_kind.as_deref() == Some("step.ticked") { StepStatus::Done } else { StepStatus::Open };
        if current == to {
            let already = if to == StepStatus::Done { "already done" } else { "not done" };
            return Err(Error::InvalidState(format!("step '{step_title}' is {already}")));
        }
        let body = match to {
            StepStatus::Done => EventBody::StepTicked { step: step_key.to_string() },
            StepStatus::Open => EventBody::StepUnticked { step: step_key.to_string() },
        };
        let event = timeline::append(&tx, incident_id, now, now, actor, body)?;
        tx.commit()?;
        Ok(event)
    }
}
