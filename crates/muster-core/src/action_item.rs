//! Action items: the follow-up work a review decides on (title, owner, due date, status), and
//! the loop back to the plan: an item linked to a runbook is a pending improvement of that
//! runbook until a revision of it resolves the item.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum ActionStatus {
    Open,
    Done,
    /// Decided against, with the decision recorded in the title or review.
    Dropped,
}

impl ActionStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            ActionStatus::Open => "open",
            ActionStatus::Done => "done",
            ActionStatus::Dropped => "dropped",
        }
    }

    pub fn parse(text: &str) -> Option<ActionStatus> {
        match text {
            "open" => Some(ActionStatus::Open),
            "done" => Some(ActionStatus::Done),
            "dropped" => Some(ActionStatus::Dropped),
            _ => None,
        }
    }
}

/// What a user gives for a new or changed action item.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct ActionItemInput {
    pub title: String,
    /// A person or a team, as free text.
    pub owner: String,
    pub due_on: Option<NaiveDate>,
    /// The runbook this item improves.
    pub runbook_id: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct ActionItem {
    /// UUIDv7: stable across machines.
    pub id: String,
    pub incident_id: String,
    /// The incident's title, for lists across incidents.
    pub incident_title: String,
    pub title: String,
    pub owner: String,
    pub due_on: Option<NaiveDate>,
    pub status: ActionStatus,
    pub runbook_id: Option<String>,
    /// The runbook revision that resolved the item.
    pub resolved_by_revision: Option<u32>,
    pub created_at: DateTime<Utc>,
    pub created_by: String,
    pub closed_at: Option<DateTime<Utc>>,
    /// Open with a due date before today (by the store's clock, in UTC).
    pub overdue: bool,
}
