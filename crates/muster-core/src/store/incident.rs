//! Incidents in the store: declaring, listing, the incident screen's view, and every action a
//! responder takes during the run.
//!
//! Invariant: every write here is one IMMEDIATE transaction that checks, appends its timeline
//! event(s), updates the incident row's projection and commits before returning; the returned
//! events are the acknowledgement. A refused action writes nothing.

use chrono::{DateTime, Utc};
use rusqlite::{params, Connection, OptionalExtension, Transaction, TransactionBehavior};

use super::runbook::{load_revision, step_from_row, STEP_COLUMNS};
use super::{person, timeline, Store};
use crate::clock::ClockJump;
use crate::drill::{self, DrillRun, InjectDelivery, InjectStatus};
use crate::error::{Error, Result};
use crate::incident::{
    fold, Incident, IncidentAction, IncidentMode, IncidentSummary, IncidentView, NewIncident, RoleFill, StepStatus,
};
use crate::milestone::Milestone;
use crate::phase::Phase;
use crate::runbook::Step;
use crate::timeline::{stored_time, EventBody, TimelineEvent};
use crate::timer::{Timer, TimerKind};

const INCIDENT_COLUMNS: &str = "id, runbook_id, runbook_revision, title, severity, mode, started_at, detected_at,
     acknowledged_at, mitigated_at, resolved_at, closed_at, phase";

/// The longest a status-update reminder can be snoozed.
pub const MAX_SNOOZE_MINUTES: u32 = 240;

fn incident_from_row(row: &rusqlite::Row<'_>) -> rusqlite::Result<Incident> {
    let time = |index: usize| -> rusqlite::Result<Option<DateTime<Utc>>> {
        row.get::<_, Option<String>>(index)?
            .map(|text| {
                DateTime::parse_from_rfc3339(&text).map(|t| t.with_timezone(&Utc)).map_err(|err| {
                    rusqlite::Error::FromSqlConversionFailure(index, rusqlite::types::Type::Text, Box::new(err))
                })
            })
            .transpose()
    };
    let mode: String = row.get(5)?;
    let phase: String = row.get(12)?;
    let started_at = time(6)?.unwrap_or_default();
    Ok(Incident {
        id: row.get(0)?,
        runbook_id: row.get(1)?,
        runbook_revision: row.get(2)?,
        title: row.get(3)?,
        severity: row.get(4)?,
        mode: IncidentMode::parse(&mode).unwrap_or(IncidentMode::Real),
        started_at,
        detected_at: time(7)?.unwrap_or(started_at),
        acknowledged_at: time(8)?,
        mitigated_at: time(9)?,
        resolved_at: time(10)?,
        closed_at: time(11)?,
        phase: Phase::parse(&phase).unwrap_or(Phase::Identify),
    })
}

pub(super) fn load_incident(conn: &Connection, id: &str) -> Result<Incident> {
    conn.prepare_cached(&format!("SELECT {INCIDENT_COLUMNS} FROM incident WHERE id = ?1"))?
        .query_row([id], incident_from_row)
        .optional()?
        .ok_or_else(|| Error::NotFound { what: "incident", id: id.to_string() })
}

pub(super) fn load_view(conn: &Connection, id: &str, now: DateTime<Utc>) -> Result<IncidentView> {
    let incident = load_incident(conn, id)?;
    let runbook = load_revision(conn, &incident.runbook_id, incident.runbook_revision)?;
    let people = person::list_people(conn)?;
    let events = timeline::load(conn, id)?;
    Ok(fold(incident, &runbook, &people, events, now))
}

/// Rejects a user-given time in the future: a backdated entry must have happened already.
fn not_future(at: Option<DateTime<Utc>>, now: DateTime<Utc>, what: &str) -> Result<DateTime<Utc>> {
    match at {
        Some(at) if at > now => Err(Error::InvalidInput(format!(
            "the time of the {what} ({}) is in the future; it can be now or earlier",
            stored_time(at)
        ))),
        Some(at) => Ok(at),
        None => Ok(now),
    }
}

fn trimmed(text: &Option<String>) -> Option<String> {
    text.as_deref().map(str::trim).filter(|t| !t.is_empty()).map(str::to_string)
}

fn required(text: &str, what: &str) -> Result<String> {
    let text = text.trim();
    if text.is_empty() {
        return Err(Error::InvalidInput(format!("write {what}")));
    }
    Ok(text.to_string())
}

