// Typed wrappers for src-tauri/src/commands/runbook.rs.
import type { Role } from "../bindings/Role";
import type { RunbookSummary } from "../bindings/RunbookSummary";
import { call } from "./invoke";

export const listRunbooks = () => call<RunbookSummary[]>("runbook_list");
/** The roles the runbook's current revision names, each to fill or waive when declaring. */
export const runbookRoles = (id: string) => call<Role[]>("runbook_roles", { id });
