// The people and settings screen against a mocked core: the roster with copyable phones, adding,
// editing every detail and the roles someone can hold, retiring, restoring and deleting (with the
// core's refusal shown), CSV import with per-row errors, the roles catalogue, the severity scale
// (reorder, rename, add, remove, save) with the core's refusals shown, and the ways out.
import { render, screen, within } from "@testing-library/svelte";
import userEvent from "@testing-library/user-event";
import { afterEach, describe, expect, it, vi } from "vitest";
import { pickCsvFile } from "../../lib/api/dialog";
import { newPerson } from "../../lib/api/roster";
import type { Person } from "../../lib/bindings/Person";
import type { PersonInput } from "../../lib/bindings/PersonInput";
import { mockCore, resetCore, type Handler } from "../../test/mock-core";
import { expectBackButtonGoesHome } from "../../test/navigation";
import { catalogue, people, person, severities } from "../../test/roster-fixtures";
import PeopleScreen from "./PeopleScreen.svelte";

vi.mock("../../lib/api/dialog", () => ({ pickCsvFile: vi.fn() }));

afterEach(resetCore);

function renderPeople(handlers: Record<string, Handler> = {}) {
  let scale = [...severities];
  const calls = mockCore({
    person_list: () => people,
    role_list: () => catalogue,
    severity_list: () => scale,
    severity_set: ({ names }) => {
      scale = (names as string[]).map((name) => name.trim());
      return null;
    },
    ...handlers,
  });
  const onhome = vi.fn();
  const oncontacts = vi.fn();
  render(PeopleScreen, { onhome, oncontacts });
  return { calls, onhome, oncontacts, user: userEvent.setup() };
}

const rowNames = () => [...screen.getByTestId("person-list").querySelectorAll("[data-person]")].map((row) => row.getAttribute("data-person"));
const scaleNames = () => within(screen.getByTestId("severity-list")).getAllByRole("textbox").map((input) => (input as HTMLInputElement).value);
const argsOf = (calls: { command: string; args: Record<string, unknown> }[], command: string) =>
  calls.filter((call) => call.command === command).map((call) => call.args);
/** The person the core would return for an input. */
const saved = (id: string, input: PersonInput, retired_at: string | null = null): Person => ({ id, ...input, retired_at });

