// The declare dialog against a mocked core: what it starts with, the roles that must be filled or
// waived before it declares, the exact NewIncident it sends (the detection time converted from
// local time to UTC, null when left at now), the core's refusals, and adding a person inline.
// Runs in UTC+8 (Asia/Shanghai, no daylight saving time) at a fixed "now", so the local time the
// input shows differs from the UTC instant sent.
import { fireEvent, render, screen, waitFor, within } from "@testing-library/svelte";
import userEvent from "@testing-library/user-event";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { startIncident } from "../../lib/api/incident";
import { newPerson } from "../../lib/api/roster";
import type { NewIncident } from "../../lib/bindings/NewIncident";
import type { PersonInput } from "../../lib/bindings/PersonInput";
import { mockCore, resetCore, type Handler } from "../../test/mock-core";
import { declareHandlers, outageRunbook, people, person } from "../../test/roster-fixtures";
import DeclareDialog from "./DeclareDialog.svelte";

beforeAll(() => {
  vi.stubEnv("TZ", "Asia/Shanghai");
});
afterAll(() => {
  vi.unstubAllEnvs();
});

/** 03:00 UTC, so 11:00 on the user's clock. */
const now = new Date("2026-05-14T03:00:20.000Z");
beforeEach(() => {
  vi.useFakeTimers({ toFake: ["Date"] });
  vi.setSystemTime(now);
});
afterEach(async () => {
  vi.useRealTimers();
  await resetCore();
});

const declared = { id: "new-id" };

function renderDialog(handlers: Record<string, Handler> = {}) {
  const calls = mockCore(declareHandlers({ incident_start: () => declared, ...handlers }));
  const props = { runbook: outageRunbook, ondeclare: vi.fn(async (incident: NewIncident) => void (await startIncident(incident))), oncancel: vi.fn() };
  render(DeclareDialog, props);
  return { calls, ...props, user: userEvent.setup() };
}

const confirm = () => screen.getByTestId("declare-confirm");
const sent = (calls: { command: string; args: Record<string, unknown> }[]) =>
  calls.filter((call) => call.command === "incident_start").map((call) => call.args.new);
/** The roster with nobody trained for any role, so every role starts unfilled. */
const untrained = () => people.map((entry) => ({ ...entry, roles: [] }));
/** Waits until the roles have loaded. */
const roleSelect = (role: string) => screen.findByTestId(`assign-${role}`);

