// The people and settings screen against a mocked core: the roster with copyable contacts, adding
// and editing people in place, the severity scale (reorder, rename, add, remove, save) with the
// core's refusals shown, and the ways back home.
import { render, screen, within } from "@testing-library/svelte";
import userEvent from "@testing-library/user-event";
import { afterEach, describe, expect, it, vi } from "vitest";
import type { Person } from "../../lib/bindings/Person";
import { mockCore, resetCore, type Handler } from "../../test/mock-core";
import { expectBackButtonGoesHome } from "../../test/navigation";
import { people, severities } from "../../test/roster-fixtures";
import PeopleScreen from "./PeopleScreen.svelte";

afterEach(resetCore);

function renderPeople(handlers: Record<string, Handler> = {}) {
  let scale = [...severities];
  const calls = mockCore({
    person_list: () => people,
    severity_list: () => scale,
    severity_set: ({ names }) => {
      scale = (names as string[]).map((name) => name.trim());
      return null;
    },
    ...handlers,
  });
  const onhome = vi.fn();
  render(PeopleScreen, { onhome });
  return { calls, onhome, user: userEvent.setup() };
}

const rowNames = () => [...screen.getByTestId("person-list").querySelectorAll("[data-person]")].map((row) => row.getAttribute("data-person"));
const scaleNames = () => within(screen.getByTestId("severity-list")).getAllByRole("textbox").map((input) => (input as HTMLInputElement).value);
const argsOf = (calls: { command: string; args: Record<string, unknown> }[], command: string) =>
  calls.filter((call) => call.command === command).map((call) => call.args);

describe("PeopleScreen", () => {
  it("lists the roster with each contact shown and copyable", async () => {
    const { user } = renderPeople({ person_list: () => [...people, { id: "no-contact", name: "Zoe Park", contact: "" }] });
    const alice = await screen.findByTestId("person-alice-chen");
    expect(within(alice).getByText("Alice Chen")).toBeInTheDocument();
    expect(within(alice).getByTestId("roster-contact")).toHaveTextContent("+86 138 0000 0001");
    expect(within(screen.getByTestId("person-no-contact")).getByTestId("roster-contact")).toHaveTextContent("No contact — add one");
    expect(within(screen.getByTestId("person-no-contact")).queryByRole("button", { name: "Copy" })).not.toBeInTheDocument();

    await user.click(within(alice).getByRole("button", { name: "Copy" }));
    expect(await navigator.clipboard.readText()).toBe("+86 138 0000 0001");
    expect(within(alice).getByRole("button", { name: "Copied" })).toBeInTheDocument();
  });

  it("adds a person with a name and contact, keeps the roster in name order, and is ready for the next", async () => {
    const { calls, user } = renderPeople({ person_add: ({ name, contact }) => ({ id: "ben-ito", name, contact }) });
    const name = await screen.findByTestId("person-name");
    expect(screen.getByTestId("person-add")).toBeDisabled();

    await user.type(name, "  Ben Ito ");
    await user.type(screen.getByTestId("person-contact"), "pager 4711 ");
    await user.click(screen.getByTestId("person-add"));

    expect(argsOf(calls, "person_add")).toEqual([{ name: "Ben Ito", contact: "pager 4711" }]);
    expect(await screen.findByTestId("person-ben-ito")).toHaveTextContent("pager 4711");
    expect(rowNames()).toEqual(["alice-chen", "ben-ito", "bob-li"]);
    expect(screen.getByTestId("person-added")).toHaveTextContent("Added Ben Ito.");
    expect(name).toHaveValue("");
    expect(screen.getByTestId("person-contact")).toHaveValue("");
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

  it("edits a name and contact in place; Enter saves", async () => {
    const { calls, user } = renderPeople({ person_update: () => null });
    const bob = await screen.findByTestId("person-bob-li");
    await user.click(within(bob).getByRole("button", { name: "Edit Bob Li" }));

    const name = within(bob).getByTestId("roster-edit-name");
    expect(name).toHaveFocus();
    expect(name).toHaveValue("Bob Li");
    const contact = within(bob).getByTestId("roster-edit-contact");
    expect(contact).toHaveValue("bob@example.com");
    await user.clear(contact);
    await user.type(contact, "+1 555 0100 {Enter}");

    expect(argsOf(calls, "person_update")).toEqual([{ person: { id: "bob-li", name: "Bob Li", contact: "+1 555 0100" } }]);
    expect(within(bob).queryByTestId("roster-edit-name")).not.toBeInTheDocument();
    expect(within(bob).getByTestId("roster-contact")).toHaveTextContent("+1 555 0100");
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
    await user.clear(within(alice).getByTestId("roster-edit-name"));
    await user.click(within(alice).getByTestId("roster-save"));
    expect(await within(alice).findByTestId("roster-error")).toHaveTextContent("a person needs a name");
    expect(within(alice).getByTestId("roster-edit-name")).toHaveValue("");
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
