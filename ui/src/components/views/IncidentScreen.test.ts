// The incident screen against a mocked core. A change shows only once the core has committed it
// (the view is then read again); failures say why and can be tried again; the keyboard reaches
// every action; timers, milestones, roles, the timeline and the palette do what they say.
import { emit } from "@tauri-apps/api/event";
import { render, screen, waitFor, within } from "@testing-library/svelte";
import userEvent from "@testing-library/user-event";
import { afterEach, describe, expect, it, vi } from "vitest";
import type { IncidentAction } from "../../lib/bindings/IncidentAction";
import type { IncidentView } from "../../lib/bindings/IncidentView";
import type { StepState } from "../../lib/bindings/StepState";
import { clockJumpEvent, entry, event, incidentId, incidentView, people, step, timer } from "../../test/fixtures";
import { markdownHandlers } from "../../test/markdown";
import { deferred, mockCore, resetCore, type Call, type Handler } from "../../test/mock-core";
import { expectBackButtonGoesHome, expectEscapeClosesDialogThenGoesHome } from "../../test/navigation";
import IncidentScreen from "./IncidentScreen.svelte";

afterEach(async () => {
  vi.unstubAllEnvs();
  await resetCore();
});

/** The core's incident: what `incident_view` answers, changed by the test's `act`. */
type Core = { view: IncidentView };

function renderScreen(options: { view?: IncidentView; act?: (action: IncidentAction, core: Core) => unknown; handlers?: Record<string, Handler> } = {}) {
  const core: Core = { view: options.view ?? incidentView() };
  const calls = mockCore({
    incident_view: () => structuredClone(core.view),
    incident_act: ({ action }) => (options.act ? options.act(action as IncidentAction, core) : []),
    ...markdownHandlers,
    ...options.handlers,
  });
  const onhome = vi.fn();
  render(IncidentScreen, { incidentId, onhome });
  return { core, calls, onhome, user: userEvent.setup() };
}

const actions = (calls: Call[]) => calls.filter((call) => call.command === "incident_act").map((call) => call.args.action);
const stateOf = (core: Core, key: string): StepState => core.view.phases.flatMap((phase) => phase.steps).find((state) => state.step.key === key)!;
/** What the core does on a tick or decision: the step is done. */
const settle = (core: Core, key: string, status: StepState["status"] = "done") => {
  Object.assign(stateOf(core, key), { status, changed_at: "2026-05-14T02:45:00.000Z", changed_by: "alice" });
};
const timelineKinds = () => [...screen.getByTestId("timeline").querySelectorAll("[data-kind]")].map((row) => row.getAttribute("data-kind"));

/** The fixture with a decision ("Is customer data at risk?") whose "Yes" shows one more step,
 *  and a step that needs evidence. */
function withDecision(): IncidentView {
  const view = incidentView();
  view.phases[0].steps.push(step("data-at-risk", "identify", "Is customer data at risk?", "tech-lead", 30, "", { options: ["Yes", "No"] }));
  const notify = step("notify-dpo", "respond", "Notify the data protection officer", "incident-commander", 60, "", {
    evidence: "the DPO's name and the time you reached them",
    condition: { step: "data-at-risk", option: "Yes" },
  });
  notify.hidden = true;
  view.phases[1].steps.push(notify);
  view.phases[1].steps.push(step("confirm-users", "respond", "Confirm that users are served again", "tech-lead", null, "", { evidence: "the check you ran" }));
  return view;
}

