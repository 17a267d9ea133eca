// Wording for the incident screen's data: timeline entries as sentences, and the names of
// milestones, timers, step statuses and timeline groups. Keys are listed in full (no built
// keys), so the dictionary test sees each one used.
import type { Milestone } from "../bindings/Milestone";
import type { StepStatus } from "../bindings/StepStatus";
import type { TimelineEvent } from "../bindings/TimelineEvent";
import type { Timer } from "../bindings/Timer";
import type { KindGroup } from "../timeline";
import type { MessageKey } from "./en";
import { formatClock, formatInstant, formatMinutes, phaseName } from "./format";
import { t } from "./translate.svelte";

const milestoneKeys: Record<Milestone, MessageKey> = {
  detected: "milestone.detected",
  acknowledged: "milestone.acknowledged",
  mitigated: "milestone.mitigated",
  resolved: "milestone.resolved",
};

export const milestoneName = (milestone: Milestone): string => t(milestoneKeys[milestone]);

const statusKeys: Record<StepStatus, MessageKey> = {
  open: "step.statusOpen",
  done: "step.statusDone",
  skipped: "step.statusSkipped",
  not_applicable: "step.statusNotApplicable",
};

export const stepStatusName = (status: StepStatus): string => t(statusKeys[status]);

const groupKeys: Record<KindGroup, MessageKey> = {
  steps: "timeline.groupSteps",
  roles: "timeline.groupRoles",
  milestones: "timeline.groupMilestones",
  log: "timeline.groupLog",
  timers: "timeline.groupTimers",
  other: "timeline.groupOther",
};

export const kindGroupName = (group: KindGroup): string => t(groupKeys[group]);

/** A timer's name: "Acknowledge", "Step “Confirm the outage”", "Status update". */
export function timerName(timer: Pick<Timer, "kind" | "step">, stepTitle: (key: string) => string): string {
  switch (timer.kind) {
    case "acknowledge":
      return t("timer.acknowledge");
    case "mitigate":
      return t("timer.mitigate");
    case "resolve":
      return t("timer.resolve");
    case "status_update":
      return t("timer.statusUpdate");
    case "step":
      return t("timer.step", { step: stepTitle(timer.step ?? "") });
  }
}

/** A timer named by its id alone, as breach events carry it. */
export function timerNameById(id: string, stepTitle: (key: string) => string): string {
  if (id.startsWith("step:")) return timerName({ kind: "step", step: id.slice("step:".length) }, stepTitle);
  const kinds: Record<string, Timer["kind"]> = { acknowledge: "acknowledge", mitigate: "mitigate", resolve: "resolve", status_update: "status_update" };
  return kinds[id] ? timerName({ kind: kinds[id], step: null }, stepTitle) : id;
}

/** How the timeline names what an event is about. */
export type TimelineNames = {
  step: (key: string) => string;
  role: (id: string) => string;
  person: (id: string) => string;
};

