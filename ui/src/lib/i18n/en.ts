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
  "problem.databaseHint": "Muster cannot read or record anything until it can open its database. Close other Muster windows and start Muster again.",
  "problem.loadTitle": "Could not load",

  "home.title": "Incidents and runbooks",
  "home.activeIncidents": "Active incidents",
  "home.noIncidents": "No active incidents. When something breaks, start one from a runbook below.",
  "home.runbooks": "Runbooks",
  "home.noRunbooks": "No runbooks are installed.",

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
} as const;

export type MessageKey = keyof typeof en;
export type Messages = Record<MessageKey, string>;