pub(super) fn new_id(at: DateTime<Utc>) -> String {
    uuid::Uuid::new_v7(uuid::Timestamp::from_unix(
        uuid::NoContext,
        at.timestamp().max(0) as u64,
        at.timestamp_subsec_nanos(),
    ))
    .to_string()
}

/// A timer that passed its target, or a status update that is due, found by [`Store::check_timers`].
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, ts_rs::TS)]
pub struct TimerAlert {
    pub incident_id: String,
    pub incident_title: String,
    pub mode: IncidentMode,
    pub timer: Timer,
    /// The step's title, for a step timer.
    pub step_title: Option<String>,
    /// The breach event just recorded; `None` for a status-update reminder.
    pub event: Option<TimelineEvent>,
}

impl Store {
    /// Declares an incident from the current revision of a runbook, which it pins: checks the
    /// severity, the detection time and that every role is filled or waived, then records the
    /// declaration, each role and the entry into Identify.
    pub fn start_incident(&mut self, new: &NewIncident, actor: &str) -> Result<Incident> {
        let now = self.clock.now();
        let severity = new.severity.trim();
        let severities = person::severities(&self.conn)?;
        if !severities.iter().any(|s| s == severity) {
            return Err(Error::InvalidInput(format!(
                "choose a severity for the incident: one of {}",
                severities.join(", ")
            )));
        }
        let detected_at = not_future(new.detected_at, now, "detection")?;
        let (runbook, revision) = self.runbook(&new.runbook_id)?;
        let title = if new.title.trim().is_empty() { runbook.title.clone() } else { new.title.trim().to_string() };
        for assignment in &new.assignments {
            if runbook.role(&assignment.role).is_none() {
                return Err(Error::InvalidInput(format!(
                    "the runbook '{}' has no role '{}'",
                    runbook.title, assignment.role
                )));
            }
        }
        let missing: Vec<&str> = runbook
            .roles
            .iter()
            .filter(|role| !new.assignments.iter().any(|a| a.role == role.id))
            .map(|role| role.name.as_str())
            .collect();
        if !missing.is_empty() {
            return Err(Error::InvalidInput(format!(
                "fill or waive every role before declaring; still open: {}",
                missing.join(", ")
            )));
        }
        let mut role_events = Vec::new();
        for role in &runbook.roles {
            // Every role has an assignment: `missing` was empty.
            let Some(fill) = new.assignments.iter().find(|a| a.role == role.id).map(|a| &a.fill) else { continue };
            role_events.push(match fill {
                RoleFill::Person { person: id } => {
                    let person = person::assignable(&self.conn, id)?;
                    EventBody::RoleAssigned { role: role.id.clone(), person: person.id, name: person.name }
                }
                RoleFill::Waived { reason } => EventBody::RoleWaived {
                    role: role.id.clone(),
                    reason: required(reason, &format!("why the role {} is waived", role.name))?,
                },
            });
        }
        let id = new_id(now);
        let tx = self.conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        tx.execute(
            "INSERT INTO incident (id, runbook_id, runbook_revision, title, severity, mode, started_at, detected_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
            params![
                id,
                runbook.id,
                revision,
                title,
                severity,
                new.mode.as_str(),
                stored_time(now),
                stored_time(detected_at)
            ],
        )?;
        let declared = EventBody::IncidentDeclared {
            title,
            severity: severity.to_string(),
            mode: new.mode,
            runbook_id: runbook.id.clone(),
            runbook_revision: revision,
            detected_at: Some(detected_at),
        };
        timeline::append(&tx, &id, now, now, actor, declared)?;
        for body in role_events {
            timeline::append(&tx, &id, now, now, actor, body)?;
        }
        timeline::append(&tx, &id, detected_at, now, actor, EventBody::PhaseEntered { phase: Phase::Identify })?;
        super::metrics::refresh(&tx, &id, now)?;
        self.metrics_records.get_mut().stale(&id);
        let incident = load_incident(&tx, &id)?;
        tx.commit()?;
        Ok(incident)
    }

    pub fn incident(&self, id: &str) -> Result<Incident> {
        load_incident(&self.conn, id)
    }

    /// Every incident, newest first, with its progress.
    pub fn list_incidents(&self) -> Result<Vec<IncidentSummary>> {
        let mut query = self.conn.prepare("SELECT id FROM incident ORDER BY started_at DESC, id DESC")?;
        let ids = query.query_map([], |row| row.get::<_, String>(0))?.collect::<rusqlite::Result<Vec<_>>>()?;
        ids.iter()
            .map(|id| {
                let view = self.incident_view(id)?;
                let (steps_done, steps_total) = view.progress();
                Ok(IncidentSummary {
                    runbook_title: view.runbook_title,
                    incident: view.incident,
                    steps_done,
                    steps_total,
                })
            })
            .collect()
    }

