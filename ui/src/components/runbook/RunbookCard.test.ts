// A runbook card's ways into the editor and the history, beside starting an incident.
import { render, screen } from "@testing-library/svelte";
import userEvent from "@testing-library/user-event";
import { describe, expect, it, vi } from "vitest";
import { runbooks } from "../../test/fixtures";
import RunbookCard from "./RunbookCard.svelte";

describe("RunbookCard", () => {
  it("offers Edit and History when the library passes them", async () => {
    const runbook = runbooks[0];
    const props = { runbook, onstart: vi.fn(), onedit: vi.fn(), onhistory: vi.fn() };
    render(RunbookCard, props);
    const user = userEvent.setup();
    await user.click(screen.getByRole("button", { name: `Edit ${runbook.title}` }));
    expect(props.onedit).toHaveBeenCalledWith(runbook);
    await user.click(screen.getByRole("button", { name: `History of ${runbook.title}` }));
    expect(props.onhistory).toHaveBeenCalledWith(runbook);
    expect(props.onstart).not.toHaveBeenCalled();
  });

  it("shows neither without them", () => {
    render(RunbookCard, { runbook: runbooks[0], onstart: vi.fn() });
    expect(screen.queryByTestId(`edit-${runbooks[0].id}`)).not.toBeInTheDocument();
    expect(screen.queryByTestId(`history-${runbooks[0].id}`)).not.toBeInTheDocument();
  });
});
