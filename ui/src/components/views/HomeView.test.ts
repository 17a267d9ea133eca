// The home screen against a mocked core: the incident list (open first, by status, with phase,
// severity, progress, time since detection and the drill marking), declaring an incident from a
// runbook, failures, the header's ways out, and reloading when the core changes a timeline in the
// background.
import { emit } from "@tauri-apps/api/event";
import { render, screen, waitFor, within } from "@testing-library/svelte";
import userEvent, { type UserEvent } from "@testing-library/user-event";
import { afterEach, describe, expect, it, vi } from "vitest";
import { mockCore, resetCore, type Handler } from "../../test/mock-core";
import { declareHandlers, incidentSummary, listedIncidents, runbooks } from "../../test/roster-fixtures";
import HomeView from "./HomeView.svelte";

afterEach(resetCore);

const listed = (handlers: Record<string, Handler> = {}) =>
  declareHandlers({ runbook_list: () => runbooks, incident_list: () => listedIncidents(), ...handlers });

function renderHome() {
  const props = { onopen: vi.fn(), onbackups: vi.fn(), onpeople: vi.fn(), onrecover: vi.fn() };
  render(HomeView, props);
  return props;
}

const listedIds = (testid: string) => [...screen.getByTestId(testid).querySelectorAll("[data-incident]")].map((row) => row.getAttribute("data-incident"));

/** Opens the declare dialog from the IT outage runbook and fills both roles. */
async function openAndFill(user: UserEvent) {
  await user.click(await screen.findByTestId("start-it-system-outage"));
  await user.selectOptions(await screen.findByTestId("assign-incident-commander"), "alice-chen");
  await user.selectOptions(screen.getByTestId("assign-tech-lead"), "bob-li");
}