    /// Everything the incident screen shows, derived from the pinned runbook revision and the
    /// timeline, with timers as of now.
    pub fn incident_view(&self, id: &str) -> Result<IncidentView> {
        load_view(&self.conn, id, self.clock.now())
    }

    /// Records one responder action. Returns the committed events (a tick may also enter a phase
    /// and reach a milestone). Refused actions write nothing.
    pub fn act(&mut self, incident_id: &str, action: &IncidentAction, actor: &str) -> Result<Vec<TimelineEvent>> {
        let now = self.clock.now();
        let tx = self.conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        let incident = load_incident(&tx, incident_id)?;
        if let Some(closed) = incident.closed_at {
            return Err(Error::InvalidState(format!(
                "incident '{}' was closed at {}; nothing about it can change",
                incident.title,
                stored_time(closed)
            )));
        }
        let mut states = self.step_states.remove(incident_id).unwrap_or_default();
        states.catch_up(&tx, incident_id)?;
        let mut run = Run { tx: &tx, incident, now, actor, events: Vec::new(), states: &states };
        match action.step() {
            Some(key) => run.change_step(key, action)?,
            None => run.change_incident(action)?,
        }
        let events = run.events;
        if super::metrics::refresh_after(&tx, incident_id, &events, now)? {
            self.metrics_records.get_mut().stale(incident_id);
        }
        tx.commit()?;
        self.step_states.insert(incident_id.to_string(), states);
        Ok(events)
    }

    /// Marks a step done; the common case of [`Store::act`].
    pub fn tick_step(&mut self, incident_id: &str, step_key: &str, actor: &str) -> Result<Vec<TimelineEvent>> {
        self.act(incident_id, &IncidentAction::Tick { step: step_key.to_string(), note: None, evidence: None }, actor)
    }

