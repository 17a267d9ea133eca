// Importing and exporting runbook files from the library against a mocked core and file
// pickers: the import report (created, new revision, unchanged, skipped, error; the format and
// the notes with their lines), importing a folder, exporting every runbook, and cancelling.
import { render, screen, within } from "@testing-library/svelte";
import userEvent from "@testing-library/user-event";
import { afterEach, describe, expect, it, vi } from "vitest";
import { pickFolder, pickRunbookFiles } from "../../lib/api/dialog";
import type { FileReport } from "../../lib/bindings/FileReport";
import { mockCore, resetCore } from "../../test/mock-core";
import LibraryFiles from "./LibraryFiles.svelte";

vi.mock("../../lib/api/dialog", () => ({ pickFolder: vi.fn(), pickRunbookFiles: vi.fn() }));

afterEach(async () => {
  await resetCore();
  vi.mocked(pickFolder).mockReset();
  vi.mocked(pickRunbookFiles).mockReset();
});

const reports: FileReport[] = [
  {
    path: "/runbooks/db-failover.md",
    title: "Database failover",
    format: "alert-markdown",
    notes: [
      { line: 3, message: "“Mitigation” → steps in Respond", kind: "info" },
      { line: 17, message: "not imported: an HTML table", kind: "warning" },
    ],
    outcome: { id: "database-failover", revision: 1, status: "created" },
    error: null,
  },
  { path: "/runbooks/outage.md", title: "IT system outage", format: "muster-markdown", notes: [], outcome: { id: "it-system-outage", revision: 4, status: "new_revision" }, error: null },
  { path: "/runbooks/empty.md", title: "Empty", format: "alert-markdown", notes: [], outcome: null, error: null },
  { path: "/runbooks/broken.json", title: "", format: null, notes: [], outcome: null, error: "broken.json:1:1: not a runbook file" },
];

function renderFiles() {
  const calls = mockCore({ runbook_import: () => reports, runbook_export: () => ["/out/a.md", "/out/b.md"] });
  const onchanged = vi.fn();
  render(LibraryFiles, { onchanged });
  return { calls, onchanged, user: userEvent.setup() };
}

describe("LibraryFiles", () => {
  it("imports files and reports what each became, with the format and the notes by line", async () => {
    vi.mocked(pickRunbookFiles).mockResolvedValue(["/runbooks/db-failover.md", "/runbooks/broken.json"]);
    const { calls, onchanged, user } = renderFiles();
    await user.click(screen.getByTestId("import-files"));

    const report = await screen.findByTestId("import-report");
    expect(calls.find((call) => call.command === "runbook_import")?.args).toEqual({ paths: ["/runbooks/db-failover.md", "/runbooks/broken.json"] });
    expect(onchanged).toHaveBeenCalledOnce();
    expect(within(report).getByTestId("import-summary")).toHaveTextContent("Created: 1 · New revision: 1 · Skipped: 1 · Error: 1");

    const created = within(report).getByTestId("import-file-0");
    expect(created).toHaveAttribute("data-result", "created");
    expect(created).toHaveTextContent("Database failover");
    expect(created).toHaveTextContent("Alert runbook (Markdown)");
    expect(created).toHaveTextContent("database-failover, revision 1");
    expect(created).toHaveTextContent("Info line 3 “Mitigation” → steps in Respond");
    expect(created).toHaveTextContent("Warning line 17 not imported: an HTML table");
    expect(within(report).getByTestId("import-file-1")).toHaveAttribute("data-result", "new_revision");
    expect(within(report).getByTestId("import-file-2")).toHaveTextContent("no steps were found");
    const failed = within(report).getByTestId("import-file-3");
    expect(failed).toHaveAttribute("data-result", "error");
    expect(failed).toHaveTextContent("broken.json:1:1: not a runbook file");

    await user.click(within(report).getByTestId("import-report-close"));
    expect(screen.queryByTestId("import-report")).not.toBeInTheDocument();
  });

  it("imports a folder", async () => {
    vi.mocked(pickFolder).mockResolvedValue("/runbooks");
    const { calls, user } = renderFiles();
    await user.click(screen.getByTestId("import-folder"));
    await screen.findByTestId("import-report");
    expect(calls.find((call) => call.command === "runbook_import")?.args).toEqual({ paths: ["/runbooks"] });
  });

  it("exports every runbook into a folder and says how many files it wrote", async () => {
    vi.mocked(pickFolder).mockResolvedValue("/out");
    const { calls, user } = renderFiles();
    await user.click(screen.getByTestId("export-all"));
    expect(await screen.findByTestId("exported")).toHaveTextContent("Wrote 2 file(s) to /out.");
    expect(calls.find((call) => call.command === "runbook_export")?.args).toEqual({ dir: "/out", id: null });
  });

  it("does nothing when the picker is cancelled", async () => {
    vi.mocked(pickRunbookFiles).mockResolvedValue([]);
    const { calls, user } = renderFiles();
    await user.click(screen.getByTestId("import-files"));
    expect(calls).toEqual([]);
    expect(screen.queryByTestId("import-report")).not.toBeInTheDocument();
  });
});
