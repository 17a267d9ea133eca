// The dashboard's pure logic: presets are whole UTC days ending today, the query ends at the
// start of the day after the last one, figures give the number tests and exports read.
import { describe, expect, it } from "vitest";
import type { Figure } from "./bindings/Figure";
import type { Metrics } from "./bindings/Metrics";
import { figureNumber, formatSeconds, incidentsOf, niceMax, presetDays, queryOf } from "./metrics";

const figure = (value: Figure["value"], incidents: number[] = [], excluded: number[] = []): Figure => ({ key: null, key_label: null, value, incidents, excluded });

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
  it("says durations the way people read them", () => {
    expect([formatSeconds(null), formatSeconds(45), formatSeconds(600), formatSeconds(3900), formatSeconds(200_000)]).toEqual(["—", "45 s", "10 min", "1 h 05 min", "2 d 7 h"]);
  });
  it("tops a chart at a readable value", () => {
    expect([niceMax([]), niceMax([3]), niceMax([7, 12]), niceMax([3600])]).toEqual([1, 5, 20, 5000]);
  });
});
