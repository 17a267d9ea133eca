//! First-run content: the sample runbooks shipped in `assets/runbooks/`, loaded into a new
//! database once, so a team can start an incident the minute they install Muster.

use std::path::Path;

use rusqlite::OptionalExtension;

use crate::error::Result;
use crate::format::markdown;
use crate::store::Store;

/// The sample runbooks, embedded at build time: (file name, Markdown text).
pub const SAMPLE_RUNBOOKS: &[(&str, &str)] = &[
    ("it-system-outage.md", include_str!("../../../assets/runbooks/it-system-outage.md")),
    ("customer-service-disruption.md", include_str!("../../../assets/runbooks/customer-service-disruption.md")),
    ("data-centre-power-loss.md", include_str!("../../../assets/runbooks/data-centre-power-loss.md")),
];

const SEEDED_KEY: &str = "seeded_at";

/// Seeds the sample runbooks into a database that has never been seeded. A database whose
/// user deleted the samples is not seeded again.
pub(crate) fn seed_if_new(store: &mut Store) -> Result<()> {
    let seeded: Option<String> =
        store.conn().query_row("SELECT value FROM meta WHERE key = ?1", [SEEDED_KEY], |row| row.get(0)).optional()?;
    if seeded.is_some() {
        return Ok(());
    }
    for (name, text) in SAMPLE_RUNBOOKS {
        let runbook = markdown::read(Path::new(name), text)?;
        // A run interrupted half-way leaves some samples saved; do not give them a second revision.
        if store.runbook(&runbook.id).is_ok() {
            continue;
        }
        store.save_runbook(&runbook, "Muster", "Sample runbook installed on first run")?;
    }
    let now = crate::timeline::stored_time(store.clock().now());
    store.conn().execute("INSERT INTO meta (key, value) VALUES (?1, ?2)", [SEEDED_KEY, now.as_str()])?;
    Ok(())
}