describe("HomeView", () => {
  it("lists the runbook library", async () => {
    mockCore(listed());
    renderHome();

    const library = await screen.findByTestId("runbook-list");
    const card = within(library).getByTestId("runbook-it-system-outage");
    expect(card).toHaveTextContent("IT system outage");
    expect(card).toHaveTextContent("5 steps · 2 roles");
    expect(within(library).getByTestId("runbook-data-centre-power-loss")).toBeInTheDocument();
  });

  it("lists open incidents first, active before mitigated before resolved, and closed ones after them", async () => {
    mockCore(listed());
    renderHome();

    await screen.findByTestId("open-incidents");
    expect(listedIds("incident-list")).toEqual(["drill", "active", "mitigated", "resolved", "closed"]);
    expect(listedIds("open-incidents")).toEqual(["drill", "active", "mitigated", "resolved"]);
    expect(listedIds("closed-incidents")).toEqual(["closed"]);
    expect(screen.getByRole("heading", { name: "Open incidents 4" })).toBeInTheDocument();
    const statuses = [...screen.getByTestId("incident-list").querySelectorAll("[data-incident]")].map((row) => row.getAttribute("data-status"));
    expect(statuses).toEqual(["active", "active", "mitigated", "resolved", "closed"]);
  });

  it("shows each incident's status, phase, severity, progress and time since detection, and marks drills", async () => {
    vi.useFakeTimers({ toFake: ["Date"] });
    vi.setSystemTime(new Date("2026-05-14T03:35:00.000Z"));
    try {
      mockCore(listed());
      const { onopen } = renderHome();

      const active = await screen.findByTestId("incident-active");
      expect(within(active).getByText("Checkout down")).toBeInTheDocument();
      expect(within(active).getByText("SEV1")).toBeInTheDocument();
      expect(within(active).getByTestId("incident-status")).toHaveTextContent("Active");
      expect(within(active).getByTestId("incident-phase")).toHaveTextContent("Phase: Respond");
      expect(within(active).getByTestId("incident-elapsed")).toHaveTextContent("running 1 h 05 min");
      expect(active).toHaveTextContent("5 / 20 steps");
      expect(active).not.toHaveTextContent("DRILL");
      expect(within(active).queryByTestId("incident-unacknowledged")).not.toBeInTheDocument();

      const drill = screen.getByTestId("incident-drill");
      expect(drill).toHaveTextContent("DRILL");
      expect(drill).toHaveClass("drill");
      expect(within(drill).getByTestId("incident-phase")).toHaveTextContent("Phase: Identify");
      expect(within(drill).getByTestId("incident-unacknowledged")).toHaveTextContent("Not acknowledged");

      expect(within(screen.getByTestId("incident-mitigated")).getByTestId("incident-status")).toHaveTextContent("Mitigated");

      const resolved = screen.getByTestId("incident-resolved");
      expect(within(resolved).getByTestId("incident-status")).toHaveTextContent("Resolved");
      expect(within(resolved).getByTestId("incident-elapsed")).toHaveTextContent("lasted 1 h 05 min");
      expect(within(resolved).getByText("SEV3")).toBeInTheDocument();

      const closed = screen.getByTestId("incident-closed");
      expect(within(closed).getByTestId("incident-status")).toHaveTextContent("Closed");
      expect(within(closed).queryByTestId("incident-phase")).not.toBeInTheDocument();
      expect(within(closed).getByTestId("incident-elapsed")).toHaveTextContent("lasted 30 min");

      await userEvent.setup().click(active);
      expect(onopen).toHaveBeenCalledWith("active");
    } finally {
      vi.useRealTimers();
    }
  });

  it("shows the five most recently started closed incidents, and the rest on request", async () => {
    const closed = Array.from({ length: 7 }, (_, index) =>
      incidentSummary(`closed-${index + 1}`, { resolved_at: "2026-05-14T03:00:00.000Z", closed_at: "2026-05-14T04:00:00.000Z" }),
    );
    mockCore(listed({ incident_list: () => closed }));
    const user = userEvent.setup();
    renderHome();

    expect(await screen.findByText(/No open incidents/)).toBeInTheDocument();
    expect(listedIds("closed-incidents")).toEqual(["closed-1", "closed-2", "closed-3", "closed-4", "closed-5"]);
    await user.click(screen.getByTestId("show-all-closed"));
    expect(listedIds("closed-incidents")).toHaveLength(7);
    expect(screen.queryByTestId("show-all-closed")).not.toBeInTheDocument();
  });

  it("shows a calm empty state without incidents", async () => {
    mockCore(listed({ incident_list: () => [] }));
    renderHome();
    expect(await screen.findByText(/No open incidents/)).toBeInTheDocument();
    expect(screen.queryByTestId("closed-incidents")).not.toBeInTheDocument();
  });

  it("declares an incident from a runbook card, then opens it", async () => {
    const calls = mockCore(listed({ incident_start: () => ({ ...incidentSummary("x").incident, id: "new-id" }) }));
    const user = userEvent.setup();
    const { onopen } = renderHome();

    await user.click(await screen.findByTestId("start-it-system-outage"));
    const dialog = screen.getByRole("dialog", { name: "Declare incident" });
    expect(dialog).toHaveAttribute("aria-modal", "true");
    expect(screen.getByTestId("declare-title")).toHaveFocus();
    await user.keyboard("Checkout down");
    await user.selectOptions(await screen.findByTestId("assign-incident-commander"), "alice-chen");
    await user.selectOptions(screen.getByTestId("assign-tech-lead"), "bob-li");
    await user.click(screen.getByTestId("declare-confirm"));

    expect(calls.filter((call) => call.command === "runbook_roles")).toEqual([{ command: "runbook_roles", args: { id: "it-system-outage" } }]);
    expect(calls.filter((call) => call.command === "incident_start")).toEqual([
      {
        command: "incident_start",
        args: {
          new: {
            runbook_id: "it-system-outage",
            title: "Checkout down",
            severity: "SEV1",
            mode: "real",
            detected_at: null,
            assignments: [
              { role: "incident-commander", fill: { kind: "person", person: "alice-chen" } },
              { role: "tech-lead", fill: { kind: "person", person: "bob-li" } },
            ],
          },
        },
      },
    ]);
    expect(onopen).toHaveBeenCalledWith("new-id");
  });

  it.each([
    ["busy", "The database is busy; try again."],
    ["disk_full", "The disk is full."],
    ["read_only", "The database file is read-only."],
  ])("keeps the input after a %s fault, says nothing was saved, and offers to try again", async (code, message) => {
    let attempts = 0;
    mockCore(
      listed({
        incident_start: () => {
          attempts += 1;
          if (attempts === 1) throw { code, message };
          return { ...incidentSummary("x").incident, id: "second-try" };
        },
      }),
    );
    const user = userEvent.setup();
    const { onopen } = renderHome();

    await openAndFill(user);
    await user.selectOptions(screen.getByTestId("declare-severity"), "SEV2");
    await user.click(screen.getByTestId("declare-confirm"));

    const alert = await within(screen.getByRole("dialog")).findByRole("alert");
    expect(alert).toHaveTextContent(message);
    expect(alert).toHaveTextContent("Nothing was saved. Your input is kept — try again when the problem is fixed.");
    expect(screen.getByTestId("declare-severity")).toHaveValue("SEV2");
    expect(screen.getByTestId("assign-tech-lead")).toHaveValue("bob-li");
    expect(screen.getByTestId("declare-confirm")).toHaveTextContent("Try again");
    expect(onopen).not.toHaveBeenCalled();

    await user.click(screen.getByTestId("declare-confirm"));
    expect(onopen).toHaveBeenCalledWith("second-try");
  });

  it("closes the dialog on Escape and gives focus back", async () => {
    mockCore(listed());
    const user = userEvent.setup();
    renderHome();

    const start = await screen.findByTestId("start-it-system-outage");
    await user.click(start);
    await screen.findByTestId("assign-incident-commander");
    await user.keyboard("{Escape}");
    expect(screen.queryByRole("dialog")).not.toBeInTheDocument();
    expect(start).toHaveFocus();
  });

  it("hands over to recovery when the database cannot be opened, instead of showing lists", async () => {
    mockCore({
      runbook_list: () => {
        throw { code: "database_unavailable", message: "cannot open database at /data/muster.db: locked" };
      },
      incident_list: () => [],
    });
    const { onrecover } = renderHome();

    await waitFor(() => expect(onrecover).toHaveBeenCalledOnce());
    expect(screen.queryByTestId("runbook-list")).not.toBeInTheDocument();
  });

  it("offers the people and settings, and the backups, from its header", async () => {
    mockCore(listed());
    const user = userEvent.setup();
    const { onbackups, onpeople } = renderHome();
    await user.click(await screen.findByTestId("nav-people"));
    expect(onpeople).toHaveBeenCalledOnce();
    await user.click(screen.getByTestId("nav-backups"));
    expect(onbackups).toHaveBeenCalledOnce();
  });

  it("reloads its lists when the core changes a timeline in the background", async () => {
    let done = 3;
    const calls = mockCore(listed({ incident_list: () => [incidentSummary("one", {}, { steps_done: done })] }));
    renderHome();
    const row = await screen.findByTestId("incident-one");
    expect(row).toHaveTextContent("3 / 24 steps");

    done = 4;
    await emit("timeline-changed");
    await waitFor(() => expect(row).toHaveTextContent("4 / 24 steps"));
    expect(calls.filter((call) => call.command === "incident_list")).toHaveLength(2);
  });
});
