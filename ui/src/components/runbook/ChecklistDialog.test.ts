// Printing a runbook's paper checklist against a mocked core and file picker: the paper size and
// path reach the core, the dialog says it is working until the core answers, then names the
// file; a cancelled picker asks nothing of the core; the core's message is shown on failure.
import { render, screen } from "@testing-library/svelte";
import userEvent from "@testing-library/user-event";
import { afterEach, describe, expect, it, vi } from "vitest";
import { pickChecklistPath } from "../../lib/api/dialog";
import { runbooks } from "../../test/fixtures";
import { deferred, mockCore, resetCore } from "../../test/mock-core";
import ChecklistDialog from "./ChecklistDialog.svelte";

vi.mock("../../lib/api/dialog", () => ({ pickChecklistPath: vi.fn() }));

afterEach(async () => {
  await resetCore();
  vi.mocked(pickChecklistPath).mockReset();
});

const runbook = runbooks[0];

describe("ChecklistDialog", () => {
  it("lays out the chosen paper size at the chosen path, saying so until it is written", async () => {
    vi.mocked(pickChecklistPath).mockResolvedValue("/print/outage.pdf");
    const written = deferred<null>();
    const calls = mockCore({ runbook_checklist_export: () => written.promise });
    const user = userEvent.setup();
    render(ChecklistDialog, { runbook, onclose: vi.fn() });
    expect(screen.getByTestId("checklist-dialog")).toHaveTextContent(`Paper checklist: ${runbook.title}`);
    expect(screen.getByTestId("checklist-dialog")).toHaveTextContent(`Revision ${runbook.revision}`);

    await user.click(screen.getByTestId("checklist-letter"));
    expect(pickChecklistPath).toHaveBeenCalledWith(`${runbook.id}-checklist.pdf`);
    expect(await screen.findByTestId("checklist-progress")).toHaveTextContent("Laying out the checklist…");
    expect(screen.getByTestId("checklist-a4")).toBeDisabled();
    expect(calls.find((call) => call.command === "runbook_checklist_export")?.args).toEqual({
      id: runbook.id,
      path: "/print/outage.pdf",
      paper: "letter",
      revision: null,
    });

    written.resolve(null);
    expect(await screen.findByTestId("checklist-done")).toHaveTextContent("Saved to /print/outage.pdf");
    expect(screen.queryByTestId("checklist-progress")).toBeNull();
  });

  it("asks nothing of the core when the picker is cancelled, and shows the core's message on failure", async () => {
    vi.mocked(pickChecklistPath).mockResolvedValueOnce(null).mockResolvedValueOnce("/read-only/outage.pdf");
    const calls = mockCore({
      runbook_checklist_export: () => {
        throw { code: "io", message: "/read-only/outage.pdf: permission denied" };
      },
    });
    const onclose = vi.fn();
    const user = userEvent.setup();
    render(ChecklistDialog, { runbook, onclose });

    await user.click(screen.getByTestId("checklist-a4"));
    expect(calls).toHaveLength(0);
    await user.click(screen.getByTestId("checklist-a4"));
    expect(await screen.findByTestId("checklist-error")).toHaveTextContent(
      "Could not write the checklist: /read-only/outage.pdf: permission denied",
    );
    await user.click(screen.getByTestId("checklist-close"));
    expect(onclose).toHaveBeenCalledOnce();
  });
});
