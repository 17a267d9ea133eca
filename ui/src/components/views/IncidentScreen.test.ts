// The incident screen against a mocked core: ticks count only once the core has answered,
// failures leave the step as it was, the keyboard path works, and a clock jump the core
// records in the background shows up.
import { emit } from "@tauri-apps/api/event";
import { render, screen, waitFor, within } from "@testing-library/svelte";
import userEvent from "@testing-library/user-event";
import { afterEach, describe, expect, it, vi } from "vitest";
import type { TimelineEvent } from "../../lib/bindings/TimelineEvent";
import { clockJumpEvent, incidentId, incidentView, stepEvent } from "../../test/fixtures";
import { deferred, mockCore, resetCore, type Handler } from "../../test/mock-core";
import { expectBackButtonGoesHome, expectEscapeClosesDialogThenGoesHome } from "../../test/navigation";
import IncidentScreen from "./IncidentScreen.svelte";

afterEach(resetCore);

function renderScreen(handlers: Record<string, Handler>) {
  const calls = mockCore({ incident_view: () => incidentView(), ...handlers });
  const onhome = vi.fn();
  render(IncidentScreen, { incidentId, onhome });
  return { calls, onhome, user: userEvent.setup() };
}

const tickCalls = (calls: { command: string }[]) => calls.filter((call) => call.command.startsWith("incident_") && call.command !== "incident_view");
const timelineKinds = () =>
  [...screen.getByTestId("timeline").querySelectorAll("[data-kind]")].map((entry) => entry.getAttribute("data-kind"));

