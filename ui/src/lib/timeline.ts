// The timeline panel's filters: each event kind belongs to one group, and entries can be narrowed
// to a group and to the person they concern.
import type { TimelineEntry } from "./bindings/TimelineEntry";
import type { TimelineEvent } from "./bindings/TimelineEvent";
import { instant } from "./timer";

export type EventKind = TimelineEvent["kind"];
export type KindGroup = "steps" | "roles" | "milestones" | "log" | "timers" | "other";

export const kindGroups: readonly KindGroup[] = ["steps", "roles", "milestones", "log", "timers", "other"];

const groupOfKind: Record<EventKind, KindGroup> = {
  "step.ticked": "steps",
  "step.unticked": "steps",
  "step.skipped": "steps",
  "step.not_applicable": "steps",
  "step.decided": "steps",
  "step.noted": "steps",
  "role.assigned": "roles",
  "role.waived": "roles",
  "role.handed_over": "roles",
  "incident.declared": "milestones",
  "phase.entered": "milestones",
  "milestone.reached": "milestones",
  "incident.closed": "milestones",
  "log.entry": "log",
  "status.updated": "log",
  "timer.breached": "timers",
  "reminder.snoozed": "timers",
  "event.corrected": "other",
  "drill.started": "other",
  "drill.paused": "other",
  "drill.resumed": "other",
  "drill.speed_changed": "other",
  "inject.delivered": "log",
  "inject.skipped": "other",
  "inject.acknowledged": "log",
  "severity.changed": "other",
  "clock.jumped": "other",
};

export const groupOf = (kind: EventKind): KindGroup => groupOfKind[kind];

export type TimelineFilter = { group: KindGroup | null; person: string | null };

/** The entries that pass the filter, newest first. */
export function filterTimeline(entries: readonly TimelineEntry[], filter: TimelineFilter): TimelineEntry[] {
  const shown: TimelineEntry[] = [];
  for (let index = entries.length - 1; index >= 0; index -= 1) {
    const entry = entries[index];
    if (filter.group !== null && groupOfKind[entry.event.kind] !== filter.group) continue;
    if (filter.person !== null && entry.person !== filter.person) continue;
    shown.push(entry);
  }
  return shown;
}

/** The people the entries concern, each once, for the person filter. */
export const peopleConcerned = (entries: readonly TimelineEntry[]): string[] => [
  ...new Set(entries.flatMap((entry) => (entry.person === null ? [] : [entry.person]))),
];

/** Whether the entry was written down more than a minute after it happened (or before: a
 *  corrected time may be later than when it was first written). */
export const writtenLate = (entry: TimelineEntry): boolean =>
  Math.abs(instant(entry.event.recorded_at) - instant(entry.occurred_at)) > 60_000;
