// The home screen's Ctrl+K palette against a mocked core: what it offers before typing (runbooks
// first, so Ctrl+K then Enter starts from the first one, and Enter again declares with the trained
// people), narrowing by name, the library's full-text hits, and closing.
import { render, screen, waitFor, within } from "@testing-library/svelte";
import userEvent from "@testing-library/user-event";
import { afterEach, describe, expect, it, vi } from "vitest";
import { mockCore, resetCore, type Handler } from "../../test/mock-core";
import { declareHandlers, incidentSummary, listedIncidents, runbooks } from "../../test/roster-fixtures";
import HomeView from "./HomeView.svelte";

afterEach(resetCore);

const hits = [
  { kind: "step", id: "it-system-outage", step: "restore", title: "Restore service", context: "IT system outage", snippet: "Check the \u0002pow\u0003er supply" },
  { kind: "person", id: "alice-chen", step: null, title: "Alice Chen", context: null, snippet: "\u0002Pow\u0003er team" },
];

const listed = (handlers: Record<string, Handler> = {}) =>
  declareHandlers({
    runbook_list: () => runbooks,
    incident_list: () => listedIncidents(),
    library_search: ({ text }) => (text === "pay" ? [] : hits),
    incident_start: () => ({ ...incidentSummary("x").incident, id: "new-id" }),
    ...handlers,
  });

function renderHome() {
  const props = { onopen: vi.fn(), onbackups: vi.fn(), onpeople: vi.fn(), onrecover: vi.fn() };
  render(HomeView, props);
  return { ...props, user: userEvent.setup() };
}

const options = () => within(screen.getByTestId("library-palette")).getAllByRole("option");
const labels = () => options().map((option) => option.querySelector(".label")?.textContent);
const chosen = () => options().find((option) => option.getAttribute("aria-selected") === "true");