describe("DeclareDialog", () => {
  it("starts with the runbook's title selected, the most severe severity, a real incident detected now", async () => {
    renderDialog();
    const title = screen.getByTestId("declare-title") as HTMLInputElement;
    expect(title).toHaveFocus();
    expect(title).toHaveValue("IT system outage");
    expect([title.selectionStart, title.selectionEnd]).toEqual([0, "IT system outage".length]);

    await roleSelect("incident-commander");
    const severity = screen.getByTestId("declare-severity") as HTMLSelectElement;
    expect(severity).toHaveValue("SEV1");
    expect([...severity.options].map((option) => [option.value, option.text])).toEqual([
      ["SEV1", "SEV1 — most severe"],
      ["SEV2", "SEV2"],
      ["SEV3", "SEV3"],
      ["SEV4", "SEV4 — least severe"],
    ]);
    expect(screen.getByTestId("declare-drill")).not.toBeChecked();
    expect(screen.queryByTestId("declare-drill-banner")).not.toBeInTheDocument();
    expect(screen.getByTestId("declare-detected")).toHaveValue("2026-05-14T11:00");
    expect(screen.getByTestId("declare-detected-now")).toBeDisabled();
  });

  it("offers each role the roster and waiving, and keeps Declare disabled until every role is filled or waived with a reason", async () => {
    const { calls, user } = renderDialog({ person_list: untrained });
    const commander = (await roleSelect("incident-commander")) as HTMLSelectElement;
    expect([...commander.options].map((option) => option.value)).toEqual(["", "alice-chen", "bob-li", "__waive__"]);
    expect(commander).toHaveValue("");
    expect(confirm()).toBeDisabled();
    expect(screen.getByTestId("declare-still-open")).toHaveTextContent("To declare, fill or waive: Incident Commander, Tech Lead");

    await user.selectOptions(commander, "alice-chen");
    expect(within(screen.getByTestId("role-incident-commander")).getByText(people[0].phone)).toBeInTheDocument();
    expect(confirm()).toBeDisabled();
    expect(screen.getByTestId("declare-still-open")).toHaveTextContent("To declare, fill or waive: Tech Lead");

    expect(screen.queryByTestId("waive-reason-tech-lead")).not.toBeInTheDocument();
    await user.selectOptions(screen.getByTestId("assign-tech-lead"), "__waive__");
    const reason = screen.getByTestId("waive-reason-tech-lead");
    await waitFor(() => expect(reason).toHaveFocus());
    expect(confirm()).toBeDisabled();
    await user.type(reason, "   ");
    expect(confirm()).toBeDisabled();
    await user.type(reason, "on leave, the IC covers ");
    expect(confirm()).toBeEnabled();
    expect(screen.getByTestId("declare-still-open")).toHaveTextContent("");

    await user.click(confirm());
    expect(sent(calls)).toEqual([
      {
        runbook_id: "it-system-outage",
        title: "IT system outage",
        severity: "SEV1",
        mode: "real",
        detected_at: null,
        assignments: [
          { role: "incident-commander", fill: { kind: "person", person: "alice-chen" } },
          { role: "tech-lead", fill: { kind: "waived", reason: "on leave, the IC covers" } },
        ],
      },
    ]);
  });

  it("declares a drill detected earlier, sending the local time as UTC", async () => {
    const { calls, user } = renderDialog();
    await user.keyboard("Checkout down");
    await user.selectOptions(screen.getByTestId("declare-severity"), "SEV2");
    await user.click(screen.getByTestId("declare-drill"));
    expect(screen.getByTestId("declare-drill-banner")).toHaveTextContent("DRILL This will be recorded as a drill, not a real incident.");
    expect(confirm()).toHaveTextContent("Start drill");

    await fireEvent.input(screen.getByTestId("declare-detected"), { target: { value: "2026-05-14T10:25" } });
    await user.selectOptions(await roleSelect("incident-commander"), "bob-li");
    await user.selectOptions(screen.getByTestId("assign-tech-lead"), "alice-chen");
    await user.click(confirm());

    expect(sent(calls)).toEqual([
      {
        runbook_id: "it-system-outage",
        title: "Checkout down",
        severity: "SEV2",
        mode: "drill",
        detected_at: "2026-05-14T02:25:00.000Z",
        assignments: [
          { role: "incident-commander", fill: { kind: "person", person: "bob-li" } },
          { role: "tech-lead", fill: { kind: "person", person: "alice-chen" } },
        ],
      },
    ]);
  });

  it("refuses a detection time in the future or missing, and Now puts it back", async () => {
    const { calls, user } = renderDialog();
    await user.selectOptions(await roleSelect("incident-commander"), "alice-chen");
    await user.selectOptions(screen.getByTestId("assign-tech-lead"), "bob-li");
    expect(confirm()).toBeEnabled();

    const detected = screen.getByTestId("declare-detected");
    await fireEvent.input(detected, { target: { value: "2026-05-14T11:05" } });
    expect(screen.getByTestId("declare-detected-problem")).toHaveTextContent("The detection time cannot be in the future.");
    expect(detected).toHaveAttribute("aria-invalid", "true");
    expect(confirm()).toBeDisabled();

    await fireEvent.input(detected, { target: { value: "" } });
    expect(screen.getByTestId("declare-detected-problem")).toHaveTextContent("Enter a date and time, or choose Now.");
    expect(confirm()).toBeDisabled();

    await user.click(screen.getByTestId("declare-detected-now"));
    expect(detected).toHaveValue("2026-05-14T11:00");
    expect(screen.queryByTestId("declare-detected-problem")).not.toBeInTheDocument();
    await user.click(confirm());
    expect(sent(calls)).toMatchObject([{ detected_at: null }]);
  });

  it("declares on Enter only once every role is filled", async () => {
    const { calls, user } = renderDialog({ person_list: untrained });
    await roleSelect("incident-commander");
    await user.click(screen.getByTestId("declare-title"));
    await user.keyboard("{Enter}");
    expect(sent(calls)).toEqual([]);

    await user.selectOptions(screen.getByTestId("assign-incident-commander"), "alice-chen");
    await user.selectOptions(screen.getByTestId("assign-tech-lead"), "__waive__");
    await user.type(screen.getByTestId("waive-reason-tech-lead"), "nobody on call{Enter}");
    expect(sent(calls)).toMatchObject([{ assignments: [{ role: "incident-commander" }, { role: "tech-lead", fill: { kind: "waived", reason: "nobody on call" } }] }]);
  });

  it("starts each role with the first person by name trained for it, so Enter declares at once; every choice can change", async () => {
    const { calls, user } = renderDialog({
      person_list: () => [...people, person({ id: "zoe", name: "Zoe", roles: ["incident-commander"] }), person({ id: "aaron", name: "Aaron", roles: ["incident-commander"] })],
    });
    const commander = await roleSelect("incident-commander");
    expect(commander).toHaveValue("aaron");
    expect(screen.getByTestId("assign-tech-lead")).toHaveValue("bob-li");
    expect(confirm()).toBeEnabled();
    expect(screen.getByTestId("declare-title")).toHaveFocus();

    await user.selectOptions(commander, "zoe");
    await user.click(screen.getByTestId("declare-title"));
    await user.keyboard("{Enter}");
    expect(sent(calls)).toMatchObject([
      {
        assignments: [
          { role: "incident-commander", fill: { kind: "person", person: "zoe" } },
          { role: "tech-lead", fill: { kind: "person", person: "bob-li" } },
        ],
      },
    ]);
  });

  it("shows the core's refusal and keeps the input", async () => {
    const { user, ondeclare } = renderDialog({
      incident_start: () => {
        throw { code: "invalid_input", message: "fill or waive every role before declaring; still open: Tech Lead" };
      },
    });
    await user.selectOptions(await roleSelect("incident-commander"), "alice-chen");
    await user.selectOptions(screen.getByTestId("assign-tech-lead"), "__waive__");
    await user.type(screen.getByTestId("waive-reason-tech-lead"), "on leave");
    await user.click(confirm());

    const alert = await screen.findByTestId("declare-error");
    expect(alert).toHaveTextContent("fill or waive every role before declaring; still open: Tech Lead");
    expect(alert).not.toHaveTextContent("Nothing was saved");
    expect(ondeclare).toHaveBeenCalledOnce();
    expect(screen.getByTestId("assign-incident-commander")).toHaveValue("alice-chen");
    expect(screen.getByTestId("waive-reason-tech-lead")).toHaveValue("on leave");
    expect(confirm()).toHaveTextContent("Declare incident");
  });

  it("lets a commander with an empty roster add people inline, each taking the next open role", async () => {
    const added = [
      person({ id: "li-wei", name: "Li Wei", phone: "+86 139 0000 0003" }),
      person({ id: "dana-ortiz", name: "Dana Ortiz" }),
    ];
    const { calls, user } = renderDialog({
      person_list: () => [],
      person_add: ({ person: input }) => added.find((candidate) => candidate.name === (input as PersonInput).name),
    });

    expect(await screen.findByText("The roster is empty. Add the people on call, or waive the roles.")).toBeInTheDocument();
    await user.type(screen.getByTestId("declare-person-name"), "Li Wei");
    await user.type(screen.getByTestId("declare-person-contact"), "+86 139 0000 0003{Enter}");

    expect(await screen.findByTestId("declare-person-added")).toHaveTextContent("Added Li Wei as Incident Commander.");
    expect(screen.getByTestId("assign-incident-commander")).toHaveValue("li-wei");
    expect(screen.getByTestId("assign-tech-lead")).toHaveValue("");
    expect(screen.queryByTestId("declare-person-name")).not.toBeInTheDocument();
    expect(screen.getByTestId("declare-add-person")).toHaveFocus();
    expect(confirm()).toBeDisabled();

    await user.click(screen.getByTestId("declare-add-person"));
    expect(screen.getByTestId("declare-person-name")).toHaveFocus();
    await user.keyboard("Dana Ortiz");
    await user.click(screen.getByTestId("declare-person-save"));
    expect(await screen.findByTestId("declare-person-added")).toHaveTextContent("Added Dana Ortiz as Tech Lead.");
    expect(screen.getByTestId("assign-tech-lead")).toHaveValue("dana-ortiz");
    expect([...(screen.getByTestId("assign-tech-lead") as HTMLSelectElement).options].map((option) => option.value)).toEqual([
      "",
      "dana-ortiz",
      "li-wei",
      "__waive__",
    ]);

    expect(calls.filter((call) => call.command === "person_add").map((call) => call.args)).toEqual([
      { person: newPerson("Li Wei", "+86 139 0000 0003") },
      { person: newPerson("Dana Ortiz", "") },
    ]);
    expect(sent(calls)).toEqual([]);
    expect(confirm()).toBeEnabled();
  });

  it("offers those who can hold a role first, and never retired people", async () => {
    renderDialog({
      person_list: () => [person({ id: "aaron", name: "Aaron" }), ...people, person({ id: "old-hand", name: "Old Hand", roles: ["tech-lead"], retired_at: "2026-01-01T00:00:00.000Z" })],
    });
    const select = (await roleSelect("incident-commander")) as HTMLSelectElement;
    expect([...select.options].map((option) => option.value)).toEqual(["", "alice-chen", "aaron", "bob-li", "__waive__"]);
    expect([...select.querySelectorAll("optgroup")].map((group) => group.label)).toEqual(["Can hold this role", "Everyone else"]);
    const techLead = (await roleSelect("tech-lead")) as HTMLSelectElement;
    expect([...techLead.options].map((option) => option.value)).toEqual(["", "bob-li", "aaron", "alice-chen", "__waive__"]);
  });

  it("shows why a person could not be added, and Escape there closes only the add form", async () => {
    const { user, oncancel } = renderDialog({
      person_add: () => {
        throw { code: "invalid_input", message: "a person needs a name with at least one letter or digit" };
      },
    });
    await roleSelect("incident-commander");
    await user.click(screen.getByTestId("declare-add-person"));
    await user.keyboard("!!{Enter}");
    expect(await screen.findByTestId("declare-person-error")).toHaveTextContent("a person needs a name with at least one letter or digit");
    expect(screen.getByTestId("declare-person-name")).toHaveValue("!!");

    await user.keyboard("{Escape}");
    expect(screen.queryByTestId("declare-person-name")).not.toBeInTheDocument();
    expect(screen.getByRole("dialog")).toBeInTheDocument();
    expect(oncancel).not.toHaveBeenCalled();

    await user.keyboard("{Escape}");
    expect(oncancel).toHaveBeenCalledOnce();
  });

  it("says when the roles could not be loaded, and tries again", async () => {
    let fail = true;
    const { user } = renderDialog({
      runbook_roles: () => {
        if (fail) throw { code: "busy", message: "the database is busy" };
        return [{ id: "incident-commander", name: "Incident Commander", duties: "" }];
      },
    });
    const problem = await screen.findByTestId("declare-load-error");
    expect(problem).toHaveTextContent("the database is busy");
    expect(confirm()).toBeDisabled();

    fail = false;
    await user.click(within(problem).getByRole("button", { name: "Try again" }));
    expect(await roleSelect("incident-commander")).toBeInTheDocument();
    expect(screen.queryByTestId("assign-tech-lead")).not.toBeInTheDocument();
  });
});