describe("IncidentScreen", () => {
  it("shows the incident, its milestones, roles and the four phases with the current one open", async () => {
    renderScreen();
    const view = await screen.findByTestId("incident-view");
    expect(within(view).getByRole("heading", { level: 1 })).toHaveTextContent("Checkout down");
    expect(screen.getByTestId("severity")).toHaveTextContent("SEV1");
    expect(screen.getByTestId("drill-badge")).toHaveTextContent("DRILL");

    expect(screen.getByTestId("milestone-detected")).toHaveAttribute("data-set", "true");
    expect(screen.getByTestId("milestone-acknowledged")).toHaveAttribute("data-set", "false");
    expect(screen.getByTestId("set-milestone-acknowledged")).toBeInTheDocument();

    const phases = ["identify", "respond", "recover", "review"].map((phase) => screen.getByTestId(`phase-${phase}`));
    expect(phases[0]).toHaveAttribute("data-current", "true");
    expect(phases[0]).toHaveAttribute("data-entered", "2026-05-14T02:40:00.000Z");
    expect(phases[1]).toHaveAttribute("data-entered", "");
    // Every phase starts open; any can be folded away and opened again.
    expect(phases[1].querySelectorAll("[data-step]")).toHaveLength(1);
    await userEvent.click(within(phases[1]).getByRole("button", { name: /Respond/ }));
    expect(phases[1].querySelectorAll("[data-step]")).toHaveLength(0);
    expect(within(phases[1]).getByRole("button", { name: /Respond/ })).toHaveAttribute("aria-expanded", "false");
    await userEvent.click(within(phases[1]).getByRole("button", { name: /Respond/ }));
    expect(phases[1].querySelectorAll("[data-step]")).toHaveLength(1);

    const row = within(phases[0]).getByTestId("step-acknowledge-alert");
    expect(row).toHaveAttribute("data-status", "open");
    expect(row).toHaveAttribute("data-hidden", "false");
    expect(row).toHaveTextContent("Incident Commander: Alice Chen");
    expect(row).toHaveTextContent("target 5 min");
    expect(row).toHaveTextContent("Next");
    expect(within(phases[0]).getByTestId("step-confirm-outage")).toHaveTextContent("Tech Lead: nobody");

    expect(screen.getByTestId("role-incident-commander")).toHaveTextContent("Alice Chen");
    expect(screen.getByTestId("role-tech-lead")).toHaveTextContent("waived: on leave, covered by the IC");
    expect(timelineKinds()).toEqual(["incident.declared"]);
  });

  it("shows a tick as done only after the core has committed it", async () => {
    const pending = deferred<unknown>();
    const { calls, user } = renderScreen({ act: (_, core) => pending.promise.then(() => settle(core, "confirm-outage")) });
    const row = await screen.findByTestId("step-confirm-outage");

    await user.click(screen.getByTestId("tick-confirm-outage"));
    expect(actions(calls)).toEqual([{ action: "tick", step: "confirm-outage", note: null, evidence: null }]);
    expect(row).toHaveAttribute("data-pending", "true");
    expect(row).toHaveAttribute("data-status", "open");
    expect(row).toHaveTextContent("Saving…");
    expect(screen.getByTestId("tick-confirm-outage")).toHaveAttribute("aria-checked", "false");

    await user.click(screen.getByTestId("tick-confirm-outage"));
    expect(actions(calls)).toHaveLength(1);

    pending.resolve([]);
    await waitFor(() => expect(row).toHaveAttribute("data-status", "done"));
    expect(row).toHaveAttribute("data-pending", "false");
    expect(row).toHaveTextContent(/Done \d\d:\d\d:\d\d by alice/);
    expect(screen.getByTestId("tick-confirm-outage")).toHaveAttribute("aria-checked", "true");
    expect(calls.filter((call) => call.command === "incident_view")).toHaveLength(2);
  });

  it("moves between visible steps with j/k and the arrows, across phases, and ticks the focused one with Space", async () => {
    const view = incidentView();
    view.phases[1].entered_at = "2026-05-14T02:50:00.000Z";
    view.incident.phase = "respond";
    view.phases[0].steps.forEach((state) => (state.status = "done"));
    view.phases[0].steps.push({ ...step("hidden-one", "identify", "Hidden", null, null), hidden: true });
    const { calls, user } = renderScreen({ view, act: (_, core) => settle(core, "restore-service") });
    const restore = await screen.findByTestId("step-restore-service");
    await waitFor(() => expect(restore).toHaveFocus());
    expect(screen.queryByTestId("step-hidden-one")).not.toBeInTheDocument();

    await user.keyboard("k");
    expect(screen.getByTestId("step-confirm-outage")).toHaveFocus();
    expect(screen.getByTestId("step-confirm-outage")).toHaveAttribute("tabindex", "0");
    expect(restore).toHaveAttribute("tabindex", "-1");
    await user.keyboard("{ArrowUp}");
    expect(screen.getByTestId("step-acknowledge-alert")).toHaveFocus();
    await user.keyboard("j{ArrowDown}");
    expect(restore).toHaveFocus();

    await user.keyboard(" ");
    expect(actions(calls)).toEqual([{ action: "tick", step: "restore-service", note: null, evidence: null }]);
    await waitFor(() => expect(restore).toHaveAttribute("data-status", "done"));
    expect(restore).toHaveFocus();
  });

  it("reopens a settled step with Space", async () => {
    const view = incidentView();
    Object.assign(view.phases[0].steps[0], { status: "skipped", note: "paged by phone instead", changed_at: "2026-05-14T02:41:00.000Z", changed_by: "alice" });
    const { calls, user } = renderScreen({ view, act: (_, core) => settle(core, "acknowledge-alert", "open") });
    const row = await screen.findByTestId("step-acknowledge-alert");
    expect(row).toHaveAttribute("data-status", "skipped");
    expect(row).toHaveTextContent("Reason: paged by phone instead");

    row.focus();
    await user.keyboard(" ");
    await waitFor(() => expect(row).toHaveAttribute("data-status", "open"));
    expect(actions(calls)).toEqual([{ action: "untick", step: "acknowledge-alert", note: null }]);
  });

  it("asks for evidence before ticking a step that needs it", async () => {
    const view = withDecision();
    view.incident.phase = "respond";
    const { calls, user } = renderScreen({ view, act: (_, core) => settle(core, "confirm-users") });
    const row = await screen.findByTestId("step-confirm-users");
    row.focus();
    await user.keyboard(" ");

    const dialog = screen.getByTestId("evidence-dialog");
    expect(dialog).toHaveTextContent("the check you ran");
    expect(actions(calls)).toEqual([]);
    expect(screen.getByTestId("evidence-text")).toHaveFocus();
    await user.type(screen.getByTestId("evidence-text"), "curl /health → 200 in 0.2 s{Enter}");

    await waitFor(() => expect(screen.queryByTestId("evidence-dialog")).not.toBeInTheDocument());
    expect(actions(calls)).toEqual([{ action: "tick", step: "confirm-users", note: null, evidence: "curl /health → 200 in 0.2 s" }]);
    await waitFor(() => expect(row).toHaveAttribute("data-status", "done"));
    expect(row).toHaveFocus();
  });

  it("answers a decision with its buttons or a number key, and hides the steps it rules out", async () => {
    const { calls, user } = renderScreen({
      view: withDecision(),
      act: (action, core) => {
        if (action.action !== "decide") return [];
        settle(core, "data-at-risk");
        stateOf(core, "data-at-risk").decision = action.option;
        stateOf(core, "notify-dpo").hidden = action.option !== "Yes";
        return [];
      },
    });
    const row = await screen.findByTestId("step-data-at-risk");
    expect(screen.queryByTestId("tick-data-at-risk")).not.toBeInTheDocument();
    const options = screen.getAllByTestId("decide-data-at-risk");
    expect(options.map((button) => button.dataset.option)).toEqual(["Yes", "No"]);

    // Space on a decision goes to its options; a number answers it.
    row.focus();
    await user.keyboard(" ");
    expect(options[0]).toHaveFocus();
    expect(actions(calls)).toEqual([]);
    row.focus();
    await user.keyboard("2");
    expect(actions(calls)).toEqual([{ action: "decide", step: "data-at-risk", option: "No", note: null }]);
    await waitFor(() => expect(row).toHaveAttribute("data-status", "done"));
    expect(row).toHaveTextContent("Decision: No");
  });

  it("answers a decision by clicking an option", async () => {
    const { calls, user } = renderScreen({ view: withDecision(), act: (_, core) => settle(core, "data-at-risk") });
    await screen.findByTestId("step-data-at-risk");
    await user.click(screen.getAllByTestId("decide-data-at-risk")[0]);
    expect(actions(calls)).toEqual([{ action: "decide", step: "data-at-risk", option: "Yes", note: null }]);
  });

  it("says how many steps a decision hid and never draws them", async () => {
    const view = withDecision();
    view.incident.phase = "respond";
    renderScreen({ view });
    const respond = await screen.findByTestId("phase-respond");
    expect(screen.queryByTestId("step-notify-dpo")).not.toBeInTheDocument();
    expect(respond).toHaveTextContent("1 hidden by decisions");
    expect(respond).toHaveTextContent("0 / 2");
  });

  it("skips a step with a reason given in a dialog (s)", async () => {
    const { calls, user } = renderScreen({ act: (_, core) => settle(core, "acknowledge-alert", "skipped") });
    const row = await screen.findByTestId("step-acknowledge-alert");
    await waitFor(() => expect(row).toHaveFocus());
    await user.keyboard("s");
    expect(screen.getByTestId("skip-dialog")).toHaveTextContent("Skip “Acknowledge the alert”");
    await user.type(screen.getByTestId("skip-reason"), "already acknowledged by the NOC");
    await user.click(screen.getByTestId("skip-confirm"));

    await waitFor(() => expect(row).toHaveAttribute("data-status", "skipped"));
    expect(actions(calls)).toEqual([{ action: "skip", step: "acknowledge-alert", reason: "already acknowledged by the NOC" }]);
    expect(screen.queryByTestId("skip-dialog")).not.toBeInTheDocument();
  });

  it("keeps what was typed and shows the core's reason when a dialog's action is refused", async () => {
    const { calls, user } = renderScreen({
      act: () => {
        throw { code: "invalid_input", message: "write why the step is skipped" };
      },
    });
    await screen.findByTestId("step-acknowledge-alert");
    await user.keyboard("s");
    await user.type(screen.getByTestId("skip-reason"), "   ");
    await user.click(screen.getByTestId("skip-confirm"));
    expect(await screen.findByTestId("skip-error")).toHaveTextContent("write why the step is skipped");
    expect(screen.getByTestId("skip-reason")).toHaveValue("   ");
    expect(actions(calls)).toHaveLength(1);
    expect(screen.getByTestId("step-acknowledge-alert")).toHaveAttribute("data-status", "open");
  });

  it("marks the focused step not applicable (a) and notes it (n)", async () => {
    const { calls, user } = renderScreen({
      act: (action, core) => {
        if (action.action === "not_applicable") settle(core, "acknowledge-alert", "not_applicable");
        if (action.action === "note_step") stateOf(core, "acknowledge-alert").note = action.note;
        return [];
      },
    });
    const row = await screen.findByTestId("step-acknowledge-alert");
    await waitFor(() => expect(row).toHaveFocus());
    await user.keyboard("a");
    await waitFor(() => expect(row).toHaveAttribute("data-status", "not_applicable"));
    await user.keyboard("n");
    await user.type(screen.getByTestId("note-text"), "no pager on this service{Enter}");
    await waitFor(() => expect(row).toHaveTextContent("Note: no pager on this service"));
    expect(actions(calls)).toEqual([
      { action: "not_applicable", step: "acknowledge-alert", note: null },
      { action: "note_step", step: "acknowledge-alert", note: "no pager on this service" },
    ]);
  });

  it("writes a log entry backdated in local time and sends it in UTC (l)", async () => {
    vi.stubEnv("TZ", "Asia/Shanghai");
    const { calls, user } = renderScreen({
      act: (action, core) => {
        if (action.action === "log") core.view.timeline.push(entry(event(2, { kind: "log.entry", payload: { text: action.text } })));
        return [];
      },
    });
    await screen.findByTestId("incident-view");
    await user.keyboard("l");
    expect(screen.getByTestId("log-text")).toHaveFocus();
    expect((screen.getByTestId("log-at") as HTMLInputElement).value).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d$/);
    await user.type(screen.getByTestId("log-text"), "Rolled back to v41");
    await user.clear(screen.getByTestId("log-at"));
    await user.type(screen.getByTestId("log-at"), "2026-05-14T03:12");
    await user.click(screen.getByTestId("log-confirm"));

    await waitFor(() => expect(timelineKinds()).toEqual(["log.entry", "incident.declared"]));
    expect(actions(calls)).toEqual([{ action: "log", text: "Rolled back to v41", at: "2026-05-13T19:12:00.000Z" }]);
  });

  it("sends no time for a log entry left at now, so the core takes its own clock", async () => {
    const { calls, user } = renderScreen();
    await screen.findByTestId("incident-view");
    await user.click(screen.getByTestId("log-open"));
    await user.type(screen.getByTestId("log-text"), "Paged the DBA{Enter}");
    await waitFor(() => expect(actions(calls)).toEqual([{ action: "log", text: "Paged the DBA", at: null }]));
  });

  it("shows the core's message when an action fails, and tries it again from the banner", async () => {
    let attempts = 0;
    const { calls, user } = renderScreen({
      act: (_, core) => {
        attempts += 1;
        if (attempts === 1) throw { code: "busy", message: "Another Muster holds the database; try again." };
        settle(core, "confirm-outage");
        return [];
      },
    });
    const row = await screen.findByTestId("step-confirm-outage");
    await user.click(screen.getByTestId("tick-confirm-outage"));

    const alert = await screen.findByTestId("error-banner");
    expect(alert).toHaveTextContent("Another Muster holds the database; try again.");
    expect(alert).toHaveTextContent("Nothing was saved. Try again when the problem is fixed.");
    expect(row).toHaveAttribute("data-status", "open");
    expect(row).toHaveAttribute("data-pending", "false");

    await user.click(within(alert).getByRole("button", { name: "Try again" }));
    await waitFor(() => expect(row).toHaveAttribute("data-status", "done"));
    expect(screen.queryByTestId("error-banner")).not.toBeInTheDocument();
    expect(actions(calls)).toHaveLength(2);
  });

  it("recomputes timer states from their times: amber when warning, red when breached", async () => {
    const view = incidentView();
    view.timers = [timer("acknowledge", "acknowledge", -60_000, 120_000), timer("mitigate", "mitigate", -120_000, -60_000), timer("step:confirm-outage", "step", 60_000, 300_000, "confirm-outage")];
    renderScreen({ view });
    expect(await screen.findByTestId("timer-acknowledge")).toHaveAttribute("data-state", "warning");
    expect(screen.getByTestId("timer-acknowledge")).toHaveTextContent(/0:0[12]:\d\d left/);
    expect(screen.getByTestId("timer-mitigate")).toHaveAttribute("data-state", "breached");
    expect(screen.getByTestId("timer-mitigate")).toHaveTextContent(/overdue by 0:01:0\d/);
    expect(screen.getByTestId("step-confirm-outage")).toHaveTextContent("5 min left");
  });

  it("reminds of a due status update, posts one or snoozes", async () => {
    const view = incidentView();
    view.timers = [timer("status_update", "status_update", -600_000, -1000)];
    const { calls, user } = renderScreen({
      view,
      act: (action, core) => {
        core.view.timers = [timer("status_update", "status_update", 600_000, 1_800_000)];
        if (action.action === "status_update") core.view.timeline.push(entry(event(2, { kind: "status.updated", payload: { text: action.text } })));
        return [];
      },
    });
    const reminder = await screen.findByTestId("status-reminder");
    expect(reminder).toHaveTextContent("Status update due");
    expect(screen.getByTestId("timer-status_update")).toHaveAttribute("data-state", "breached");

    await user.click(screen.getByTestId("snooze-10"));
    await waitFor(() => expect(screen.queryByTestId("status-reminder")).not.toBeInTheDocument());
    expect(actions(calls)).toEqual([{ action: "snooze_reminder", minutes: 10 }]);

    await user.keyboard("u");
    await user.type(screen.getByTestId("status-text"), "Rolled back; checkout recovering.{Control>}{Enter}{/Control}");
    await waitFor(() => expect(timelineKinds()[0]).toBe("status.updated"));
    expect(actions(calls)[1]).toEqual({ action: "status_update", text: "Rolled back; checkout recovering." });
  });

  it("sets a milestone now in one click, or at an earlier time", async () => {
    vi.stubEnv("TZ", "Asia/Shanghai");
    const { calls, user } = renderScreen({
      act: (action, core) => {
        if (action.action === "set_milestone") core.view.milestones[action.milestone as "acknowledged"] = action.at ?? new Date().toISOString();
        return [];
      },
    });
    await user.click(await screen.findByTestId("set-milestone-acknowledged"));
    await waitFor(() => expect(screen.getByTestId("milestone-acknowledged")).toHaveAttribute("data-set", "true"));

    await user.click(screen.getByTestId("set-milestone-mitigated-at"));
    await user.clear(screen.getByTestId("milestone-at"));
    await user.type(screen.getByTestId("milestone-at"), "2026-05-14T11:05");
    await user.click(screen.getByTestId("milestone-confirm"));
    await waitFor(() => expect(screen.getByTestId("milestone-mitigated")).toHaveAttribute("data-set", "true"));
    expect(actions(calls)).toEqual([
      { action: "set_milestone", milestone: "acknowledged", at: null },
      { action: "set_milestone", milestone: "mitigated", at: "2026-05-14T03:05:00.000Z" },
    ]);
  });

  it("hands a role over to someone from the roster", async () => {
    const { calls, user } = renderScreen({
      handlers: { person_list: () => people },
      act: (action, core) => {
        if (action.action === "hand_over") Object.assign(core.view.roles[0], { person: people[1] });
        return [];
      },
    });
    await user.click(await screen.findByTestId("handover-incident-commander"));
    const dialog = await screen.findByTestId("handover-dialog");
    expect(dialog).toHaveTextContent("Held by Alice Chen now.");
    expect(within(screen.getByTestId("handover-person")).getAllByRole("option").map((option) => option.textContent)).toEqual(["Bob Li · bob@example.com"]);
    await user.type(screen.getByTestId("handover-note"), "going off shift");
    await user.click(screen.getByTestId("handover-confirm"));

    await waitFor(() => expect(screen.getByTestId("role-incident-commander")).toHaveTextContent("Bob Li"));
    expect(actions(calls)).toEqual([{ action: "hand_over", role: "incident-commander", to: "bob-li", note: "going off shift", at: null }]);
  });

  it("shows only my steps: those whose role the chosen person holds", async () => {
    const { user } = renderScreen();
    const identify = await screen.findByTestId("phase-identify");
    await user.selectOptions(screen.getByTestId("my-steps"), "Alice Chen");
    expect([...identify.querySelectorAll("[data-step]")].map((row) => row.getAttribute("data-step"))).toEqual(["acknowledge-alert"]);
    expect(identify).toHaveTextContent("1 of others’ steps not shown");
    await user.selectOptions(screen.getByTestId("my-steps"), "Everyone");
    expect(identify.querySelectorAll("[data-step]")).toHaveLength(2);
  });

  it("offers the next phase once every visible step of the current one is settled", async () => {
    const view = incidentView();
    settleAll(view, "identify");
    const { calls, user } = renderScreen({
      view,
      act: (_, core) => {
        core.view.incident.phase = "respond";
        core.view.phases[1].entered_at = "2026-05-14T03:00:00.000Z";
        return [];
      },
    });
    await user.click(await screen.findByTestId("enter-phase-respond"));
    await waitFor(() => expect(screen.getByTestId("phase-respond")).toHaveAttribute("data-current", "true"));
    expect(screen.getByTestId("phase-respond")).toHaveAttribute("data-entered", "2026-05-14T03:00:00.000Z");
    expect(screen.queryByTestId("enter-phase-respond")).not.toBeInTheDocument();
    expect(actions(calls)).toEqual([{ action: "enter_phase", phase: "respond" }]);
  });

  it("lets only Review steps change once resolved, and offers to close", async () => {
    const view = incidentView();
    view.incident.resolved_at = "2026-05-14T04:00:00.000Z";
    view.incident.phase = "review";
    view.milestones.resolved = "2026-05-14T04:00:00.000Z";
    const { calls, user } = renderScreen({
      view,
      act: (_, core) => {
        core.view.incident.closed_at = "2026-05-14T05:00:00.000Z";
        return [];
      },
    });
    expect(await screen.findByTestId("resolved-notice")).toHaveTextContent("Only the Review steps can still change.");
    expect(screen.getByTestId("tick-acknowledge-alert")).toHaveAttribute("aria-disabled", "true");
    expect(screen.getByTestId("tick-book-review")).toHaveAttribute("aria-disabled", "false");

    await user.click(screen.getByTestId("close-incident"));
    await user.type(screen.getByTestId("close-note"), "Review booked for Monday.");
    await user.click(screen.getByTestId("close-confirm"));
    expect(await screen.findByTestId("closed-notice")).toBeInTheDocument();
    expect(actions(calls)).toEqual([{ action: "close", note: "Review booked for Monday." }]);

    // Closed: nothing can change any more.
    expect(screen.getByTestId("tick-book-review")).toHaveAttribute("aria-disabled", "true");
    expect(screen.queryByTestId("handover-incident-commander")).not.toBeInTheDocument();
    expect(screen.queryByTestId("set-milestone-acknowledged")).not.toBeInTheDocument();
    expect(screen.queryByTestId("log-open")).not.toBeInTheDocument();
    await user.keyboard("l");
    expect(screen.queryByTestId("log-dialog")).not.toBeInTheDocument();
  });

  it("corrects a timeline entry's time and text, with a reason", async () => {
    vi.stubEnv("TZ", "Asia/Shanghai");
    const view = incidentView();
    view.timeline.push(entry(event(2, { kind: "log.entry", payload: { text: "Rolled back to v41" } }, "2026-05-14T02:50:00.000Z")));
    const { calls, user } = renderScreen({ view });
    await user.click(await screen.findByTestId("correct-2"));
    expect(screen.getByTestId("correct-at")).toHaveValue("2026-05-14T10:50");
    expect(screen.getByTestId("correct-text")).toHaveValue("Rolled back to v41");
    await user.clear(screen.getByTestId("correct-at"));
    await user.type(screen.getByTestId("correct-at"), "2026-05-14T10:47");
    await user.clear(screen.getByTestId("correct-text"));
    await user.type(screen.getByTestId("correct-text"), "Rolled back to v40");
    await user.type(screen.getByTestId("correct-reason"), "wrong version and time");
    await user.click(screen.getByTestId("correct-confirm"));
    await waitFor(() =>
      expect(actions(calls)).toEqual([{ action: "correct", event: "event-2", at: "2026-05-14T02:47:00.000Z", text: "Rolled back to v40", reason: "wrong version and time" }]),
    );
  });

  it("verifies the timeline from its panel", async () => {
    const { calls, user } = renderScreen({
      handlers: { incident_verify: () => ({ incident_id: incidentId, events_checked: 4, first_broken_seq: null, problem: null }) },
    });
    await user.click(await screen.findByTestId("verify-chain"));
    expect(await screen.findByTestId("verify-result")).toHaveAttribute("data-holds", "true");
    expect(screen.getByTestId("verify-result")).toHaveTextContent("Timeline intact: 4 events checked");
    expect(calls.filter((call) => call.command === "incident_verify")).toEqual([{ command: "incident_verify", args: { incidentId } }]);
  });

  it("finds actions in the palette by fuzzy name and runs the chosen one", async () => {
    const { calls, user } = renderScreen({
      handlers: {
        severity_list: () => ["SEV1", "SEV2", "SEV3"],
        incident_list: () => [],
        incident_verify: () => ({ incident_id: incidentId, events_checked: 9, first_broken_seq: 3, problem: "event 3 was changed" }),
      },
    });
    await screen.findByTestId("step-acknowledge-alert");
    await user.keyboard("{Control>}k{/Control}");
    const palette = screen.getByTestId("palette");
    expect(screen.getByTestId("palette-input")).toHaveFocus();
    await waitFor(() => expect(palette).toHaveTextContent("Change severity to SEV2"));
    expect(palette).toHaveTextContent("Tick “Acknowledge the alert”");

    await user.keyboard("vrfy tl");
    const shown = within(palette).getAllByRole("option").map((option) => option.textContent?.trim());
    expect(shown[0]).toBe("Verify the timeline");
    expect(shown).not.toContain("Write a log entry…l");
    await user.keyboard("{Enter}");

    expect(screen.queryByTestId("palette")).not.toBeInTheDocument();
    expect(await screen.findByTestId("verify-result")).toHaveAttribute("data-holds", "false");
    expect(screen.getByTestId("verify-result")).toHaveTextContent("Broken at event 3: event 3 was changed");

    await user.keyboard("{Control>}k{/Control}");
    await user.keyboard("sev2{ArrowDown}{ArrowUp}{Enter}");
    await waitFor(() => expect(actions(calls)).toEqual([{ action: "change_severity", severity: "SEV2" }]));
  });

  it("moves to a later phase and switches to another open incident from the palette", async () => {
    const other = incidentView();
    other.incident.id = "other-incident";
    other.incident.title = "Payments slow";
    const { calls, user } = renderScreen({
      handlers: {
        severity_list: () => ["SEV1"],
        incident_list: () => [{ incident: other.incident, runbook_title: "", steps_done: 0, steps_total: 5 }],
        incident_view: ({ id }) => (id === "other-incident" ? other : incidentView()),
      },
    });
    await screen.findByTestId("step-acknowledge-alert");
    await user.keyboard("{Control>}k{/Control}");
    await user.keyboard("move to recover{Enter}");
    await waitFor(() => expect(actions(calls)).toEqual([{ action: "enter_phase", phase: "recover" }]));

    await user.keyboard("{Control>}k{/Control}");
    await waitFor(() => expect(screen.getByTestId("palette")).toHaveTextContent("Switch to incident “Payments slow”"));
    await user.keyboard("payments{Enter}");
    await waitFor(() => expect(screen.getByRole("heading", { level: 1 })).toHaveTextContent("Payments slow"));
    expect(screen.getByTestId("incident-view")).toHaveAttribute("data-incident", "other-incident");
  });

  it("shows a recorded clock jump as a warning in the timeline and in the header", async () => {
    const jumped = incidentView();
    jumped.timeline.push(entry(clockJumpEvent(2)));
    jumped.clock_jumped = true;
    renderScreen({ view: jumped });
    await screen.findByTestId("incident-view");
    expect(screen.getByTestId("clock-warning")).toHaveTextContent("The system clock changed during this incident");
    const row = screen.getByTestId("timeline").querySelector("[data-kind='clock.jumped']");
    expect(row).toHaveClass("warning");
    expect(row).toHaveTextContent(/System clock changed: .*\d\d:\d\d → .*\d\d:\d\d \(times around here may be off\)/);
  });

  it("reads the view again when the core changes the timeline in the background, keeping focus", async () => {
    const { core, calls } = renderScreen();
    const first = await screen.findByTestId("step-acknowledge-alert");
    await waitFor(() => expect(first).toHaveFocus());
    core.view.timeline.push(entry(event(2, { kind: "timer.breached", payload: { timer: "acknowledge", due_at: "2026-05-14T02:55:00.000Z" } })));

    await emit("timeline-changed");
    await waitFor(() => expect(timelineKinds()).toEqual(["timer.breached", "incident.declared"]));
    expect(screen.getByTestId("timeline")).toHaveTextContent("Target missed: Acknowledge");
    expect(calls.filter((call) => call.command === "incident_view")).toHaveLength(2);
    expect(first).toHaveFocus();
  });

  it("shows instructions on Enter, with code blocks and no raw HTML", async () => {
    const { user } = renderScreen();
    const row = await screen.findByTestId("step-confirm-outage");
    row.focus();
    await user.keyboard("{Enter}");
    expect(within(row).getByRole("button", { name: "Confirm the outage" })).toHaveAttribute("aria-expanded", "true");
    await waitFor(() => expect(row.querySelector("pre code")).toHaveTextContent("curl -sS https://app.example.com/health"));
    expect(within(row).getByRole("button", { name: "Copy" })).toBeInTheDocument();
  });

  it("ignores shortcuts while typing in a field", async () => {
    const { user } = renderScreen();
    await screen.findByTestId("step-acknowledge-alert");
    screen.getByTestId("my-steps").focus();
    await user.keyboard("l");
    expect(screen.queryByTestId("log-dialog")).not.toBeInTheDocument();
    await user.keyboard("?");
    expect(screen.queryByTestId("shortcut-help")).not.toBeInTheDocument();
  });

  it("opens the shortcut help with ? and closes it, then goes home, with Escape", async () => {
    const { onhome, user } = renderScreen();
    await screen.findByTestId("incident-view");
    await user.keyboard("?");
    expect(screen.getByTestId("shortcut-help")).toHaveTextContent("Answer the focused decision with option 1 to 9");
    await expectEscapeClosesDialogThenGoesHome(user, onhome);
  });

  it("opens the review from the header, the palette and, once resolved, the notice", async () => {
    const resolved = incidentView();
    resolved.incident.resolved_at = "2026-05-14T04:00:00.000Z";
    resolved.milestones.resolved = "2026-05-14T04:00:00.000Z";
    mockCore({ incident_view: () => structuredClone(resolved), severity_list: () => [], incident_list: () => [], ...markdownHandlers });
    const onreview = vi.fn();
    render(IncidentScreen, { incidentId, onhome: vi.fn(), onreview });
    const user = userEvent.setup();
    await user.click(await screen.findByTestId("open-review"));
    await user.click(within(screen.getByTestId("resolved-notice")).getByTestId("write-review"));
    await user.keyboard("{Control>}k{/Control}");
    await user.keyboard("post-incident review{Enter}");
    expect(onreview.mock.calls).toEqual([[incidentId], [incidentId], [incidentId]]);
  });

  it("goes home with the back button", async () => {
    const { onhome, user } = renderScreen();
    await expectBackButtonGoesHome(user, onhome);
  });
});

function settleAll(view: IncidentView, phase: string) {
  for (const state of view.phases.find((entry) => entry.phase === phase)?.steps ?? []) state.status = "done";
}
