//! Muster's core: the domain model of emergency runbooks and incidents, the SQLite store that
//! keeps them, and the runbook file format.
//!
//! Architecture invariant: this crate knows nothing about Tauri, windows or the web UI. Every
//! capability is reachable through [`Store`] and tested without a window.
//!
//! Architecture invariant: the clock is always passed in ([`Clock`]); no logic in this crate
//! reads the system time by itself, so timers, metrics and tests control time.

pub mod backup;
pub mod clock;
pub mod duration;
pub mod error;
pub mod format;
pub mod incident;
pub mod phase;
pub mod runbook;
pub mod seed;
pub mod store;
pub mod timeline;

pub use clock::{Clock, ClockJump, ClockWatch, FixedClock, SystemClock};
pub use error::{Error, OpenProblem, Result};
pub use incident::{Incident, IncidentMode, IncidentSummary, IncidentView, NewIncident, StepState, StepStatus};
pub use phase::Phase;
pub use runbook::{Role, Runbook, RunbookSummary, ServiceTargets, Step};
pub use store::Store;
pub use timeline::{ChainReport, EventBody, TimelineEvent};
