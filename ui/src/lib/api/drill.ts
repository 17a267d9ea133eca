// Typed wrappers for src-tauri/src/commands/drill.rs and the watch's inject deliveries. The drill
// clock and the injects themselves are incident actions (`actOnIncident`).
import { listen, type UnlistenFn } from "@tauri-apps/api/event";
import type { DrillHistory } from "../bindings/DrillHistory";
import type { InjectDelivery } from "../bindings/InjectDelivery";
import type { Scorecard } from "../bindings/Scorecard";
import { call } from "./invoke";

export const drillScorecard = (incidentId: string) => call<Scorecard>("drill_scorecard", { incidentId });
export const drillHistory = (runbookId: string) => call<DrillHistory>("drill_history", { runbookId });

/** Calls `handler` with the injects the core's watch has just delivered to running drills. */
export const onInjectsDelivered = (handler: (delivered: InjectDelivery[]) => void): Promise<UnlistenFn> =>
  listen<InjectDelivery[]>("injects-delivered", (event) => handler(event.payload));
