// Typed wrappers for src-tauri/src/commands/runbook.rs.
import type { RunbookSummary } from "../bindings/RunbookSummary";
import { call } from "./invoke";

export const listRunbooks = () => call<RunbookSummary[]>("runbook_list");
