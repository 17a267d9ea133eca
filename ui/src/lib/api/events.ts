// The events the core sends on its own, not as the answer to a command.
import { listen, type UnlistenFn } from "@tauri-apps/api/event";

/** Calls `handler` whenever an incident's timeline changed in the background (for example, the
 *  core recorded a system clock jump). Resolves to the function that stops listening. */
export const onTimelineChanged = (handler: () => void): Promise<UnlistenFn> => listen("timeline-changed", () => handler());
