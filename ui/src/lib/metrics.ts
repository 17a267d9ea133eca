// The dashboard's pure logic: a period preset as a query, a figure as the number shown and the
// number tests read, and the scale of a trend chart.
import type { Bucket } from "./bindings/Bucket";
import type { DrillFilter } from "./bindings/DrillFilter";
import type { Figure } from "./bindings/Figure";
import type { Metrics } from "./bindings/Metrics";
import type { MetricsQuery } from "./bindings/MetricsQuery";

export type PeriodPreset = "last30" | "last90" | "last365" | "thisYear" | "custom";

/** A UTC day as `YYYY-MM-DD`. */
export const utcDay = (date: Date): string => date.toISOString().slice(0, 10);

const addDays = (day: string, days: number): string => {
  const date = new Date(`${day}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() + days);
  return utcDay(date);
};

/** The first and last UTC day (both included) of a preset, as of `today`. */
export function presetDays(preset: Exclude<PeriodPreset, "custom">, today: Date): { from: string; to: string } {
  const to = utcDay(today);
  switch (preset) {
    case "last30":
      return { from: addDays(to, -29), to };
    case "last90":
      return { from: addDays(to, -89), to };
    case "last365":
      return { from: addDays(to, -364), to };
    case "thisYear":
      return { from: `${to.slice(0, 4)}-01-01`, to };
  }
}

export type Filters = {
  /** First day, included (UTC). */
  from: string;
  /** Last day, included (UTC). */
  to: string;
  severities: string[];
  runbook: string;
  team: string;
  drills: DrillFilter;
  bucket: Bucket;
};

/** The core's query for the filters: the last day is included whole, so the period ends at
 *  the start of the next one. Null when the days are not a period. */
export function queryOf(filters: Filters): MetricsQuery | null {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(filters.from) || !/^\d{4}-\d{2}-\d{2}$/.test(filters.to) || filters.from > filters.to) return null;
  return {
    from: `${filters.from}T00:00:00Z`,
    to: `${addDays(filters.to, 1)}T00:00:00Z`,
    severities: filters.severities,
    runbooks: filters.runbook === "" ? [] : [filters.runbook],
    team: filters.team === "" ? null : filters.team,
    drills: filters.drills,
    bucket: filters.bucket,
  };
}

/** The machine-readable number of a figure (what `data-value` carries): a count, a median in
 *  seconds, a percentage or a mean score to one decimal; null when there is none. */
export function figureNumber(figure: Figure): number | null {
  const value = figure.value;
  switch (value.kind) {
    case "count":
      return value.count;
    case "durations":
      return value.median_seconds;
    case "share":
      return value.percent === null ? null : Math.round(value.percent * 10) / 10;
    case "mean":
      return value.mean === null ? null : Math.round(value.mean * 10) / 10;
    case "unavailable":
      return null;
  }
}

/** A duration in seconds as people read it: "45 s", "12 min", "3 h 05 min", "2 d 4 h". */
export function formatSeconds(seconds: number | null): string {
  if (seconds === null) return "—";
  if (seconds < 60) return `${seconds} s`;
  const minutes = Math.round(seconds / 60);
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return `${hours} h ${String(minutes % 60).padStart(2, "0")} min`;
  return `${Math.floor(hours / 24)} d ${hours % 24} h`;
}

/** The ids of the incidents behind a figure, and of those it leaves out. */
export function incidentsOf(metrics: Metrics, figure: Figure): { counted: string[]; excluded: string[] } {
  const ids = (positions: number[]) => positions.flatMap((position) => metrics.incidents[position] ?? []);
  return { counted: ids(figure.incidents), excluded: ids(figure.excluded) };
}

/** A chart's top value: the largest value rounded up to a readable step, at least 1. */
export function niceMax(values: number[]): number {
  const max = Math.max(1, ...values);
  const magnitude = 10 ** Math.floor(Math.log10(max));
  const step = [1, 2, 5, 10].map((n) => n * magnitude).find((n) => n >= max) ?? max;
  return step;
}
