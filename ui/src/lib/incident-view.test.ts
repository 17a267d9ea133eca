// What the incident screen asks of a view: visible and settled steps, phases, role holders.
import { describe, expect, it } from "vitest";
import { incidentView } from "../test/fixtures";
import {
  findStep,
  hiddenCount,
  laterPhases,
  nextPhase,
  ownedBy,
  personNames,
  phaseSettled,
  roleHolders,
  stepChangeable,
  visibleSteps,
} from "./incident-view";

describe("incident view helpers", () => {
  it("leave hidden steps out of what is visible and of what must be settled", () => {
    const view = incidentView();
    const identify = view.phases[0];
    expect(phaseSettled(identify)).toBe(false);
    identify.steps[0].status = "done";
    identify.steps[1].hidden = true;
    expect(visibleSteps(identify).map((state) => state.step.key)).toEqual(["acknowledge-alert"]);
    expect(hiddenCount(identify)).toBe(1);
    expect(phaseSettled(identify)).toBe(true);
    identify.steps[0].status = "skipped";
    expect(phaseSettled(identify)).toBe(true);
  });

  it("do not count an optional step left open as work left in its phase", () => {
    const identify = incidentView().phases[0];
    identify.steps[0].status = "done";
    expect(phaseSettled(identify)).toBe(false);
    identify.steps[1].step.optional = true;
    expect(phaseSettled(identify)).toBe(true);
  });

  it("name the phases that follow", () => {
    expect(nextPhase("identify")).toBe("respond");
    expect(nextPhase("review")).toBeNull();
    expect(laterPhases("respond")).toEqual(["recover", "review"]);
  });

  it("let only Review steps change once resolved, and nothing once closed", () => {
    const view = incidentView();
    const respond = findStep(view, "restore-service")!;
    const review = findStep(view, "book-review")!;
    expect(stepChangeable(view, respond)).toBe(true);
    view.incident.resolved_at = "2026-05-14T04:00:00.000Z";
    expect([stepChangeable(view, respond), stepChangeable(view, review)]).toEqual([false, true]);
    view.incident.closed_at = "2026-05-14T05:00:00.000Z";
    expect(stepChangeable(view, review)).toBe(false);
  });

  it("find who holds a step's role, and each holder once", () => {
    const view = incidentView();
    expect(roleHolders(view)).toEqual([{ id: "alice-chen", name: "Alice Chen" }]);
    expect(ownedBy(view, findStep(view, "acknowledge-alert")!, "alice-chen")).toBe(true);
    expect(ownedBy(view, findStep(view, "confirm-outage")!, "alice-chen")).toBe(false);
    expect(personNames(view).get("alice-chen")).toBe("Alice Chen");
  });
});
