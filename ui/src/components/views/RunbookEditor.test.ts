// The runbook editor against a mocked core: loading a runbook, the core's problems beside the
// field at fault, adding steps (keys from titles), moving steps with the keyboard and between
// phases, saving with the base revision and a change note, a refused save that keeps the draft,
// a new runbook's id from its title, leaving with unsaved changes, and the drills part (cadence,
// scenarios and their injects).
import { fireEvent, render, screen, waitFor } from "@testing-library/svelte";
import userEvent from "@testing-library/user-event";
import { afterEach, describe, expect, it, vi } from "vitest";
import type { ActionItem } from "../../lib/bindings/ActionItem";
import type { FieldProblem } from "../../lib/bindings/FieldProblem";
import type { Runbook } from "../../lib/bindings/Runbook";
import type { Scenario } from "../../lib/bindings/Scenario";
import type { Step } from "../../lib/bindings/Step";
import { mockCore, resetCore, type Handler } from "../../test/mock-core";
import { catalogue, outageRoles, severities } from "../../test/roster-fixtures";
import RunbookEditor from "./RunbookEditor.svelte";

afterEach(resetCore);

const step = (key: string, phase: Step["phase"], title: string, more: Partial<Step> = {}): Step => ({
  key,
  phase,
  title,
  instructions: "",
  role: null,
  target_minutes: null,
  evidence: null,
  options: [],
  condition: null,
  milestone: null,
  optional: false,
  ...more,
});

const runbook = (): Runbook => ({
  id: "it-system-outage",
  title: "IT system outage",
  summary: "A core system is down.",
  tags: ["payments"],
  owner: "Platform",
  severities: [],
  review_days: 180,
  drill_days: null,
  review_template: "",
  context: "",
  scenarios: [],
  roles: outageRoles,
  targets: { SEV1: { acknowledge_minutes: 5, mitigate_minutes: 60, resolve_minutes: null, update_minutes: 30 } },
  steps: [
    step("confirm", "identify", "Confirm the outage", { role: "incident-commander", options: ["Yes", "No"] }),
    step("page-team", "identify", "Page the team"),
    step("failover", "respond", "Fail over", { condition: { step: "confirm", option: "Yes" } }),
    step("verify", "recover", "Verify recovery"),
  ],
});

/** What the core says about a draft: an empty title, a step without one, an inject without a message. */
function problemsOf(draft: Runbook): FieldProblem[] {
  const found: FieldProblem[] = [];
  if (draft.title.trim() === "") found.push({ field: "title", message: "the title is empty" });
  draft.steps.forEach((candidate, index) => {
    if (candidate.title.trim() === "") found.push({ field: `steps[${index}].title`, message: `step ${index + 1} has no title` });
  });
  draft.scenarios.forEach((scenario, index) =>
    scenario.injects.forEach((inject, at) => {
      if (inject.message.trim() === "") found.push({ field: `scenarios[${index}].injects[${at}].message`, message: `inject ${inject.number} has no message` });
    }),
  );
  return found;
}

const ransomware = (): Scenario => ({
  key: "ransomware",
  name: "Ransomware",
  briefing: "Monday, 08:00.",
  injects: [
    { number: 1, offset_seconds: 300, message: "Files are encrypted", recipient: null, expected_action: "Confirm", step: "confirm", facilitator_notes: "" },
    { number: 2, offset_seconds: 600, message: "A journalist calls", recipient: "incident-commander", expected_action: "", step: null, facilitator_notes: "Only if asked" },
  ],
});

function renderEditor(runbookId: string | null = "it-system-outage", handlers: Record<string, Handler> = {}) {
  let revision = 3;
  const calls = mockCore({
    runbook_get: () => [runbook(), 3],
    role_list: () => catalogue,
    severity_list: () => severities,
    runbook_problems: ({ runbook: draft }) => problemsOf(draft as Runbook),
    runbook_save: () => ++revision,
    markdown_render: ({ text }) => `<p>${String(text)}</p>`,
    runbook_improvements: () => [],
    ...handlers,
  });
  const props = { runbookId, onback: vi.fn(), onhistory: vi.fn() };
  render(RunbookEditor, props);
  return { calls, props, user: userEvent.setup() };
}

