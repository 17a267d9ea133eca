// The English dictionary: the source of every user-visible string and the fallback for other
// locales. Keys are flat, grouped by prefix; `{name}` is replaced by the matching parameter.
export const en = {
  "app.name": "Muster",
  "app.loading": "Loading…",

  "theme.switchToLight": "Light theme",
  "theme.switchToDark": "Dark theme",

  "common.cancel": "Cancel",
  "common.close": "Close",
  "common.retry": "Try again",
  "common.dismiss": "Dismiss",
  "common.copy": "Copy",
  "common.copied": "Copied",
  "common.copyFailed": "Copy failed",

  "badge.drill": "DRILL",

  "problem.databaseTitle": "The database could not be opened",
  "problem.loadTitle": "Could not load",

  "fault.keptInput": "Nothing was saved. Your input is kept — try again when the problem is fixed.",
  "fault.notSaved": "Nothing was saved. Try again when the problem is fixed.",

  "home.title": "Incidents and runbooks",
  "home.activeIncidents": "Active incidents",
  "home.noIncidents": "No active incidents. When something breaks, start one from a runbook below.",
  "home.runbooks": "Runbooks",
  "home.noRunbooks": "No runbooks are installed.",
  "home.backups": "Backups",

  "recovery.title": "Muster could not open its database",
  "recovery.untouched": "Muster has not modified this file and will not. If you restore a backup, the file is kept aside under a new name.",
  "recovery.file": "File",
  "recovery.details": "Details",
  "recovery.restoreHeading": "Restore from a backup",
  "recovery.restoreIntro": "Muster backs up its database once a day and before every upgrade or restore. A backup brings back everything recorded up to when it was made.",
  "recovery.otherHeading": "Or use another database",
  "recovery.openOther": "Open another file…",
  "recovery.openOtherHint": "Choose an existing Muster database, for example a copy from another computer.",
  "recovery.createNew": "Start a new database…",
  "recovery.createNewHint": "Start empty in a new file. The old file stays where it is.",

  "openProblem.unreadable": "Muster cannot read the database file. It may have been moved, or its permissions may have changed.",
  "openProblem.notADatabase": "This file is not a database. It may have been overwritten by another file.",
  "openProblem.damaged": "The database file is damaged: it is incomplete or fails its checks, for example after a crash or a full disk.",
  "openProblem.foreign": "This file is a database, but not one of Muster's.",
  "openProblem.newer": "This database was written by a newer version of Muster. Update Muster to open it, or restore a backup.",
  "openProblem.inUse": "Another program is using the database, perhaps another Muster window. Close it, then try again.",

  "backups.title": "Backups",
  "backups.database": "Database",
  "backups.folder": "Backup folder",
  "backups.now": "Back up now",
  "backups.working": "Backing up…",
  "backups.schedule": "Muster also backs up the database once a day while it runs.",
  "backups.made": "Backup saved as {file}.",
  "backups.restored": "Restored the backup {path}.",
  "backups.previousSavedAs": "The database it replaced was saved as {path}.",
  "backups.saved": "Saved backups",
  "backups.none": "No backups were found in {folder}.",
  "backups.restore": "Restore",
  "backups.restoreLabel": "Restore the backup from {time}",

  "backupReason.manual": "Manual",
  "backupReason.scheduled": "Daily",
  "backupReason.beforeMigration": "Before an upgrade",
  "backupReason.beforeRestore": "Before a restore",

  "restore.heading": "Restore this backup?",
  "restore.what": "Muster will replace the current database with the backup from {time}.",
  "restore.keptAside": "The current database file is not deleted: it is kept aside under a new name, so nothing is lost.",
  "restore.confirm": "Restore",
  "restore.restoring": "Restoring…",

  "dialog.databaseFiles": "Muster database",
  "dialog.openTitle": "Open a Muster database",
  "dialog.createTitle": "Start a new Muster database",

  "incident.started": "Started {time}",
  "incident.elapsed": "running {duration}",
  "incident.progress": "{done} / {total} steps",

  "runbook.steps": "{count} steps",
  "runbook.roles": "{count} roles",
  "runbook.start": "Start incident",
  "runbook.startLabel": "Start incident from “{title}”",

  "declare.heading": "Declare incident",
  "declare.runbook": "Runbook: {title}",
  "declare.title": "Title",
  "declare.severity": "Severity",
  "declare.mode": "Mode",
  "declare.modeReal": "Real incident",
  "declare.modeDrill": "Drill (practice)",
  "declare.confirm": "Declare incident",
  "declare.declaring": "Declaring…",

  "screen.back": "Incidents",
  "screen.backLabel": "Back to incidents",
  "screen.elapsed": "Elapsed",
  "screen.shortcuts": "Keyboard shortcuts",
  "screen.steps": "Steps",
  "screen.allDone": "Every step is done.",
  "screen.clockWarning": "The system clock changed during this incident",

  "target.acknowledge": "Acknowledge ≤ {duration}",
  "target.mitigate": "Mitigate ≤ {duration}",
  "target.resolve": "Resolve ≤ {duration}",

  "phase.identify": "Identify",
  "phase.respond": "Respond",
  "phase.recover": "Recover",
  "phase.review": "Review",
  "phase.current": "Current phase",
  "phase.count": "{done} / {total}",
  "phase.stepsLabel": "{phase} steps",

  "step.target": "≤ {duration}",
  "step.doneBy": "Done {time} by {actor}",
  "step.saving": "Saving…",
  "step.tickLabel": "Done: {title}",
  "step.noInstructions": "No further instructions.",

  "timeline.heading": "Timeline",
  "timeline.empty": "Nothing recorded yet.",
  "timeline.declared": "Declared {severity} incident “{title}”",
  "timeline.declaredDrill": "Declared {severity} drill “{title}”",
  "timeline.ticked": "Ticked “{step}”",
  "timeline.unticked": "Unticked “{step}”",
  "timeline.clockJumped": "System clock changed: {from} → {to} (times around here may be off)",

  "shortcuts.next": "Next step",
  "shortcuts.previous": "Previous step",
  "shortcuts.toggle": "Tick or untick the focused step",
  "shortcuts.expand": "Show or hide instructions",
  "shortcuts.help": "Show this help",
  "shortcuts.escape": "Close this help, or go back to incidents",
  "shortcuts.or": "or",

  "duration.underMinute": "< 1 min",
  "duration.minutes": "{m} min",
  "duration.hours": "{h} h",
  "duration.hoursMinutes": "{h} h {mm} min",
  "duration.days": "{d} d",
  "duration.daysHours": "{d} d {h} h",

  "size.kilobytes": "{n} KB",
  "size.megabytes": "{n} MB",
} as const;

export type MessageKey = keyof typeof en;
export type Messages = Record<MessageKey, string>;
