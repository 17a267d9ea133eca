// Typed wrappers for src-tauri/src/commands/metrics.rs: the dashboard's figures, the
// per-incident rows behind them (a page at a time, or by id for a figure), and their CSV export.
import type { IncidentMetricsRow } from "../bindings/IncidentMetricsRow";
import type { Metrics } from "../bindings/Metrics";
import type { MetricsCsv } from "../bindings/MetricsCsv";
import type { MetricsQuery } from "../bindings/MetricsQuery";
import type { MetricsRowsPage } from "../bindings/MetricsRowsPage";
import { call } from "./invoke";

export const computeMetrics = (query: MetricsQuery) => call<Metrics>("metrics_compute", { query });
export const metricsRows = (query: MetricsQuery, offset: number, limit: number) => call<MetricsRowsPage>("metrics_rows", { query, offset, limit });
export const metricsRowsOf = (ids: string[]) => call<IncidentMetricsRow[]>("metrics_rows_of", { ids });
export const exportMetrics = (query: MetricsQuery, csv: MetricsCsv, path: string) => call<null>("metrics_export", { query, csv, path });