/** The event as one sentence; its free text (a log entry, a note, a reason) is shown apart. */
export function describeEvent(event: TimelineEvent, names: TimelineNames): string {
  switch (event.kind) {
    case "incident.declared": {
      const { mode, severity, title } = event.payload;
      return t(mode === "drill" ? "timeline.declaredDrill" : "timeline.declared", { severity, title });
    }
    case "role.assigned":
      return t("timeline.roleAssigned", { role: names.role(event.payload.role), person: event.payload.name });
    case "role.waived":
      return t("timeline.roleWaived", { role: names.role(event.payload.role), reason: event.payload.reason });
    case "role.handed_over": {
      const { role, from, name } = event.payload;
      return from === null
        ? t("timeline.roleTaken", { role: names.role(role), person: name })
        : t("timeline.roleHandedOver", { role: names.role(role), from: names.person(from), person: name });
    }
    case "phase.entered":
      return t("timeline.phaseEntered", { phase: phaseName(event.payload.phase) });
    case "step.ticked":
      return t("timeline.ticked", { step: names.step(event.payload.step) });
    case "step.unticked":
      return t("timeline.unticked", { step: names.step(event.payload.step) });
    case "step.skipped":
      return t("timeline.skipped", { step: names.step(event.payload.step) });
    case "step.not_applicable":
      return t("timeline.notApplicable", { step: names.step(event.payload.step) });
    case "step.decided":
      return t("timeline.decided", { step: names.step(event.payload.step), option: event.payload.option });
    case "step.noted":
      return t("timeline.noted", { step: names.step(event.payload.step) });
    case "milestone.reached":
      return t(event.payload.manual ? "timeline.milestoneSet" : "timeline.milestoneReached", { milestone: milestoneName(event.payload.milestone) });
    case "severity.changed":
      return t("timeline.severityChanged", { from: event.payload.from, to: event.payload.to });
    case "timer.breached":
      return t("timeline.timerBreached", { timer: timerNameById(event.payload.timer, names.step), time: formatInstant(event.payload.due_at) });
    case "status.updated":
      return t("timeline.statusUpdated");
    case "reminder.snoozed":
      return t("timeline.snoozed", { time: formatInstant(event.payload.until) });
    case "log.entry":
      return t("timeline.log");
    case "event.corrected": {
      const { seq, occurred_at, text } = event.payload;
      if (occurred_at !== null && text !== null) return t("timeline.correctedBoth", { seq, time: formatInstant(occurred_at) });
      if (occurred_at !== null) return t("timeline.correctedTime", { seq, time: formatInstant(occurred_at) });
      return t("timeline.correctedText", { seq });
    }
    case "incident.closed":
      return t("timeline.closed");
    case "clock.jumped":
      return t("timeline.clockJumped", { from: formatInstant(event.payload.from), to: formatInstant(event.payload.to) });
    case "drill.started":
      return t("timeline.drillStarted", { scenario: event.payload.scenario });
    case "drill.paused":
      return t("timeline.drillPaused");
    case "drill.resumed":
      return t("timeline.drillResumed");
    case "drill.speed_changed":
      return t("timeline.drillSpeed", { speed: event.payload.speed });
    case "inject.delivered":
      return t(event.payload.fired ? "timeline.injectFired" : "timeline.injectDelivered", { inject: event.payload.inject });
    case "inject.skipped":
      return t("timeline.injectSkipped", { inject: event.payload.inject });
    case "inject.acknowledged":
      return t("timeline.injectAcknowledged", { inject: event.payload.inject });
  }
}

/** The free text shown under the sentence: the corrected text when the kind carries one, else
 *  the note or reason the event carries, or null. */
export function eventDetail(event: TimelineEvent, text: string | null): string | null {
  if (text !== null) return text;
  switch (event.kind) {
    case "step.ticked":
      return event.payload.evidence ? t("timeline.evidence", { evidence: event.payload.evidence }) : (event.payload.note ?? null);
    case "step.unticked":
    case "step.not_applicable":
    case "step.decided":
      return event.payload.note ?? null;
    case "role.handed_over":
    case "incident.closed":
      return event.payload.note || null;
    case "event.corrected":
      return event.payload.text === null
        ? t("timeline.correctionReason", { reason: event.payload.reason })
        : t("timeline.correctionNewText", { text: event.payload.text, reason: event.payload.reason });
    default:
      return null;
  }
}

/** A countdown in words: "6 min left", "overdue by 3 min"; `clock` gives "0:05:59 left". */
export function formatCountdown(ms: number, clock = false): string {
  if (ms > 0) return t("timer.left", { duration: clock ? formatClock(ms) : formatMinutes(Math.ceil(ms / 60_000)) });
  return t("timer.overdue", { duration: clock ? formatClock(-ms) : formatMinutes(Math.floor(-ms / 60_000)) });
}
