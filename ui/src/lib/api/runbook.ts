// Typed wrappers for src-tauri/src/commands/runbook.rs.
import type { RunbookReview } from "../bindings/RunbookReview";
import type { SearchHit } from "../bindings/SearchHit";
import type { Role } from "../bindings/Role";
import type { RunbookSummary } from "../bindings/RunbookSummary";
import { call } from "./invoke";

export const listRunbooks = () => call<RunbookSummary[]>("runbook_list");
/** The roles the runbook's current revision names, each to fill or waive when declaring. */
export const runbookRoles = (id: string) => call<Role[]>("runbook_roles", { id });
/** Records that the runbook was reviewed now, by the person at this machine. */
export const markRunbookReviewed = (id: string, note: string) => call<RunbookReview>("runbook_mark_reviewed", { id, note });
/** Full-text search over runbooks, their steps and the roster, best first. */
export const searchLibrary = (text: string, limit = 20) => call<SearchHit[]>("library_search", { text, limit });
