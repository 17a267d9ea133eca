// The editor's draft helpers: slugs as the core makes them, unique keys, option lists, and
// moving steps within and across phases in the order the core's problems index.
import { describe, expect, it } from "vitest";
import { draftSteps, emptyStep, nudgeStep, parseOptions, placeStep, shiftPhase, slug, uniqueSlug, type DraftStep } from "./runbook-draft";

const rows = (): DraftStep[] =>
  draftSteps([emptyStep("identify", "a"), emptyStep("identify", "b"), emptyStep("respond", "c"), emptyStep("review", "d")]);
const order = (steps: DraftStep[] | null) => steps?.map((row) => `${row.step.phase}:${row.step.key}`);

describe("runbook drafts", () => {
  it("slugs titles in any script and keeps keys unique", () => {
    expect(slug("Confirm the outage & its scope!")).toBe("confirm-the-outage-its-scope");
    expect(slug("  Tech Lead ")).toBe("tech-lead");
    expect(slug("通知客户")).toBe("通知客户");
    expect(slug("Été 2026")).toBe("été-2026");
    expect(uniqueSlug("step", new Set(["step", "step-2"]))).toBe("step-3");
    expect(parseOptions("Yes, No | Maybe ,, ")).toEqual(["Yes", "No", "Maybe"]);
  });

  it("moves steps one place, past a phase's end into the neighbouring phase", () => {
    const uids = (steps: DraftStep[]) => steps.map((row) => row.uid);
    let steps = rows();
    let [a, b, c, d] = uids(steps);
    expect(order(nudgeStep(steps, b, -1))).toEqual(["identify:b", "identify:a", "respond:c", "review:d"]);
    expect(nudgeStep(steps, a, -1)).toBeNull();
    expect(nudgeStep(steps, d, 1)).toBeNull();

    steps = nudgeStep(steps, b, 1)!;
    expect(order(steps)).toEqual(["identify:a", "respond:b", "respond:c", "review:d"]);
    // Past the end of Respond into the empty Recover phase, then into Review before d.
    steps = nudgeStep(steps, c, 1)!;
    expect(order(steps)).toEqual(["identify:a", "respond:b", "recover:c", "review:d"]);
    steps = nudgeStep(steps, c, 1)!;
    expect(order(steps)).toEqual(["identify:a", "respond:b", "review:c", "review:d"]);

    steps = rows();
    [a, b, c, d] = uids(steps);
    expect(order(shiftPhase(steps, a, 1))).toEqual(["identify:b", "respond:a", "respond:c", "review:d"]);
    steps = rows();
    [a, b, c, d] = uids(steps);
    expect(order(shiftPhase(steps, d, -1))).toEqual(["identify:a", "identify:b", "respond:c", "recover:d"]);
    expect(shiftPhase(rows(), rows()[0].uid, -1)).toBeNull();
    steps = rows();
    [a] = uids(steps);
    expect(order(placeStep(steps, a, "review", 99))).toEqual(["identify:b", "respond:c", "review:d", "review:a"]);
  });
});
