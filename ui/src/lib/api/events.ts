// The events the core sends on its own, not as the answer to a command.
import { listen, type UnlistenFn } from "@tauri-apps/api/event";
import type { TimerAlert } from "../bindings/TimerAlert";

/** Calls `handler` whenever an incident's timeline changed in the background (for example, the
 *  core recorded a system clock jump). Resolves to the function that stops listening. */
export const onTimelineChanged = (handler: () => void): Promise<UnlistenFn> => listen("timeline-changed", () => handler());

/** Calls `handler` with the timer alerts the core's watch found: breaches it just recorded
 *  and status updates that are due (sent every few seconds while one stays due). */
export const onTimersAlerted = (handler: (alerts: TimerAlert[]) => void): Promise<UnlistenFn> =>
  listen<TimerAlert[]>("timers-alerted", (event) => handler(event.payload));
