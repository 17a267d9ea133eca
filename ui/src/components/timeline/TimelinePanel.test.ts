// The timeline panel on its own: a 10,000-entry timeline draws only the rows in view (the UI
// benchmark), the filters by kind group and by person, corrected entries, and the verdict.
import { render, screen, within } from "@testing-library/svelte";
import userEvent from "@testing-library/user-event";
import { afterEach, describe, expect, it, vi } from "vitest";
import type { ChainReport } from "../../lib/bindings/ChainReport";
import type { TimelineEntry } from "../../lib/bindings/TimelineEntry";
import type { TimelineNames } from "../../lib/i18n/incident";
import { declaredEvent, entry, event, incidentId, longTimeline } from "../../test/fixtures";
import { resetCore } from "../../test/mock-core";
import TimelinePanel from "./TimelinePanel.svelte";

afterEach(resetCore);

const names: TimelineNames = {
  step: (key) => (key === "confirm-outage" ? "Confirm the outage" : key),
  role: (id) => (id === "tech-lead" ? "Tech Lead" : id),
  person: (id) => ({ "alice-chen": "Alice Chen", "bob-li": "Bob Li" })[id] ?? id,
};

function renderPanel(entries: TimelineEntry[], verifyResult: ChainReport | null = null) {
  const handlers = { onlog: vi.fn(), onverify: vi.fn(), oncorrect: vi.fn() };
  render(TimelinePanel, { entries, names, changeable: true, verifying: false, verifyResult, ...handlers });
  return { ...handlers, user: userEvent.setup() };
}

const rows = () => [...screen.getByTestId("timeline").querySelectorAll<HTMLElement>("[data-seq]")];
const seqs = () => rows().map((row) => Number(row.dataset.seq));

/** A small mixed timeline: declared, a handover to Bob, a tick of a step Alice holds, a log
 *  entry corrected by #5, and the correction. */
function mixed(): TimelineEntry[] {
  const handover = entry(event(2, { kind: "role.handed_over", payload: { role: "tech-lead", from: "alice-chen", to: "bob-li", name: "Bob Li", note: "" } }), "bob-li");
  const tick = entry(event(3, { kind: "step.ticked", payload: { step: "confirm-outage" } }), "alice-chen");
  const log = entry(event(4, { kind: "log.entry", payload: { text: "Rolled back to v41" } }, "2026-05-14T02:50:00.000Z", "2026-05-14T02:58:00.000Z"));
  log.superseded_by = 5;
  log.text = "Rolled back to v40";
  const correction = entry(
    event(5, { kind: "event.corrected", payload: { event: "event-4", seq: 4, occurred_at: null, text: "Rolled back to v40", reason: "wrong version" } }),
  );
  return [entry(declaredEvent("real")), handover, tick, log, correction];
}

describe("TimelinePanel", () => {
  it("draws a 10,000-entry timeline as a bounded number of rows, newest first", () => {
    const entries = longTimeline(10_000);
    const started = performance.now();
    renderPanel(entries);
    const elapsed = performance.now() - started;
    console.log(`UI benchmark: timeline panel with 10,000 entries rendered in ${elapsed.toFixed(1)} ms, ${rows().length} rows in the DOM`);

    expect(rows().length).toBeGreaterThan(0);
    expect(rows().length).toBeLessThan(200);
    expect(seqs()[0]).toBe(10_000);
    expect(screen.getByTestId("timeline")).toHaveTextContent("10000 of 10000");
  });

  it("draws the rows further down once scrolled there", async () => {
    renderPanel(longTimeline(10_000));
    const list = screen.getByTestId("timeline-list");
    list.scrollTop = 72 * 5_000;
    list.dispatchEvent(new Event("scroll"));
    await vi.waitFor(() => expect(seqs()).toContain(5_000));
    expect(rows().length).toBeLessThan(200);
  });

  it("narrows to a group of kinds and to the person entries concern", async () => {
    const { user } = renderPanel(mixed());
    expect(seqs()).toEqual([5, 4, 3, 2, 1]);

    await user.selectOptions(screen.getByTestId("timeline-kind"), "Steps");
    expect(seqs()).toEqual([3]);
    await user.selectOptions(screen.getByTestId("timeline-kind"), "Log and status");
    expect(seqs()).toEqual([4]);
    await user.selectOptions(screen.getByTestId("timeline-kind"), "Corrections and other");
    expect(seqs()).toEqual([5]);
    await user.selectOptions(screen.getByTestId("timeline-kind"), "Roles");
    expect(seqs()).toEqual([2]);

    await user.selectOptions(screen.getByTestId("timeline-kind"), "All");
    await user.selectOptions(screen.getByTestId("timeline-person"), "Alice Chen");
    expect(seqs()).toEqual([3]);
    await user.selectOptions(screen.getByTestId("timeline-person"), "Bob Li");
    expect(seqs()).toEqual([2]);
    await user.selectOptions(screen.getByTestId("timeline-kind"), "Steps");
    expect(screen.getByTestId("timeline")).toHaveTextContent("No entries match the filter.");
  });

  it("says what each entry is, keeps a corrected one struck through, and names what a correction corrected", () => {
    renderPanel(mixed());
    const [correction, log, tick, handover] = rows();
    expect(handover).toHaveTextContent("Tech Lead handed over from Alice Chen to Bob Li");
    expect(tick).toHaveTextContent("Ticked “Confirm the outage”");

    expect(log).toHaveAttribute("data-superseded", "true");
    expect(log).toHaveTextContent("corrected by #5");
    expect(log).toHaveTextContent("Rolled back to v40");
    expect(log).toHaveTextContent(/written \d\d:\d\d/);
    expect(within(log).getByText("Log entry")).toBeInTheDocument();

    expect(correction).toHaveAttribute("data-kind", "event.corrected");
    expect(correction).toHaveTextContent("Corrected the text of #4");
    expect(correction).toHaveTextContent("Now “Rolled back to v40”. Reason: wrong version");
    expect(tick).not.toHaveTextContent("written");
  });

  it("offers to correct an entry, but not a correction", async () => {
    const { oncorrect, user } = renderPanel(mixed());
    expect(screen.queryByTestId("correct-5")).not.toBeInTheDocument();
    await user.click(screen.getByTestId("correct-4"));
    expect(oncorrect).toHaveBeenCalledWith(expect.objectContaining({ text: "Rolled back to v40" }));
  });

  it("shows the verdict of a verification, intact or broken", () => {
    renderPanel(mixed(), { incident_id: incidentId, events_checked: 57, first_broken_seq: null, problem: null });
    expect(screen.getByTestId("verify-result")).toHaveAttribute("data-holds", "true");
    expect(screen.getByTestId("verify-result")).toHaveTextContent("Timeline intact: 57 events checked");
    resetCore();

    renderPanel(mixed(), { incident_id: incidentId, events_checked: 12, first_broken_seq: 12, problem: "hash does not match" });
    expect(screen.getByTestId("verify-result")).toHaveAttribute("data-holds", "false");
    expect(screen.getByTestId("verify-result")).toHaveTextContent("Broken at event 12: hash does not match");
  });
});