describe("the home palette", () => {
  it("opens on Ctrl+K with the input focused, offering runbooks, open incidents and the other screens; Escape closes", async () => {
    mockCore(listed());
    const { user } = renderHome();
    await screen.findByTestId("runbook-list");

    await user.keyboard("{Control>}k{/Control}");
    const palette = screen.getByTestId("library-palette");
    expect(palette).toHaveAttribute("role", "dialog");
    expect(screen.getByTestId("palette-input")).toHaveFocus();
    expect(labels()).toEqual([
      // The runbook with incidents first, the rest by title.
      "Start incident from IT system outage",
      "Start incident from Data centre power loss",
      "Open “Failover drill”",
      "Open “Checkout down”",
      "Open “Payments slow”",
      "Open “VPN drops”",
      "Go to People and settings",
      "Go to Backups",
    ]);
    expect(chosen()).toHaveTextContent("Start incident from IT system outage");

    await user.keyboard("{Escape}");
    expect(screen.queryByTestId("library-palette")).not.toBeInTheDocument();
  });

  it("starts an incident in two keystrokes: Ctrl+K and Enter open the declare dialog, Enter declares with the trained people", async () => {
    const calls = mockCore(listed());
    const { onopen, user } = renderHome();
    await screen.findByTestId("runbook-list");

    await user.keyboard("{Control>}k{/Control}");
    await user.keyboard("{Enter}");
    expect(screen.queryByTestId("library-palette")).not.toBeInTheDocument();
    expect(await screen.findByRole("dialog", { name: "Declare incident" })).toHaveTextContent("IT system outage");
    await waitFor(() => expect(screen.getByTestId("declare-confirm")).toBeEnabled());
    expect(screen.getByTestId("declare-title")).toHaveFocus();
    expect(screen.getByTestId("assign-incident-commander")).toHaveValue("alice-chen");
    expect(screen.getByTestId("assign-tech-lead")).toHaveValue("bob-li");

    await user.keyboard("{Enter}");
    await waitFor(() => expect(onopen).toHaveBeenCalledWith("new-id"));
    expect(calls.filter((call) => call.command === "incident_start").map((call) => call.args.new)).toEqual([
      {
        runbook_id: "it-system-outage",
        title: "IT system outage",
        severity: "SEV1",
        mode: "real",
        detected_at: null,
        assignments: [
          { role: "incident-commander", fill: { kind: "person", person: "alice-chen" } },
          { role: "tech-lead", fill: { kind: "person", person: "bob-li" } },
        ],
      },
    ]);
  });

  it("narrows by name as you type, and adds the library's full-text hits from three characters", async () => {
    const calls = mockCore(listed());
    const { onpeople, user } = renderHome();
    await screen.findByTestId("runbook-list");

    await user.keyboard("{Meta>}k{/Meta}");
    await user.keyboard("ba");
    expect(labels()[0]).toBe("Go to Backups");
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(calls.filter((call) => call.command === "library_search")).toEqual([]);
    await user.keyboard("{Backspace}{Backspace}pay");
    expect(labels()[0]).toBe("Open “Payments slow”");
    expect(labels()).not.toContain("Open “Checkout down”");

    await user.keyboard("{Backspace}{Backspace}{Backspace}pow");
    await waitFor(() => expect(labels()).toContain("Start incident from IT system outage (matched step “Restore service”)"));
    expect(calls.filter((call) => call.command === "library_search").at(-1)?.args).toEqual({ text: "pow", limit: 8 });
    expect(labels()[0]).toBe("Start incident from Data centre power loss");
    const step = options().find((option) => option.textContent?.includes("matched step"));
    expect(step).toHaveTextContent("Check the power supply");
    expect(labels()).toContain("Alice Chen: open People and settings");

    // The hits come after the name matches; the arrow keys reach them.
    while (chosen() !== options().at(-1)) await user.keyboard("{ArrowDown}");
    expect(chosen()).toHaveTextContent("Alice Chen");
    await user.keyboard("{Enter}");
    expect(onpeople).toHaveBeenCalledOnce();
    expect(screen.queryByTestId("library-palette")).not.toBeInTheDocument();
  });

  it("starts from a step hit's runbook", async () => {
    const calls = mockCore(listed());
    const { user } = renderHome();
    await screen.findByTestId("runbook-list");

    await user.click(screen.getByTestId("open-palette"));
    expect(screen.getByTestId("palette-input")).toHaveFocus();
    await user.keyboard("restore");
    const step = await waitFor(() => {
      const found = options().find((option) => option.textContent?.includes("matched step"));
      expect(found).toBeDefined();
      return found as HTMLElement;
    });
    await user.click(step);
    expect(await screen.findByRole("dialog", { name: "Declare incident" })).toBeInTheDocument();
    await waitFor(() => expect(calls.filter((call) => call.command === "runbook_roles")).toEqual([{ command: "runbook_roles", args: { id: "it-system-outage" } }]));
  });

  it("offers a new runbook when the home screen can open the editor", async () => {
    mockCore(listed());
    const user = userEvent.setup();
    const oneditrunbook = vi.fn();
    render(HomeView, { onopen: vi.fn(), onbackups: vi.fn(), onpeople: vi.fn(), onrecover: vi.fn(), oneditrunbook });
    await screen.findByTestId("runbook-list");

    await user.keyboard("{Control>}k{/Control}");
    expect(labels().at(-1)).toBe("New runbook");
    await user.keyboard("new{Enter}");
    expect(oneditrunbook).toHaveBeenCalledWith(null);
  });

  it("goes to the metrics dashboard when the home screen can open it", async () => {
    mockCore(listed());
    const user = userEvent.setup();
    const onmetrics = vi.fn();
    render(HomeView, { onopen: vi.fn(), onbackups: vi.fn(), onpeople: vi.fn(), onrecover: vi.fn(), onmetrics });
    await screen.findByTestId("runbook-list");

    await user.keyboard("{Control>}k{/Control}");
    expect(labels()).toContain("Go to Metrics");
    await user.keyboard("metrics{Enter}");
    expect(onmetrics).toHaveBeenCalledOnce();
  });

  it("does not open over another dialog", async () => {
    mockCore(listed());
    const { user } = renderHome();
    await user.click(await screen.findByTestId("start-it-system-outage"));
    await screen.findByTestId("assign-incident-commander");
    await user.keyboard("{Control>}k{/Control}");
    expect(screen.queryByTestId("library-palette")).not.toBeInTheDocument();
  });
});
