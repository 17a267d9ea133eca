// Typed wrappers for src-tauri/src/commands/incident.rs.
import type { Incident } from "../bindings/Incident";
import type { IncidentSummary } from "../bindings/IncidentSummary";
import type { IncidentView } from "../bindings/IncidentView";
import type { NewIncident } from "../bindings/NewIncident";
import type { TimelineEvent } from "../bindings/TimelineEvent";
import { call } from "./invoke";

export const listIncidents = () => call<IncidentSummary[]>("incident_list");
export const startIncident = (incident: NewIncident) => call<Incident>("incident_start", { new: incident });
export const viewIncident = (id: string) => call<IncidentView>("incident_view", { id });
export const tickStep = (incidentId: string, stepKey: string) =>
  call<TimelineEvent>("incident_tick_step", { incidentId, stepKey });
export const untickStep = (incidentId: string, stepKey: string) =>
  call<TimelineEvent>("incident_untick_step", { incidentId, stepKey });
