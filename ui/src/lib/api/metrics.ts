// Typed wrappers for src-tauri/src/commands/metrics.rs: the dashboard's figures, the
// per-incident rows behind them, and their CSV export.
import type { IncidentMetricsRow } from "../bindings/IncidentMetricsRow";
import type { Metrics } from "../bindings/Metrics";
import type { MetricsCsv } from "../bindings/MetricsCsv";
import type { MetricsQuery } from "../bindings/MetricsQuery";
import { call } from "./invoke";

export const computeMetrics = (query: MetricsQuery) => call<Metrics>("metrics_compute", { query });
export const metricsRows = (query: MetricsQuery) => call<IncidentMetricsRow[]>("metrics_rows", { query });
export const exportMetrics = (query: MetricsQuery, csv: MetricsCsv, path: string) => call<null>("metrics_export", { query, csv, path });