describe("PeopleScreen", () => {
  it("lists the roster with each phone shown and copyable, the other ways to reach them and their roles", async () => {
    const { user } = renderPeople({ person_list: () => [...people, person({ id: "no-contact", name: "Zoe Park" })] });
    const alice = await screen.findByTestId("person-alice-chen");
    expect(within(alice).getByText("Alice Chen")).toBeInTheDocument();
    expect(within(alice).getByTestId("roster-team")).toHaveTextContent("Platform");
    expect(within(alice).getByTestId("roster-contact")).toHaveTextContent("+86 138 0000 0001");
    expect(within(alice).getByTestId("roster-other-contacts")).toHaveTextContent("@alice");
    expect(within(alice).getByTestId("roster-roles")).toHaveTextContent("Incident Commander");
    expect(within(screen.getByTestId("person-bob-li")).getByTestId("roster-roles")).toHaveTextContent("Tech Lead, Scribe");
    expect(within(screen.getByTestId("person-no-contact")).getByTestId("roster-contact")).toHaveTextContent("No phone — add one");
    expect(within(screen.getByTestId("person-no-contact")).queryByRole("button", { name: "Copy" })).not.toBeInTheDocument();

    await user.click(within(alice).getByRole("button", { name: "Copy" }));
    expect(await navigator.clipboard.readText()).toBe("+86 138 0000 0001");
    expect(within(alice).getByRole("button", { name: "Copied" })).toBeInTheDocument();
  });

  it("adds a person with a name and phone, keeps the roster in name order, and is ready for the next", async () => {
    const { calls, user } = renderPeople({ person_add: ({ person: input }) => saved("ben-ito", input as PersonInput) });
    const name = await screen.findByTestId("person-name");
    expect(screen.getByTestId("person-add")).toBeDisabled();

    await user.type(name, "  Ben Ito ");
    await user.type(screen.getByTestId("person-phone"), "pager 4711 ");
    await user.click(screen.getByTestId("person-add"));

    expect(argsOf(calls, "person_add")).toEqual([{ person: newPerson("Ben Ito", "pager 4711") }]);
    expect(await screen.findByTestId("person-ben-ito")).toHaveTextContent("pager 4711");
    expect(rowNames()).toEqual(["alice-chen", "ben-ito", "bob-li"]);
    expect(screen.getByTestId("person-added")).toHaveTextContent("Added Ben Ito.");
    expect(name).toHaveValue("");
    expect(screen.getByTestId("person-phone")).toHaveValue("");
    expect(name).toHaveFocus();
  });

  it("says why a person could not be added and keeps the input", async () => {
    const { user } = renderPeople({
      person_add: () => {
        throw { code: "invalid_input", message: "a person needs a name with at least one letter or digit" };
      },
    });
    await user.type(await screen.findByTestId("person-name"), "--{Enter}");
    expect(await screen.findByTestId("person-add-error")).toHaveTextContent("a person needs a name with at least one letter or digit");
    expect(screen.getByTestId("person-name")).toHaveValue("--");
  });

  it("shows an empty roster calmly", async () => {
    renderPeople({ person_list: () => [] });
    expect(await screen.findByTestId("person-list")).toHaveTextContent("No one is on the roster yet.");
  });

  it("edits every detail and the roles someone can hold in place; Enter saves", async () => {
    const { calls, user } = renderPeople({ person_update: ({ id, person: input }) => saved(id as string, input as PersonInput) });
    const bob = await screen.findByTestId("person-bob-li");
    await user.click(within(bob).getByRole("button", { name: "Edit Bob Li" }));

    const name = within(bob).getByTestId("roster-edit-name");
    expect(name).toHaveFocus();
    expect(name).toHaveValue("Bob Li");
    expect(within(bob).getByTestId("roster-edit-email")).toHaveValue("bob@example.com");
    expect(within(bob).getByTestId("roster-role-tech-lead")).toBeChecked();
    expect(within(bob).getByTestId("roster-role-incident-commander")).not.toBeChecked();
    await user.click(within(bob).getByTestId("roster-role-incident-commander"));
    await user.click(within(bob).getByTestId("roster-role-scribe"));
    await user.type(within(bob).getByTestId("roster-edit-team"), "Support");
    const phone = within(bob).getByTestId("roster-edit-phone");
    await user.type(phone, "+1 555 0100{Enter}");

    expect(argsOf(calls, "person_update")).toEqual([
      {
        id: "bob-li",
        person: { name: "Bob Li", team: "Support", phone: "+1 555 0100", email: "bob@example.com", chat: "", roles: ["incident-commander", "tech-lead"], notes: "" },
      },
    ]);
    expect(within(bob).queryByTestId("roster-edit-name")).not.toBeInTheDocument();
    expect(within(bob).getByTestId("roster-contact")).toHaveTextContent("+1 555 0100");
    expect(within(bob).getByTestId("roster-roles")).toHaveTextContent("Incident Commander, Tech Lead");
    expect(within(bob).getByRole("button", { name: "Edit Bob Li" })).toHaveFocus();
  });

  it("keeps editing and shows the core's message when a change is refused", async () => {
    const { user } = renderPeople({
      person_update: () => {
        throw { code: "invalid_input", message: "a person needs a name" };
      },
    });
    const alice = await screen.findByTestId("person-alice-chen");
    await user.click(within(alice).getByTestId("roster-edit"));
    await user.type(within(alice).getByTestId("roster-edit-name"), "!");
    await user.click(within(alice).getByTestId("roster-save"));
    expect(await within(alice).findByTestId("roster-error")).toHaveTextContent("a person needs a name");
    expect(within(alice).getByTestId("roster-edit-name")).toHaveValue("Alice Chen!");
  });

  it("cancels an edit on Escape without leaving the screen; a second Escape goes home", async () => {
    const { calls, onhome, user } = renderPeople();
    const alice = await screen.findByTestId("person-alice-chen");
    await user.click(within(alice).getByTestId("roster-edit"));
    await user.type(within(alice).getByTestId("roster-edit-name"), " X");
    await user.keyboard("{Escape}");

    expect(within(alice).queryByTestId("roster-edit-name")).not.toBeInTheDocument();
    expect(within(alice).getByText("Alice Chen")).toBeInTheDocument();
    expect(onhome).not.toHaveBeenCalled();
    expect(argsOf(calls, "person_update")).toEqual([]);

    await user.keyboard("{Escape}");
    expect(onhome).toHaveBeenCalledOnce();
  });

  it("retires and restores a person; retired people are listed last and marked", async () => {
    const { calls, user } = renderPeople({
      person_retire: ({ id }) => ({ ...people.find((p) => p.id === id)!, retired_at: "2026-05-14T02:40:00.000Z" }),
      person_restore: ({ id }) => people.find((p) => p.id === id)!,
    });
    const alice = await screen.findByTestId("person-alice-chen");
    await user.click(within(alice).getByRole("button", { name: "Retire Alice Chen" }));
    expect(await within(screen.getByTestId("person-alice-chen")).findByTestId("roster-retired")).toHaveTextContent("not offered for roles");
    expect(rowNames()).toEqual(["bob-li", "alice-chen"]);

    await user.click(within(screen.getByTestId("person-alice-chen")).getByRole("button", { name: "Restore Alice Chen" }));
    expect(await within(screen.getByTestId("person-alice-chen")).findByRole("button", { name: "Retire Alice Chen" })).toBeInTheDocument();
    expect(rowNames()).toEqual(["alice-chen", "bob-li"]);
    expect(argsOf(calls, "person_retire")).toEqual([{ id: "alice-chen" }]);
  });

  it("deletes a person after confirming, and shows the core's refusal when they hold a role", async () => {
    const refusal = "Alice Chen holds a role in an incident that is not closed (Incident Commander in 'Checkout down'), so they cannot be deleted; hand the role over first, or retire them instead";
    const { calls, user } = renderPeople({
      person_delete: ({ id }) => {
        if (id === "alice-chen") throw { code: "invalid_state", message: refusal };
        return null;
      },
    });
    const alice = await screen.findByTestId("person-alice-chen");
    await user.click(within(alice).getByRole("button", { name: "Delete Alice Chen" }));
    expect(argsOf(calls, "person_delete")).toEqual([]);
    expect(within(alice).getByTestId("roster-delete-confirm")).toHaveFocus();
    await user.click(within(alice).getByTestId("roster-delete-confirm"));
    expect(await within(alice).findByTestId("roster-row-error")).toHaveTextContent(refusal);
    expect(rowNames()).toEqual(["alice-chen", "bob-li"]);

    const bob = screen.getByTestId("person-bob-li");
    await user.click(within(bob).getByRole("button", { name: "Delete Bob Li" }));
    await user.click(within(bob).getByTestId("roster-delete-confirm"));
    expect(await screen.findByTestId("person-added")).toHaveTextContent("Deleted Bob Li.");
    expect(rowNames()).toEqual(["alice-chen"]);
  });

  it("imports a CSV file the user picks, and lists every problem of a refused file by line and column", async () => {
    let answer: unknown = {
      added: [],
      updated: [],
      errors: [
        { line: 1, column_name: "pager", message: "unknown column 'pager'; the columns are id, name, team, phone, email, chat, roles, notes" },
        { line: 3, column_name: "", message: "line 2 is about the same person (Ada); keep one row per person" },
      ],
    };
    const { calls, user } = renderPeople({ person_import_csv: () => answer });
    vi.mocked(pickCsvFile).mockResolvedValue("/home/ana/roster.csv");
    await user.click(await screen.findByTestId("person-import"));

    const errors = await screen.findByTestId("import-errors");
    expect(errors).toHaveTextContent("Nothing was imported: 2 problems.");
    expect(within(errors).getAllByTestId("import-error").map((row) => row.textContent?.replace(/\s+/g, " ").trim())).toEqual([
      "Line 1, pager: unknown column 'pager'; the columns are id, name, team, phone, email, chat, roles, notes",
      "Line 3: line 2 is about the same person (Ada); keep one row per person",
    ]);
    expect(argsOf(calls, "person_import_csv")).toEqual([{ path: "/home/ana/roster.csv" }]);
    expect(argsOf(calls, "person_list")).toHaveLength(1);

    answer = { added: [person({ id: "ada", name: "Ada" })], updated: [people[1]], errors: [] };
    await user.click(screen.getByTestId("person-import"));
    expect(await screen.findByTestId("import-done")).toHaveTextContent("Imported: 1 added, 1 updated.");
    expect(screen.queryByTestId("import-errors")).not.toBeInTheDocument();
    expect(argsOf(calls, "person_list")).toHaveLength(2);

    // Cancelling the file picker does nothing.
    vi.mocked(pickCsvFile).mockResolvedValue(null);
    await user.click(screen.getByTestId("person-import"));
    expect(argsOf(calls, "person_import_csv")).toHaveLength(2);
  });

  it("edits a role's name and duties in the catalogue, and adds a role", async () => {
    const { calls, user } = renderPeople({ role_save: ({ id, name, duties }) => ({ id: id || "safety-officer", name, duties }) });
    const scribe = await screen.findByTestId("catalogue-scribe");
    expect(scribe).toHaveTextContent("Keeps the record.");
    expect(screen.getByTestId("catalogue-tech-lead")).toHaveTextContent("No duties written down yet.");
    await user.click(within(scribe).getByRole("button", { name: "Edit the role Scribe" }));
    await user.clear(within(scribe).getByTestId("role-edit-duties"));
    await user.type(within(scribe).getByTestId("role-edit-duties"), "Writes it all down.");
    await user.click(within(scribe).getByTestId("role-save"));
    expect(await screen.findByTestId("role-saved")).toHaveTextContent("Saved Scribe.");
    expect(screen.getByTestId("catalogue-scribe")).toHaveTextContent("Writes it all down.");

    await user.click(screen.getByTestId("role-add"));
    await user.type(screen.getByTestId("role-edit-name"), "Safety Officer{Enter}");
    expect(await screen.findByTestId("catalogue-safety-officer")).toHaveTextContent("Safety Officer");
    expect(argsOf(calls, "role_save")).toEqual([
      { id: "scribe", name: "Scribe", duties: "Writes it all down." },
      { id: "", name: "Safety Officer", duties: "" },
    ]);
  });

  it("shows the core's refusal of a role name", async () => {
    const { user } = renderPeople({
      role_save: () => {
        throw { code: "invalid_input", message: "the role 'Scribe' (scribe) already has that name; choose another" };
      },
    });
    await user.click(await screen.findByTestId("role-add"));
    await user.type(screen.getByTestId("role-edit-name"), "scribe{Enter}");
    expect(await screen.findByTestId("role-error")).toHaveTextContent("already has that name");
  });

  it("opens the contact sheet", async () => {
    const { oncontacts, user } = renderPeople();
    await user.click(await screen.findByTestId("open-contact-sheet"));
    expect(oncontacts).toHaveBeenCalledOnce();
  });

  it("goes home from the back button", async () => {
    const { onhome, user } = renderPeople();
    await expectBackButtonGoesHome(user, onhome);
  });

  it("reorders, renames, adds and removes severities, and saves the scale most severe first", async () => {
    const { calls, user } = renderPeople();
    await screen.findByTestId("severity-list");
    expect(scaleNames()).toEqual(["SEV1", "SEV2", "SEV3", "SEV4"]);
    expect(screen.getByTestId("severity-save")).toBeDisabled();
    expect(screen.getByTestId("severity-up-0")).toBeDisabled();
    expect(screen.getByTestId("severity-down-3")).toBeDisabled();

    await user.click(screen.getByTestId("severity-down-0"));
    expect(scaleNames()).toEqual(["SEV2", "SEV1", "SEV3", "SEV4"]);
    expect(screen.getByTestId("severity-down-1")).toHaveFocus();

    // Alt+↑ in a name moves it up and keeps it focused.
    await user.click(screen.getByTestId("severity-name-1"));
    await user.keyboard("{Alt>}{ArrowUp}{/Alt}");
    expect(scaleNames()).toEqual(["SEV1", "SEV2", "SEV3", "SEV4"]);
    expect(screen.getByTestId("severity-name-0")).toHaveFocus();

    await user.clear(screen.getByTestId("severity-name-0"));
    await user.type(screen.getByTestId("severity-name-0"), "SEV0");
    await user.click(screen.getByTestId("severity-remove-3"));
    await user.type(screen.getByTestId("severity-new"), "SEV5{Enter}");
    expect(scaleNames()).toEqual(["SEV0", "SEV2", "SEV3", "SEV5"]);
    expect(screen.getByTestId("severity-new")).toHaveValue("");

    await user.click(screen.getByTestId("severity-save"));
    expect(argsOf(calls, "severity_set")).toEqual([{ names: ["SEV0", "SEV2", "SEV3", "SEV5"] }]);
    expect(await screen.findByTestId("severity-saved")).toHaveTextContent("Severity scale saved.");
    expect(screen.getByTestId("severity-save")).toBeDisabled();
    expect(argsOf(calls, "severity_list")).toHaveLength(2);
  });

  it("shows the core's refusal of a duplicate name and keeps the draft; Discard goes back to the saved scale", async () => {
    const { calls, user } = renderPeople({
      severity_set: ({ names }) => {
        throw { code: "invalid_input", message: `the severity '${(names as string[])[1]}' is listed twice` };
      },
    });
    await screen.findByTestId("severity-list");
    await user.clear(screen.getByTestId("severity-name-1"));
    await user.type(screen.getByTestId("severity-name-1"), "SEV1");
    await user.click(screen.getByTestId("severity-save"));

    expect(await screen.findByTestId("severity-error")).toHaveTextContent("the severity 'SEV1' is listed twice");
    expect(scaleNames()).toEqual(["SEV1", "SEV1", "SEV3", "SEV4"]);
    expect(screen.getByTestId("severity-saved")).toHaveTextContent("");

    await user.click(screen.getByTestId("severity-discard"));
    expect(scaleNames()).toEqual(["SEV1", "SEV2", "SEV3", "SEV4"]);
    expect(screen.queryByTestId("severity-error")).not.toBeInTheDocument();
    expect(argsOf(calls, "severity_set")).toHaveLength(1);
  });

  it("shows the core's refusal of an empty scale", async () => {
    const { user } = renderPeople({
      severity_set: () => {
        throw { code: "invalid_input", message: "the severity scale needs at least one name, and no empty names" };
      },
    });
    await screen.findByTestId("severity-list");
    for (let left = 4; left > 0; left -= 1) await user.click(screen.getByTestId("severity-remove-0"));
    expect(screen.getByTestId("severity-new")).toHaveFocus();
    await user.click(screen.getByTestId("severity-save"));
    expect(await screen.findByTestId("severity-error")).toHaveTextContent("the severity scale needs at least one name, and no empty names");
  });

  it("offers to try again when the lists could not be loaded", async () => {
    let fail = true;
    const { user } = renderPeople({
      person_list: (): Person[] => {
        if (fail) throw { code: "busy", message: "the database is busy" };
        return people;
      },
    });
    expect(await screen.findByTestId("load-failed")).toHaveTextContent("the database is busy");
    fail = false;
    await user.click(screen.getByRole("button", { name: "Try again" }));
    expect(await screen.findByTestId("person-alice-chen")).toBeInTheDocument();
  });
});
