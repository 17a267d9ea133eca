// The runbook editor's drill scenarios: each has an identity of its own in the editor (`uid`, so
// a scenario keeps its place and focus while its name and key change). A new scenario's key
// follows its name, unique among the runbook's scenarios; a saved key never changes, since
// drills name the scenario they played by it.
import type { Inject } from "./bindings/Inject";
import type { Scenario } from "./bindings/Scenario";
import { slug, uniqueSlug } from "./runbook-draft";

/** One scenario being edited. `fresh`: not saved yet, so its key still follows its name. */
export type DraftScenario = { uid: number; fresh: boolean; scenario: Scenario };

/** Drill cadences the editor offers by name, in days. */
export const cadencePresets = [30, 90, 182, 365] as const;

/** Where a new inject goes after the last one: this much later on the drill clock. */
const injectGapSeconds = 5 * 60;

let lastUid = 0;

/** The saved scenarios of a runbook, as drafts to edit. */
export const draftScenarios = (scenarios: readonly Scenario[]): DraftScenario[] =>
  scenarios.map((scenario) => ({ uid: ++lastUid, fresh: false, scenario: structuredClone(scenario) }));

export const newScenario = (): DraftScenario => ({ uid: ++lastUid, fresh: true, scenario: { key: "", name: "", briefing: "", injects: [] } });

/** The key of a fresh scenario named `name`: its slug, unique among the other scenarios. */
export function freshKey(name: string, uid: number, scenarios: readonly DraftScenario[]): string {
  const base = slug(name);
  if (base === "") return "";
  return uniqueSlug(base, new Set(scenarios.filter((draft) => draft.uid !== uid).map((draft) => draft.scenario.key)));
}

/** The inject added after `injects`: the next free number, five minutes after the last one. */
export function nextInject(injects: readonly Inject[]): Inject {
  const number = injects.reduce((highest, inject) => Math.max(highest, inject.number), 0) + 1;
  const last = injects.at(-1);
  return {
    number,
    offset_seconds: last ? last.offset_seconds + injectGapSeconds : 0,
    message: "",
    recipient: null,
    expected_action: "",
    step: null,
    facilitator_notes: "",
  };
}

/** Swaps inject `index` with its neighbour `by` away; false when there is none. */
export function moveInject(injects: Inject[], index: number, by: -1 | 1): boolean {
  const to = index + by;
  if (index < 0 || to < 0 || to >= injects.length) return false;
  [injects[index], injects[to]] = [injects[to], injects[index]];
  return true;
}
