// The dashboard's pure logic: presets are whole UTC days ending today, the query ends at the
// start of the day after the last one, figures give the number tests and exports read, a
// measure's table follows the kind of its values, the headline sums a target's severities.
import { describe, expect, it } from "vitest";
import type { Figure } from "./bindings/Figure";
import type { Metrics } from "./bindings/Metrics";
import type { Measure } from "./bindings/Measure";
import { exportFileName, figureCells, figureNumber, incidentsOf, measureKind, niceMax, presetDays, queryOf, totalShare } from "./metrics";

const figure = (value: Figure["value"], incidents: number[] = [], excluded: number[] = []): Figure => ({
  key: null,
  key_label: null,
  value,
  incidents,
  excluded,
  incidents_total: incidents.length,
  excluded_total: excluded.length,
});

describe("periods", () => {
  const today = new Date("2026-03-15T22:30:00Z");
  it("counts the presets in whole UTC days, today included", () => {
    expect(presetDays("last30", today)).toEqual({ from: "2026-02-14", to: "2026-03-15" });
    expect(presetDays("last90", today)).toEqual({ from: "2025-12-16", to: "2026-03-15" });
    expect(presetDays("thisYear", today)).toEqual({ from: "2026-01-01", to: "2026-03-15" });
  });
  it("ends the query at the start of the day after the last day, and refuses a reversed period", () => {
    const filters = { from: "2026-02-01", to: "2026-02-28", severities: ["SEV1"], runbook: "", team: "Ops", drills: "include" as const, bucket: "month" as const };
    expect(queryOf(filters)).toEqual({ from: "2026-02-01T00:00:00Z", to: "2026-03-01T00:00:00Z", severities: ["SEV1"], runbooks: [], team: "Ops", drills: "include", bucket: "month" });
    expect(queryOf({ ...filters, runbook: "dns", team: "" })).toMatchObject({ runbooks: ["dns"], team: null });
    expect(queryOf({ ...filters, from: "2026-03-02" })).toBeNull();
    expect(queryOf({ ...filters, to: "" })).toBeNull();
  });
});

describe("figures", () => {
  it("reads each kind of value as one number", () => {
    expect(figureNumber(figure({ kind: "count", count: 7 }))).toBe(7);
    expect(figureNumber(figure({ kind: "durations", count: 3, median_seconds: 600, p90_seconds: 900, mean_seconds: 700 }))).toBe(600);
    expect(figureNumber(figure({ kind: "share", met: 2, of: 3, percent: 66.666 }))).toBe(66.7);
    expect(figureNumber(figure({ kind: "mean", count: 2, mean: null }))).toBeNull();
    expect(figureNumber(figure({ kind: "unavailable" }))).toBeNull();
  });
  it("names the incidents behind a figure and those left out", () => {
    const metrics = { incidents: ["a", "b", "c"] } as Metrics;
    expect(incidentsOf(metrics, figure({ kind: "count", count: 2 }, [2, 0], [1]))).toEqual({ counted: ["c", "a"], excluded: ["b"] });
  });
  it("chooses a measure's columns by the first figure that has a value", () => {
    const measure = (figures: Figure[]): Measure => ({ id: "m", label: "M", definition: "", figures });
    const durations = figure({ kind: "durations", count: 1, median_seconds: 60, p90_seconds: 60, mean_seconds: 60 });
    expect(measureKind(measure([figure({ kind: "unavailable" }), durations]))).toBe("durations");
    expect(measureKind(measure([figure({ kind: "unavailable" })]))).toBe("unavailable");
    expect(measureKind(measure([]))).toBe("unavailable");
  });
  it("fills a figure's cells under its measure's columns, the headline value first", () => {
    expect(figureCells(figure({ kind: "count", count: 7 }), "count")).toEqual(["7"]);
    expect(figureCells(figure({ kind: "durations", count: 3, median_seconds: 600, p90_seconds: 3900, mean_seconds: 45.7 }), "durations")).toEqual(["10 min", "1 h 05 min", "45 s", "3"]);
    expect(figureCells(figure({ kind: "durations", count: 0, median_seconds: null, p90_seconds: null, mean_seconds: null }), "durations")).toEqual(["—", "—", "—", "0"]);
    expect(figureCells(figure({ kind: "share", met: 2, of: 3, percent: 66.666 }), "share")).toEqual(["66.7 %", "2 / 3"]);
    expect(figureCells(figure({ kind: "share", met: 0, of: 0, percent: null }), "share")).toEqual(["—", "0 / 0"]);
    expect(figureCells(figure({ kind: "mean", count: 2, mean: 72.25 }), "mean")).toEqual(["72.3", "2"]);
    expect(figureCells(figure({ kind: "unavailable" }), "durations")).toEqual(["—", "—", "—", "—"]);
  });
  it("sums a target's severities into one share for the headline", () => {
    const share = (met: number, of: number) => figure({ kind: "share", met, of, percent: of === 0 ? null : (met * 100) / of });
    const target: Measure = { id: "resolve_target", label: "", definition: "", figures: [share(3, 4), share(0, 0), share(1, 4)] };
    expect(totalShare(target)).toEqual({ met: 4, of: 8, percent: 50 });
    expect(totalShare(undefined)).toEqual({ met: 0, of: 0, percent: null });
  });
  it("names exports after the period", () => {
    expect(exportFileName("measures", "2026-09-01", "2026-11-28")).toBe("muster-metrics-2026-09-01-2026-11-28.csv");
    expect(exportFileName("rows", "2026-09-01", "2026-11-28")).toBe("muster-metrics-rows-2026-09-01-2026-11-28.csv");
  });
  it("tops a chart at a readable value", () => {
    expect([niceMax([]), niceMax([3]), niceMax([7, 12]), niceMax([3600])]).toEqual([1, 5, 20, 5000]);
  });
});
