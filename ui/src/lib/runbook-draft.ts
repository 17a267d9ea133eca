// The runbook editor's draft: the runbook's steps, each with an identity of its own in the
// editor (`uid`, so rows keep their focus and state while titles and keys change), in the order
// the core wants them — by phase, then position — so an index in the draft is the index the
// core's field problems name (`steps[3].title`). New steps take a key from their title; a key
// that was saved never changes, since incidents and conditions refer to it.
import type { Phase } from "./bindings/Phase";
import type { Step } from "./bindings/Step";

export const phases: readonly Phase[] = ["identify", "respond", "recover", "review"];

/** One step being edited. `fresh`: not saved yet, so its key still follows its title. */
export type DraftStep = { uid: number; fresh: boolean; step: Step; optionsText: string };

/** Lowercase letters and digits of any script, joined by single dashes (as the core's `slug`). */
export function slug(text: string): string {
  return (text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []).join("-");
}

/** `base`, or `base-2`, `base-3`… whichever is not taken yet. */
export function uniqueSlug(base: string, taken: ReadonlySet<string>): string {
  if (!taken.has(base)) return base;
  let n = 2;
  while (taken.has(`${base}-${n}`)) n += 1;
  return `${base}-${n}`;
}

/** Splits "Yes, No | Maybe" into options; empty pieces are dropped. */
export const parseOptions = (text: string): string[] =>
  text
    .split(/[,|]/)
    .map((option) => option.trim())
    .filter((option) => option !== "");

/** Splits "a, b" into trimmed, non-empty items (tags). */
export const parseList = (text: string): string[] =>
  text
    .split(",")
    .map((item) => item.trim())
    .filter((item) => item !== "");

export const emptyStep = (phase: Phase, key: string): Step => ({
  key,
  phase,
  title: "",
  instructions: "",
  role: null,
  target_minutes: null,
  evidence: null,
  options: [],
  condition: null,
  milestone: null,
  optional: false,
});

/** The steps of each phase, in order. */
export function byPhase(steps: readonly DraftStep[]): Record<Phase, DraftStep[]> {
  const lists: Record<Phase, DraftStep[]> = { identify: [], respond: [], recover: [], review: [] };
  for (const draft of steps) lists[draft.step.phase].push(draft);
  return lists;
}

const flatten = (lists: Record<Phase, DraftStep[]>): DraftStep[] => phases.flatMap((phase) => lists[phase]);

/** Puts step `uid` at `index` (clamped) among the steps of `phase` (setting its phase); returns the new order. */
export function placeStep(steps: readonly DraftStep[], uid: number, phase: Phase, index: number): DraftStep[] {
  const moving = steps.find((draft) => draft.uid === uid);
  if (!moving) return [...steps];
  const lists = byPhase(steps.filter((draft) => draft.uid !== uid));
  moving.step.phase = phase;
  const target = lists[phase];
  target.splice(Math.max(0, Math.min(index, target.length)), 0, moving);
  return flatten(lists);
}

/**
 * One place up or down. Past the end of its phase a step goes to the start of the next phase;
 * before the start, to the end of the previous one. Null when it cannot move further.
 */
export function nudgeStep(steps: readonly DraftStep[], uid: number, by: -1 | 1): DraftStep[] | null {
  const draft = steps.find((candidate) => candidate.uid === uid);
  if (!draft) return null;
  const lists = byPhase(steps);
  const phase = draft.step.phase;
  const at = lists[phase].indexOf(draft);
  const to = at + by;
  if (to >= 0 && to < lists[phase].length) return placeStep(steps, uid, phase, to);
  const next = phases[phases.indexOf(phase) + by];
  if (!next) return null;
  return placeStep(steps, uid, next, by === 1 ? 0 : lists[next].length);
}

/** To the neighbouring phase: the end of the previous one, or the start of the next. */
export function shiftPhase(steps: readonly DraftStep[], uid: number, by: -1 | 1): DraftStep[] | null {
  const draft = steps.find((candidate) => candidate.uid === uid);
  if (!draft) return null;
  const next = phases[phases.indexOf(draft.step.phase) + by];
  if (!next) return null;
  return placeStep(steps, uid, next, by === 1 ? 0 : byPhase(steps)[next].length);
}

let lastUid = 0;
/** A new identity for a step row. */
export const nextStepUid = (): number => ++lastUid;

/** The saved steps of a runbook, as rows to edit. */
export const draftSteps = (steps: readonly Step[]): DraftStep[] =>
  steps.map((step) => ({ uid: nextStepUid(), fresh: false, step: structuredClone(step), optionsText: step.options.join(", ") }));
