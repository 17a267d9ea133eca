//! The four phases every runbook and incident walks through, in order.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "lowercase")]
pub enum Phase {
    Identify,
    Respond,
    Recover,
    Review,
}

impl Phase {
    pub const ALL: [Phase; 4] = [Phase::Identify, Phase::Respond, Phase::Recover, Phase::Review];

    /// The stable identifier stored in the database and used in files.
    pub fn as_str(self) -> &'static str {
        match self {
            Phase::Identify => "identify",
            Phase::Respond => "respond",
            Phase::Recover => "recover",
            Phase::Review => "review",
        }
    }

    pub fn parse(name: &str) -> Option<Phase> {
        Phase::ALL.into_iter().find(|phase| phase.as_str().eq_ignore_ascii_case(name.trim()))
    }
}
