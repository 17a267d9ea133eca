// Desktop notifications for timer alerts: one per breach and per due status update (the core
// repeats a due reminder), drills marked, permission asked once, failures only logged.
import { emit } from "@tauri-apps/api/event";
import { render } from "@testing-library/svelte";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { TimerAlert } from "../../lib/bindings/TimerAlert";
import { event, incidentId, timer } from "../../test/fixtures";
import { mockCore, resetCore } from "../../test/mock-core";
import TimerAlerts from "./TimerAlerts.svelte";

const plugin = vi.hoisted(() => ({
  isPermissionGranted: vi.fn(async () => false),
  requestPermission: vi.fn(async () => "granted"),
  sendNotification: vi.fn(),
}));
vi.mock("@tauri-apps/plugin-notification", () => plugin);

beforeEach(() => vi.clearAllMocks());
afterEach(resetCore);

const breach = (mode: TimerAlert["mode"] = "real"): TimerAlert => ({
  incident_id: incidentId,
  incident_title: "Checkout down",
  mode,
  timer: timer("step:confirm-outage", "step", -600_000, -60_000, "confirm-outage"),
  step_title: "Confirm the outage",
  event: event(9, { kind: "timer.breached", payload: { timer: "step:confirm-outage", due_at: "2026-05-14T02:50:00.000Z" } }),
});

const reminder = (dueAt: string): TimerAlert => {
  const due = timer("status_update", "status_update", -600_000, -1000);
  return { incident_id: incidentId, incident_title: "Checkout down", mode: "drill", timer: { ...due, due_at: dueAt }, step_title: null, event: null };
};

async function alert(alerts: TimerAlert[]) {
  await emit("timers-alerted", alerts);
  await new Promise((resolve) => setTimeout(resolve));
}

describe("TimerAlerts", () => {
  it("notifies each breach and each due status update once, with drills marked", async () => {
    mockCore({});
    render(TimerAlerts);
    await new Promise((resolve) => setTimeout(resolve));

    await alert([breach()]);
    expect(plugin.sendNotification).toHaveBeenLastCalledWith({ title: "Target missed: Step “Confirm the outage”", body: "Checkout down" });

    await alert([reminder("2026-05-14T03:10:00.000Z")]);
    await alert([reminder("2026-05-14T03:10:00.000Z")]);
    expect(plugin.sendNotification).toHaveBeenCalledTimes(2);
    expect(plugin.sendNotification).toHaveBeenLastCalledWith({ title: "Drill: Status update due", body: "Checkout down" });

    // Snoozed, then due again: a new due time, a new notification.
    await alert([reminder("2026-05-14T03:40:00.000Z")]);
    expect(plugin.sendNotification).toHaveBeenCalledTimes(3);
    expect(plugin.isPermissionGranted).toHaveBeenCalledOnce();
    expect(plugin.requestPermission).toHaveBeenCalledOnce();
  });

  it("only logs a notification that cannot be shown", async () => {
    const log = vi.spyOn(console, "error").mockImplementation(() => {});
    plugin.sendNotification.mockImplementationOnce(() => {
      throw new Error("no notification daemon");
    });
    mockCore({});
    render(TimerAlerts);
    await new Promise((resolve) => setTimeout(resolve));
    await alert([breach("drill")]);
    expect(log).toHaveBeenCalledWith("muster: could not show a notification:", expect.any(Error));
    log.mockRestore();
  });
});
