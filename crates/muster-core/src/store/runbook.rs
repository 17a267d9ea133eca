//! Runbook revisions in the store: saving creates a new immutable revision.

use rusqlite::{params, Connection, OptionalExtension, TransactionBehavior};

use super::Store;
use crate::error::{Error, Result};
use crate::milestone::Milestone;
use crate::phase::Phase;
use crate::runbook::{
    ImportOutcome, ImportStatus, RevisionInfo, Role, Runbook, RunbookReview, RunbookSummary, Step, StepCondition,
};
use crate::runbook_diff::{self, DiffHunk};
use crate::timeline::{parse_stored_time, stored_time};

impl Store {
    /// Saves `runbook` as its next revision (the first one when it is new) and returns the
    /// revision number. Earlier revisions stay as they were.
    pub fn save_runbook(&mut self, runbook: &Runbook, author: &str, note: &str) -> Result<u32> {
        validate(runbook)?;
        let now = stored_time(self.clock.now());
        let tx = self.conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        let current: Option<u32> = tx
            .query_row("SELECT current_revision FROM runbook WHERE id = ?1", [&runbook.id], |row| row.get(0))
            .optional()?;
        let revision = current.map_or(1, |r| r + 1);
        match current {
            None => tx.execute(
                "INSERT INTO runbook (id, current_revision, created_at) VALUES (?1, ?2, ?3)",
                params![runbook.id, revision, now],
            )?,
            Some(_) => {
                tx.execute("UPDATE runbook SET current_revision = ?2 WHERE id = ?1", params![runbook.id, revision])?
            }
        };
        tx.execute(
            "INSERT INTO runbook_revision (runbook_id, revision, title, summary, context, targets_json, author, note,
                                           created_at, tags_json, owner, severities_json, review_days, review_template,
                                           drill_days, scenarios_json)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16)",
            params![
                runbook.id,
                revision,
                runbook.title,
                runbook.summary,
                runbook.context,
                to_json(&runbook.targets)?,
                author,
                note,
                now,
                to_json(&runbook.tags)?,
                runbook.owner,
                to_json(&runbook.severities)?,
                runbook.review_days,
                runbook.review_template,
                runbook.drill_days,
                to_json(&runbook.scenarios)?,
            ],
        )?;
        for (position, role) in (0_i64..).zip(&runbook.roles) {
            // Roles are shared across runbooks and belong to the catalogue, which keeps the name
            // a team gave a role: a file adds the roles the catalogue lacks (at its end) and only
            // fills in duties the catalogue has not written down.
            tx.execute(
                "INSERT INTO role (id, name, duties, position)
                 VALUES (?1, ?2, ?3, (SELECT coalesce(max(position), 0) + 1 FROM role))
                 ON CONFLICT (id) DO UPDATE SET duties = excluded.duties WHERE role.duties = ''",
                params![role.id, role.name, role.duties],
            )?;
            tx.execute(
                "INSERT INTO runbook_role (runbook_id, revision, position, role_id) VALUES (?1, ?2, ?3, ?4)",
                params![runbook.id, revision, position, role.id],
            )?;
        }
        {
            let mut insert = tx.prepare(
                "INSERT INTO step (runbook_id, revision, key, phase, position, title, instructions, role_id, target_minutes,
                                   evidence, options_json, condition_step, condition_option, milestone, optional)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15)",
            )?;
            for (position, step) in (0_i64..).zip(&runbook.steps) {
                insert.execute(params![
                    runbook.id,
                    revision,
                    step.key,
                    step.phase.as_str(),
                    position,
                    step.title,
                    step.instructions,
                    step.role,
                    step.target_minutes,
                    step.evidence,
                    to_json(&step.options)?,
                    step.condition.as_ref().map(|c| &c.step),
                    step.condition.as_ref().map(|c| &c.option),
                    step.milestone.map(Milestone::as_str),
                    step.optional,
                ])?;
            }
        }
        tx.commit()?;
        Ok(revision)
    }

    /// Saves a runbook from the editor. `base` is the revision the author started from (`None`
    /// for a new runbook): when someone else saved in between, or a new runbook's id is taken,
    /// nothing is written and the error says so, so no one's change is silently overwritten.
    /// Saving what the current revision already says writes nothing and returns its number.
    pub fn edit_runbook(&mut self, runbook: &Runbook, base: Option<u32>, author: &str, note: &str) -> Result<u32> {
        validate(runbook)?;
        let current = match self.runbook(&runbook.id) {
            Ok(found) => Some(found),
            Err(Error::NotFound { .. }) => None,
            Err(err) => return Err(err),
        };
        match (current, base) {
            (Some(_), None) => Err(Error::InvalidInput(format!(
                "a runbook with the id '{}' already exists; choose another id",
                runbook.id
            ))),
            (None, Some(_)) => Err(Error::NotFound { what: "runbook", id: runbook.id.clone() }),
            (Some((_, revision)), Some(base)) if revision != base => Err(Error::InvalidState(format!(
                "runbook '{}' changed since you opened it (revision {base}; it is now at {revision}); nothing was saved: \
                 reopen it and make your change again",
                runbook.id
            ))),
            (Some((stored, revision)), Some(_)) if same_content(&stored, runbook) => Ok(revision),
            _ => self.save_runbook(runbook, author, note),
        }
    }

    /// Every revision of a runbook, newest first.
    pub fn runbook_revisions(&self, id: &str) -> Result<Vec<RevisionInfo>> {
        let mut query = self.conn.prepare_cached(
            "SELECT v.revision, v.author, v.note, v.created_at,
                    (SELECT count(*) FROM step s WHERE s.runbook_id = v.runbook_id AND s.revision = v.revision)
             FROM runbook_revision v WHERE v.runbook_id = ?1 ORDER BY v.revision DESC",
        )?;
        let revisions = query
            .query_map([id], |row| {
                Ok(RevisionInfo {
                    revision: row.get(0)?,
                    author: row.get(1)?,
                    note: row.get(2)?,
                    created_at: time_column(row, 3)?,
                    step_count: row.get(4)?,
                })
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        if revisions.is_empty() {
            return Err(Error::NotFound { what: "runbook", id: id.to_string() });
        }
        Ok(revisions)
    }

    /// What changed from revision `from` to revision `to` of a runbook, as a line diff of the
    /// two revisions written in the runbook file format.
    pub fn runbook_diff(&self, id: &str, from: u32, to: u32) -> Result<Vec<DiffHunk>> {
        Ok(runbook_diff::diff(&self.runbook_revision(id, from)?, &self.runbook_revision(id, to)?))
    }

    /// Brings a runbook read from a file into the library: revision 1 when it is new, a new
    /// revision when it differs from the current one (never an overwrite), and nothing at all
    /// when it says the same.
    ///
    /// Role names and duties do not count as a difference: they are shared by every runbook
    /// that names the role, not part of a revision.
    pub fn import_runbook(&mut self, runbook: &Runbook, author: &str, note: &str) -> Result<ImportOutcome> {
        validate(runbook)?;
        let status = match self.runbook(&runbook.id) {
            Ok((current, revision)) if same_content(&current, runbook) => {
                return Ok(ImportOutcome { id: runbook.id.clone(), revision, status: ImportStatus::Unchanged });
            }
            Ok(_) => ImportStatus::NewRevision,
            Err(Error::NotFound { .. }) => ImportStatus::Created,
            Err(err) => return Err(err),
        };
        let revision = self.save_runbook(runbook, author, note)?;
        Ok(ImportOutcome { id: runbook.id.clone(), revision, status })
    }

    /// The library, sorted by title, with each runbook's review status by the store's clock.
    pub fn list_runbooks(&self) -> Result<Vec<RunbookSummary>> {
        let mut query = self.conn.prepare(
            "SELECT r.id, v.title, v.summary, v.revision,
                    (SELECT count(*) FROM step s WHERE s.runbook_id = r.id AND s.revision = v.revision),
                    (SELECT count(*) FROM runbook_role x WHERE x.runbook_id = r.id AND x.revision = v.revision),
                    v.tags_json, v.owner, v.review_days, r.created_at,
                    (SELECT max(reviewed_at) FROM runbook_review w WHERE w.runbook_id = r.id),
                    v.drill_days,
                    (SELECT max(started_at) FROM incident i WHERE i.runbook_id = r.id AND i.mode = 'drill')
             FROM runbook r JOIN runbook_revision v ON v.runbook_id = r.id AND v.revision = r.current_revision
             ORDER BY v.title COLLATE NOCASE",
        )?;
        let now = self.clock.now();
        let rows = query.query_map([], |row| {
            let tags: String = row.get(6)?;
            let review_days: u32 = row.get(8)?;
            let created_at = time_column(row, 9)?;
            let last_reviewed_at = optional_time_column(row, 10)?;
            let review_due_at = last_reviewed_at.unwrap_or(created_at) + chrono::Duration::days(review_days.into());
            let drill_days: Option<u32> = row.get(11)?;
            let last_drill_at = optional_time_column(row, 12)?;
            let drill_due_at =
                drill_days.map(|days| last_drill_at.unwrap_or(created_at) + chrono::Duration::days(days.into()));
            Ok(RunbookSummary {
                id: row.get(0)?,
                title: row.get(1)?,
                summary: row.get(2)?,
                tags: serde_json::from_str(&tags).unwrap_or_default(),
                owner: row.get(7)?,
                revision: row.get(3)?,
                step_count: row.get(4)?,
                role_count: row.get(5)?,
                review_days,
                last_reviewed_at,
                review_due_at,
                stale: review_due_at <= now,
                drill_days,
                last_drill_at,
                drill_due_at,
                drill_overdue: drill_due_at.is_some_and(|due| due <= now),
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Records that `reviewer` reviewed the current revision of a runbook now, which restarts
    /// its review interval. Two reviews recorded in the same millisecond are one review: the
    /// later one's reviewer and note are kept.
    pub fn mark_reviewed(&mut self, runbook_id: &str, reviewer: &str, note: &str) -> Result<RunbookReview> {
        let reviewer = reviewer.trim();
        if reviewer.is_empty() {
            return Err(Error::InvalidInput("say who reviewed the runbook".into()));
        }
        let reviewed_at = self.clock.now();
        let tx = self.conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        let revision: u32 = tx
            .query_row("SELECT current_revision FROM runbook WHERE id = ?1", [runbook_id], |row| row.get(0))
            .optional()?
            .ok_or_else(|| Error::NotFound { what: "runbook", id: runbook_id.to_string() })?;
        tx.execute(
            "INSERT INTO runbook_review (runbook_id, revision, reviewed_at, reviewer, note) VALUES (?1, ?2, ?3, ?4, ?5)
             ON CONFLICT (runbook_id, reviewed_at) DO UPDATE
             SET revision = excluded.revision, reviewer = excluded.reviewer, note = excluded.note",
            params![runbook_id, revision, stored_time(reviewed_at), reviewer, note.trim()],
        )?;
        tx.commit()?;
        Ok(RunbookReview {
            runbook_id: runbook_id.to_string(),
            revision,
            reviewed_at,
            reviewer: reviewer.to_string(),
            note: note.trim().to_string(),
        })
    }

    /// The reviews of a runbook, newest first.
    pub fn runbook_reviews(&self, runbook_id: &str) -> Result<Vec<RunbookReview>> {
        let mut query = self.conn.prepare(
            "SELECT revision, reviewed_at, reviewer, note FROM runbook_review WHERE runbook_id = ?1
             ORDER BY reviewed_at DESC",
        )?;
        let rows = query.query_map([runbook_id], |row| {
            Ok(RunbookReview {
                runbook_id: runbook_id.to_string(),
                revision: row.get(0)?,
                reviewed_at: time_column(row, 1)?,
                reviewer: row.get(2)?,
                note: row.get(3)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// The current revision of a runbook.
    pub fn runbook(&self, id: &str) -> Result<(Runbook, u32)> {
        let revision: u32 = self
            .conn
            .query_row("SELECT current_revision FROM runbook WHERE id = ?1", [id], |row| row.get(0))
            .optional()?
            .ok_or_else(|| Error::NotFound { what: "runbook", id: id.to_string() })?;
        Ok((self.runbook_revision(id, revision)?, revision))
    }

    /// The roles the current revision of a runbook names, to fill when declaring.
    pub fn runbook_roles(&self, id: &str) -> Result<Vec<Role>> {
        Ok(self.runbook(id)?.0.roles)
    }

    /// One exact revision of a runbook, as an incident pinned it.
    pub fn runbook_revision(&self, id: &str, revision: u32) -> Result<Runbook> {
        load_revision(&self.conn, id, revision)
    }
}

pub(super) const STEP_COLUMNS: &str =
    "key, phase, title, instructions, role_id, target_minutes, evidence, options_json, \
     condition_step, condition_option, milestone, optional";

pub(super) fn step_from_row(row: &rusqlite::Row<'_>) -> rusqlite::Result<Step> {
    let phase: String = row.get(1)?;
    let options: String = row.get(7)?;
    let condition_step: Option<String> = row.get(8)?;
    let condition_option: Option<String> = row.get(9)?;
    let milestone: Option<String> = row.get(10)?;
    Ok(Step {
        key: row.get(0)?,
        phase: Phase::parse(&phase).unwrap_or(Phase::Identify),
        title: row.get(2)?,
        instructions: row.get(3)?,
        role: row.get(4)?,
        target_minutes: row.get(5)?,
        evidence: row.get(6)?,
        options: serde_json::from_str(&options).unwrap_or_default(),
        condition: condition_step.zip(condition_option).map(|(step, option)| StepCondition { step, option }),
        milestone: milestone.as_deref().and_then(Milestone::parse),
        optional: row.get(11)?,
    })
}

pub(super) fn load_revision(conn: &Connection, id: &str, revision: u32) -> Result<Runbook> {
    let unreadable = |what: &str, err: serde_json::Error| {
        Error::InvalidState(format!("runbook {id}@{revision}: stored {what} are unreadable: {err}"))
    };
    let mut runbook = conn
        .query_row(
            "SELECT title, summary, context, owner, review_days, review_template, targets_json, tags_json, severities_json,
                    drill_days, scenarios_json
             FROM runbook_revision WHERE runbook_id = ?1 AND revision = ?2",
            params![id, revision],
            |row| {
                let head = Runbook {
                    summary: row.get(1)?,
                    context: row.get(2)?,
                    owner: row.get(3)?,
                    review_days: row.get(4)?,
                    review_template: row.get(5)?,
                    drill_days: row.get(9)?,
                    ..Runbook::new(id, &row.get::<_, String>(0)?)
                };
                Ok((
                    head,
                    row.get::<_, String>(6)?,
                    row.get::<_, String>(7)?,
                    row.get::<_, String>(8)?,
                    row.get::<_, String>(10)?,
                ))
            },
        )
        .optional()?
        .ok_or_else(|| Error::NotFound { what: "runbook revision", id: format!("{id}@{revision}") })
        .and_then(|(mut head, targets, tags, severities, scenarios)| {
            head.scenarios = serde_json::from_str(&scenarios).map_err(|err| unreadable("scenarios", err))?;
            head.targets = serde_json::from_str(&targets).map_err(|err| unreadable("targets", err))?;
            head.tags = serde_json::from_str(&tags).map_err(|err| unreadable("tags", err))?;
            head.severities = serde_json::from_str(&severities).map_err(|err| unreadable("severities", err))?;
            Ok(head)
        })?;
    let mut roles_query = conn.prepare_cached(
        "SELECT role.id, role.name, role.duties FROM runbook_role x JOIN role ON role.id = x.role_id
         WHERE x.runbook_id = ?1 AND x.revision = ?2 ORDER BY x.position",
    )?;
    runbook.roles = roles_query
        .query_map(params![id, revision], |row| Ok(Role { id: row.get(0)?, name: row.get(1)?, duties: row.get(2)? }))?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    let mut steps_query = conn.prepare_cached(&format!(
        "SELECT {STEP_COLUMNS} FROM step WHERE runbook_id = ?1 AND revision = ?2 ORDER BY position"
    ))?;
    runbook.steps =
        steps_query.query_map(params![id, revision], step_from_row)?.collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(runbook)
}

/// Whether two runbooks would be stored as the same revision: everything equal, and the same
/// roles in the same order (their names and duties live in the shared role table).
fn same_content(a: &Runbook, b: &Runbook) -> bool {
    let role_ids = |r: &Runbook| r.roles.iter().map(|role| role.id.clone()).collect::<Vec<_>>();
    role_ids(a) == role_ids(b)
        && Runbook { roles: Vec::new(), ..a.clone() } == Runbook { roles: Vec::new(), ..b.clone() }
}

/// A time column written by [`stored_time`].
pub(super) fn time_column(row: &rusqlite::Row<'_>, index: usize) -> rusqlite::Result<chrono::DateTime<chrono::Utc>> {
    let text: String = row.get(index)?;
    parse_time(index, &text)
}

/// A nullable time column written by [`stored_time`].
pub(super) fn optional_time_column(
    row: &rusqlite::Row<'_>,
    index: usize,
) -> rusqlite::Result<Option<chrono::DateTime<chrono::Utc>>> {
    row.get::<_, Option<String>>(index)?.map(|text| parse_time(index, &text)).transpose()
}

fn parse_time(index: usize, text: &str) -> rusqlite::Result<chrono::DateTime<chrono::Utc>> {
    parse_stored_time(text).ok_or_else(|| {
        rusqlite::Error::FromSqlConversionFailure(
            index,
            rusqlite::types::Type::Text,
            format!("not a time: '{text}'").into(),
        )
    })
}

/// A value as the JSON text a `*_json` column holds.
pub(super) fn to_json<T: serde::Serialize + ?Sized>(value: &T) -> Result<String> {
    serde_json::to_string(value).map_err(|err| Error::InvalidInput(err.to_string()))
}

fn validate(runbook: &Runbook) -> Result<()> {
    match runbook.problems().into_iter().next() {
        Some(problem) => Err(Error::InvalidInput(format!("runbook '{}': {}", runbook.id, problem.message))),
        None => Ok(()),
    }
}
