// The whole app against a mocked core: declare from a runbook, land on the incident, go back;
// start on the recovery screen when the database is not open, and restore a backup from it; go to
// the backups, and to the people and settings.
import { render, screen, within } from "@testing-library/svelte";
import userEvent from "@testing-library/user-event";
import { afterEach, describe, expect, it } from "vitest";
import App from "./App.svelte";
import { backups, databaseStatus, incidentView, runbooks } from "./test/fixtures";
import { markdownHandlers } from "./test/markdown";
import { mockCore, resetCore } from "./test/mock-core";
import { actionItem, draftReview, facts } from "./test/review-fixtures";
import { declareHandlers, people } from "./test/roster-fixtures";

afterEach(resetCore);

const openStatus = () => databaseStatus({ open: true, problem: null, message: null });

describe("App", () => {
  it("declares an incident, shows it, and goes back home", async () => {
    const view = incidentView();
    const calls = mockCore(
      declareHandlers({
        database_status: openStatus,
        runbook_list: () => runbooks,
        incident_list: () => [],
        incident_start: () => view.incident,
        incident_view: ({ id }) => (id === view.incident.id ? view : undefined),
        action_items_open: () => [],
      }),
    );
    const user = userEvent.setup();
    render(App);

    await user.click(await screen.findByTestId("start-it-system-outage"));
    await user.selectOptions(await screen.findByTestId("assign-incident-commander"), "alice-chen");
    await user.selectOptions(screen.getByTestId("assign-tech-lead"), "__waive__");
    await user.type(screen.getByTestId("waive-reason-tech-lead"), "on leave");
    await user.click(screen.getByTestId("declare-confirm"));
    expect(await screen.findByTestId("incident-view")).toBeInTheDocument();
    expect(screen.getByTestId("phase-identify").querySelectorAll("[data-step]")).toHaveLength(2);

    await user.click(screen.getByTestId("nav-home"));
    expect(await screen.findByTestId("home")).toBeInTheDocument();
    expect(calls.map((call) => call.command)).toEqual([
      "database_status",
      "runbook_list",
      "incident_list",
      "action_items_open",
      "severity_list",
      "person_list",
      "runbook_roles",
      "incident_start",
      "incident_view",
      "runbook_list",
      "incident_list",
      "action_items_open",
    ]);
  });

  it("starts on the recovery screen when the database is not open, and goes home after a restore", async () => {
    let restored = false;
    const calls = mockCore({
      database_status: () => (restored ? openStatus() : databaseStatus()),
      database_restore: () => {
        restored = true;
        return { restored_from: backups[1].path, previous_saved_as: "/data/muster.db.damaged" };
      },
      runbook_list: () => runbooks,
      incident_list: () => [],
    });
    const user = userEvent.setup();
    render(App);

    expect(await screen.findByTestId("recovery-problem")).toHaveTextContent("The database file is damaged: it is incomplete or fails its checks");
    expect(screen.queryByTestId("home")).not.toBeInTheDocument();

    await user.click(within(await screen.findByTestId("backup-list")).getByTestId(`restore-${backups[1].file_name}`));
    await user.click(screen.getByTestId("restore-confirm"));

    expect(await screen.findByTestId("home")).toBeInTheDocument();
    expect(screen.queryByTestId("recovery")).not.toBeInTheDocument();
    expect(calls.filter((call) => call.command === "database_restore")).toEqual([
      { command: "database_restore", args: { backup: backups[1].path } },
    ]);
  });

  it("hands over to the recovery screen when home finds the database unavailable", async () => {
    // The status says open at start, and the lists then fail: the file went away meanwhile.
    let first = true;
    mockCore({
      database_status: () => {
        const status = first ? openStatus() : databaseStatus({ problem: "in_use" });
        first = false;
        return status;
      },
      runbook_list: () => {
        throw { code: "database_unavailable", message: "cannot open database at /data/muster.db: locked" };
      },
      incident_list: () => [],
    });
    render(App);

    expect(await screen.findByTestId("recovery-problem")).toHaveTextContent("Another program is using the database");
  });

  it("goes to the backups and back", async () => {
    mockCore({ database_status: openStatus, runbook_list: () => runbooks, incident_list: () => [] });
    const user = userEvent.setup();
    render(App);

    await user.click(await screen.findByTestId("nav-backups"));
    expect(await screen.findByTestId("backups")).toHaveTextContent("/data/muster.db");
    await user.click(screen.getByTestId("nav-home"));
    expect(await screen.findByTestId("home")).toBeInTheDocument();
  });

  it("goes to the people and settings, their contact sheet, and back", async () => {
    mockCore(
      declareHandlers({
        database_status: openStatus,
        runbook_list: () => runbooks,
        incident_list: () => [],
        role_list: () => [],
        contact_sheet: () => ({ made_at: "2026-05-14T02:40:00.000Z", roles: [], others: people }),
      }),
    );
    const user = userEvent.setup();
    render(App);

    await user.click(await screen.findByTestId("nav-people"));
    expect(await screen.findByTestId("person-alice-chen")).toBeInTheDocument();
    expect(screen.getByTestId("people")).toBeInTheDocument();
    await user.click(screen.getByTestId("open-contact-sheet"));
    expect(await screen.findByTestId("contacts-others")).toHaveTextContent("Alice Chen");
    await user.click(screen.getByTestId("nav-home"));
    expect(await screen.findByTestId("people")).toBeInTheDocument();
    await user.click(screen.getByTestId("nav-home"));
    expect(await screen.findByTestId("home")).toBeInTheDocument();
  });

  it("goes to the open action items, an item's review, and on to its incident", async () => {
    const view = incidentView();
    const item = actionItem({ id: "late", title: "Rotate the keys", due_on: "2026-05-01", overdue: true });
    mockCore({
      database_status: openStatus,
      runbook_list: () => runbooks,
      incident_list: () => [],
      action_items_open: () => [item],
      incident_view: () => view,
      review_facts: () => facts(),
      review_get: () => draftReview(),
      action_items_of_incident: () => [item],
      ...markdownHandlers,
    });
    const user = userEvent.setup();
    render(App);

    expect(await screen.findByTestId("overdue-count")).toHaveTextContent("1");
    await user.click(screen.getByTestId("nav-actions"));
    await user.click(await screen.findByTestId("open-review-late"));
    expect(await screen.findByTestId("review-screen")).toBeInTheDocument();
    await user.click(screen.getByTestId("nav-home"));
    expect(await screen.findByTestId("incident-view")).toBeInTheDocument();
  });
});
