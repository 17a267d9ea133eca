// The revision history against a mocked core: revisions newest first with author, note and step
// count; the diff of the previous revision against the current one by default, with added and
// removed lines marked and numbered; picking other revisions; no changes; and the ways out.
import { render, screen, waitFor, within } from "@testing-library/svelte";
import userEvent from "@testing-library/user-event";
import { afterEach, describe, expect, it, vi } from "vitest";
import type { DiffHunk } from "../../lib/bindings/DiffHunk";
import type { RevisionInfo } from "../../lib/bindings/RevisionInfo";
import { mockCore, resetCore } from "../../test/mock-core";
import RunbookHistory from "./RunbookHistory.svelte";

vi.mock("../../lib/api/dialog", () => ({ pickFolder: vi.fn() }));

afterEach(resetCore);

const revisions: RevisionInfo[] = [
  { revision: 3, author: "alice", note: "Added the DNS step", created_at: "2026-05-14T10:00:00.000Z", step_count: 6 },
  { revision: 2, author: "bob", note: "Clearer title", created_at: "2026-05-13T09:00:00.000Z", step_count: 5 },
  { revision: 1, author: "seed", note: "", created_at: "2026-05-01T08:00:00.000Z", step_count: 5 },
];

const hunks: DiffHunk[] = [
  {
    lines: [
      { kind: "same", old_line: 1, new_line: 1, text: "+++" },
      { kind: "removed", old_line: 2, new_line: null, text: 'title = "Outage"' },
      { kind: "added", old_line: null, new_line: 2, text: 'title = "IT system outage"' },
    ],
  },
  { lines: [{ kind: "added", old_line: null, new_line: 40, text: "## Check DNS" }] },
];

function renderHistory(diff = (_from: number, _to: number): DiffHunk[] => hunks) {
  const calls = mockCore({
    runbook_revisions: () => revisions,
    runbook_get: () => [{ title: "IT system outage" }, 3],
    runbook_diff: ({ from, to }) => diff(from as number, to as number),
  });
  const props = { runbookId: "it-system-outage", onback: vi.fn(), onedit: vi.fn() };
  render(RunbookHistory, props);
  return { calls, props, user: userEvent.setup() };
}

const diffCalls = (calls: { command: string; args: Record<string, unknown> }[]) => calls.filter((call) => call.command === "runbook_diff").map((call) => call.args);

describe("RunbookHistory", () => {
  it("lists revisions newest first and shows the previous one against the current one", async () => {
    const { calls } = renderHistory();
    const list = await screen.findByTestId("revisions");
    expect(screen.getByRole("heading", { level: 1 })).toHaveTextContent("History: IT system outage");
    const rows = within(list).getAllByRole("button");
    expect(rows.map((row) => row.getAttribute("data-testid"))).toEqual(["revision-3", "revision-2", "revision-1"]);
    expect(rows[0]).toHaveTextContent("Added the DNS step");
    expect(rows[0]).toHaveTextContent("alice");
    expect(rows[0]).toHaveTextContent("6 steps");
    expect(rows[2]).toHaveTextContent("(no note)");

    const diff = await screen.findByTestId("diff");
    expect(diffCalls(calls)).toEqual([{ id: "it-system-outage", from: 2, to: 3 }]);
    const removed = diff.querySelector("[data-kind=removed]");
    const added = [...diff.querySelectorAll("[data-kind=added]")];
    expect(removed).toHaveTextContent('2 − title = "Outage"');
    expect(added[0]).toHaveTextContent('2 + title = "IT system outage"');
    expect(added[1]).toHaveTextContent("40 + ## Check DNS");
    expect(within(diff).getByText("⋯")).toBeInTheDocument();
  });

  it("compares other revisions: a click picks 'to', Shift+click picks 'from'", async () => {
    const { calls, user } = renderHistory();
    await screen.findByTestId("diff");
    await user.click(screen.getByTestId("revision-2"));
    await waitFor(() => expect(diffCalls(calls).at(-1)).toEqual({ id: "it-system-outage", from: 1, to: 2 }));

    await user.keyboard("{Shift>}");
    await user.click(screen.getByTestId("revision-3"));
    await user.keyboard("{/Shift}");
    await user.click(screen.getByTestId("revision-1"));
    await user.selectOptions(screen.getByTestId("diff-from"), "3");
    await waitFor(() => expect(diffCalls(calls).at(-1)).toEqual({ id: "it-system-outage", from: 3, to: 1 }));
  });

  it("says when two revisions do not differ", async () => {
    renderHistory(() => []);
    expect(await screen.findByTestId("diff-empty")).toHaveTextContent("No changes.");
  });

  it("goes to the editor, and back", async () => {
    const { props, user } = renderHistory();
    await user.click(await screen.findByTestId("history-edit"));
    expect(props.onedit).toHaveBeenCalledWith("it-system-outage");
    await user.keyboard("{Escape}");
    expect(props.onback).toHaveBeenCalledOnce();
  });
});
