// The drill screens: the facilitator's panel (scenario, clock, injects with their notes), the
// players' inject banner (no notes, no expected action), and the scorecard, against a mocked core.
import { render, screen, within } from "@testing-library/svelte";
import userEvent from "@testing-library/user-event";
import { afterEach, describe, expect, it, vi } from "vitest";
import type { DrillRun } from "../../lib/bindings/DrillRun";
import type { Scenario } from "../../lib/bindings/Scenario";
import { incidentView } from "../../test/fixtures";
import { mockCore, resetCore } from "../../test/mock-core";
import FacilitatorPanel from "./FacilitatorPanel.svelte";
import InjectBanner from "./InjectBanner.svelte";
import ScorecardDialog from "./ScorecardDialog.svelte";

afterEach(async () => {
  await resetCore();
});

const scenario: Scenario = {
  key: "ransomware",
  name: "Ransomware on the file servers",
  briefing: "It is Monday, 08:00.",
  injects: [
    { number: 1, offset_seconds: 300, message: "Encrypted files on the share", recipient: null, expected_action: "Confirm the outage", step: "confirm", facilitator_notes: "Watch who declares the scope" },
    { number: 2, offset_seconds: 600, message: "A journalist calls", recipient: "incident-commander", expected_action: "Refer to comms", step: null, facilitator_notes: "" },
  ],
};

function running(): DrillRun {
  return {
    scenarios: [scenario],
    scenario,
    started_at: "2026-05-14T02:40:00.000Z",
    running: true,
    speed: 2,
    elapsed_ms: 400_000,
    as_of: "2026-05-14T02:45:00.000Z",
    injects: [
      { inject: scenario.injects[0], status: "delivered", due_at: null, delivered_at: "2026-05-14T02:42:30.000Z", fired: false, acknowledged_at: null, acknowledged_by: null },
      { inject: scenario.injects[1], status: "pending", due_at: "2026-05-14T02:46:40.000Z", delivered_at: null, fired: false, acknowledged_at: null, acknowledged_by: null },
    ],
  };
}

describe("FacilitatorPanel", () => {
  it("starts the clock on the chosen scenario and shows its briefing and injects with notes", async () => {
    const onact = vi.fn();
    const drill: DrillRun = { ...running(), scenario: null, started_at: null, running: false, speed: 1, elapsed_ms: 0, injects: [] };
    render(FacilitatorPanel, { drill, roles: incidentView().roles, now: Date.now(), busy: false, changeable: true, onact, onscorecard: vi.fn(), stepTitle: (key: string) => `step ${key}` });
    expect(screen.getByTestId("drill-clock")).toHaveTextContent("T+0:00");
    expect(screen.getByText("It is Monday, 08:00.")).toBeInTheDocument();
    expect(screen.getByText("Watch who declares the scope")).toBeInTheDocument();
    expect(screen.getByText("step confirm")).toBeInTheDocument();
    await userEvent.setup().click(screen.getByTestId("drill-start"));
    expect(onact).toHaveBeenCalledWith({ action: "start_drill", scenario: "ransomware" });
  });

  it("counts the clock on at its speed, pauses, changes speed, fires and skips pending injects", async () => {
    const onact = vi.fn();
    const tenSecondsLater = Date.parse("2026-05-14T02:45:10.000Z");
    render(FacilitatorPanel, { drill: running(), roles: incidentView().roles, now: tenSecondsLater, busy: false, changeable: true, onact, onscorecard: vi.fn(), stepTitle: (key: string) => key });
    // 400 s + 10 s × 2.
    expect(screen.getByTestId("drill-clock")).toHaveTextContent("T+7:00");
    const user = userEvent.setup();
    await user.click(screen.getByTestId("drill-pause"));
    await user.click(screen.getByTestId("drill-speed-5"));
    expect(screen.getByTestId("drill-speed-2")).toBeDisabled();
    const rows = screen.getAllByTestId("facilitator-inject");
    expect(rows.map((row) => row.dataset.status)).toEqual(["delivered", "pending"]);
    expect(within(rows[0]).queryByTestId("inject-fire")).not.toBeInTheDocument();
    await user.click(within(rows[1]).getByTestId("inject-fire"));
    await user.click(within(rows[1]).getByTestId("inject-skip"));
    expect(onact.mock.calls.map((call) => call[0])).toEqual([
      { action: "pause_drill" },
      { action: "set_drill_speed", speed: 5 },
      { action: "fire_inject", inject: 2 },
      { action: "skip_inject", inject: 2 },
    ]);
  });
});

