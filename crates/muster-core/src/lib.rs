//! Muster's core: the domain model of emergency runbooks and incidents, the SQLite store that
//! keeps them, and the runbook file format.
//!
//! Architecture invariant: this crate knows nothing about Tauri, windows or the web UI. Every
//! capability is reachable through [`Store`] and tested without a window.
//!
//! Architecture invariant: the clock is always passed in ([`Clock`]); no logic in this crate
//! reads the system time by itself, so timers, metrics and tests control time.

pub mod action_item;
pub mod backup;
pub mod clock;
pub mod drill;
pub mod duration;
pub mod error;
pub mod export;
pub mod format;
pub mod html;
pub mod incident;
pub mod library;
pub mod metrics;
pub mod milestone;
pub mod person;
pub mod phase;
pub mod review;
pub mod role;
pub mod runbook;
pub mod runbook_diff;
pub mod scorecard;
pub mod search;
pub mod seed;
pub mod store;
pub mod timeline;
pub mod timer;

pub use clock::{Clock, ClockJump, ClockWatch, FixedClock, SystemClock};
pub use error::{Error, OpenProblem, Result};
pub use incident::{
    Incident, IncidentAction, IncidentMode, IncidentSummary, IncidentView, Milestones, NewIncident, RoleAssignment,
    RoleFill, RoleHolder, StepState, StepStatus, TimelineEntry,
};
pub use milestone::Milestone;
pub use person::{CsvPerson, Person, PersonInput, RowError};
pub use phase::Phase;
pub use role::{ContactSheet, CurrentHolder, Role, RoleContacts};
pub use runbook::{
    FieldProblem, ImportOutcome, ImportStatus, RevisionInfo, Runbook, RunbookReview, RunbookSummary, ServiceTargets,
    Step, StepCondition,
};
pub use runbook_diff::{DiffHunk, DiffKind, DiffLine};
pub use search::{HitKind, SearchHit};
pub use store::Store;
pub use timeline::{ChainReport, EventBody, TimelineEvent};
pub use timer::{Timer, TimerKind, TimerState};
