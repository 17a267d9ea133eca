// The contact sheet against a mocked core: each role with its duties, who holds it now in open
// incidents (or why it was waived), everyone who can hold it with every way to reach them, the
// rest of the roster, printing, and the way back.
import { render, screen, within } from "@testing-library/svelte";
import userEvent from "@testing-library/user-event";
import { afterEach, describe, expect, it, vi } from "vitest";
import type { ContactSheet as Sheet } from "../../lib/bindings/ContactSheet";
import { mockCore, resetCore } from "../../test/mock-core";
import { catalogue, people, person } from "../../test/roster-fixtures";
import ContactSheet from "./ContactSheet.svelte";

afterEach(resetCore);

const sheet: Sheet = {
  made_at: "2026-05-14T02:40:00.000Z",
  roles: [
    {
      role: catalogue[0],
      holders: [
        { incident_id: "i1", incident_title: "Checkout down", severity: "SEV1", mode: "real", person: people[0], waived: null },
        { incident_id: "i2", incident_title: "Failover drill", severity: "SEV3", mode: "drill", person: people[1], waived: null },
      ],
      people: [people[0]],
    },
    {
      role: catalogue[1],
      holders: [{ incident_id: "i1", incident_title: "Checkout down", severity: "SEV1", mode: "real", person: null, waived: "vendor on the bridge" }],
      people: [people[1]],
    },
    { role: catalogue[2], holders: [], people: [] },
  ],
  others: [person({ id: "zoe", name: "Zoe Park", phone: "+1 555 0199" })],
};

function renderSheet() {
  const calls = mockCore({ contact_sheet: () => sheet });
  const onback = vi.fn();
  render(ContactSheet, { onback });
  return { calls, onback, user: userEvent.setup() };
}

describe("ContactSheet", () => {
  it("shows each role with its duties, who holds it now and who can hold it, with every way to reach them", async () => {
    renderSheet();
    const commander = await screen.findByTestId("contacts-role-incident-commander");
    expect(screen.getByTestId("contact-sheet")).toBeInTheDocument();
    expect(within(commander).getByRole("heading", { name: "Incident Commander" })).toBeInTheDocument();
    expect(commander).toHaveTextContent("Leads the response.");
    const holders = within(commander).getAllByTestId("contacts-holder");
    expect(holders[0]).toHaveTextContent("Now in Checkout down");
    expect(holders[0]).toHaveTextContent("Alice Chen");
    expect(holders[0]).toHaveTextContent("+86 138 0000 0001");
    expect(holders[1]).toHaveTextContent("DRILL");
    const able = within(commander).getByTestId("contacts-person");
    expect(able).toHaveTextContent("Alice Chen");
    expect(able).toHaveTextContent("Platform");
    expect(able).toHaveTextContent("Phone +86 138 0000 0001");
    expect(able).toHaveTextContent("Chat @alice");

    expect(screen.getByTestId("contacts-role-tech-lead")).toHaveTextContent("Waived: vendor on the bridge");
    expect(within(screen.getByTestId("contacts-role-tech-lead")).getByTestId("contacts-person")).toHaveTextContent("E-mail bob@example.com");
    expect(within(screen.getByTestId("contacts-role-scribe")).getByTestId("contacts-nobody")).toHaveTextContent("Nobody on the roster can hold this role yet.");
    expect(screen.getByTestId("contacts-others")).toHaveTextContent("Zoe Park");
    expect(screen.getByTestId("contacts-made")).toHaveTextContent("As of");
  });

  it("prints, and goes back to the people screen from the button or Escape", async () => {
    const { onback, user } = renderSheet();
    const print = vi.spyOn(window, "print").mockImplementation(() => {});
    await user.click(await screen.findByTestId("contacts-print"));
    expect(print).toHaveBeenCalledOnce();

    expect(screen.getByTestId("nav-home")).toHaveTextContent("People and settings");
    await user.click(screen.getByTestId("nav-home"));
    await user.keyboard("{Escape}");
    expect(onback).toHaveBeenCalledTimes(2);
  });

  it("says when the sheet could not be made, and tries again", async () => {
    let fail = true;
    mockCore({
      contact_sheet: () => {
        if (fail) throw { code: "busy", message: "the database is busy" };
        return sheet;
      },
    });
    render(ContactSheet, { onback: vi.fn() });
    const user = userEvent.setup();
    expect(await screen.findByTestId("load-failed")).toHaveTextContent("the database is busy");
    fail = false;
    await user.click(screen.getByRole("button", { name: "Try again" }));
    expect(await screen.findByTestId("contacts-role-incident-commander")).toBeInTheDocument();
  });
});
