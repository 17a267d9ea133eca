//! Incident milestones: the four moments the service targets and metrics are measured between.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "lowercase")]
pub enum Milestone {
    /// Someone noticed the problem; may be earlier than the declaration.
    Detected,
    /// Someone took charge.
    Acknowledged,
    /// The impact stopped, even by a workaround.
    Mitigated,
    /// The cause is fixed; only the review remains.
    Resolved,
}

impl Milestone {
    pub const ALL: [Milestone; 4] =
        [Milestone::Detected, Milestone::Acknowledged, Milestone::Mitigated, Milestone::Resolved];

    pub fn as_str(self) -> &'static str {
        match self {
            Milestone::Detected => "detected",
            Milestone::Acknowledged => "acknowledged",
            Milestone::Mitigated => "mitigated",
            Milestone::Resolved => "resolved",
        }
    }

    pub fn parse(name: &str) -> Option<Milestone> {
        Milestone::ALL.into_iter().find(|m| m.as_str().eq_ignore_ascii_case(name.trim()))
    }
}