describe("IncidentScreen", () => {
  it("shows the incident, its targets and the four phases with the current one marked", async () => {
    renderScreen({});
    const view = await screen.findByTestId("incident-view");
    expect(within(view).getByRole("heading", { level: 1 })).toHaveTextContent("Checkout down");
    expect(view).toHaveTextContent("DRILL");
    expect(screen.getByTestId("targets")).toHaveTextContent("Acknowledge ≤ 15 min · Mitigate ≤ 1 h · Resolve ≤ 4 h");

    const phases = ["identify", "respond", "recover", "review"].map((phase) => screen.getByTestId(`phase-${phase}`));
    expect(phases[0]).toHaveAttribute("data-current", "true");
    expect(phases[1]).toHaveAttribute("data-current", "false");
    const step = within(phases[0]).getByTestId("step-confirm-outage");
    expect(step).toHaveAttribute("data-status", "open");
    expect(step).toHaveTextContent("Tech Lead");
    expect(step).toHaveTextContent("≤ 10 min");
    expect(timelineKinds()).toEqual(["incident.declared"]);
  });

  it("shows a tick as done only after the core has recorded it", async () => {
    const pending = deferred<TimelineEvent>();
    const { calls, user } = renderScreen({ incident_tick_step: () => pending.promise });
    const step = await screen.findByTestId("step-confirm-outage");

    await user.click(screen.getByTestId("tick-confirm-outage"));
    expect(tickCalls(calls)).toEqual([{ command: "incident_tick_step", args: { incidentId, stepKey: "confirm-outage" } }]);
    expect(step).toHaveAttribute("data-saving", "true");
    expect(step).toHaveAttribute("data-status", "open");
    expect(screen.getByTestId("tick-confirm-outage")).toHaveAttribute("aria-checked", "false");

    await user.click(screen.getByTestId("tick-confirm-outage"));
    expect(tickCalls(calls)).toHaveLength(1);

    pending.resolve(stepEvent("step.ticked", "confirm-outage", 2));
    await waitFor(() => expect(step).toHaveAttribute("data-status", "done"));
    expect(step).toHaveAttribute("data-saving", "false");
    expect(step).toHaveTextContent(/Done \d\d:\d\d:\d\d by alice/);
    expect(screen.getByTestId("tick-confirm-outage")).toHaveAttribute("aria-checked", "true");

    const entry = screen.getByTestId("timeline").querySelector("[data-kind='step.ticked']");
    expect(entry).toHaveAttribute("data-seq", "2");
    expect(entry).toHaveTextContent("Ticked “Confirm the outage”");
    expect(timelineKinds()).toEqual(["step.ticked", "incident.declared"]);
  });

  it("leaves the step open and shows the core's message when a tick fails", async () => {
    const { user } = renderScreen({
      incident_tick_step: () => {
        throw { code: "busy", message: "Another Muster holds the database; try again." };
      },
    });
    const step = await screen.findByTestId("step-confirm-outage");

    await user.click(screen.getByTestId("tick-confirm-outage"));
    expect(await screen.findByRole("alert")).toHaveTextContent("Another Muster holds the database; try again.");
    expect(step).toHaveAttribute("data-status", "open");
    expect(step).toHaveAttribute("data-saving", "false");
    expect(timelineKinds()).toEqual(["incident.declared"]);
  });

  it("retries a failed tick from the error banner", async () => {
    let attempts = 0;
    const { user } = renderScreen({
      incident_tick_step: () => {
        attempts += 1;
        if (attempts === 1) throw { code: "busy", message: "Busy." };
        return stepEvent("step.ticked", "confirm-outage", 2);
      },
    });
    const step = await screen.findByTestId("step-confirm-outage");
    await user.click(screen.getByTestId("tick-confirm-outage"));
    await user.click(within(await screen.findByRole("alert")).getByRole("button", { name: "Try again" }));
    await waitFor(() => expect(step).toHaveAttribute("data-status", "done"));
    expect(screen.queryByRole("alert")).not.toBeInTheDocument();
  });

  it.each(["busy", "disk_full", "read_only"])("says nothing was saved after a %s fault and offers to try again", async (code) => {
    const { user } = renderScreen({
      incident_tick_step: () => {
        throw { code, message: "The disk is full." };
      },
    });
    const step = await screen.findByTestId("step-confirm-outage");
    await user.click(screen.getByTestId("tick-confirm-outage"));

    const alert = await screen.findByRole("alert");
    expect(alert).toHaveTextContent("The disk is full.");
    expect(alert).toHaveTextContent("Nothing was saved. Try again when the problem is fixed.");
    expect(within(alert).getByRole("button", { name: "Try again" })).toBeInTheDocument();
    expect(step).toHaveAttribute("data-status", "open");
  });

  it("shows a recorded clock jump as a warning in the timeline and in the header", async () => {
    const jumped = incidentView();
    jumped.timeline.push(clockJumpEvent(2));
    jumped.clock_jumped = true;
    renderScreen({ incident_view: () => jumped });
    await screen.findByTestId("incident-view");

    expect(screen.getByTestId("clock-warning")).toHaveTextContent("The system clock changed during this incident");
    const entry = screen.getByTestId("timeline").querySelector("[data-kind='clock.jumped']");
    expect(entry).toHaveClass("warning");
    expect(entry).toHaveTextContent(/System clock changed: .*\d\d:\d\d → .*\d\d:\d\d \(times around here may be off\)/);
  });

  it("reloads when the core changes the timeline in the background, keeping focus", async () => {
    let jumped = false;
    const { calls } = renderScreen({
      incident_view: () => {
        const view = incidentView();
        if (jumped) {
          view.timeline.push(clockJumpEvent(2));
          view.clock_jumped = true;
        }
        return view;
      },
    });
    const first = await screen.findByTestId("step-acknowledge-alert");
    await waitFor(() => expect(first).toHaveFocus());
    expect(screen.queryByTestId("clock-warning")).not.toBeInTheDocument();

    jumped = true;
    await emit("timeline-changed");
    expect(await screen.findByTestId("clock-warning")).toBeInTheDocument();
    expect(timelineKinds()).toEqual(["clock.jumped", "incident.declared"]);
    expect(calls.filter((call) => call.command === "incident_view")).toHaveLength(2);
    expect(first).toHaveFocus();
  });

  it("moves between steps with j and k and ticks the focused one with Space", async () => {
    const { calls, user } = renderScreen({ incident_tick_step: ({ stepKey }) => stepEvent("step.ticked", String(stepKey), 2) });
    const first = await screen.findByTestId("step-acknowledge-alert");
    await waitFor(() => expect(first).toHaveFocus());

    await user.keyboard("j");
    const second = screen.getByTestId("step-confirm-outage");
    expect(second).toHaveFocus();
    expect(second).toHaveAttribute("tabindex", "0");
    expect(first).toHaveAttribute("tabindex", "-1");

    await user.keyboard(" ");
    expect(tickCalls(calls)).toEqual([{ command: "incident_tick_step", args: { incidentId, stepKey: "confirm-outage" } }]);
    await waitFor(() => expect(second).toHaveAttribute("data-status", "done"));
    expect(first).toHaveAttribute("data-status", "open");

    await user.keyboard("j");
    expect(screen.getByTestId("step-restore-service")).toHaveFocus();
    await user.keyboard("{ArrowUp}k");
    expect(first).toHaveFocus();
  });

  it("unticks a done step with x", async () => {
    const ticked = incidentView();
    ticked.phases[0].steps[0] = { ...ticked.phases[0].steps[0], status: "done", changed_at: "2026-05-14T02:41:00.000Z", changed_by: "alice" };
    const { calls, user } = renderScreen({
      incident_view: () => ticked,
      incident_untick_step: () => stepEvent("step.unticked", "acknowledge-alert", 2),
    });
    const first = await screen.findByTestId("step-acknowledge-alert");
    expect(first).toHaveAttribute("data-status", "done");

    first.focus();
    await user.keyboard("x");
    await waitFor(() => expect(first).toHaveAttribute("data-status", "open"));
    expect(tickCalls(calls)).toEqual([{ command: "incident_untick_step", args: { incidentId, stepKey: "acknowledge-alert" } }]);
    expect(timelineKinds()[0]).toBe("step.unticked");
  });

  it("shows instructions on Enter, with code blocks and no raw HTML", async () => {
    const { user } = renderScreen({});
    const step = await screen.findByTestId("step-confirm-outage");
    step.focus();
    await user.keyboard("{Enter}");

    expect(within(step).getByRole("button", { name: "Confirm the outage" })).toHaveAttribute("aria-expanded", "true");
    expect(step.querySelector("pre code")).toHaveTextContent("curl -sS https://app.example.com/health");
    expect(within(step).getByRole("button", { name: "Copy" })).toBeInTheDocument();
  });

  it("opens the shortcut help with ? and closes it, then goes home, with Escape", async () => {
    const { onhome, user } = renderScreen({});
    await screen.findByTestId("incident-view");

    await user.keyboard("?");
    expect(screen.getByRole("dialog", { name: "Keyboard shortcuts" })).toBeInTheDocument();
    await expectEscapeClosesDialogThenGoesHome(user, onhome);
  });

  it("goes home with the back button", async () => {
    const { onhome, user } = renderScreen({});
    await expectBackButtonGoesHome(user, onhome);
  });
});
