// The home screen against a mocked core: lists, declaring an incident, failures, and reloading
// when the core changes a timeline in the background.
import { emit } from "@tauri-apps/api/event";
import { render, screen, waitFor, within } from "@testing-library/svelte";
import userEvent from "@testing-library/user-event";
import { afterEach, describe, expect, it, vi } from "vitest";
import { activeIncident, incidentView, runbooks } from "../../test/fixtures";
import { mockCore, resetCore } from "../../test/mock-core";
import HomeView from "./HomeView.svelte";

afterEach(resetCore);

const listed = { runbook_list: () => runbooks, incident_list: () => [activeIncident] };

function renderHome() {
  const props = { onopen: vi.fn(), onbackups: vi.fn(), onrecover: vi.fn() };
  render(HomeView, props);
  return props;
}

describe("HomeView", () => {
  it("lists the runbooks and the active incidents", async () => {
    mockCore(listed);
    const { onopen } = renderHome();

    const library = await screen.findByTestId("runbook-list");
    const card = within(library).getByTestId("runbook-it-system-outage");
    expect(card).toHaveTextContent("IT system outage");
    expect(card).toHaveTextContent("5 steps · 2 roles");
    expect(within(library).getByTestId("runbook-data-centre-power-loss")).toBeInTheDocument();

    const row = within(screen.getByTestId("incident-list")).getByTestId(`incident-${activeIncident.incident.id}`);
    expect(row).toHaveAttribute("data-incident", activeIncident.incident.id);
    expect(row).toHaveTextContent("Checkout down");
    expect(row).toHaveTextContent("SEV1");
    expect(row).toHaveTextContent("DRILL");
    expect(row).toHaveTextContent("3 / 24 steps");

    await userEvent.setup().click(row);
    expect(onopen).toHaveBeenCalledWith(activeIncident.incident.id);
  });

  it("shows a calm empty state without incidents", async () => {
    mockCore({ ...listed, incident_list: () => [] });
    renderHome();
    expect(await screen.findByText(/No active incidents/)).toBeInTheDocument();
  });

  it("declares an incident with the chosen title, severity and mode, then opens it", async () => {
    const calls = mockCore({ ...listed, incident_start: () => ({ ...incidentView().incident, id: "new-id" }) });
    const user = userEvent.setup();
    const { onopen } = renderHome();

    await user.click(await screen.findByTestId("start-it-system-outage"));
    const dialog = screen.getByRole("dialog", { name: "Declare incident" });
    expect(dialog).toHaveAttribute("aria-modal", "true");
    const title = screen.getByTestId("declare-title");
    expect(title).toHaveFocus();
    expect(title).toHaveAttribute("placeholder", "IT system outage");
    expect(screen.getByTestId("declare-severity")).toHaveValue("SEV1");

    await user.type(title, "Checkout down ");
    await user.selectOptions(screen.getByTestId("declare-severity"), "SEV2");
    await user.click(within(screen.getByTestId("declare-mode")).getByLabelText(/Drill/));
    await user.click(screen.getByTestId("declare-confirm"));

    expect(calls.filter((call) => call.command === "incident_start")).toEqual([
      { command: "incident_start", args: { new: { runbook_id: "it-system-outage", title: "Checkout down", severity: "SEV2", mode: "drill" } } },
    ]);
    expect(onopen).toHaveBeenCalledWith("new-id");
  });

  it.each([
    ["busy", "The database is busy; try again."],
    ["disk_full", "The disk is full."],
    ["read_only", "The database file is read-only."],
  ])("keeps the input after a %s fault, says nothing was saved, and offers to try again", async (code, message) => {
    let attempts = 0;
    mockCore({
      ...listed,
      incident_start: () => {
        attempts += 1;
        if (attempts === 1) throw { code, message };
        return { ...incidentView().incident, id: "second-try" };
      },
    });
    const user = userEvent.setup();
    const { onopen } = renderHome();

    await user.click(await screen.findByTestId("start-it-system-outage"));
    await user.type(screen.getByTestId("declare-title"), "Payments failing");
    await user.selectOptions(screen.getByTestId("declare-severity"), "SEV2");
    await user.click(screen.getByTestId("declare-confirm"));

    const alert = await within(screen.getByRole("dialog")).findByRole("alert");
    expect(alert).toHaveTextContent(message);
    expect(alert).toHaveTextContent("Nothing was saved. Your input is kept — try again when the problem is fixed.");
    expect(screen.getByTestId("declare-title")).toHaveValue("Payments failing");
    expect(screen.getByTestId("declare-severity")).toHaveValue("SEV2");
    expect(screen.getByTestId("declare-confirm")).toHaveTextContent("Try again");
    expect(onopen).not.toHaveBeenCalled();

    await user.click(screen.getByTestId("declare-confirm"));
    expect(onopen).toHaveBeenCalledWith("second-try");
  });

  it("shows other errors without the retry hint", async () => {
    mockCore({
      ...listed,
      incident_start: () => {
        throw { code: "invalid_input", message: "The title is too long." };
      },
    });
    const user = userEvent.setup();
    renderHome();

    await user.click(await screen.findByTestId("start-it-system-outage"));
    await user.click(screen.getByTestId("declare-confirm"));
    const alert = await within(screen.getByRole("dialog")).findByRole("alert");
    expect(alert).toHaveTextContent("The title is too long.");
    expect(alert).not.toHaveTextContent("Nothing was saved");
    expect(screen.getByTestId("declare-confirm")).toHaveTextContent("Declare incident");
  });

  it("closes the dialog on Escape and gives focus back", async () => {
    mockCore(listed);
    const user = userEvent.setup();
    renderHome();

    const start = await screen.findByTestId("start-it-system-outage");
    await user.click(start);
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

  it("offers the backups from its header", async () => {
    mockCore(listed);
    const user = userEvent.setup();
    const { onbackups } = renderHome();
    await user.click(await screen.findByTestId("nav-backups"));
    expect(onbackups).toHaveBeenCalledOnce();
  });

  it("reloads its lists when the core changes a timeline in the background", async () => {
    let done = 3;
    const calls = mockCore({ ...listed, incident_list: () => [{ ...activeIncident, steps_done: done }] });
    renderHome();
    const row = await screen.findByTestId(`incident-${activeIncident.incident.id}`);
    expect(row).toHaveTextContent("3 / 24 steps");

    done = 4;
    await emit("timeline-changed");
    await waitFor(() => expect(row).toHaveTextContent("4 / 24 steps"));
    expect(calls.filter((call) => call.command === "incident_list")).toHaveLength(2);
  });
});
