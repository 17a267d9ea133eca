//! The roles catalogue: the roles responders take during an incident, each with its duties, and
//! the contact sheet that says who to call for each.
//!
//! Invariant: the catalogue owns a role's name and duties. A runbook names roles by id; saving a
//! runbook adds the roles the catalogue lacks and never renames one a team has edited. A new
//! database starts with [`CATALOGUE`]; an older one gets the missing ones once (see `seed.rs`).

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::incident::IncidentMode;
use crate::person::Person;

/// A role responders take during an incident ("Incident Commander", "Comms Lead").
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Role {
    /// Stable slug used in files and by steps (`incident-commander`).
    pub id: String,
    pub name: String,
    /// What the holder is responsible for during an incident; empty when nobody wrote it yet.
    #[serde(default)]
    pub duties: String,
}

impl Role {
    /// A role with no duties written down yet.
    pub fn new(id: &str, name: &str) -> Role {
        Role { id: id.to_string(), name: name.to_string(), duties: String::new() }
    }
}

/// The roles every new database starts with, in catalogue order: (id, name, duties). The ids
/// are the ones the sample runbooks use.
pub const CATALOGUE: &[(&str, &str, &str)] = &[
    (
        "incident-commander",
        "Incident Commander",
        "Leads the response: declares the incident and its severity, assigns the other roles, makes the \
         decisions, keeps everyone on one plan, and decides when the incident is resolved and closed.",
    ),
    (
        "tech-lead",
        "Operations/Tech Lead",
        "Diagnoses and fixes: works out what is broken, proposes and carries out the mitigation, and tells the \
         commander what was tried and how it went.",
    ),
    (
        "comms-lead",
        "Communications Lead",
        "Keeps people informed: writes and sends the status updates on the agreed cadence to staff, management and \
         the status page, and answers questions so the responders can work.",
    ),
    (
        "scribe",
        "Scribe",
        "Keeps the record: writes down what happens, when and who decided what, so the timeline is complete for \
         the handover and the review.",
    ),
    (
        "customer-liaison",
        "Customer Liaison",
        "Speaks for the customers: tells affected customers what is happening and what to do, and brings their \
         reports and their impact back to the commander.",
    ),
];

/// The printable contact sheet: for each role of the catalogue, who can hold it and how to reach
/// them, and who holds it now in each open incident.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct ContactSheet {
    /// When the sheet was made, so a printed copy shows its age.
    pub made_at: DateTime<Utc>,
    /// In catalogue order.
    pub roles: Vec<RoleContacts>,
    /// Active people trained for no role, so nobody is missing from a printed sheet.
    pub others: Vec<Person>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct RoleContacts {
    pub role: Role,
    /// Who holds the role in each open incident whose runbook names it, newest incident first.
    pub holders: Vec<CurrentHolder>,
    /// Active people who can hold the role, by name.
    pub people: Vec<Person>,
}

/// Who holds a role in one open incident.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct CurrentHolder {
    pub incident_id: String,
    pub incident_title: String,
    pub severity: String,
    pub mode: IncidentMode,
    /// `None` when the role was waived (then `waived` says why).
    pub person: Option<Person>,
    pub waived: Option<String>,
}