    /// Records a clock jump in the timeline of every incident not yet closed; returns how many.
    pub fn record_clock_jump(&mut self, jump: &ClockJump, actor: &str) -> Result<usize> {
        let tx = self.conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        let open: Vec<String> = tx
            .prepare("SELECT id FROM incident WHERE closed_at IS NULL")?
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

    /// Checks the timers of every incident not yet closed: records a breach event for each target
    /// that passed unmet and has none yet (dated when it passed, so a breach while Muster was
    /// closed is recorded on the next start), and reports status updates that are due.
    pub fn check_timers(&mut self, actor: &str) -> Result<Vec<TimerAlert>> {
        let now = self.clock.now();
        // Fold in a read transaction (a consistent snapshot that does not block other writers);
        // take the write lock only when there is a breach to record, which is rare.
        let mut alerts = Vec::new();
        {
            let read = self.conn.transaction()?;
            let open: Vec<String> = read
                .prepare("SELECT id FROM incident WHERE closed_at IS NULL ORDER BY started_at")?
                .query_map([], |row| row.get(0))?
                .collect::<rusqlite::Result<_>>()?;
            for id in &open {
                let view = load_view(&read, id, now)?;
                let recorded = |timer: &str| {
                    view.timeline.iter().any(
                        |entry| matches!(&entry.event.body, EventBody::TimerBreached { timer: t, .. } if t == timer),
                    )
                };
                for timer in view.timers.iter().filter(|t| t.breached_by(now)) {
                    if timer.kind != TimerKind::StatusUpdate && recorded(&timer.id) {
                        continue;
                    }
                    alerts.push(TimerAlert {
                        incident_id: id.clone(),
                        incident_title: view.incident.title.clone(),
                        mode: view.incident.mode,
                        timer: timer.clone(),
                        step_title: timer.step.as_ref().and_then(|key| view.step(key)).map(|s| s.step.title.clone()),
                        event: None,
                    });
                }
            }
        }
        if alerts.iter().all(|a| a.timer.kind == TimerKind::StatusUpdate) {
            return Ok(alerts);
        }
        let tx = self.conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        let mut recorded = tx.prepare(
            "SELECT count(*) FROM timeline_event
             WHERE incident_id = ?1 AND kind = 'timer.breached' AND json_extract(payload, '$.timer') = ?2",
        )?;
        let mut kept = Vec::with_capacity(alerts.len());
        for mut alert in alerts {
            if alert.timer.kind != TimerKind::StatusUpdate {
                // Another process may have recorded it since the snapshot.
                let already: u32 = recorded.query_row(params![alert.incident_id, alert.timer.id], |row| row.get(0))?;
                if already > 0 {
                    continue;
                }
                let body = EventBody::TimerBreached { timer: alert.timer.id.clone(), due_at: alert.timer.due_at };
                alert.event = Some(timeline::append(&tx, &alert.incident_id, alert.timer.due_at, now, actor, body)?);
            }
            kept.push(alert);
        }
        drop(recorded);
        tx.commit()?;
        Ok(kept)
    }
}

impl Store {
    /// Delivers the injects of every running drill whose drill time has come, each dated when it
    /// came (so one delivered while Muster was closed is dated right on the next start), and
    /// returns them for the players' banner and the desktop notification.
    pub fn deliver_injects(&mut self, actor: &str) -> Result<Vec<InjectDelivery>> {
        let now = self.clock.now();
        let drills: Vec<String> = self
            .conn
            .prepare_cached("SELECT id FROM incident WHERE mode = 'drill' AND closed_at IS NULL ORDER BY started_at")?
            .query_map([], |row| row.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        let due = |drill: &DrillRun| {
            drill.injects.iter().any(|i| i.status == InjectStatus::Pending && i.due_at.is_some_and(|at| at <= now))
        };
        let mut delivered = Vec::new();
        for id in drills {
            // The common case, nothing due, reads without the write lock.
            if !load_view(&self.conn, &id, now)?.drill.as_ref().is_some_and(due) {
                continue;
            }
            let tx = self.conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
            let view = load_view(&tx, &id, now)?;
            let Some(drill) = view.drill.as_ref() else { continue };
            let mut pending: Vec<_> = drill
                .injects
                .iter()
                .filter(|i| i.status == InjectStatus::Pending)
                .filter_map(|i| i.due_at.filter(|at| *at <= now).map(|at| (at, i.inject.clone())))
                .collect();
            pending.sort_by_key(|(at, inject)| (*at, inject.number));
            for (at, inject) in pending {
                let body = EventBody::InjectDelivered { inject: inject.number, fired: false };
                timeline::append(&tx, &id, at, now, actor, body)?;
                delivered.push(InjectDelivery {
                    incident_id: id.clone(),
                    incident_title: view.incident.title.clone(),
                    delivered_at: at,
                    inject,
                });
            }
            tx.commit()?;
        }
        Ok(delivered)
    }
}

/// One action in progress: the open transaction, the incident row as it was, and the events
/// appended so far.
struct Run<'a> {
    tx: &'a Transaction<'a>,
    incident: Incident,
    now: DateTime<Utc>,
    actor: &'a str,
    events: Vec<TimelineEvent>,
    states: &'a StepStates,
}

/// The latest status and decision of each step of one incident, folded from its step events up
/// to `seq`. Kept between actions so a tick reads only the events written since, not the whole
/// timeline and not through an extra index that every write would pay for. It is a cache, never
/// the truth: `catch_up` runs inside the action's IMMEDIATE transaction and reads every event
/// after `seq`, including those other processes wrote.
#[derive(Debug, Default)]
pub(super) struct StepStates {
    seq: u32,
    steps: std::collections::HashMap<String, (StepStatus, Option<String>)>,
}

impl StepStates {
    fn catch_up(&mut self, conn: &Connection, incident_id: &str) -> Result<()> {
        let mut query = conn.prepare_cached(
            "SELECT seq, kind, payload FROM timeline_event WHERE incident_id = ?1 AND seq > ?2 ORDER BY seq",
        )?;
        let mut rows = query.query(params![incident_id, self.seq])?;
        while let Some(row) = rows.next()? {
            let (seq, kind, payload): (u32, String, String) = (row.get(0)?, row.get(1)?, row.get(2)?);
            self.seq = seq;
            if !kind.starts_with("step.") {
                continue;
            }
            let (key, state) = match EventBody::from_stored(&kind, &payload) {
                Ok(EventBody::StepTicked { step, .. }) => (step, (StepStatus::Done, None)),
                Ok(EventBody::StepDecided { step, option, .. }) => (step, (StepStatus::Done, Some(option))),
                Ok(EventBody::StepSkipped { step, .. }) => (step, (StepStatus::Skipped, None)),
                Ok(EventBody::StepNotApplicable { step, .. }) => (step, (StepStatus::NotApplicable, None)),
                Ok(EventBody::StepUnticked { step, .. }) => (step, (StepStatus::Open, None)),
                _ => continue,
            };
            self.steps.insert(key, state);
        }
        Ok(())
    }

