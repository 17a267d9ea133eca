//! Reviews and action items in the store.

use chrono::NaiveDate;
use rusqlite::{params, OptionalExtension};

use super::incident::new_id;
use super::runbook::{optional_time_column, time_column, to_json};
use super::Store;
use crate::action_item::{ActionItem, ActionItemInput, ActionStatus};
use crate::error::{Error, Result};
use crate::export::ReviewData;
use crate::incident::IncidentMode;
use crate::review::{self, Review, ReviewEdit, ReviewFacts, ReviewStatus};
use crate::timeline::stored_time;

const REVIEW_COLUMNS: &str =
    "incident_id, version, status, sections_json, highlights_json, updated_at, updated_by, published_at, published_by";

const ACTION_COLUMNS: &str = "a.id, a.incident_id, i.title, a.title, a.owner, a.due_on, a.status, a.runbook_id, \
     a.resolved_by_revision, a.created_at, a.created_by, a.closed_at";

impl Store {
    /// The latest version of an incident's review; before anyone wrote one, a new draft from
    /// the runbook's review template (not stored until it is first saved).
    pub fn review(&self, incident_id: &str) -> Result<Review> {
        let incident = self.incident(incident_id)?;
        let latest = self
            .conn
            .prepare_cached(&format!(
                "SELECT {REVIEW_COLUMNS} FROM review WHERE incident_id = ?1 ORDER BY version DESC LIMIT 1"
            ))?
            .query_row([incident_id], review_from_row)
            .optional()?;
        if let Some(stored) = latest {
            return Ok(stored);
        }
        let runbook = self.runbook_revision(&incident.runbook_id, incident.runbook_revision)?;
        Ok(Review {
            incident_id: incident.id,
            version: 1,
            status: ReviewStatus::Draft,
            sections: match incident.mode {
                IncidentMode::Drill => review::after_action_sections(),
                IncidentMode::Real => review::template_sections(&runbook.review_template),
            },
            highlights: Vec::new(),
            updated_at: self.clock.now(),
            updated_by: String::new(),
            published_at: None,
            published_by: None,
        })
    }

    /// Every stored version of the review, oldest first.
    pub fn review_versions(&self, incident_id: &str) -> Result<Vec<Review>> {
        let mut query = self
            .conn
            .prepare_cached(&format!("SELECT {REVIEW_COLUMNS} FROM review WHERE incident_id = ?1 ORDER BY version"))?;
        let rows = query.query_map([incident_id], review_from_row)?.collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(rows)
    }

    /// What Muster knows about the incident for its review, with the latest version's
    /// highlights.
    pub fn review_facts(&self, incident_id: &str) -> Result<ReviewFacts> {
        let view = self.incident_view(incident_id)?;
        let highlights = self.review(incident_id)?.highlights;
        Ok(review::facts(&view, &highlights, self.clock.now()))
    }

    /// Gathers what a review export shows: the incident's view, the latest review, its facts
    /// and the action items, read at one moment.
    pub fn review_data(&self, incident_id: &str) -> Result<ReviewData> {
        let view = self.incident_view(incident_id)?;
        let review = self.review(incident_id)?;
        let now = self.clock.now();
        let facts = review::facts(&view, &review.highlights, now);
        let action_items = self.incident_action_items(incident_id)?;
        Ok(ReviewData { view, review, facts, action_items, generated_at: now })
    }

    /// Saves the author's text and highlights into the current draft. A published review is
    /// frozen: the edit is refused and nothing changes; start a new version first.
    pub fn edit_review(&mut self, incident_id: &str, edit: &ReviewEdit, author: &str) -> Result<Review> {
        let mut review = self.review(incident_id)?;
        if review.status == ReviewStatus::Published {
            return Err(Error::InvalidState(format!(
                "version {} of the review is published and frozen; start a new version to change it",
                review.version
            )));
        }
        let timeline_ids: Vec<String> = self.timeline(incident_id)?.into_iter().map(|event| event.id).collect();
        if let Some(unknown) = edit.highlights.iter().find(|id| !timeline_ids.contains(*id)) {
            return Err(Error::InvalidInput(format!("the event '{unknown}' is not in this incident's timeline")));
        }
        if let Some(dup) =
            edit.sections.iter().enumerate().find(|(i, s)| edit.sections[..*i].iter().any(|e| e.key == s.key))
        {
            return Err(Error::InvalidInput(format!("two sections share the key '{}'", dup.1.key)));
        }
        if let Some(untitled) = edit.sections.iter().find(|s| s.title.trim().is_empty()) {
            return Err(Error::InvalidInput(format!("the section '{}' has no title", untitled.key)));
        }
        review.sections = edit.sections.clone();
        // Highlights keep timeline order, whatever order they were starred in.
        review.highlights = timeline_ids.into_iter().filter(|id| edit.highlights.contains(id)).collect();
        review.updated_at = self.clock.now();
        review.updated_by = author.to_string();
        self.write_review(&review)?;
        Ok(review)
    }

