// Where an incident stands, read from its milestones, and the order the home list shows them
// in: open incidents before closed ones, the ones still burning first.
import type { Incident } from "./bindings/Incident";
import type { IncidentSummary } from "./bindings/IncidentSummary";

export type IncidentStatus = "active" | "mitigated" | "resolved" | "closed";

/** Closed once closed; else resolved, mitigated, or still active. */
export function incidentStatus(incident: Incident): IncidentStatus {
  if (incident.closed_at !== null) return "closed";
  if (incident.resolved_at !== null) return "resolved";
  if (incident.mitigated_at !== null) return "mitigated";
  return "active";
}

const rank: Record<IncidentStatus, number> = { active: 0, mitigated: 1, resolved: 2, closed: 3 };

/** Active, then mitigated, then resolved, then closed; the core's order (newest first) within
 *  each. Returns a new array. */
export const orderForList = (summaries: IncidentSummary[]): IncidentSummary[] =>
  summaries
    .map((summary, index) => ({ summary, index }))
    .sort((a, b) => rank[incidentStatus(a.summary.incident)] - rank[incidentStatus(b.summary.incident)] || a.index - b.index)
    .map(({ summary }) => summary);
