// Sample data for the declare dialog, the people screen and the home list: the team's roster
// and severity scale, the roles of the IT outage runbook, and incidents in every status.
import type { Incident } from "../lib/bindings/Incident";
import type { IncidentSummary } from "../lib/bindings/IncidentSummary";
import type { Role } from "../lib/bindings/Role";
import { people, person, runbooks } from "./fixtures";
import type { Handler } from "./mock-core";

export { people, person, runbooks };

export const outageRunbook = runbooks[0];

export const severities = ["SEV1", "SEV2", "SEV3", "SEV4"];

export const outageRoles: Role[] = [
  { id: "incident-commander", name: "Incident Commander", duties: "Leads the response." },
  { id: "tech-lead", name: "Tech Lead", duties: "" },
];

/** The roles catalogue: the runbook's roles and one more. */
export const catalogue: Role[] = [...outageRoles, { id: "scribe", name: "Scribe", duties: "Keeps the record." }];

/** The commands the declare dialog asks when it opens, answered from the samples above. */
export const declareHandlers = (overrides: Record<string, Handler> = {}): Record<string, Handler> => ({
  severity_list: () => severities,
  person_list: () => people,
  runbook_roles: ({ id }) => (id === outageRunbook.id ? outageRoles : []),
  ...overrides,
});

/** An incident as the core lists it; each call a fresh object. */
export function incidentSummary(id: string, incident: Partial<Incident> = {}, progress: Partial<Omit<IncidentSummary, "incident">> = {}): IncidentSummary {
  return {
    incident: {
      id,
      runbook_id: outageRunbook.id,
      runbook_revision: 1,
      title: `Incident ${id}`,
      severity: "SEV2",
      mode: "real",
      started_at: "2026-05-14T02:40:00.000Z",
      detected_at: "2026-05-14T02:30:00.000Z",
      acknowledged_at: "2026-05-14T02:45:00.000Z",
      mitigated_at: null,
      resolved_at: null,
      closed_at: null,
      phase: "respond",
      ...incident,
    },
    runbook_title: outageRunbook.title,
    steps_done: 3,
    steps_total: 24,
    ...progress,
  };
}

const at = (time: string) => `2026-05-14T${time}:00.000Z`;

/** Incidents in every status, newest first as the core lists them. */
export const listedIncidents = (): IncidentSummary[] => [
  incidentSummary("closed", { title: "Printer queue stuck", severity: "SEV4", phase: "review", mitigated_at: at("02:50"), resolved_at: at("03:00"), closed_at: at("04:00") }),
  incidentSummary("resolved", { title: "VPN drops", severity: "SEV3", phase: "review", mitigated_at: at("02:50"), resolved_at: at("03:35") }),
  incidentSummary("drill", { title: "Failover drill", severity: "SEV2", mode: "drill", phase: "identify", acknowledged_at: null }),
  incidentSummary("mitigated", { title: "Payments slow", severity: "SEV2", phase: "recover", mitigated_at: at("03:10") }),
  incidentSummary("active", { title: "Checkout down", severity: "SEV1", phase: "respond" }, { steps_done: 5, steps_total: 20 }),
];