    /// Publishes the current draft: it is frozen from now on. The incident must be resolved.
    pub fn publish_review(&mut self, incident_id: &str, author: &str) -> Result<Review> {
        let incident = self.incident(incident_id)?;
        if incident.resolved_at.is_none() {
            return Err(Error::InvalidState("resolve the incident before publishing its review".into()));
        }
        let mut review = self.review(incident_id)?;
        if review.status == ReviewStatus::Published {
            return Err(Error::InvalidState(format!("version {} of the review is already published", review.version)));
        }
        let now = self.clock.now();
        review.status = ReviewStatus::Published;
        review.published_at = Some(now);
        review.published_by = Some(author.to_string());
        self.write_review(&review)?;
        Ok(review)
    }

    /// Starts a new draft version from the published one, with its text and highlights.
    pub fn new_review_version(&mut self, incident_id: &str, author: &str) -> Result<Review> {
        let mut review = self.review(incident_id)?;
        if review.status != ReviewStatus::Published {
            return Err(Error::InvalidState(format!("version {} of the review is still a draft", review.version)));
        }
        review.version += 1;
        review.status = ReviewStatus::Draft;
        review.published_at = None;
        review.published_by = None;
        review.updated_at = self.clock.now();
        review.updated_by = author.to_string();
        self.write_review(&review)?;
        Ok(review)
    }

    fn write_review(&mut self, review: &Review) -> Result<()> {
        self.conn.execute(
            &format!(
                "INSERT INTO review ({REVIEW_COLUMNS}) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)
                 ON CONFLICT (incident_id, version) DO UPDATE SET status = excluded.status,
                   sections_json = excluded.sections_json, highlights_json = excluded.highlights_json,
                   updated_at = excluded.updated_at, updated_by = excluded.updated_by,
                   published_at = excluded.published_at, published_by = excluded.published_by"
            ),
            params![
                review.incident_id,
                review.version,
                review.status.as_str(),
                to_json(&review.sections)?,
                to_json(&review.highlights)?,
                stored_time(review.updated_at),
                review.updated_by,
                review.published_at.map(stored_time),
                review.published_by,
            ],
        )?;
        Ok(())
    }

    /// Adds an action item to an incident's review.
    pub fn add_action_item(&mut self, incident_id: &str, input: &ActionItemInput, author: &str) -> Result<ActionItem> {
        self.incident(incident_id)?;
        let input = self.checked_action(input)?;
        let now = self.clock.now();
        let id = new_id(now);
        self.conn.execute(
            "INSERT INTO action_item (id, incident_id, title, owner, due_on, status, runbook_id, created_at, created_by)
             VALUES (?1, ?2, ?3, ?4, ?5, 'open', ?6, ?7, ?8)",
            params![id, incident_id, input.title, input.owner, input.due_on.map(date), input.runbook_id, stored_time(now), author],
        )?;
        self.action_item(&id)
    }

    /// Changes an action item's title, owner, due date or runbook.
    pub fn update_action_item(&mut self, id: &str, input: &ActionItemInput) -> Result<ActionItem> {
        let input = self.checked_action(input)?;
        let changed = self.conn.execute(
            "UPDATE action_item SET title = ?2, owner = ?3, due_on = ?4, runbook_id = ?5 WHERE id = ?1",
            params![id, input.title, input.owner, input.due_on.map(date), input.runbook_id],
        )?;
        if changed == 0 {
            return Err(Error::NotFound { what: "action item", id: id.to_string() });
        }
        self.action_item(id)
    }

    /// Opens, closes as done or drops an action item.
    pub fn set_action_status(&mut self, id: &str, status: ActionStatus) -> Result<ActionItem> {
        let closed_at = (status != ActionStatus::Open).then(|| stored_time(self.clock.now()));
        let changed = self.conn.execute(
            "UPDATE action_item SET status = ?2, closed_at = ?3,
                    resolved_by_revision = CASE WHEN ?2 = 'open' THEN NULL ELSE resolved_by_revision END
             WHERE id = ?1",
            params![id, status.as_str(), closed_at],
        )?;
        if changed == 0 {
            return Err(Error::NotFound { what: "action item", id: id.to_string() });
        }
        self.action_item(id)
    }

    /// Records that the runbook's current revision resolves an improvement that points at it:
    /// the item is done, and names that revision. The revision must be newer than the item.
    pub fn resolve_improvement(&mut self, id: &str) -> Result<ActionItem> {
        let item = self.action_item(id)?;
        let runbook_id = item
            .runbook_id
            .as_deref()
            .ok_or_else(|| Error::InvalidInput(format!("the action item '{}' points at no runbook", item.title)))?;
        let revisions = self.runbook_revisions(runbook_id)?;
        let current = &revisions[0];
        if current.created_at < item.created_at {
            return Err(Error::InvalidState(format!(
                "no revision of runbook '{runbook_id}' was saved since the action item was written: save the improved runbook first"
            )));
        }
        self.conn.execute(
            "UPDATE action_item SET status = 'done', closed_at = ?2, resolved_by_revision = ?3 WHERE id = ?1",
            params![id, stored_time(self.clock.now()), current.revision],
        )?;
        self.action_item(id)
    }

