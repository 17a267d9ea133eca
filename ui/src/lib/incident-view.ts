// Incident state on screen: folds a timeline event the core returned into the loaded view (the
// same fold the core applies to its timeline), and answers what the screen asks of a view.
import type { IncidentView } from "./bindings/IncidentView";
import type { Phase } from "./bindings/Phase";
import type { StepState } from "./bindings/StepState";
import type { TimelineEvent } from "./bindings/TimelineEvent";

export const allSteps = (view: IncidentView): StepState[] => view.phases.flatMap((phase) => phase.steps);

export const findStep = (view: IncidentView, key: string): StepState | undefined =>
  allSteps(view).find((state) => state.step.key === key);

export const countDone = (steps: StepState[]): number => steps.filter((state) => state.status === "done").length;

/** The first phase that still has open steps; null when every step is done. */
export const currentPhase = (view: IncidentView): Phase | null =>
  view.phases.find((phase) => phase.steps.some((state) => state.status === "open"))?.phase ?? null;

/** Records `event` in `view`, in place; an event already in the timeline is ignored. */
export function applyEvent(view: IncidentView, event: TimelineEvent): void {
  if (view.timeline.some((known) => known.seq === event.seq)) return;
  view.timeline.push(event);
  if (event.kind !== "step.ticked" && event.kind !== "step.unticked") return;
  const state = findStep(view, event.payload.step);
  if (!state) return;
  state.status = event.kind === "step.ticked" ? "done" : "open";
  state.changed_at = event.occurred_at;
  state.changed_by = event.actor;
}
