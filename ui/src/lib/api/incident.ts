// Typed wrappers for src-tauri/src/commands/incident.rs.
import type { ChainReport } from "../bindings/ChainReport";
import type { Incident } from "../bindings/Incident";
import type { IncidentAction } from "../bindings/IncidentAction";
import type { IncidentSummary } from "../bindings/IncidentSummary";
import type { IncidentView } from "../bindings/IncidentView";
import type { NewIncident } from "../bindings/NewIncident";
import type { TimelineEvent } from "../bindings/TimelineEvent";
import { call } from "./invoke";

export const listIncidents = () => call<IncidentSummary[]>("incident_list");
export const startIncident = (incident: NewIncident) => call<Incident>("incident_start", { new: incident });
export const viewIncident = (id: string) => call<IncidentView>("incident_view", { id });
/** Records one responder action; resolves with the committed events only after the commit. */
export const actOnIncident = (incidentId: string, action: IncidentAction) =>
  call<TimelineEvent[]>("incident_act", { incidentId, action });
export const verifyIncident = (incidentId: string) => call<ChainReport>("incident_verify", { incidentId });