describe("InjectBanner", () => {
  it("shows delivered injects to the players without the facilitator's notes, and acknowledges", async () => {
    const onacknowledge = vi.fn();
    render(InjectBanner, { drill: running(), roles: incidentView().roles, pending: new Set<number>(), onacknowledge });
    const banners = screen.getAllByTestId("inject-banner");
    expect(banners).toHaveLength(1);
    expect(banners[0]).toHaveTextContent("Encrypted files on the share");
    expect(banners[0]).toHaveTextContent("to everyone");
    expect(banners[0]).not.toHaveTextContent("Watch who declares the scope");
    expect(banners[0]).not.toHaveTextContent("Confirm the outage");
    await userEvent.setup().click(within(banners[0]).getByTestId("inject-acknowledge"));
    expect(onacknowledge).toHaveBeenCalledWith(1);
  });
});

describe("ScorecardDialog", () => {
  it("shows the score, its parts and formula, and each inject handled or missed", async () => {
    mockCore({
      drill_scorecard: () => ({
        incident_id: "x",
        scenario: "Ransomware on the file servers",
        milestones: [],
        phases: [],
        steps_expected: 10,
        steps_done: 4,
        steps_skipped: 1,
        steps_missed: 5,
        injects: [
          { number: 1, offset_seconds: 300, message: "Encrypted files", expected_action: "", status: "acknowledged", delivered_at: "2026-05-14T02:45:00.000Z", acknowledged_after_seconds: 40, step: "Confirm", acted_after_seconds: 90, handled: true },
          { number: 2, offset_seconds: 600, message: "A journalist calls", expected_action: "", status: "delivered", delivered_at: "2026-05-14T02:50:00.000Z", acknowledged_after_seconds: null, step: null, acted_after_seconds: null, handled: false },
        ],
        parts: [
          { part: "milestones", earned: 1, possible: 3, weight: 40 },
          { part: "steps", earned: 4, possible: 10, weight: 30 },
          { part: "injects", earned: 1, possible: 2, weight: 30 },
        ],
        score: 40,
        formula: "score = 100 × (…)",
      }),
    });
    render(ScorecardDialog, { incidentId: "x", onclose: vi.fn() });
    expect(await screen.findByTestId("scorecard-score")).toHaveTextContent("40 / 100");
    expect(screen.getAllByTestId("score-part").map((p) => p.textContent?.replace(/\s+/g, " ").trim())).toEqual([
      "Milestones met 1 / 3 weight 40",
      "Steps done 4 / 10 weight 30",
      "Injects handled 1 / 2 weight 30",
    ]);
    const injects = screen.getAllByTestId("scorecard-inject");
    expect(injects.map((row) => row.dataset.handled)).toEqual(["true", "false"]);
    expect(injects[0]).toHaveTextContent("40 s");
    expect(injects[1]).toHaveTextContent("Missed");
    expect(screen.getByTestId("scorecard-steps")).toHaveTextContent("4 done, 1 skipped or not applicable, 5 missed, of 10 expected");
  });
});

describe("DrillHistoryDialog", () => {
  it("charts the scores, lists them under the chart and names the injects missed most", async () => {
    const { default: DrillHistoryDialog } = await import("./DrillHistoryDialog.svelte");
    mockCore({
      drill_history: () => ({
        drills: [
          { incident_id: "a", title: "Q1 drill", started_at: "2026-01-10T09:00:00.000Z", closed: true, scenario: "Ransomware", score: 55 },
          { incident_id: "b", title: "Q2 drill", started_at: "2026-04-10T09:00:00.000Z", closed: true, scenario: "Ransomware", score: 80 },
        ],
        missed_injects: [{ scenario: "ransomware", scenario_name: "Ransomware", number: 2, message: "A journalist calls", missed: 2, delivered: 2 }],
      }),
    });
    render(DrillHistoryDialog, { runbookId: "it-system-outage", title: "IT system outage", onclose: vi.fn() });
    const chart = await screen.findByTestId("drill-chart");
    expect(chart.querySelectorAll("circle")).toHaveLength(2);
    expect(screen.getAllByTestId("drill-history-row").map((row) => row.dataset.score)).toEqual(["55", "80"]);
    expect(screen.getByTestId("missed-injects")).toHaveTextContent("missed 2 of 2 Ransomware #2: A journalist calls");
  });
});
