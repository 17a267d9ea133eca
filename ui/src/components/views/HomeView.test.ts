// The home screen against a mocked core: lists, declaring an incident, and failures.
import { clearMocks } from "@tauri-apps/api/mocks";
import { render, screen, within } from "@testing-library/svelte";
import userEvent from "@testing-library/user-event";
import { afterEach, describe, expect, it, vi } from "vitest";
import { activeIncident, incidentView, runbooks } from "../../test/fixtures";
import { mockCore } from "../../test/mock-core";
import HomeView from "./HomeView.svelte";

afterEach(() => clearMocks());

const listed = { runbook_list: () => runbooks, incident_list: () => [activeIncident] };

describe("HomeView", () => {
  it("lists the runbooks and the active incidents", async () => {
    mockCore(listed);
    const onopen = vi.fn();
    render(HomeView, { onopen });

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
    render(HomeView, { onopen: vi.fn() });
    expect(await screen.findByText(/No active incidents/)).toBeInTheDocument();
  });

  it("declares an incident with the chosen title, severity and mode, then opens it", async () => {
    const calls = mockCore({ ...listed, incident_start: () => ({ ...incidentView().incident, id: "new-id" }) });
    const onopen = vi.fn();
    const user = userEvent.setup();
    render(HomeView, { onopen });

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

  it("shows the core's error in the dialog and keeps the input for a retry", async () => {
    let attempts = 0;
    mockCore({
      ...listed,
      incident_start: () => {
        attempts += 1;
        if (attempts === 1) throw { code: "busy", message: "The database is busy; try again." };
        return { ...incidentView().incident, id: "second-try" };
      },
    });
    const onopen = vi.fn();
    const user = userEvent.setup();
    render(HomeView, { onopen });

    await user.click(await screen.findByTestId("start-it-system-outage"));
    await user.type(screen.getByTestId("declare-title"), "Payments failing");
    await user.click(screen.getByTestId("declare-confirm"));

    expect(await within(screen.getByRole("dialog")).findByRole("alert")).toHaveTextContent("The database is busy; try again.");
    expect(screen.getByTestId("declare-title")).toHaveValue("Payments failing");
    expect(onopen).not.toHaveBeenCalled();

    await user.click(screen.getByTestId("declare-confirm"));
    expect(onopen).toHaveBeenCalledWith("second-try");
  });

  it("closes the dialog on Escape and gives focus back", async () => {
    mockCore(listed);
    const user = userEvent.setup();
    render(HomeView, { onopen: vi.fn() });

    const start = await screen.findByTestId("start-it-system-outage");
    await user.click(start);
    await user.keyboard("{Escape}");
    expect(screen.queryByRole("dialog")).not.toBeInTheDocument();
    expect(start).toHaveFocus();
  });

  it("says the database could not be opened instead of showing lists", async () => {
    mockCore({
      runbook_list: () => {
        throw { code: "database_unavailable", message: "cannot open database at /data/muster.db: locked" };
      },
      incident_list: () => [],
    });
    render(HomeView, { onopen: vi.fn() });

    const notice = await screen.findByTestId("database-unavailable");
    expect(notice).toHaveTextContent("The database could not be opened");
    expect(notice).toHaveTextContent("cannot open database at /data/muster.db: locked");
    expect(screen.queryByTestId("runbook-list")).not.toBeInTheDocument();
  });
});
