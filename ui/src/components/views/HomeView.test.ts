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

  describe("runbook reviews", () => {
    it("flags an overdue runbook, shows owner and tags, and marks it reviewed, then reloads", async () => {
      let reviewed = false;
      const calls = mockCore(
        listed({
          runbook_list: () => runbooks.map((runbook) => (reviewed ? { ...runbook, stale: false, review_due_at: "2026-10-10T09:00:00.000Z" } : runbook)),
          runbook_mark_reviewed: () => {
            reviewed = true;
            return {};
          },
        }),
      );
      const user = userEvent.setup();
      renderHome();

      const flag = await screen.findByTestId("stale-data-centre-power-loss");
      expect(flag).toHaveTextContent(/Review overdue since .*Apr.*2026/);
      expect(screen.getByTestId("stale-summary")).toHaveTextContent("1 runbook is due for review");
      const card = screen.getByTestId("runbook-data-centre-power-loss");
      expect(card).toHaveTextContent("Owner: Facilities");
      expect(within(card).getByRole("list", { name: "Tags" })).toHaveTextContent("facilities");
      expect(screen.getByTestId("next-review-it-system-outage")).toHaveTextContent(/Next review .*Nov.*2026/);
      expect(screen.queryByTestId("stale-it-system-outage")).not.toBeInTheDocument();

      await user.click(screen.getByTestId("review-data-centre-power-loss"));

      await waitFor(() => expect(screen.queryByTestId("stale-data-centre-power-loss")).not.toBeInTheDocument());
      expect(calls.filter((call) => call.command === "runbook_mark_reviewed")).toEqual([
        { command: "runbook_mark_reviewed", args: { id: "data-centre-power-loss", note: "" } },
      ]);
      expect(calls.filter((call) => call.command === "runbook_list")).toHaveLength(2);
      expect(screen.queryByTestId("stale-summary")).not.toBeInTheDocument();
      expect(screen.getByTestId("next-review-data-centre-power-loss")).toHaveTextContent(/Next review/);
    });

    it("says how many runbooks are due, and shows the core's message when marking fails", async () => {
      mockCore(
        listed({
          runbook_list: () => runbooks.map((runbook) => ({ ...runbook, stale: true })),
          runbook_mark_reviewed: () => {
            throw { code: "busy", message: "The database is busy; try again." };
          },
        }),
      );
      const user = userEvent.setup();
      renderHome();

      expect(await screen.findByTestId("stale-summary")).toHaveTextContent("2 runbooks are due for review");
      await user.click(screen.getByTestId("review-it-system-outage"));
      expect(await screen.findByTestId("error-banner")).toHaveTextContent("The database is busy; try again.");
      expect(screen.getByTestId("stale-it-system-outage")).toBeInTheDocument();
    });
  });

  describe("library search", () => {
    const hits = [
      { kind: "runbook", id: "data-centre-power-loss", step: null, title: "Data centre power loss", context: null, snippet: "A site has lost mains \u0002pow\u0003er." },
      {
        kind: "step",
        id: "it-system-outage",
        step: "restore",
        title: "Restore service",
        context: "IT system outage",
        snippet: "Check the \u0002pow\u0003er <img src=x onerror=alert(1)> supply",
      },
      { kind: "person", id: "alice-chen", step: null, title: "Alice Chen", context: null, snippet: "\u0002Pow\u0003er team" },
    ];

    it("asks nothing for fewer than three characters, and says why", async () => {
      const calls = mockCore(listed({ library_search: () => hits }));
      const user = userEvent.setup();
      renderHome();

      await user.type(await screen.findByTestId("library-search"), "po");
      expect(screen.getByTestId("search-hint")).toHaveTextContent("at least 3 characters");
      await new Promise((resolve) => setTimeout(resolve, 250));
      expect(calls.filter((call) => call.command === "library_search")).toEqual([]);
      expect(screen.getByTestId("runbook-list")).toBeInTheDocument();
    });

    it("shows hits with the matches marked, as text, replacing the library; Escape clears", async () => {
      const calls = mockCore(listed({ library_search: () => hits }));
      const user = userEvent.setup();
      const { onpeople } = renderHome();

      const input = await screen.findByTestId("library-search");
      await user.type(input, "pow");
      const results = await screen.findByTestId("search-results");
      expect(calls.filter((call) => call.command === "library_search")).toEqual([{ command: "library_search", args: { text: "pow", limit: 20 } }]);
      expect(screen.queryByTestId("runbook-list")).not.toBeInTheDocument();

      const step = within(results).getByTestId("hit-1");
      expect(step).toHaveTextContent("Step");
      expect(step).toHaveTextContent("Restore service");
      expect(step).toHaveTextContent("in IT system outage");
      expect([...step.querySelectorAll("mark")].map((mark) => mark.textContent)).toEqual(["pow"]);
      expect(step).toHaveTextContent("Check the power <img src=x onerror=alert(1)> supply");
      expect(results.querySelector("img")).toBeNull();
      expect(step.textContent).not.toMatch(/[\u0002\u0003]/);

      await user.click(within(results).getByTestId("hit-2"));
      expect(onpeople).toHaveBeenCalled();

      input.focus();
      await user.keyboard("{Escape}");
      expect(input).toHaveValue("");
      expect(screen.queryByTestId("search-results")).not.toBeInTheDocument();
      expect(screen.getByTestId("runbook-list")).toBeInTheDocument();
    });

    it("focuses with /, moves through hits with the arrow keys, and opens the declare dialog on Enter", async () => {
      const calls = mockCore(listed({ library_search: () => hits }));
      const user = userEvent.setup();
      renderHome();

      const input = await screen.findByTestId("library-search");
      await user.keyboard("/");
      expect(input).toHaveFocus();
      expect(input).toHaveValue("");
      await user.keyboard("pow");
      const results = await screen.findByTestId("search-results");

      await user.keyboard("{ArrowDown}");
      expect(within(results).getByTestId("hit-0")).toHaveFocus();
      await user.keyboard("{ArrowDown}");
      expect(within(results).getByTestId("hit-1")).toHaveFocus();
      await user.keyboard("{Enter}");

      expect(await screen.findByRole("dialog", { name: "Declare incident" })).toBeInTheDocument();
      await waitFor(() => expect(calls.filter((call) => call.command === "runbook_roles")).toEqual([{ command: "runbook_roles", args: { id: "it-system-outage" } }]));
    });
  });
});
