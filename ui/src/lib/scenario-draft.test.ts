// The editor's scenario drafts: keys from names, unique among the scenarios; the next inject's
// number and time; moving injects.
import { describe, expect, it } from "vitest";
import type { Inject } from "./bindings/Inject";
import { draftScenarios, freshKey, moveInject, newScenario, nextInject } from "./scenario-draft";

const inject = (number: number, offset_seconds: number): Inject => ({
  number,
  offset_seconds,
  message: `Inject ${number}`,
  recipient: null,
  expected_action: "",
  step: null,
  facilitator_notes: "",
});

describe("scenario drafts", () => {
  it("keys a fresh scenario by the slug of its name, unique among the others", () => {
    const saved = draftScenarios([{ key: "power-cut", name: "Power cut", briefing: "", injects: [] }]);
    const fresh = newScenario();
    const all = [...saved, fresh];
    expect(fresh.fresh).toBe(true);
    expect(saved[0].fresh).toBe(false);
    expect(freshKey("Flood in the basement!", fresh.uid, all)).toBe("flood-in-the-basement");
    expect(freshKey("Power cut", fresh.uid, all)).toBe("power-cut-2");
    // A scenario does not collide with itself.
    expect(freshKey("Power cut", saved[0].uid, all)).toBe("power-cut");
    expect(freshKey("🔥", fresh.uid, all)).toBe("");
  });

  it("numbers the next inject after the highest and times it five minutes after the last", () => {
    expect(nextInject([])).toMatchObject({ number: 1, offset_seconds: 0 });
    expect(nextInject([inject(4, 600), inject(2, 900)])).toMatchObject({ number: 5, offset_seconds: 1200, message: "", recipient: null, step: null });
  });

  it("moves an inject one place, and not past either end", () => {
    const injects = [inject(1, 0), inject(2, 60), inject(3, 120)];
    expect(moveInject(injects, 2, -1)).toBe(true);
    expect(injects.map((i) => i.number)).toEqual([1, 3, 2]);
    expect(moveInject(injects, 0, -1)).toBe(false);
    expect(moveInject(injects, 2, 1)).toBe(false);
    expect(injects.map((i) => i.number)).toEqual([1, 3, 2]);
  });

  it("copies saved scenarios, so editing leaves the loaded runbook as it was", () => {
    const scenario = { key: "k", name: "N", briefing: "", injects: [inject(1, 0)] };
    const [draft] = draftScenarios([scenario]);
    draft.scenario.injects[0].message = "changed";
    expect(scenario.injects[0].message).toBe("Inject 1");
  });
});
