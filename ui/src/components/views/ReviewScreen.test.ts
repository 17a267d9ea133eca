// The review screen against a mocked core and file picker: the facts and sections load; typing
// saves the draft by itself, and a failed save says why and keeps the text; stars save the
// highlights; publishing freezes the review; exports ask where to save and show their progress;
// action items are added.
import { render, screen, waitFor, within } from "@testing-library/svelte";
import userEvent from "@testing-library/user-event";
import { afterEach, describe, expect, it, vi } from "vitest";
import { pickExportPath } from "../../lib/api/dialog";
import type { Review } from "../../lib/bindings/Review";
import type { ReviewEdit } from "../../lib/bindings/ReviewEdit";
import { incidentId, runbooks } from "../../test/fixtures";
import { markdownHandlers } from "../../test/markdown";
import { deferred, mockCore, resetCore, type Call, type Handler } from "../../test/mock-core";
import { actionItem, draftReview, facts, resolvedView } from "../../test/review-fixtures";
import ReviewScreen from "./ReviewScreen.svelte";

vi.mock("../../lib/api/dialog", () => ({ pickExportPath: vi.fn() }));

afterEach(async () => {
  await resetCore();
  vi.mocked(pickExportPath).mockReset();
});

type Core = { review: Review };

function renderReview(handlers: Record<string, Handler> = {}, view = resolvedView()) {
  const core: Core = { review: draftReview() };
  const calls = mockCore({
    incident_view: () => structuredClone(view),
    review_facts: () => facts(),
    review_get: () => structuredClone(core.review),
    review_edit: ({ edit }) => {
      const { sections, highlights } = edit as ReviewEdit;
      core.review = { ...core.review, sections, highlights };
      return structuredClone(core.review);
    },
    review_publish: () => {
      core.review = { ...core.review, status: "published", published_at: "2026-05-15T09:00:00.000Z", published_by: "alice" };
      return structuredClone(core.review);
    },
    review_new_version: () => {
      core.review = { ...core.review, version: core.review.version + 1, status: "draft", published_at: null, published_by: null };
      return structuredClone(core.review);
    },
    action_items_of_incident: () => [],
    runbook_list: () => runbooks,
    ...markdownHandlers,
    ...handlers,
  });
  const onback = vi.fn();
  render(ReviewScreen, { incidentId, onback });
  return { core, calls, onback, user: userEvent.setup() };
}

const edits = (calls: Call[]) => calls.filter((call) => call.command === "review_edit").map((call) => call.args.edit as ReviewEdit);

