// A runbook card's ways into the editor, the history and the paper checklist, beside starting an incident, and its
// drill due date or overdue flag.
import { render, screen } from "@testing-library/svelte";
import userEvent from "@testing-library/user-event";
import { describe, expect, it, vi } from "vitest";
import { runbooks } from "../../test/fixtures";
import RunbookCard from "./RunbookCard.svelte";

describe("RunbookCard", () => {
  it("offers Edit, History and Print when the library passes them", async () => {
    const runbook = runbooks[0];
    const props = { runbook, onstart: vi.fn(), onedit: vi.fn(), onhistory: vi.fn(), onprint: vi.fn() };
    render(RunbookCard, props);
    const user = userEvent.setup();
    await user.click(screen.getByRole("button", { name: `Edit ${runbook.title}` }));
    expect(props.onedit).toHaveBeenCalledWith(runbook);
    await user.click(screen.getByRole("button", { name: `History of ${runbook.title}` }));
    expect(props.onhistory).toHaveBeenCalledWith(runbook);
    await user.click(screen.getByRole("button", { name: `Print a paper checklist of ${runbook.title}` }));
    expect(props.onprint).toHaveBeenCalledWith(runbook);
    expect(props.onstart).not.toHaveBeenCalled();
  });

  it("shows none of them without them", () => {
    render(RunbookCard, { runbook: runbooks[0], onstart: vi.fn() });
    expect(screen.queryByTestId(`edit-${runbooks[0].id}`)).not.toBeInTheDocument();
    expect(screen.queryByTestId(`history-${runbooks[0].id}`)).not.toBeInTheDocument();
    expect(screen.queryByTestId(`print-${runbooks[0].id}`)).not.toBeInTheDocument();
  });

  it("shows the next drill, or flags an overdue one with its due date", () => {
    const { rerender } = render(RunbookCard, {
      runbook: { ...runbooks[0], drill_days: 90, drill_due_at: "2026-08-01T09:00:00.000Z", drill_overdue: false },
      onstart: vi.fn(),
    });
    const id = runbooks[0].id;
    expect(screen.getByTestId(`drill-due-${id}`)).toHaveTextContent(/^Next drill .*2026/);
    expect(screen.queryByTestId(`drill-overdue-${id}`)).not.toBeInTheDocument();

    rerender({ runbook: { ...runbooks[0], drill_days: 90, drill_due_at: "2026-08-01T09:00:00.000Z", drill_overdue: true }, onstart: vi.fn() });
    expect(screen.getByTestId(`drill-overdue-${id}`)).toHaveTextContent("Drill due");
    expect(screen.getByTestId(`drill-due-${id}`)).toHaveTextContent(/Drill due since .*2026/);
  });

  it("says nothing about drills without a cadence", () => {
    render(RunbookCard, { runbook: runbooks[0], onstart: vi.fn() });
    expect(screen.queryByTestId(`drill-due-${runbooks[0].id}`)).not.toBeInTheDocument();
  });
});