    pub fn action_item(&self, id: &str) -> Result<ActionItem> {
        let today = self.clock.now().date_naive();
        self.conn
            .query_row(
                &format!("SELECT {ACTION_COLUMNS} FROM action_item a JOIN incident i ON i.id = a.incident_id WHERE a.id = ?1"),
                [id],
                |row| action_from_row(row, today),
            )
            .optional()?
            .ok_or_else(|| Error::NotFound { what: "action item", id: id.to_string() })
    }

    /// One incident's action items, in the order they were written.
    pub fn incident_action_items(&self, incident_id: &str) -> Result<Vec<ActionItem>> {
        self.action_items_where("a.incident_id = ?1", [incident_id])
    }

    /// Open action items across incidents: overdue first (oldest due date first), then by due
    /// date, then undated.
    pub fn open_action_items(&self) -> Result<Vec<ActionItem>> {
        let mut items = self.action_items_where("a.status = 'open'", [])?;
        items.sort_by_key(|item| (item.due_on.is_none(), item.due_on, item.created_at));
        Ok(items)
    }

    /// The pending improvements of a runbook: open action items that point at it.
    pub fn runbook_improvements(&self, runbook_id: &str) -> Result<Vec<ActionItem>> {
        self.action_items_where("a.runbook_id = ?1 AND a.status = 'open'", [runbook_id])
    }

    fn action_items_where<P: rusqlite::Params>(&self, condition: &str, params: P) -> Result<Vec<ActionItem>> {
        let today = self.clock.now().date_naive();
        let mut query = self.conn.prepare_cached(&format!(
            "SELECT {ACTION_COLUMNS} FROM action_item a JOIN incident i ON i.id = a.incident_id
             WHERE {condition} ORDER BY a.created_at, a.rowid"
        ))?;
        let rows = query.query_map(params, |row| action_from_row(row, today))?.collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(rows)
    }

    fn checked_action(&self, input: &ActionItemInput) -> Result<ActionItemInput> {
        let title = input.title.trim();
        if title.is_empty() {
            return Err(Error::InvalidInput("write what the action item is".into()));
        }
        if let Some(runbook) = &input.runbook_id {
            self.runbook(runbook)?;
        }
        Ok(ActionItemInput { title: title.to_string(), owner: input.owner.trim().to_string(), ..input.clone() })
    }
}

fn date(day: NaiveDate) -> String {
    day.format("%Y-%m-%d").to_string()
}

fn unreadable(index: usize, what: &str, err: impl std::fmt::Display) -> rusqlite::Error {
    rusqlite::Error::FromSqlConversionFailure(index, rusqlite::types::Type::Text, format!("{what}: {err}").into())
}

fn review_from_row(row: &rusqlite::Row<'_>) -> rusqlite::Result<Review> {
    let status: String = row.get(2)?;
    let sections: String = row.get(3)?;
    let highlights: String = row.get(4)?;
    Ok(Review {
        incident_id: row.get(0)?,
        version: row.get(1)?,
        status: ReviewStatus::parse(&status).ok_or_else(|| unreadable(2, "review status", &status))?,
        sections: serde_json::from_str(&sections).map_err(|err| unreadable(3, "review sections", err))?,
        highlights: serde_json::from_str(&highlights).map_err(|err| unreadable(4, "review highlights", err))?,
        updated_at: time_column(row, 5)?,
        updated_by: row.get(6)?,
        published_at: optional_time_column(row, 7)?,
        published_by: row.get(8)?,
    })
}

fn action_from_row(row: &rusqlite::Row<'_>, today: NaiveDate) -> rusqlite::Result<ActionItem> {
    let due: Option<String> = row.get(5)?;
    let due_on = due
        .map(|text| NaiveDate::parse_from_str(&text, "%Y-%m-%d").map_err(|err| unreadable(5, "due date", err)))
        .transpose()?;
    let status: String = row.get(6)?;
    let status = ActionStatus::parse(&status).ok_or_else(|| unreadable(6, "action status", &status))?;
    Ok(ActionItem {
        id: row.get(0)?,
        incident_id: row.get(1)?,
        incident_title: row.get(2)?,
        title: row.get(3)?,
        owner: row.get(4)?,
        due_on,
        status,
        runbook_id: row.get(7)?,
        resolved_by_revision: row.get(8)?,
        created_at: time_column(row, 9)?,
        created_by: row.get(10)?,
        closed_at: optional_time_column(row, 11)?,
        overdue: status == ActionStatus::Open && due_on.is_some_and(|due| due < today),
    })
}
