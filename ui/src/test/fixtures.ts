// Sample data shaped like the core's answers, shared by the component tests.
import type { BackupInfo } from "../lib/bindings/BackupInfo";
import type { EventBody } from "../lib/bindings/EventBody";
import type { DatabaseStatus } from "../lib/bindings/DatabaseStatus";
import type { IncidentMode } from "../lib/bindings/IncidentMode";
import type { IncidentSummary } from "../lib/bindings/IncidentSummary";
import type { IncidentView } from "../lib/bindings/IncidentView";
import type { RunbookSummary } from "../lib/bindings/RunbookSummary";
import type { Step } from "../lib/bindings/Step";
import type { StepState } from "../lib/bindings/StepState";
import type { Person } from "../lib/bindings/Person";
import type { TimelineEntry } from "../lib/bindings/TimelineEntry";
import type { TimelineEvent } from "../lib/bindings/TimelineEvent";
import type { Timer } from "../lib/bindings/Timer";

export const incidentId = "0190a1b2-0000-7000-8000-000000000001";
export const startedAt = "2026-05-14T02:40:00.000Z";

export const runbooks: RunbookSummary[] = [
  {
    id: "it-system-outage",
    title: "IT system outage",
    summary: "A production or core business system is down or badly degraded for users.",
    revision: 1,
    step_count: 5,
    role_count: 2,
    tags: [],
    owner: "",
    review_days: 180,
    last_reviewed_at: null,
    review_due_at: "2026-11-10T02:40:00.000Z",
    stale: false,
    drill_days: null,
    last_drill_at: null,
    drill_due_at: null,
    drill_overdue: false,
  },
  {
    id: "data-centre-power-loss",
    title: "Data centre power loss",
    summary: "A site has lost mains power.",
    revision: 2,
    step_count: 12,
    role_count: 4,
    tags: ["facilities"],
    owner: "Facilities",
    review_days: 90,
    last_reviewed_at: "2026-01-10T09:00:00.000Z",
    review_due_at: "2026-04-10T09:00:00.000Z",
    stale: true,
    drill_days: null,
    last_drill_at: null,
    drill_due_at: null,
    drill_overdue: false,
  },
];

export const step = (key: string, phase: Step["phase"], title: string, role: string | null, target: number | null, instructions = "", extra: Partial<Step> = {}): StepState => ({
  step: { key, phase, title, instructions, role, target_minutes: target, evidence: null, options: [], condition: null, milestone: null, optional: false, ...extra },
  status: "open",
  hidden: false,
  decision: null,
  evidence: null,
  note: null,
  changed_at: null,
  changed_by: null,
});

/** Wraps an event as the view's timeline shows it (no corrections); the text is that of the kinds
 *  the core gives a correctable text. */
export const entry = (event: TimelineEvent, person: string | null = null): TimelineEntry => ({
  event,
  occurred_at: event.occurred_at,
  text:
    event.kind === "log.entry" || event.kind === "status.updated"
      ? event.payload.text
      : event.kind === "step.noted"
        ? event.payload.note
        : event.kind === "step.skipped"
          ? event.payload.reason
          : null,
  superseded_by: null,
  person,
});

/** A roster entry: the given fields over an active person with nothing else on record. */
export const person = (fields: Partial<Person> & Pick<Person, "id" | "name">): Person => ({
  team: "",
  phone: "",
  email: "",
  chat: "",
  roles: [],
  notes: "",
  retired_at: null,
  ...fields,
});

export const people: Person[] = [
  person({ id: "alice-chen", name: "Alice Chen", phone: "+86 138 0000 0001", team: "Platform", chat: "@alice", roles: ["incident-commander"] }),
  person({ id: "bob-li", name: "Bob Li", email: "bob@example.com", roles: ["tech-lead", "scribe"] }),
];

export const declaredEvent = (mode: IncidentMode): TimelineEvent => ({
  id: "event-1",
  incident_id: incidentId,
  seq: 1,
  occurred_at: startedAt,
  recorded_at: startedAt,
  actor: "alice",
  hash: "h1",
  kind: "incident.declared",
  payload: { title: "Checkout down", severity: "SEV1", mode, runbook_id: "it-system-outage", runbook_revision: 1, detected_at: startedAt },
});

export function stepEvent(kind: "step.ticked" | "step.unticked", stepKey: string, seq: number): TimelineEvent {
  const at = `2026-05-14T02:${40 + seq}:00.000Z`;
  return { id: `event-${seq}`, incident_id: incidentId, seq, occurred_at: at, recorded_at: at, actor: "alice", hash: `h${seq}`, kind, payload: { step: stepKey } };
}

export const clockJumpEvent = (seq: number, from = "2026-05-14T03:00:00.000Z", to = "2026-05-14T05:00:00.000Z"): TimelineEvent => ({
  id: `event-${seq}`,
  incident_id: incidentId,
  seq,
  occurred_at: to,
  recorded_at: to,
  actor: "muster",
  hash: `h${seq}`,
  kind: "clock.jumped",
  payload: { from, to },
});