describe("ReviewScreen", () => {
  it("shows the facts the core computed and the sections with their guidance", async () => {
    renderReview();
    expect(await screen.findByTestId("review-screen")).toBeInTheDocument();
    expect(screen.getByRole("heading", { level: 1 })).toHaveTextContent("Checkout down");
    expect(screen.getByTestId("review-status")).toHaveTextContent("Draft · version 1");

    const milestones = screen.getByTestId("milestone-facts");
    const row = (name: string) => milestones.querySelector(`[data-milestone='${name}']`) as HTMLElement;
    expect(row("acknowledged")).toHaveTextContent("10 min");
    expect(row("acknowledged")).toHaveTextContent("15 min");
    expect(row("acknowledged")).toHaveTextContent("Met");
    expect(row("mitigated")).toHaveTextContent("1 h 25 min");
    expect(row("mitigated")).toHaveTextContent("Breached by 25 min");
    expect(row("resolved")).toHaveTextContent("Not reached yet");

    const responders = screen.getByTestId("responder-facts");
    expect(responders).toHaveTextContent("Bob Li");
    expect(responders).toHaveTextContent("shift change");
    expect(responders).toHaveTextContent("Waived: on leave");
    expect(screen.getByTestId("phase-facts").querySelector("[data-phase='identify']")).toHaveTextContent("30 min");
    expect(screen.getByTestId("skipped-facts")).toHaveTextContent("Confirm the outage");
    expect(screen.getByTestId("skipped-facts")).toHaveTextContent("obvious from the alerts");

    const summary = screen.getByTestId("section-summary");
    expect(summary).toHaveTextContent("What happened, in two or three sentences.");
    expect(screen.getByTestId("body-impact")).toHaveValue("Checkout failed for EU users.");
  });

  it("saves the draft by itself after typing stops, with the new text", async () => {
    const { calls, user } = renderReview();
    await user.type(await screen.findByTestId("body-summary"), "Bad deploy");
    expect(edits(calls)).toEqual([]);
    await waitFor(() => expect(edits(calls)).toHaveLength(1), { timeout: 3000 });
    const [edit] = edits(calls);
    expect(edit.sections.map((section) => [section.key, section.body])).toEqual([
      ["summary", "Bad deploy"],
      ["impact", "Checkout failed for EU users."],
    ]);
    expect(await screen.findByTestId("save-state")).toHaveTextContent(/Saved \d\d:\d\d/);
  });

  it("saves on Ctrl+S, and previews the Markdown", async () => {
    const { calls, user } = renderReview();
    await user.type(await screen.findByTestId("body-summary"), "It broke");
    await user.keyboard("{Control>}s{/Control}");
    await waitFor(() => expect(edits(calls)).toHaveLength(1));
    await user.click(screen.getByTestId("preview-summary"));
    expect(screen.queryByTestId("body-summary")).not.toBeInTheDocument();
    expect(await within(screen.getByTestId("section-summary")).findByText("It broke")).toBeInTheDocument();
  });

  it("says why a save failed, keeps the text, and saves it on Try again", async () => {
    let fail = true;
    const { calls, core, user } = renderReview({
      review_edit: ({ edit }) => {
        if (fail) throw { code: "busy", message: "the database is busy" };
        core.review = { ...core.review, ...(edit as ReviewEdit) };
        return core.review;
      },
    });
    const body = await screen.findByTestId("body-summary");
    await user.type(body, "Kept");
    await user.tab();
    const state = await screen.findByTestId("save-state");
    await waitFor(() => expect(state).toHaveAttribute("data-state", "failed"));
    expect(state).toHaveTextContent("the database is busy");
    expect(body).toHaveValue("Kept");

    fail = false;
    await user.click(screen.getByTestId("save-retry"));
    await waitFor(() => expect(state).toHaveAttribute("data-state", "saved"));
    expect(edits(calls).at(-1)?.sections[0].body).toBe("Kept");
    expect(screen.getByTestId("body-summary")).toHaveValue("Kept");
  });

  it("stars timeline events as highlights and saves them with the sections", async () => {
    const { calls, user } = renderReview();
    const star = await screen.findByTestId("timeline-star-2");
    expect(star).toHaveAttribute("aria-pressed", "false");
    await user.click(star);
    await waitFor(() => expect(edits(calls)).toHaveLength(1));
    expect(edits(calls)[0].highlights).toEqual(["event-2"]);
    expect(edits(calls)[0].sections).toHaveLength(2);
    expect(screen.getByTestId("timeline-star-2")).toHaveAttribute("aria-pressed", "true");
    expect(screen.getByTestId("highlight-list")).toHaveTextContent("Rolled back the deploy");

    // From the keyboard, in timeline order.
    screen.getByTestId("timeline-star-1").focus();
    await user.keyboard("{Enter}");
    await waitFor(() => expect(edits(calls)).toHaveLength(2));
    expect(edits(calls)[1].highlights).toEqual(["event-1", "event-2"]);
  });

  it("publishes after confirming, then shows the review frozen, and starts a new version", async () => {
    const { calls, user } = renderReview();
    await user.click(await screen.findByTestId("publish"));
    const dialog = screen.getByTestId("publish-dialog");
    expect(dialog).toHaveTextContent("frozen");
    await user.click(within(dialog).getByTestId("publish-confirm"));
    await waitFor(() => expect(screen.getByTestId("review-status")).toHaveAttribute("data-status", "published"));
    expect(calls.filter((call) => call.command === "review_publish")).toEqual([{ command: "review_publish", args: { incidentId } }]);
    expect(screen.getByTestId("review-status")).toHaveTextContent(/Published · version 1 · .*2026.* by alice/);
    expect(screen.queryByRole("textbox", { name: "Impact" })).not.toBeInTheDocument();
    expect(screen.queryByTestId("body-impact")).not.toBeInTheDocument();
    expect(await within(screen.getByTestId("section-impact")).findByText("Checkout failed for EU users.")).toBeInTheDocument();
    expect(screen.getByTestId("timeline-star-2")).toBeDisabled();

    await user.click(screen.getByTestId("new-version"));
    await waitFor(() => expect(screen.getByTestId("review-status")).toHaveTextContent("Draft · version 2"));
    expect(screen.getByTestId("body-impact")).toHaveValue("Checkout failed for EU users.");
  });

  it("cannot publish before the incident is resolved, and says so", async () => {
    const open = resolvedView();
    open.incident.resolved_at = null;
    renderReview({}, open);
    expect(await screen.findByTestId("publish")).toBeDisabled();
    expect(screen.getByTestId("review-status")).toHaveTextContent("Resolve the incident before publishing its review.");
  });

  it("exports through the save dialog, showing progress and then the file written", async () => {
    const exporting = deferred<null>();
    vi.mocked(pickExportPath).mockResolvedValue("/home/ana/checkout-down-review.md");
    const { calls, user } = renderReview({ review_export: () => exporting.promise });
    await user.click(await screen.findByTestId("export-open"));
    await user.click(screen.getByTestId("export-markdown"));

    expect(pickExportPath).toHaveBeenCalledWith("checkout-down-review.md", "Markdown", "md");
    const progress = await screen.findByTestId("export-progress");
    expect(progress).toHaveAttribute("aria-busy", "true");
    expect(progress).toHaveTextContent("Exporting…");
    // The screen stays usable while the export runs.
    expect(screen.getByTestId("body-summary")).toBeEnabled();
    expect(calls.filter((call) => call.command === "review_export").map((call) => call.args)).toEqual([
      { incidentId, format: "markdown", path: "/home/ana/checkout-down-review.md" },
    ]);

    exporting.resolve(null);
    expect(await screen.findByTestId("export-done")).toHaveTextContent("Exported to /home/ana/checkout-down-review.md");
  });

  it("exports a PDF on the paper chosen, A4 unless Letter is picked", async () => {
    vi.mocked(pickExportPath).mockResolvedValue("/home/ana/checkout-down-review.pdf");
    const { calls, user } = renderReview({ review_export: () => null });
    await user.click(await screen.findByTestId("export-open"));
    await user.click(screen.getByTestId("export-pdf-letter"));
    expect(await screen.findByTestId("export-done")).toHaveTextContent("Exported to /home/ana/checkout-down-review.pdf");
    await user.click(screen.getByTestId("export-open"));
    await user.click(screen.getByTestId("export-pdf"));
    await waitFor(() => expect(calls.filter((call) => call.command === "review_export")).toHaveLength(2));

    expect(pickExportPath).toHaveBeenCalledWith("checkout-down-review.pdf", "PDF", "pdf");
    expect(calls.filter((call) => call.command === "review_export").map((call) => call.args)).toEqual([
      { incidentId, format: "pdf", path: "/home/ana/checkout-down-review.pdf", paper: "letter" },
      { incidentId, format: "pdf", path: "/home/ana/checkout-down-review.pdf", paper: "a4" },
    ]);
  });

  it("shows the core's message when an export fails, and does nothing when the save dialog is cancelled", async () => {
    vi.mocked(pickExportPath).mockResolvedValueOnce(null).mockResolvedValueOnce("/readonly/x.json");
    const { calls, user } = renderReview({
      review_export: () => {
        throw { code: "read_only", message: "/readonly/x.json: read-only file system" };
      },
    });
    await user.click(await screen.findByTestId("export-open"));
    await user.click(screen.getByTestId("export-json"));
    await waitFor(() => expect(pickExportPath).toHaveBeenCalledOnce());
    expect(calls.some((call) => call.command === "review_export")).toBe(false);

    await user.click(screen.getByTestId("export-open"));
    await user.click(screen.getByTestId("export-json"));
    expect(await screen.findByTestId("export-error")).toHaveTextContent("read-only file system");
  });

  it("adds an action item linked to a runbook, the incident's own first", async () => {
    const { calls, user } = renderReview({
      action_item_add: ({ item }) => actionItem({ id: "item-1", ...(item as object), title: (item as { title: string }).title }),
    });
    await screen.findByTestId("add-action");
    const select = screen.getByTestId("add-runbook") as HTMLSelectElement;
    await waitFor(() => expect(select.options).toHaveLength(3));
    expect([...select.options].map((option) => option.value)).toEqual(["", "it-system-outage", "data-centre-power-loss"]);
    expect(screen.getByTestId("add-confirm")).toBeDisabled();

    await user.type(screen.getByTestId("add-title"), "Add a canary stage");
    await user.type(screen.getByTestId("add-owner"), "Platform");
    await user.type(screen.getByTestId("add-due"), "2026-06-01");
    await user.selectOptions(select, "it-system-outage");
    await user.click(screen.getByTestId("add-confirm"));

    await waitFor(() => expect(calls.filter((call) => call.command === "action_item_add")).toHaveLength(1));
    expect(calls.find((call) => call.command === "action_item_add")?.args).toEqual({
      incidentId,
      item: { title: "Add a canary stage", owner: "Platform", due_on: "2026-06-01", runbook_id: "it-system-outage" },
    });
    const row = await screen.findByText("Add a canary stage", { selector: "td" });
    expect(row.closest("tr")).toHaveTextContent("IT system outage");
    expect(screen.getByTestId("add-title")).toHaveValue("");
  });

  it("flags overdue items and changes an item's status through the core", async () => {
    const { calls, user } = renderReview({
      action_items_of_incident: () => [actionItem({ id: "late", title: "Rotate the keys", due_on: "2026-05-01", overdue: true })],
      action_item_set_status: ({ status }) => actionItem({ id: "late", title: "Rotate the keys", due_on: "2026-05-01", status: status as "done" }),
    });
    const flag = await screen.findByTestId("overdue-flag");
    expect(flag.closest("tr")).toHaveAttribute("data-overdue", "true");
    await user.selectOptions(screen.getByTestId("status-late"), "done");
    await waitFor(() => expect(calls.find((call) => call.command === "action_item_set_status")?.args).toEqual({ id: "late", status: "done" }));
    await waitFor(() => expect(screen.queryByTestId("overdue-flag")).not.toBeInTheDocument());
  });
});
