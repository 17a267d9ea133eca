//! `muster export briefing` and `muster export activity-log`: the forms printed from an
//! incident, in Markdown or HTML.

use std::path::Path;

use chrono::{DateTime, Utc};
use muster_core::export::activity_log::{activity_log as log_of, Subject};
use muster_core::export::briefing::briefing as briefing_of;
use muster_core::export::document::Document;
use muster_core::export::write_text;
use muster_core::Store;

use crate::runbook::local_zone;
use crate::{Failure, Outcome};

pub fn briefing(store: &Store, incident: &str, format: &str, output: &Path) -> Outcome {
    let incident = crate::incident::resolve(store, incident)?;
    let view = store.incident_view(&incident.id)?;
    let who = std::env::var("USER").unwrap_or_else(|_| "muster".into());
    write(&briefing_of(&view, Utc::now(), &local_zone(), &who), format, output)
}

pub fn activity_log(
    store: &Store,
    incident: &str,
    (person, role): (Option<String>, Option<String>),
    (from, to): (Option<DateTime<Utc>>, Option<DateTime<Utc>>),
    format: &str,
    output: &Path,
) -> Outcome {
    let incident = crate::incident::resolve(store, incident)?;
    let view = store.incident_view(&incident.id)?;
    let subject = match (person, role) {
        (Some(person), _) => Subject::Person(store.person(&person)?.id),
        (None, Some(role)) if view.roles.iter().any(|h| h.role.id == role) => Subject::Role(role),
        (None, Some(role)) => {
            let known: Vec<&str> = view.roles.iter().map(|h| h.role.id.as_str()).collect();
            return Err(format!("the incident has no role '{role}'; its roles: {}", known.join(", ")).into());
        }
        (None, None) => return Err("say whose log: --person ID or --role ID".into()),
    };
    write(&log_of(&view, &subject, from, to, &local_zone()), format, output)
}

fn write(document: &Document, format: &str, output: &Path) -> Outcome {
    let text = match format {
        "md" | "markdown" => document.to_markdown(),
        "html" => document.to_html(),
        other => return Err(Failure::from(format!("unknown format '{other}': use md or html"))),
    };
    write_text(output, &text)?;
    say!("wrote {}", output.display())?;
    Ok(())
}