    fn get(&self, key: &str) -> (StepStatus, Option<String>) {
        self.steps.get(key).cloned().unwrap_or((StepStatus::Open, None))
    }
}

impl Run<'_> {
    fn append(&mut self, occurred_at: DateTime<Utc>, body: EventBody) -> Result<()> {
        let event = timeline::append(self.tx, &self.incident.id, occurred_at, self.now, self.actor, body)?;
        self.events.push(event);
        Ok(())
    }

    /// The step actions: the hot path, checked with index probes rather than a full fold.
    fn change_step(&mut self, key: &str, action: &IncidentAction) -> Result<()> {
        let step = self.step(key)?;
        let name = &step.title;
        if self.incident.resolved_at.is_some() && step.phase != Phase::Review {
            return Err(Error::InvalidState(format!(
                "incident '{}' is resolved; only its Review steps can still change, not '{name}'",
                self.incident.title
            )));
        }
        self.check_visible(&step)?;
        let (status, _) = self.states.get(key);
        let must_be_open = |verb: &str| -> Result<()> {
            match status {
                StepStatus::Open => Ok(()),
                StepStatus::Done => {
                    Err(Error::InvalidState(format!("step '{name}' is already done; untick it to {verb}")))
                }
                StepStatus::Skipped => {
                    Err(Error::InvalidState(format!("step '{name}' was skipped; untick it to {verb}")))
                }
                StepStatus::NotApplicable => {
                    Err(Error::InvalidState(format!("step '{name}' is marked not applicable; untick it to {verb}")))
                }
            }
        };
        let step_key = key.to_string();
        let body = match action {
            IncidentAction::Tick { note, evidence, .. } => {
                if step.is_decision() {
                    return Err(Error::InvalidInput(format!(
                        "step '{name}' is a decision: choose one of {}",
                        step.options.join(", ")
                    )));
                }
                must_be_open("tick it again")?;
                let evidence = trimmed(evidence);
                if let (Some(prompt), None) = (&step.evidence, &evidence) {
                    return Err(Error::InvalidInput(format!(
                        "step '{name}' needs evidence before it can be ticked: {prompt}"
                    )));
                }
                EventBody::StepTicked { step: step_key, note: trimmed(note), evidence }
            }
            IncidentAction::Untick { note, .. } => {
                if status == StepStatus::Open {
                    return Err(Error::InvalidState(format!(
                        "step '{name}' is still open; there is nothing to untick"
                    )));
                }
                EventBody::StepUnticked { step: step_key, note: trimmed(note) }
            }
            IncidentAction::Skip { reason, .. } => {
                must_be_open("skip it")?;
                EventBody::StepSkipped { step: step_key, reason: required(reason, "why the step is skipped")? }
            }
            IncidentAction::NotApplicable { note, .. } => {
                must_be_open("mark it not applicable")?;
                EventBody::StepNotApplicable { step: step_key, note: trimmed(note) }
            }
            IncidentAction::Decide { option, note, .. } => {
                if !step.is_decision() {
                    return Err(Error::InvalidInput(format!("step '{name}' is not a decision; tick it instead")));
                }
                must_be_open("decide again")?;
                let option = step.options.iter().find(|o| o.eq_ignore_ascii_case(option.trim())).ok_or_else(|| {
                    Error::InvalidInput(format!(
                        "'{option}' is not an option of '{name}': choose one of {}",
                        step.options.join(", ")
                    ))
                })?;
                EventBody::StepDecided { step: step_key, option: option.clone(), note: trimmed(note) }
            }
            IncidentAction::NoteStep { note, .. } => {
                EventBody::StepNoted { step: step_key, note: required(note, "the note")? }
            }
            _ => return Ok(()),
        };
        let settles = matches!(
            body,
            EventBody::StepTicked { .. }
                | EventBody::StepSkipped { .. }
                | EventBody::StepNotApplicable { .. }
                | EventBody::StepDecided { .. }
        );
        let done = matches!(body, EventBody::StepTicked { .. } | EventBody::StepDecided { .. });
        if settles {
            self.enter_phases_up_to(step.phase, self.now)?;
        }
        self.append(self.now, body)?;
        if settles && self.incident.acknowledged_at.is_none() {
            // Working a step means someone took charge.
            self.reach(Milestone::Acknowledged, self.now, false)?;
        }
        if let (true, Some(milestone)) = (done, step.milestone) {
            if self.incident.milestone(milestone).is_none() {
                self.reach(milestone, self.now, false)?;
            }
        }
        Ok(())
    }

