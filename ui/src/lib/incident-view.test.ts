// Folding core events into the loaded incident view.
import { describe, expect, it } from "vitest";
import { incidentView, stepEvent } from "../test/fixtures";
import { applyEvent, currentPhase, findStep } from "./incident-view";

describe("applyEvent", () => {
  it("marks a ticked step done with who and when, and appends the event", () => {
    const view = incidentView();
    const event = stepEvent("step.ticked", "confirm-outage", 2);
    applyEvent(view, event);
    expect(findStep(view, "confirm-outage")).toMatchObject({ status: "done", changed_at: event.occurred_at, changed_by: "alice" });
    expect(view.timeline.map((known) => known.seq)).toEqual([1, 2]);
  });

  it("reopens an unticked step and ignores an event it already has", () => {
    const view = incidentView();
    applyEvent(view, stepEvent("step.ticked", "confirm-outage", 2));
    applyEvent(view, stepEvent("step.unticked", "confirm-outage", 3));
    applyEvent(view, stepEvent("step.unticked", "confirm-outage", 3));
    expect(findStep(view, "confirm-outage")?.status).toBe("open");
    expect(view.timeline).toHaveLength(3);
  });
});

describe("currentPhase", () => {
  it("is the first phase with an open step, or null when all are done", () => {
    const view = incidentView();
    expect(currentPhase(view)).toBe("identify");
    applyEvent(view, stepEvent("step.ticked", "acknowledge-alert", 2));
    applyEvent(view, stepEvent("step.ticked", "confirm-outage", 3));
    expect(currentPhase(view)).toBe("respond");
    ["restore-service", "verify-service", "book-review"].forEach((key, index) => applyEvent(view, stepEvent("step.ticked", key, 4 + index)));
    expect(currentPhase(view)).toBeNull();
  });
});