const saves = (calls: { command: string; args: Record<string, unknown> }[]) =>
  calls.filter((call) => call.command === "runbook_save").map((call) => call.args as { runbook: Runbook; base: number | null; note: string });
const keysIn = (phase: string) => [...screen.getByTestId(`phase-${phase}`).querySelectorAll("[data-key]")].map((row) => row.getAttribute("data-key"));

async function saveWithNote(user: ReturnType<typeof userEvent.setup>, note: string) {
  await user.click(screen.getByTestId("editor-save"));
  const field = await screen.findByTestId("save-note");
  await user.type(field, `${note}{Enter}`);
}

const improvement = (id: string, title: string): ActionItem => ({
  id,
  incident_id: "inc-1",
  incident_title: "Checkout down",
  title,
  owner: "Bo Chen",
  due_on: "2026-12-01",
  status: "open",
  runbook_id: "it-system-outage",
  resolved_by_revision: null,
  created_at: "2026-11-20T10:00:00.000Z",
  created_by: "Ana",
  closed_at: null,
  overdue: false,
});

describe("RunbookEditor", () => {
  it("shows the pending improvements and resolves the ones ticked when saving", async () => {
    let pending = [improvement("a1", "Add a step to drain the queue"), improvement("a2", "Page the DBA earlier")];
    const { calls, user } = renderEditor("it-system-outage", {
      runbook_improvements: () => pending,
      action_item_resolve: ({ id }) => {
        pending = pending.filter((item) => item.id !== id);
        return { ...improvement(String(id), ""), status: "done", resolved_by_revision: 4 };
      },
    });
    const panel = await screen.findByTestId("editor-improvements");
    expect(panel).toHaveTextContent("Pending improvements (2)");
    expect(panel).toHaveTextContent("Add a step to drain the queue");
    expect(panel).toHaveTextContent("Checkout down");

    await user.type(screen.getByTestId("editor-title"), " (drained)");
    await user.click(screen.getByTestId("editor-save"));
    await user.click(await screen.findByTestId("resolves-a1"));
    await user.type(screen.getByTestId("save-note"), "drain the queue{Enter}");

    await waitFor(() => expect(calls.filter((call) => call.command === "action_item_resolve").map((call) => call.args.id)).toEqual(["a1"]));
    const order = calls.map((call) => call.command).filter((command) => command === "runbook_save" || command === "action_item_resolve");
    expect(order).toEqual(["runbook_save", "action_item_resolve"]);
    await waitFor(() => expect(screen.getByTestId("editor-improvements")).toHaveTextContent("Pending improvements (1)"));
    expect(screen.getByTestId("editor-improvements")).not.toHaveTextContent("drain the queue");
  });

  it("loads a runbook into its fields, steps grouped by phase", async () => {
    renderEditor();
    expect(await screen.findByTestId("editor-title")).toHaveValue("IT system outage");
    expect(screen.getByTestId("editor-id")).toHaveValue("it-system-outage");
    expect(screen.getByTestId("editor-id")).toHaveAttribute("readonly");
    expect(screen.getByTestId("editor-owner")).toHaveValue("Platform");
    expect([...screen.getByTestId("editor-roles").querySelectorAll(".role-name")].map((item) => item.textContent)).toEqual([
      "Incident Commander",
      "Tech Lead",
    ]);
    expect(keysIn("identify")).toEqual(["confirm", "page-team"]);
    expect(keysIn("respond")).toEqual(["failover"]);
    expect(keysIn("recover")).toEqual(["verify"]);
    expect(keysIn("review")).toEqual([]);
  });

  it("shows the core's problem beside the field at fault, and counts them by Save", async () => {
    const { user } = renderEditor();
    const title = await screen.findByTestId("editor-title");
    await user.clear(title);

    const problem = await screen.findByTestId("problem-title");
    expect(problem).toHaveTextContent("the title is empty");
    expect(title).toHaveAttribute("aria-invalid", "true");
    expect(title.getAttribute("aria-describedby")).toBe(problem.id);

    // A step's problem: its row says so while collapsed; open, the message is beside its title.
    await user.click(screen.getByTestId("toggle-page-team"));
    await user.clear(screen.getByTestId("step-title-1"));
    expect(await screen.findByTestId("problem-steps[1].title")).toHaveTextContent("step 2 has no title");
    expect(screen.getByTestId("editor-problems")).toHaveTextContent("2 problems");

    // The summary jumps to the problem highest on the page…
    await user.click(screen.getByTestId("editor-problems"));
    expect(title).toHaveFocus();

    // …opening a collapsed step to reach it.
    await user.type(title, "Outage");
    await user.click(screen.getByTestId("toggle-page-team"));
    expect(await screen.findByTestId("step-problems-page-team")).toHaveTextContent("1 to fix");
    await waitFor(() => expect(screen.getByTestId("editor-problems")).toHaveTextContent("1 problem"));
    await user.click(screen.getByTestId("editor-problems"));
    expect(screen.getByTestId("step-title-1")).toHaveFocus();
  });

  it("adds a step whose key follows its title, unique in the runbook", async () => {
    const { calls, user } = renderEditor();
    await user.click(await screen.findByTestId("add-step-respond"));
    const title = screen.getByTestId("step-title-3");
    expect(title).toHaveFocus();
    await user.type(title, "Verify recovery");
    expect(keysIn("respond")).toEqual(["failover", "verify-recovery"]);

    await saveWithNote(user, "Added a check");
    await waitFor(() => expect(saves(calls)).toHaveLength(1));
    expect(saves(calls)[0].runbook.steps.map((sent) => `${sent.phase}:${sent.key}`)).toEqual([
      "identify:confirm",
      "identify:page-team",
      "respond:failover",
      "respond:verify-recovery",
      "recover:verify",
    ]);
  });

  it("moves the focused step with Alt+arrows, past a phase's end into the next, focus following", async () => {
    const { calls, user } = renderEditor();
    const toggle = await screen.findByTestId("toggle-page-team");
    toggle.focus();
    await user.keyboard("{Alt>}{ArrowUp}{/Alt}");
    expect(keysIn("identify")).toEqual(["page-team", "confirm"]);
    expect(screen.getByTestId("toggle-page-team")).toHaveFocus();
    expect(screen.getByTestId("move-announcement")).toHaveTextContent("“Page the team” is now step 1 of Identify.");

    screen.getByTestId("toggle-confirm").focus();
    await user.keyboard("{Alt>}{ArrowDown}{/Alt}");
    expect(keysIn("identify")).toEqual(["page-team"]);
    expect(keysIn("respond")).toEqual(["confirm", "failover"]);
    expect(screen.getByTestId("toggle-confirm")).toHaveFocus();

    await saveWithNote(user, "Reordered");
    await waitFor(() => expect(saves(calls)).toHaveLength(1));
    expect(saves(calls)[0].runbook.steps.map((sent) => sent.key)).toEqual(["page-team", "confirm", "failover", "verify"]);
  });

  it("moves a step to another phase with its phase menu or Alt+←/→", async () => {
    const { calls, user } = renderEditor();
    await user.selectOptions(await screen.findByRole("combobox", { name: "Phase of “Page the team”" }), "review");
    expect(keysIn("identify")).toEqual(["confirm"]);
    expect(keysIn("review")).toEqual(["page-team"]);

    screen.getByTestId("toggle-verify").focus();
    await user.keyboard("{Alt>}{ArrowLeft}{/Alt}");
    expect(keysIn("respond")).toEqual(["failover", "verify"]);
    expect(keysIn("recover")).toEqual([]);

    await saveWithNote(user, "Phases");
    await waitFor(() => expect(saves(calls)).toHaveLength(1));
    expect(saves(calls)[0].runbook.steps.map((sent) => `${sent.phase}:${sent.key}`)).toEqual([
      "identify:confirm",
      "respond:failover",
      "respond:verify",
      "review:page-team",
    ]);
  });

  it("moves a step by dragging its handle onto another row or into an empty phase", async () => {
    renderEditor();
    const handle = await screen.findByTestId("drag-verify");
    await fireEvent.dragStart(handle);
    await fireEvent.dragOver(screen.getByTestId("step-confirm"), { clientY: 0 });
    expect(screen.getByTestId("step-confirm")).toHaveClass("drop-before");
    await fireEvent.drop(screen.getByTestId("step-confirm"));
    expect(keysIn("identify")).toEqual(["verify", "confirm", "page-team"]);
    expect(keysIn("recover")).toEqual([]);

    await fireEvent.dragStart(screen.getByTestId("drag-confirm"));
    await fireEvent.dragOver(screen.getByTestId("phase-review"));
    await fireEvent.drop(screen.getByTestId("phase-review"));
    expect(keysIn("identify")).toEqual(["verify", "page-team"]);
    expect(keysIn("review")).toEqual(["confirm"]);
  });

  it("deletes a step with a way to undo", async () => {
    const { user } = renderEditor();
    await user.click(await screen.findByTestId("delete-page-team"));
    expect(keysIn("identify")).toEqual(["confirm"]);
    expect(screen.getByTestId("step-deleted")).toHaveTextContent("Deleted “Page the team”.");
    await user.click(screen.getByTestId("undo-delete"));
    expect(keysIn("identify")).toEqual(["confirm", "page-team"]);
  });

  it("saves with the base revision and a change note, then saves on from the new revision (Ctrl+S too)", async () => {
    const { calls, user } = renderEditor();
    const title = await screen.findByTestId("editor-title");
    await user.type(title, " (core)");
    await saveWithNote(user, "Clearer title");

    expect(await screen.findByTestId("editor-status")).toHaveTextContent("Saved as revision 4.");
    expect(screen.queryByTestId("save-dialog")).not.toBeInTheDocument();
    expect(saves(calls)).toEqual([{ runbook: expect.objectContaining({ title: "IT system outage (core)", tags: ["payments"] }), base: 3, note: "Clearer title" }]);
    expect(saves(calls)[0].runbook.targets).toEqual(runbook().targets);

    await user.type(title, "!");
    await user.keyboard("{Control>}s{/Control}");
    await user.type(await screen.findByTestId("save-note"), "Again{Enter}");
    await waitFor(() => expect(saves(calls)).toHaveLength(2));
    expect(saves(calls)[1]).toMatchObject({ base: 4, note: "Again" });
  });

  it("shows why the core refused a save and keeps the draft", async () => {
    const message = "runbook 'it-system-outage' changed since you opened it (revision 3; it is now at 4); nothing was saved";
    const { user } = renderEditor("it-system-outage", {
      runbook_save: () => {
        throw { code: "invalid_state", message };
      },
    });
    const title = await screen.findByTestId("editor-title");
    await user.type(title, " v2");
    await saveWithNote(user, "Mine");

    expect(await screen.findByTestId("save-error")).toHaveTextContent(message);
    expect(screen.getByTestId("save-note")).toHaveValue("Mine");
    expect(title).toHaveValue("IT system outage v2");
    expect(screen.getByTestId("editor-status")).toHaveTextContent("");
  });

  it("derives a new runbook's id from its title and saves it without a base", async () => {
    const { calls, user } = renderEditor(null);
    const title = await screen.findByTestId("editor-title");
    await waitFor(() => expect(title).toHaveFocus());
    await user.type(title, "Disk full on DB-01!");
    expect(screen.getByTestId("editor-id")).toHaveValue("disk-full-on-db-01");
    expect(screen.getByTestId("editor-id")).not.toHaveAttribute("readonly");
    expect(calls.some((call) => call.command === "runbook_get")).toBe(false);

    await saveWithNote(user, "First draft");
    await waitFor(() => expect(saves(calls)).toHaveLength(1));
    expect(saves(calls)[0]).toMatchObject({ base: null, note: "First draft", runbook: { id: "disk-full-on-db-01", targets: {}, steps: [] } });
    expect(await screen.findByTestId("editor-id")).toHaveAttribute("readonly");
  });

  it("previews Markdown as the core renders it", async () => {
    const { user } = renderEditor();
    await user.type(await screen.findByTestId("editor-context"), "Call **ops**");
    await user.click(screen.getByTestId("editor-context-preview"));
    expect(await screen.findByTestId("editor-context-rendered")).toContainHTML("<p>Call **ops**</p>");
  });

  it("asks before discarding unsaved changes", async () => {
    const { props, user } = renderEditor();
    await user.type(await screen.findByTestId("editor-owner"), " team");
    await user.click(screen.getByTestId("nav-home"));
    expect(props.onback).not.toHaveBeenCalled();
    await user.click(await screen.findByTestId("discard-confirm"));
    expect(props.onback).toHaveBeenCalledOnce();
  });

  describe("drills", () => {
    const withScenario = { runbook_get: (): [Runbook, number] => [{ ...runbook(), drill_days: 45, scenarios: [ransomware()] }, 3] };

    it("loads the cadence and scenarios, with a saved key fixed", async () => {
      renderEditor("it-system-outage", withScenario);
      expect(await screen.findByTestId("drill-cadence")).toHaveValue("other");
      expect(screen.getByTestId("drill-days")).toHaveValue(45);
      expect(screen.getByTestId("scenario-0-name")).toHaveValue("Ransomware");
      expect(screen.getByTestId("scenario-0-key")).toHaveAttribute("readonly");
      expect(screen.getByTestId("scenario-0-inject-0")).toHaveTextContent("1. T+5 min → Everyone");
      expect(screen.getByTestId("scenario-0-inject-1")).toHaveTextContent("2. T+10 min → Incident Commander");
      expect(screen.getByTestId("scenario-0-inject-0-offset")).toHaveValue(5);
      expect(screen.getByTestId("scenario-0-inject-0-step")).toHaveValue("confirm");
    });

    it("sets a preset cadence, adds a scenario whose key follows its name, and saves its injects", async () => {
      const { calls, user } = renderEditor("it-system-outage", withScenario);
      await user.selectOptions(await screen.findByTestId("drill-cadence"), "Quarterly (90 days)");
      expect(screen.queryByTestId("drill-days")).not.toBeInTheDocument();

      await user.click(screen.getByTestId("add-scenario"));
      const name = screen.getByTestId("scenario-1-name");
      expect(name).toHaveFocus();
      await user.type(name, "Ransomware");
      expect(screen.getByTestId("scenario-1-key")).toHaveValue("ransomware-2");
      expect(screen.getByTestId("scenario-1-key")).not.toHaveAttribute("readonly");

      await user.click(screen.getByTestId("scenario-1-add-inject"));
      expect(screen.getByTestId("scenario-1-inject-0-message")).toHaveFocus();
      await user.keyboard("The lights go out");
      await user.clear(screen.getByTestId("scenario-1-inject-0-offset"));
      await user.type(screen.getByTestId("scenario-1-inject-0-offset"), "15");
      await user.selectOptions(screen.getByTestId("scenario-1-inject-0-recipient"), "Tech Lead");
      await user.selectOptions(screen.getByTestId("scenario-1-inject-0-step"), "Fail over");
      await user.click(screen.getByTestId("scenario-1-add-inject"));
      expect(screen.getByTestId("scenario-1-inject-1")).toHaveTextContent("2. T+20 min → Everyone");
      await user.keyboard("Generators fail");

      await saveWithNote(user, "A power drill");
      await waitFor(() => expect(saves(calls)).toHaveLength(1));
      const sent = saves(calls)[0].runbook;
      expect(sent.drill_days).toBe(90);
      expect(sent.scenarios[0]).toEqual(ransomware());
      expect(sent.scenarios[1]).toEqual({
        key: "ransomware-2",
        name: "Ransomware",
        briefing: "",
        injects: [
          { number: 1, offset_seconds: 900, message: "The lights go out", recipient: "tech-lead", expected_action: "", step: "failover", facilitator_notes: "" },
          { number: 2, offset_seconds: 1200, message: "Generators fail", recipient: null, expected_action: "", step: null, facilitator_notes: "" },
        ],
      });
      // Saved, the new scenario's key no longer follows its name.
      await waitFor(() => expect(screen.getByTestId("scenario-1-key")).toHaveAttribute("readonly"));
      await user.type(screen.getByTestId("scenario-1-name"), " again");
      expect(screen.getByTestId("scenario-1-key")).toHaveValue("ransomware-2");
    });

    it("moves an inject with Alt+arrows, focus following, and removes one", async () => {
      const { calls, user } = renderEditor("it-system-outage", withScenario);
      (await screen.findByTestId("scenario-0-inject-1-message")).focus();
      await user.keyboard("{Alt>}{ArrowUp}{/Alt}");
      expect(screen.getByTestId("scenario-0-inject-0")).toHaveTextContent("2. T+10 min");
      expect(screen.getByTestId("scenario-0-inject-0-message")).toHaveFocus();
      expect(screen.getByTestId("scenario-0-inject-0-message")).toHaveValue("A journalist calls");

      await user.click(screen.getByTestId("scenario-0-inject-1-remove"));
      expect(screen.queryByTestId("scenario-0-inject-1")).not.toBeInTheDocument();
      expect(screen.getByTestId("scenario-0-inject-0-message")).toHaveFocus();

      await saveWithNote(user, "One inject");
      await waitFor(() => expect(saves(calls)).toHaveLength(1));
      expect(saves(calls)[0].runbook.scenarios[0].injects.map((inject) => inject.number)).toEqual([2]);
    });

    it("shows the core's problem beside the inject field at fault", async () => {
      const { user } = renderEditor("it-system-outage", withScenario);
      const message = await screen.findByTestId("scenario-0-inject-1-message");
      await user.clear(message);
      const problem = await screen.findByTestId("problem-scenarios[0].injects[1].message");
      expect(problem).toHaveTextContent("inject 2 has no message");
      expect(message).toHaveAttribute("aria-invalid", "true");
      expect(message.getAttribute("aria-describedby")).toBe(problem.id);
      await user.click(screen.getByTestId("editor-problems"));
      expect(message).toHaveFocus();
    });

    it("removes a scenario and leaves no cadence when None is chosen", async () => {
      const { calls, user } = renderEditor("it-system-outage", withScenario);
      await user.click(await screen.findByRole("button", { name: "Remove scenario “Ransomware”" }));
      expect(screen.queryByTestId("scenario-0")).not.toBeInTheDocument();
      expect(screen.getByTestId("add-scenario")).toHaveFocus();
      await user.selectOptions(screen.getByTestId("drill-cadence"), "No cadence");
      await saveWithNote(user, "No drills");
      await waitFor(() => expect(saves(calls)).toHaveLength(1));
      expect(saves(calls)[0].runbook).toMatchObject({ drill_days: null, scenarios: [] });
    });
  });
});
