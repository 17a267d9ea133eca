// The metrics dashboard against a mocked core: the figures the core computed, each with its
// definition; the drill switch asks again with drills included; a figure lists the incidents
// behind it and opens one; the CSV exports ask where to write and say where they wrote, or why not.
import { render, screen, waitFor, within } from "@testing-library/svelte";
import userEvent from "@testing-library/user-event";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { pickMetricsCsvPath } from "../../lib/api/dialog";
import type { IncidentMetricsRow } from "../../lib/bindings/IncidentMetricsRow";
import type { Metrics } from "../../lib/bindings/Metrics";
import type { MetricsQuery } from "../../lib/bindings/MetricsQuery";
import { mockCore, resetCore, type Handler } from "../../test/mock-core";
import { runbooks } from "../../test/fixtures";
import MetricsDashboard from "./MetricsDashboard.svelte";

vi.mock("../../lib/api/dialog", () => ({ pickMetricsCsvPath: vi.fn() }));

beforeEach(() => vi.mocked(pickMetricsCsvPath).mockReset());
afterEach(resetCore);

const metrics = (query: MetricsQuery): Metrics => ({
  query,
  computed_at: "2026-03-01T00:00:00Z",
  incidents: ["inc-a", "inc-b"],
  measures: [
    { id: "incidents", label: "Incidents", definition: "Incidents detected in the period.", figures: [{ key: null, key_label: null, value: { kind: "count", count: query.drills === "include" ? 3 : 2 }, incidents: [0, 1], excluded: [], incidents_total: 2, excluded_total: 0 }] },
    {
      id: "time_to_resolve",
      label: "Time to resolve (MTTR)",
      definition: "Resolved minus detected; unresolved incidents are excluded and listed.",
      figures: [{ key: null, key_label: null, value: { kind: "durations", count: 1, median_seconds: 7200, p90_seconds: 7200, mean_seconds: 7200 }, incidents: [0], excluded: [1], incidents_total: 1, excluded_total: 1 }],
    },
  ],
  trend: [{ start: "2026-02-02T00:00:00Z", end: "2026-02-09T00:00:00Z", count: 2, mtta_median_seconds: 600, mttr_median_seconds: 7200, incidents: [0, 1] }],
});

const row = (id: string, title: string): IncidentMetricsRow => ({
  id, title, runbook_id: "it-system-outage", runbook_title: "IT system outage", severity: "SEV1", mode: "real", team: null,
  detected_at: "2026-02-03T10:00:00Z", acknowledged_at: null, mitigated_at: null, resolved_at: null, closed_at: null,
  acknowledge_seconds: 600, mitigate_seconds: null, resolve_seconds: 7200, acknowledge_target: "met", mitigate_target: "pending", resolve_target: "breached",
  identify_seconds: null, respond_seconds: null, recover_seconds: null, review_seconds: null, skipped_steps: 0, update_intervals: null, late_updates: null,
});

function renderDashboard(handlers: Record<string, Handler> = {}) {
  const calls = mockCore({
    runbook_list: () => runbooks,
    severity_list: () => ["SEV1", "SEV2"],
    person_list: () => [],
    metrics_compute: ({ query }) => metrics(query as MetricsQuery),
    metrics_rows: ({ offset }) => ({ total: 2, offset, rows: [row("inc-a", "Checkout down"), row("inc-b", "DNS flapping")].slice(offset as number) }),
    metrics_rows_of: ({ ids }) => (ids as string[]).map((id) => row(id, id === "inc-a" ? "Checkout down" : "DNS flapping")),
    ...handlers,
  });
  const onopen = vi.fn();
  render(MetricsDashboard, { onhome: vi.fn(), onopen });
  return { calls, onopen, user: userEvent.setup() };
}