    /// The actions on the incident as a whole: rarer, so they check against the full fold.
    fn change_incident(&mut self, action: &IncidentAction) -> Result<()> {
        let view = load_view(self.tx, &self.incident.id, self.now)?;
        let title = self.incident.title.clone();
        match action {
            IncidentAction::EnterPhase { phase } => {
                if *phase <= self.incident.phase {
                    return Err(Error::InvalidState(format!(
                        "incident '{title}' is already in {}; phases only move forward",
                        self.incident.phase.as_str()
                    )));
                }
                self.enter_phases_up_to(*phase, self.now)?;
            }
            IncidentAction::SetMilestone { milestone, at } => {
                let at = not_future(*at, self.now, "milestone")?;
                if *milestone != Milestone::Detected && at < view.milestones.detected {
                    return Err(Error::InvalidInput(format!(
                        "the incident was detected at {}; {} cannot be earlier",
                        stored_time(view.milestones.detected),
                        milestone.as_str()
                    )));
                }
                self.reach(*milestone, at, true)?;
            }
            IncidentAction::HandOver { role, to, note, at } => {
                let at = not_future(*at, self.now, "handover")?;
                let holder = view
                    .roles
                    .iter()
                    .find(|h| &h.role.id == role)
                    .ok_or_else(|| Error::InvalidInput(format!("the incident's runbook has no role '{role}'")))?;
                let person = person::assignable(self.tx, to)?;
                let from = holder.person.as_ref().map(|p| p.id.clone());
                if from.as_deref() == Some(person.id.as_str()) {
                    return Err(Error::InvalidState(format!(
                        "{} already holds the role {}",
                        person.name, holder.role.name
                    )));
                }
                let body = EventBody::RoleHandedOver {
                    role: role.clone(),
                    from,
                    to: person.id,
                    name: person.name,
                    note: note.trim().to_string(),
                };
                self.append(at, body)?;
            }
            IncidentAction::Log { text, at } => {
                let at = not_future(*at, self.now, "log entry")?;
                self.append(at, EventBody::LogEntry { text: required(text, "the log entry")? })?;
            }
            IncidentAction::StatusUpdate { text } => {
                self.append(self.now, EventBody::StatusUpdated { text: required(text, "the status update")? })?;
            }
            IncidentAction::SnoozeReminder { minutes } => {
                if *minutes == 0 || *minutes > MAX_SNOOZE_MINUTES {
                    return Err(Error::InvalidInput(format!(
                        "snooze for 1 to {MAX_SNOOZE_MINUTES} minutes, not {minutes}"
                    )));
                }
                if !view.timers.iter().any(|t| t.kind == TimerKind::StatusUpdate) {
                    return Err(Error::InvalidState(format!("incident '{title}' has no status-update reminder")));
                }
                let until = self.now + chrono::Duration::minutes(i64::from(*minutes));
                self.append(self.now, EventBody::ReminderSnoozed { until })?;
            }
            IncidentAction::ChangeSeverity { severity } => {
                let severities = person::severities(self.tx)?;
                let to = severities.iter().find(|s| *s == severity.trim()).ok_or_else(|| {
                    Error::InvalidInput(format!("'{severity}' is not a severity: use one of {}", severities.join(", ")))
                })?;
                if *to == self.incident.severity {
                    return Err(Error::InvalidState(format!("incident '{title}' is already {to}")));
                }
                if self.incident.resolved_at.is_some() {
                    return Err(Error::InvalidState(format!("incident '{title}' is resolved; its severity is final")));
                }
                let body = EventBody::SeverityChanged { from: self.incident.severity.clone(), to: to.clone() };
                self.append(self.now, body)?;
                self.tx.execute("UPDATE incident SET severity = ?2 WHERE id = ?1", params![self.incident.id, to])?;
            }
            IncidentAction::Correct { event, at, text, reason } => {
                let target = view
                    .timeline
                    .iter()
                    .find(|entry| &entry.event.id == event)
                    .ok_or_else(|| Error::NotFound { what: "timeline event", id: event.clone() })?;
                let reason = required(reason, "why the entry is corrected")?;
                let text = trimmed(text);
                if text.is_some() && target.event.body.text().is_none() {
                    return Err(Error::InvalidInput(format!(
                        "event {} ({}) has no text to correct; correct its time instead",
                        target.event.seq,
                        target.event.body.kind()
                    )));
                }
                let at = at.map(|at| not_future(Some(at), self.now, "correction")).transpose()?;
                if at.is_none() && text.is_none() {
                    return Err(Error::InvalidInput("a correction needs a new time, a new text or both".into()));
                }
                let body = EventBody::EventCorrected {
                    event: event.clone(),
                    seq: target.event.seq,
                    occurred_at: at,
                    text,
                    reason,
                };
                self.append(self.now, body)?;
                self.sync_milestones()?;
            }
            IncidentAction::Close { note } => {
                if self.incident.resolved_at.is_none() {
                    return Err(Error::InvalidState(format!("resolve incident '{title}' before closing it")));
                }
                self.append(self.now, EventBody::IncidentClosed { note: note.trim().to_string() })?;
                self.tx.execute(
                    "UPDATE incident SET closed_at = ?2 WHERE id = ?1",
                    params![self.incident.id, stored_time(self.now)],
                )?;
            }
            IncidentAction::StartDrill { .. }
            | IncidentAction::PauseDrill
            | IncidentAction::ResumeDrill
            | IncidentAction::SetDrillSpeed { .. }
            | IncidentAction::FireInject { .. }
            | IncidentAction::SkipInject { .. }
            | IncidentAction::AcknowledgeInject { .. } => self.change_drill(&view, action)?,
            _ => {}
        }
        Ok(())
    }

