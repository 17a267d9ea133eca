// The dashboard's pure logic: a period preset as a query, a figure as the number tests read, the
// columns of a measure's table, the headline's target share, export file names and the scale of
// a trend chart. Durations are worded by i18n/format.ts (`formatSeconds`).
import type { Bucket } from "./bindings/Bucket";
import type { DrillFilter } from "./bindings/DrillFilter";
import type { Figure } from "./bindings/Figure";
import type { FigureValue } from "./bindings/FigureValue";
import type { Measure } from "./bindings/Measure";
import type { Metrics } from "./bindings/Metrics";
import type { MetricsCsv } from "./bindings/MetricsCsv";
import type { MetricsQuery } from "./bindings/MetricsQuery";
import { formatSeconds } from "./i18n/format";
import { t } from "./i18n/translate.svelte";

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

/** The kind of value a measure's figures hold, which chooses its table's columns: that of its
 *  first figure with a value, "unavailable" when none has one. */
export function measureKind(measure: Measure): FigureValue["kind"] {
  return measure.figures.find((figure) => figure.value.kind !== "unavailable")?.value.kind ?? "unavailable";
}

/** A figure's cells under its measure's columns (`measureKind`), the headline value first:
 *  count; median, p90, mean, n; percent, "met / of"; mean score, n; "—" where there is none,
 *  in every column when the figure has no value of its measure's kind. */
export function figureCells(figure: Figure, kind: FigureValue["kind"]): string[] {
  const value = figure.value;
  const none = "—";
  if (value.kind !== kind) return Array<string>(columnCount[kind]).fill(none);
  switch (value.kind) {
    case "count":
      return [String(value.count)];
    case "durations":
      return [formatSeconds(value.median_seconds), formatSeconds(value.p90_seconds), formatSeconds(value.mean_seconds === null ? null : Math.floor(value.mean_seconds)), String(value.count)];
    case "share":
      return [value.percent === null ? none : t("metrics.percent", { percent: value.percent.toFixed(1) }), t("metrics.metOf", { met: value.met, of: value.of })];
    case "mean":
      return [value.mean === null ? none : value.mean.toFixed(1), String(value.count)];
    case "unavailable":
      return [none];
  }
}

/** How many value columns each kind of measure has (see `figureCells`). */
const columnCount: Record<FigureValue["kind"], number> = { count: 1, durations: 4, share: 2, mean: 2, unavailable: 1 };

/** A target measure's figures (one per severity) summed into one share, for the headline. */
export function totalShare(measure: Measure | undefined): { met: number; of: number; percent: number | null } {
  let [met, of] = [0, 0];
  for (const figure of measure?.figures ?? []) {
    if (figure.value.kind !== "share") continue;
    met += figure.value.met;
    of += figure.value.of;
  }
  return { met, of, percent: of === 0 ? null : (met * 100) / of };
}

/** The save dialog's suggested name for an export of the period's measures or rows:
 *  `muster-metrics-2026-09-01-2026-11-28.csv`, `muster-metrics-rows-…`. */
export const exportFileName = (csv: MetricsCsv, from: string, to: string): string =>
  `muster-metrics${csv === "rows" ? "-rows" : ""}-${from}-${to}.csv`;

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
