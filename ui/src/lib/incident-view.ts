// What the incident screen asks of a loaded view: steps by key, what is visible and settled,
// which phase comes next, who holds a role, and what may still change. The view itself is the
// core's fold; nothing here derives state from events.
import type { IncidentView } from "./bindings/IncidentView";
import type { Phase } from "./bindings/Phase";
import type { PhaseSteps } from "./bindings/PhaseSteps";
import type { RoleHolder } from "./bindings/RoleHolder";
import type { StepState } from "./bindings/StepState";
import type { Timer } from "./bindings/Timer";

export const phaseOrder: readonly Phase[] = ["identify", "respond", "recover", "review"];

export const allSteps = (view: IncidentView): StepState[] => view.phases.flatMap((phase) => phase.steps);

export const findStep = (view: IncidentView, key: string): StepState | undefined =>
  allSteps(view).find((state) => state.step.key === key);

/** The steps a decision has not hidden. */
export const visibleSteps = (phase: PhaseSteps): StepState[] => phase.steps.filter((state) => !state.hidden);

export const hiddenCount = (phase: PhaseSteps): number => phase.steps.length - visibleSteps(phase).length;

/** Done, skipped or not applicable: nothing left to do. */
export const isSettled = (state: StepState): boolean => state.status !== "open";

export const isDecision = (state: StepState): boolean => state.step.options.length > 0;

/** Every visible step of the phase that the plan expects is settled (true for a phase without
 *  such steps); an optional step left open is a suggestion nobody took up, not work left. */
export const phaseSettled = (phase: PhaseSteps): boolean =>
  visibleSteps(phase).every((state) => isSettled(state) || state.step.optional);

/** The phases after `phase`, in order. */
export const laterPhases = (phase: Phase): Phase[] => phaseOrder.slice(phaseOrder.indexOf(phase) + 1);

export const nextPhase = (phase: Phase): Phase | null => laterPhases(phase)[0] ?? null;

/** Whether a responder may still act on the step: nothing changes after closing, and after
 *  resolving only the Review steps do. */
export function stepChangeable(view: IncidentView, state: StepState): boolean {
  if (view.incident.closed_at !== null) return false;
  return view.incident.resolved_at === null || state.step.phase === "review";
}

export const holderOf = (view: IncidentView, roleId: string | null): RoleHolder | undefined =>
  roleId === null ? undefined : view.roles.find((holder) => holder.role.id === roleId);

/** The people holding at least one role, each once, in role order: the "My steps" choices. */
export function roleHolders(view: IncidentView): { id: string; name: string }[] {
  const seen = new Map<string, string>();
  for (const holder of view.roles) if (holder.person) seen.set(holder.person.id, holder.person.name);
  return [...seen].map(([id, name]) => ({ id, name }));
}

/** Whether the step's role is held by the person. */
export const ownedBy = (view: IncidentView, state: StepState, personId: string): boolean =>
  holderOf(view, state.step.role)?.person?.id === personId;

export const stepTimer = (view: IncidentView, key: string): Timer | undefined => view.timers.find((timer) => timer.id === `step:${key}`);

/** Person id → name, from the role holders and from every role event in the timeline (so people
 *  who held a role earlier are named too). */
export function personNames(view: IncidentView): Map<string, string> {
  const names = new Map<string, string>();
  for (const { event } of view.timeline) {
    if (event.kind === "role.assigned") names.set(event.payload.person, event.payload.name);
    else if (event.kind === "role.handed_over") names.set(event.payload.to, event.payload.name);
  }
  for (const holder of view.roles) if (holder.person) names.set(holder.person.id, holder.person.name);
  return names;
}
