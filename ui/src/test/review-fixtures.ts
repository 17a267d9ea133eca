// Sample review data shaped like the core's answers: a draft with the default sections, the
// facts of a resolved incident, and action items.
import type { ActionItem } from "../lib/bindings/ActionItem";
import type { IncidentView } from "../lib/bindings/IncidentView";
import type { Review } from "../lib/bindings/Review";
import type { ReviewFacts } from "../lib/bindings/ReviewFacts";
import { entry, event, incidentId, incidentView, startedAt } from "./fixtures";

/** The unsaved first draft, as `review_get` answers before anything was saved. */
export const draftReview = (): Review => ({
  incident_id: incidentId,
  version: 1,
  status: "draft",
  sections: [
    { key: "summary", title: "Summary", prompt: "What happened, in two or three sentences.", body: "" },
    { key: "impact", title: "Impact", prompt: "Who was affected, how, and for how long.", body: "Checkout failed for EU users." },
  ],
  highlights: [],
  updated_at: startedAt,
  updated_by: "alice",
  published_at: null,
  published_by: null,
});

/** The fixture incident, resolved, with a few more timeline events to star. */
export function resolvedView(): IncidentView {
  const view = incidentView();
  view.incident.mode = "real";
  view.incident.resolved_at = "2026-05-14T04:10:00.000Z";
  view.milestones.resolved = "2026-05-14T04:10:00.000Z";
  view.timeline.push(
    entry(event(2, { kind: "log.entry", payload: { text: "Rolled back the deploy" } })),
    entry(event(3, { kind: "step.skipped", payload: { step: "confirm-outage", reason: "obvious from the alerts" } })),
    entry(event(4, { kind: "milestone.reached", payload: { milestone: "resolved", manual: true } })),
  );
  return view;
}

export const facts = (): ReviewFacts => ({
  responders: [
    { role_id: "incident-commander", role: "Incident Commander", person: "Alice Chen", waived: null, from: startedAt, until: "2026-05-14T03:00:00.000Z", note: "" },
    { role_id: "incident-commander", role: "Incident Commander", person: "Bob Li", waived: null, from: "2026-05-14T03:00:00.000Z", until: null, note: "shift change" },
    { role_id: "tech-lead", role: "Tech Lead", person: null, waived: "on leave", from: startedAt, until: null, note: "" },
  ],
  milestones: [
    { milestone: "detected", at: startedAt, since_detected_seconds: 0n, since_previous_seconds: null, target_minutes: null, verdict: "no_target", over_seconds: null },
    { milestone: "acknowledged", at: "2026-05-14T02:50:00.000Z", since_detected_seconds: 600n, since_previous_seconds: 600n, target_minutes: 15, verdict: "met", over_seconds: null },
    { milestone: "mitigated", at: "2026-05-14T04:05:00.000Z", since_detected_seconds: 5100n, since_previous_seconds: 4500n, target_minutes: 60, verdict: "breached", over_seconds: 1500n },
    { milestone: "resolved", at: null, since_detected_seconds: null, since_previous_seconds: null, target_minutes: 240, verdict: "pending", over_seconds: null },
  ],
  phases: [
    { phase: "identify", entered_at: startedAt, left_at: "2026-05-14T03:10:00.000Z", seconds: 1800n },
    { phase: "respond", entered_at: "2026-05-14T03:10:00.000Z", left_at: null, seconds: null },
    { phase: "recover", entered_at: null, left_at: null, seconds: null },
    { phase: "review", entered_at: null, left_at: null, seconds: null },
  ],
  skipped: [{ key: "confirm-outage", title: "Confirm the outage", phase: "identify", status: "skipped", reason: "obvious from the alerts", by: "alice", at: "2026-05-14T02:43:00.000Z" }],
  highlights: [],
});

export const actionItem = (fields: Partial<ActionItem> & Pick<ActionItem, "id" | "title">): ActionItem => ({
  incident_id: incidentId,
  incident_title: "Checkout down",
  owner: "",
  due_on: null,
  status: "open",
  runbook_id: null,
  resolved_by_revision: null,
  created_at: startedAt,
  created_by: "alice",
  closed_at: null,
  overdue: false,
  ...fields,
});