describe("MetricsDashboard", () => {
  it("shows each figure the core computed with its definition beside it", async () => {
    renderDashboard();
    const mttr = await screen.findByTestId("figure-time_to_resolve-all");
    expect(mttr).toHaveAttribute("data-value", "7200");
    expect(mttr).toHaveTextContent("2 h");
    expect(screen.getByTestId("figure-incidents-all")).toHaveAttribute("data-value", "2");
    const resolve = screen.getByTestId("measure-time_to_resolve");
    expect(resolve).toHaveTextContent("unresolved incidents are excluded and listed");
    // Median (the button), p90, mean, counted, left out — under their column headers.
    const headers = within(resolve).getAllByRole("columnheader").map((cell) => cell.textContent);
    expect(headers).toEqual(["For", "Median", "90th percentile", "Mean", "Counted", "Left out"]);
    const cells = within(resolve).getAllByRole("cell").map((cell) => cell.textContent?.trim());
    expect(cells).toEqual(["2 h", "2 h", "2 h", "1", "1"]);
    expect(within(screen.getByTestId("metrics-rows")).getByText("DNS flapping")).toBeInTheDocument();
  });

  it("asks again with drills included when the switch says so", async () => {
    const { calls, user } = renderDashboard();
    await screen.findByTestId("figure-incidents-all");
    await user.selectOptions(screen.getByTestId("metrics-drills"), "include");
    await waitFor(() => expect(screen.getByTestId("figure-incidents-all")).toHaveAttribute("data-value", "3"));
    const asked = calls.filter((call) => call.command === "metrics_compute").map((call) => (call.args.query as MetricsQuery).drills);
    expect(asked).toEqual(["exclude", "include"]);
  });

  it("lists the incidents behind a figure by title, those left out apart, and opens one", async () => {
    const { calls, onopen, user } = renderDashboard();
    await user.click(await screen.findByTestId("figure-time_to_resolve-all"));
    const behind = await screen.findByTestId("figure-incidents");
    expect(behind).toHaveTextContent("Counted (1)");
    expect(behind).toHaveTextContent("Left out, as the definition says (1)");
    await waitFor(() => expect(within(behind).getByTestId("figure-incident-inc-b")).toHaveTextContent("DNS flapping"));
    expect(calls.filter((call) => call.command === "metrics_rows_of").map((call) => call.args.ids)).toEqual([["inc-a", "inc-b"]]);
    await user.click(within(behind).getByTestId("figure-incident-inc-b"));
    expect(onopen).toHaveBeenCalledWith("inc-b");
  });

  it("counts a figure's incidents by its totals when the core listed only the first of them", async () => {
    const { user } = renderDashboard({
      metrics_compute: ({ query }) => {
        const cut = metrics(query as MetricsQuery);
        Object.assign(cut.measures[1].figures[0], { value: { kind: "durations", count: 950, median_seconds: 7200, p90_seconds: 7200, mean_seconds: 7200 }, incidents_total: 950, excluded_total: 40 });
        return cut;
      },
    });
    await screen.findByTestId("figure-time_to_resolve-all");
    const cells = within(screen.getByTestId("measure-time_to_resolve")).getAllByRole("cell").map((cell) => cell.textContent?.trim());
    expect(cells.slice(-2)).toEqual(["950", "40"]);
    await user.click(screen.getByTestId("figure-time_to_resolve-all"));
    const behind = await screen.findByTestId("figure-incidents");
    expect(behind).toHaveTextContent("Counted (950)");
    expect(behind).toHaveTextContent("…and 949 more, not listed here.");
    expect(behind).toHaveTextContent("Left out, as the definition says (40)");
    expect(behind).toHaveTextContent("…and 39 more, not listed here.");
  });

  it("reads the table a page at a time", async () => {
    const many = Array.from({ length: 230 }, (_, n) => row(`inc-${n}`, `Incident ${n}`));
    const { calls, user } = renderDashboard({
      metrics_rows: ({ offset, limit }) => ({ total: many.length, offset, rows: many.slice(offset as number, (offset as number) + (limit as number)) }),
    });
    const table = await screen.findByTestId("metrics-rows");
    await waitFor(() => expect(within(table).getAllByRole("row")).toHaveLength(201));
    expect(screen.getByText("Incidents in the period (230)")).toBeInTheDocument();
    expect(screen.getByText("Showing 200 of 230")).toBeInTheDocument();
    await user.click(screen.getByRole("button", { name: "Show 30 more" }));
    await waitFor(() => expect(within(table).getAllByRole("row")).toHaveLength(231));
    expect(within(table).getByText("Incident 229")).toBeInTheDocument();
    expect(screen.queryByTestId("metrics-more-rows")).toBeNull();
    const pages = calls.filter((call) => call.command === "metrics_rows").map((call) => [call.args.offset, call.args.limit]);
    expect(pages).toEqual([[0, 200], [200, 200]]);
  });

  it("exports the measures where the user chose, named after the period, and says where", async () => {
    const { calls, user } = renderDashboard({ metrics_export: () => null });
    vi.mocked(pickMetricsCsvPath).mockResolvedValue("/home/ana/metrics.csv");
    await screen.findByTestId("figure-incidents-all");
    await user.click(screen.getByTestId("metrics-export-measures"));
    expect(await screen.findByTestId("metrics-export-notice")).toHaveTextContent("Exported to /home/ana/metrics.csv");
    expect(vi.mocked(pickMetricsCsvPath).mock.calls[0][0]).toMatch(/^muster-metrics-\d{4}-\d\d-\d\d-\d{4}-\d\d-\d\d\.csv$/);
    const exported = calls.filter((call) => call.command === "metrics_export").map((call) => call.args);
    expect(exported).toEqual([{ query: expect.objectContaining({ drills: "exclude", bucket: "week" }), csv: "measures", path: "/home/ana/metrics.csv" }]);
  });

  it("says why an export failed, and writes nothing when the dialog is cancelled", async () => {
    const { calls, user } = renderDashboard({ metrics_export: () => Promise.reject({ code: "read_only", message: "Permission denied: /readonly/rows.csv" }) });
    await screen.findByTestId("figure-incidents-all");
    vi.mocked(pickMetricsCsvPath).mockResolvedValue(null);
    await user.click(screen.getByTestId("metrics-export-rows"));
    expect(calls.filter((call) => call.command === "metrics_export")).toEqual([]);
    vi.mocked(pickMetricsCsvPath).mockResolvedValue("/readonly/rows.csv");
    await user.click(screen.getByTestId("metrics-export-rows"));
    expect(await screen.findByTestId("error-banner")).toHaveTextContent("Permission denied: /readonly/rows.csv");
    expect(calls.filter((call) => call.command === "metrics_export").map((call) => call.args.csv)).toEqual(["rows"]);
    expect(screen.queryByTestId("metrics-export-notice")).toBeNull();
  });
});