    /// The facilitator's and the players' drill actions. Injects already due are delivered
    /// first, so a pause or a speed change never moves an inject that has come.
    fn change_drill(&mut self, view: &IncidentView, action: &IncidentAction) -> Result<()> {
        let title = &self.incident.title;
        let drill = view.drill.as_ref().ok_or_else(|| {
            Error::InvalidState(format!("incident '{title}' is real, not a drill; it has no drill clock or injects"))
        })?;
        if let IncidentAction::StartDrill { scenario } = action {
            if drill.started_at.is_some() {
                return Err(Error::InvalidState(format!("the drill clock of '{title}' has already started")));
            }
            let known = drill.scenarios.iter().any(|s| &s.key == scenario);
            if !known {
                return Err(Error::InvalidInput(format!("the runbook has no drill scenario '{scenario}'")));
            }
            return self.append(self.now, EventBody::DrillStarted { scenario: scenario.clone() });
        }
        if drill.started_at.is_none() {
            return Err(Error::InvalidState(format!("start the drill clock of '{title}' first")));
        }
        self.deliver_due(drill)?;
        let inject = |number: u32| {
            drill.inject(number).ok_or_else(|| Error::NotFound { what: "inject", id: number.to_string() })
        };
        let body = match action {
            IncidentAction::PauseDrill if drill.running => EventBody::DrillPaused {},
            IncidentAction::ResumeDrill if !drill.running => EventBody::DrillResumed {},
            IncidentAction::PauseDrill | IncidentAction::ResumeDrill => {
                let now = if drill.running { "running" } else { "paused" };
                return Err(Error::InvalidState(format!("the drill clock is already {now}")));
            }
            IncidentAction::SetDrillSpeed { speed } => {
                if !drill::SPEEDS.contains(speed) {
                    return Err(Error::InvalidInput(format!("the drill clock runs at ×1, ×2 or ×5, not ×{speed}")));
                }
                EventBody::DrillSpeedChanged { speed: *speed }
            }
            IncidentAction::FireInject { inject: number } | IncidentAction::SkipInject { inject: number } => {
                let state = inject(*number)?;
                let due_now = self
                    .events
                    .iter()
                    .any(|e| matches!(e.body, EventBody::InjectDelivered { inject, .. } if inject == *number));
                if state.status != InjectStatus::Pending || due_now {
                    return Err(Error::InvalidState(format!("inject {number} was already delivered or skipped")));
                }
                match action {
                    IncidentAction::FireInject { .. } => EventBody::InjectDelivered { inject: *number, fired: true },
                    _ => EventBody::InjectSkipped { inject: *number },
                }
            }
            IncidentAction::AcknowledgeInject { inject: number } => {
                let state = inject(*number)?;
                let delivered = state.status == InjectStatus::Delivered
                    || self
                        .events
                        .iter()
                        .any(|e| matches!(e.body, EventBody::InjectDelivered { inject, .. } if inject == *number));
                if !delivered {
                    return Err(Error::InvalidState(format!(
                        "inject {number} is not waiting for an acknowledgement (it is {:?})",
                        state.status
                    )));
                }
                EventBody::InjectAcknowledged { inject: *number }
            }
            _ => return Ok(()),
        };
        self.append(self.now, body)
    }

