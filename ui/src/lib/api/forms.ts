// Typed wrappers for src-tauri/src/commands/forms.rs: forms printed from an incident.
import type { DocumentFormat } from "../bindings/DocumentFormat";
import { call } from "./invoke";

/** Writes the handover briefing (ICS-201 shape) to `path`. */
export const exportBriefing = (incidentId: string, format: DocumentFormat, path: string) =>
  call<null>("briefing_export", { incidentId, format, path });

/** Writes the activity log (ICS-214 shape) of a person or a role to `path`; the whole incident when `from`/`to` are null. */
export const exportActivityLog = (
  incidentId: string,
  whose: { person: string } | { role: string },
  format: DocumentFormat,
  path: string,
  from: string | null = null,
  to: string | null = null,
) =>
  call<null>("activity_log_export", {
    incidentId,
    person: "person" in whose ? whose.person : null,
    role: "role" in whose ? whose.role : null,
    from,
    to,
    format,
    path,
  });
