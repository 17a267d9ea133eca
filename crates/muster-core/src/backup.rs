//! Backups of the database: what one is, where they live and how they are named.
//!
//! Backups live in a folder beside the database (`muster.db` → `muster-backups/`), one
//! self-contained SQLite file each, named `muster-20261127T031500Z-scheduled.db`, so the folder
//! reads well to a person and sorts by time. Each is checked before it counts; the newest
//! [`DEFAULT_KEEP`] are kept.

use std::path::{Path, PathBuf};

use chrono::{DateTime, NaiveDateTime, Utc};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// How many backups are kept before the oldest are deleted.
pub const DEFAULT_KEEP: usize = 14;

/// How often a running app makes a scheduled backup.
pub const DEFAULT_INTERVAL: chrono::Duration = chrono::Duration::days(1);

const TIME_FORMAT: &str = "%Y%m%dT%H%M%SZ";

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum BackupReason {
    Manual,
    Scheduled,
    BeforeMigration,
    BeforeRestore,
}

impl BackupReason {
    const ALL: [BackupReason; 4] =
        [BackupReason::Manual, BackupReason::Scheduled, BackupReason::BeforeMigration, BackupReason::BeforeRestore];

    pub fn as_str(self) -> &'static str {
        match self {
            BackupReason::Manual => "manual",
            BackupReason::Scheduled => "scheduled",
            BackupReason::BeforeMigration => "before-migration",
            BackupReason::BeforeRestore => "before-restore",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct BackupInfo {
    pub path: String,
    pub file_name: String,
    pub created_at: DateTime<Utc>,
    pub reason: BackupReason,
    pub size_bytes: u64,
}

/// The backup folder of a database.
pub fn backup_dir(db_path: &Path) -> PathBuf {
    let stem = db_path.file_stem().and_then(|s| s.to_str()).unwrap_or("muster");
    db_path.with_file_name(format!("{stem}-backups"))
}

fn stem(db_path: &Path) -> &str {
    db_path.file_stem().and_then(|s| s.to_str()).unwrap_or("muster")
}

/// The file name of a backup made at `at` for `reason`; `n` > 1 tells apart two in one second.
pub(crate) fn backup_file_name(db_path: &Path, at: DateTime<Utc>, reason: BackupReason, n: u32) -> String {
    let suffix = if n > 1 { format!("-{n}") } else { String::new() };
    format!("{}-{}-{}{suffix}.db", stem(db_path), at.format(TIME_FORMAT), reason.as_str())
}

/// Reads the time and reason back from a backup's file name; `None` for other files.
pub(crate) fn parse_backup_file_name(db_path: &Path, file_name: &str) -> Option<(DateTime<Utc>, BackupReason)> {
    let rest = file_name.strip_prefix(stem(db_path))?.strip_prefix('-')?.strip_suffix(".db")?;
    let (time, rest) = rest.split_at_checked(16)?;
    let at = NaiveDateTime::parse_from_str(time, TIME_FORMAT).ok()?.and_utc();
    let rest = rest.strip_prefix('-')?;
    let reason = BackupReason::ALL.into_iter().find(|reason| {
        rest.strip_prefix(reason.as_str())
            .is_some_and(|tail| tail.is_empty() || tail.strip_prefix('-').is_some_and(|n| n.parse::<u32>().is_ok()))
    })?;
    Some((at, reason))
}

/// The backups of a database, newest first.
pub fn list_backups(db_path: &Path) -> crate::Result<Vec<BackupInfo>> {
    let dir = backup_dir(db_path);
    let entries = match std::fs::read_dir(&dir) {
        Ok(entries) => entries,
        Err(err) if err.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(err) => return Err(crate::Error::io(&dir, err)),
    };
    let mut backups: Vec<BackupInfo> = entries
        .flatten()
        .filter_map(|entry| {
            let file_name = entry.file_name().to_str()?.to_string();
            let (created_at, reason) = parse_backup_file_name(db_path, &file_name)?;
            Some(BackupInfo {
                path: entry.path().display().to_string(),
                size_bytes: entry.metadata().map(|m| m.len()).unwrap_or(0),
                file_name,
                created_at,
                reason,
            })
        })
        .collect();
    backups.sort_by(|a, b| b.created_at.cmp(&a.created_at).then_with(|| b.file_name.cmp(&a.file_name)));
    Ok(backups)
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn names_round_trip() {
        let db = Path::new("/data/muster.db");
        let at = Utc.with_ymd_and_hms(2026, 11, 27, 3, 15, 0).unwrap();
        for reason in BackupReason::ALL {
            for n in [1, 2, 13] {
                let name = backup_file_name(db, at, reason, n);
                assert_eq!(parse_backup_file_name(db, &name), Some((at, reason)), "{name}");
            }
        }
        assert_eq!(
            backup_file_name(db, at, BackupReason::BeforeMigration, 1),
            "muster-20261127T031500Z-before-migration.db"
        );
        assert_eq!(parse_backup_file_name(db, "muster-notes.txt"), None);
        assert_eq!(parse_backup_file_name(db, "other-20261127T031500Z-manual.db"), None);
        assert_eq!(backup_dir(db), Path::new("/data/muster-backups"));
    }
}
