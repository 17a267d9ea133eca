import { describe, expect, it } from "vitest";
import type { DrillRun } from "./bindings/DrillRun";
import { drillClockLabel, drillElapsed, offsetLabel } from "./drill";

const run = (running: boolean, speed: number): DrillRun => ({
  scenarios: [],
  scenario: null,
  started_at: "2026-03-01T09:00:00Z",
  running,
  speed,
  elapsed_ms: 60_000,
  as_of: "2026-03-01T09:10:00Z",
  injects: [],
});

describe("the drill clock in the window", () => {
  it("counts on at the clock's speed while running and stands still while paused", () => {
    const tenSecondsLater = Date.parse("2026-03-01T09:10:10Z");
    expect(drillElapsed(run(true, 5), tenSecondsLater)).toBe(110_000);
    expect(drillElapsed(run(false, 5), tenSecondsLater)).toBe(60_000);
  });

  it("reads like a facilitator's clock and a scenario list", () => {
    expect(drillClockLabel(307_900)).toBe("T+5:07");
    expect(drillClockLabel(3_723_000)).toBe("T+1:02:03");
    expect(offsetLabel(300)).toBe("T+5 min");
    expect(offsetLabel(5400)).toBe("T+1 h 30 min");
    expect(offsetLabel(0)).toBe("T+0 s");
  });
});
