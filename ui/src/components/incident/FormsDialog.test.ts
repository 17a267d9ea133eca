// Printing a form from the incident: the briefing or an activity log, in the chosen format,
// through the save dialog, against a mocked core.
import { render, screen } from "@testing-library/svelte";
import userEvent from "@testing-library/user-event";
import { afterEach, describe, expect, it, vi } from "vitest";
import { pickExportPath } from "../../lib/api/dialog";
import { incidentView } from "../../test/fixtures";
import { mockCore, resetCore } from "../../test/mock-core";
import FormsDialog from "./FormsDialog.svelte";

vi.mock("../../lib/api/dialog", () => ({ pickExportPath: vi.fn() }));

afterEach(async () => {
  vi.mocked(pickExportPath).mockReset();
  await resetCore();
});

describe("FormsDialog", () => {
  it("writes the handover briefing as HTML where the user chose, and says where", async () => {
    const calls = mockCore({ briefing_export: () => null });
    vi.mocked(pickExportPath).mockResolvedValue("/tmp/checkout-down-briefing.html");
    render(FormsDialog, { view: incidentView(), onclose: vi.fn() });
    const user = userEvent.setup();
    await user.click(screen.getByTestId("forms-write"));
    expect(await screen.findByTestId("forms-done")).toHaveTextContent("/tmp/checkout-down-briefing.html");
    expect(vi.mocked(pickExportPath).mock.calls[0][0]).toBe("checkout-down-briefing.html");
    expect(calls.find((call) => call.command === "briefing_export")?.args).toEqual({
      incidentId: incidentView().incident.id,
      format: "html",
      path: "/tmp/checkout-down-briefing.html",
    });
  });

  it("offers the activity log of each role holder and each role, and shows the core's refusal", async () => {
    const calls = mockCore({
      activity_log_export: () => {
        throw { code: "read_only", message: "the folder is read-only: nothing was saved" };
      },
    });
    vi.mocked(pickExportPath).mockResolvedValue("/ro/log.md");
    render(FormsDialog, { view: incidentView(), onclose: vi.fn() });
    const user = userEvent.setup();
    const what = screen.getByTestId("forms-what");
    expect([...what.querySelectorAll("option")].map((o) => o.textContent)).toEqual([
      "Handover briefing (ICS-201)",
      "Activity log of Alice Chen (ICS-214)",
      "Activity log of the Incident Commander role (ICS-214)",
      "Activity log of the Tech Lead role (ICS-214)",
    ]);
    await user.selectOptions(what, "person:alice-chen");
    await user.click(screen.getByLabelText("Markdown"));
    await user.click(screen.getByTestId("forms-write"));
    expect(await screen.findByTestId("forms-error")).toHaveTextContent("read-only");
    expect(calls.find((call) => call.command === "activity_log_export")?.args).toMatchObject({
      person: "alice-chen",
      role: null,
      format: "markdown",
      path: "/ro/log.md",
    });
  });

  it("does nothing when the save dialog is cancelled", async () => {
    const calls = mockCore({});
    vi.mocked(pickExportPath).mockResolvedValue(null);
    render(FormsDialog, { view: incidentView(), onclose: vi.fn() });
    await userEvent.setup().click(screen.getByTestId("forms-write"));
    expect(calls).toEqual([]);
    expect(screen.queryByTestId("forms-done")).not.toBeInTheDocument();
  });
});
