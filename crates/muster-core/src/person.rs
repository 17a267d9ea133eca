//! The roster: the people who can take roles in an incident.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Person {
    /// Stable slug of the name when first added (`li-wei`); used in role events and the CLI.
    pub id: String,
    pub name: String,
    /// Phone, pager or e-mail: how to reach them when the network is down.
    pub contact: String,
}
