// The whole app against a mocked core: declare from a runbook, land on the incident, go back.
import { clearMocks } from "@tauri-apps/api/mocks";
import { render, screen } from "@testing-library/svelte";
import userEvent from "@testing-library/user-event";
import { afterEach, describe, expect, it } from "vitest";
import App from "./App.svelte";
import { incidentView, runbooks } from "./test/fixtures";
import { mockCore } from "./test/mock-core";

afterEach(() => clearMocks());

describe("App", () => {
  it("declares an incident, shows it, and goes back home", async () => {
    const view = incidentView();
    const calls = mockCore({
      runbook_list: () => runbooks,
      incident_list: () => [],
      incident_start: () => view.incident,
      incident_view: ({ id }) => (id === view.incident.id ? view : undefined),
    });
    const user = userEvent.setup();
    render(App);

    await user.click(await screen.findByTestId("start-it-system-outage"));
    await user.click(screen.getByTestId("declare-confirm"));
    expect(await screen.findByTestId("incident-view")).toBeInTheDocument();
    expect(screen.getByTestId("phase-identify").querySelectorAll("[data-step]")).toHaveLength(2);

    await user.click(screen.getByTestId("nav-home"));
    expect(await screen.findByTestId("home")).toBeInTheDocument();
    expect(calls.map((call) => call.command)).toEqual(["runbook_list", "incident_list", "incident_start", "incident_view", "runbook_list", "incident_list"]);
  });
});