    /// Delivers every pending inject whose drill time has come, dated when it came.
    fn deliver_due(&mut self, drill: &DrillRun) -> Result<u32> {
        let mut due: Vec<(DateTime<Utc>, u32)> = drill
            .injects
            .iter()
            .filter(|i| i.status == InjectStatus::Pending)
            .filter_map(|i| i.due_at.filter(|at| *at <= self.now).map(|at| (at, i.inject.number)))
            .collect();
        due.sort();
        for (at, inject) in &due {
            self.append(*at, EventBody::InjectDelivered { inject: *inject, fired: false })?;
        }
        Ok(due.len() as u32)
    }

    fn step(&self, key: &str) -> Result<Step> {
        self.tx
            .prepare_cached(&format!(
                "SELECT {STEP_COLUMNS} FROM step WHERE runbook_id = ?1 AND revision = ?2 AND key = ?3"
            ))?
            .query_row(params![self.incident.runbook_id, self.incident.runbook_revision, key], step_from_row)
            .optional()?
            .ok_or_else(|| Error::NotFound { what: "step", id: key.to_string() })
    }

    /// Refuses a step hidden by a decision (or by a hidden decision above it).
    fn check_visible(&self, step: &Step) -> Result<()> {
        let mut current = step.clone();
        while let Some(condition) = current.condition.clone() {
            let parent = self.step(&condition.step)?;
            let (_, decision) = self.states.get(&condition.step);
            if decision.as_deref() != Some(condition.option.as_str()) {
                return Err(Error::InvalidState(format!(
                    "step '{}' applies only when '{}' is answered '{}'",
                    step.title, parent.title, condition.option
                )));
            }
            current = parent;
        }
        Ok(())
    }

    /// Records each phase after the current one up to `phase`, so every phase has an entry time.
    fn enter_phases_up_to(&mut self, phase: Phase, at: DateTime<Utc>) -> Result<()> {
        let from = self.incident.phase;
        for next in Phase::ALL.into_iter().filter(|p| *p > from && *p <= phase) {
            self.append(at, EventBody::PhaseEntered { phase: next })?;
            self.incident.phase = next;
        }
        if self.incident.phase == from {
            return Ok(());
        }
        self.tx.execute(
            "UPDATE incident SET phase = ?2 WHERE id = ?1",
            params![self.incident.id, self.incident.phase.as_str()],
        )?;
        Ok(())
    }

    /// Records a milestone, and the earlier ones it implies that are not set yet (resolving an
    /// incident also mitigates and acknowledges it). Resolving moves the incident to Review.
    fn reach(&mut self, milestone: Milestone, at: DateTime<Utc>, manual: bool) -> Result<()> {
        for implied in [Milestone::Acknowledged, Milestone::Mitigated, Milestone::Resolved] {
            let set = self.incident.milestone(implied).is_some();
            if implied == milestone || (implied < milestone && !set) {
                self.append(at, EventBody::MilestoneReached { milestone: implied, manual })?;
            }
        }
        if milestone == Milestone::Detected {
            self.append(at, EventBody::MilestoneReached { milestone, manual })?;
        }
        if milestone == Milestone::Resolved {
            self.enter_phases_up_to(Phase::Review, at.max(self.incident.detected_at))?;
        }
        self.sync_milestones()
    }

    /// Rewrites the incident row's milestone columns from the fold.
    fn sync_milestones(&mut self) -> Result<()> {
        let view = load_view(self.tx, &self.incident.id, self.now)?;
        let m = &view.milestones;
        self.tx.execute(
            "UPDATE incident SET detected_at = ?2, acknowledged_at = ?3, mitigated_at = ?4, resolved_at = ?5 WHERE id = ?1",
            params![
                self.incident.id,
                stored_time(m.detected),
                m.acknowledged.map(stored_time),
                m.mitigated.map(stored_time),
                m.resolved.map(stored_time)
            ],
        )?;
        self.incident = load_incident(self.tx, &self.incident.id)?;
        Ok(())
    }
}