/** A fresh view each call: tests mutate what they are given. */
export function incidentView(): IncidentView {
  return {
    incident: {
      id: incidentId,
      runbook_id: "it-system-outage",
      runbook_revision: 1,
      title: "Checkout down",
      severity: "SEV1",
      mode: "drill",
      started_at: startedAt,
      detected_at: startedAt,
      acknowledged_at: null,
      mitigated_at: null,
      resolved_at: null,
      closed_at: null,
      phase: "identify",
    },
    runbook_title: "IT system outage",
    roles: [
      { role: { id: "incident-commander", name: "Incident Commander", duties: "" }, person: people[0], waived: null, since: startedAt },
      { role: { id: "tech-lead", name: "Tech Lead", duties: "" }, person: null, waived: "on leave, covered by the IC", since: startedAt },
    ],
    targets: { acknowledge_minutes: 15, mitigate_minutes: 60, resolve_minutes: 240, update_minutes: 30 },
    milestones: { detected: startedAt, acknowledged: null, mitigated: null, resolved: null },
    phases: [
      {
        phase: "identify",
        entered_at: startedAt,
        steps: [
          step("acknowledge-alert", "identify", "Acknowledge the alert", "incident-commander", 5),
          step("confirm-outage", "identify", "Confirm the outage", "tech-lead", 10, "Check it:\n\n```sh\ncurl -sS https://app.example.com/health\n```"),
        ],
      },
      { phase: "respond", entered_at: null, steps: [step("restore-service", "respond", "Restore the service", "tech-lead", 60)] },
      { phase: "recover", entered_at: null, steps: [step("verify-service", "recover", "Verify the service", null, null)] },
      { phase: "review", entered_at: null, steps: [step("book-review", "review", "Book the review", "incident-commander", null)] },
    ],
    timers: [],
    timeline: [entry(declaredEvent("drill"))],
    last_status: null,
    clock_jumped: false,
    drill: { scenarios: [], scenario: null, started_at: null, running: false, speed: 1, elapsed_ms: 0, as_of: startedAt, injects: [] },
  };
}

/** A timeline event of any kind: `seq` 2 happens at 02:42, 3 at 02:43, and so on (`at` overrides);
 *  it is recorded when it happens unless `recordedAt` says otherwise. */
export function event(seq: number, body: EventBody, at = `2026-05-14T02:${String(40 + (seq % 20)).padStart(2, "0")}:00.000Z`, recordedAt = at): TimelineEvent {
  return { id: `event-${seq}`, incident_id: incidentId, seq, occurred_at: at, recorded_at: recordedAt, actor: "alice", hash: `h${seq}`, ...body } as TimelineEvent;
}

/** A running timer that warns and falls due the given number of milliseconds from now. */
export function timer(id: string, kind: Timer["kind"], warnIn: number, dueIn: number, step: string | null = null): Timer {
  const now = Date.now();
  const iso = (offset: number) => new Date(now + offset).toISOString();
  return { id, kind, step, starts_at: iso(-3_600_000), warn_at: iso(warnIn), due_at: iso(dueIn), stopped_at: null, state: "running" };
}

/** A long timeline for the benchmark: log entries, notes and ticks, oldest first. */
export function longTimeline(count: number): TimelineEntry[] {
  const start = Date.parse(startedAt);
  return Array.from({ length: count }, (_, index) => {
    const seq = index + 1;
    const at = new Date(start + index * 1000).toISOString();
    const body: EventBody =
      seq % 3 === 0
        ? { kind: "step.ticked", payload: { step: "confirm-outage" } }
        : seq % 3 === 1
          ? { kind: "log.entry", payload: { text: `Entry ${seq}: checked the load balancer and the database replicas` } }
          : { kind: "step.noted", payload: { step: "confirm-outage", note: `Note ${seq}` } };
    return entry(event(seq, body, at), seq % 2 === 0 ? "alice-chen" : null);
  });
}

export const activeIncident: IncidentSummary = {
  incident: incidentView().incident,
  runbook_title: "IT system outage",
  steps_done: 3,
  steps_total: 24,
};

export const backupFolder = "/data/backups";

export const backups: BackupInfo[] = [
  {
    path: `${backupFolder}/muster-20260514-0300.db`,
    file_name: "muster-20260514-0300.db",
    created_at: "2026-05-14T03:00:00.000Z",
    reason: "scheduled",
    size_bytes: 2_400_000n,
  },
  {
    path: `${backupFolder}/muster-20260510-0900.db`,
    file_name: "muster-20260510-0900.db",
    created_at: "2026-05-10T09:00:00.000Z",
    reason: "before_migration",
    size_bytes: 420_000n,
  },
];

/** A damaged database with two backups; `overrides` change any part. */
export const databaseStatus = (overrides: Partial<DatabaseStatus> = {}): DatabaseStatus => ({
  path: "/data/muster.db",
  open: false,
  problem: "damaged",
  message: "database disk image is malformed",
  backup_folder: backupFolder,
  backups,
  ...overrides,
});
