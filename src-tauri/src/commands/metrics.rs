//! Commands over the metrics dashboard: its figures, the per-incident rows behind them, and
//! their CSV export.

use std::path::PathBuf;

use muster_core::metrics::{IncidentMetricsRow, Metrics, MetricsCsv, MetricsQuery};
use tauri::State;

use crate::{AppState, CommandError};

#[tauri::command]
pub fn metrics_compute(state: State<'_, AppState>, query: MetricsQuery) -> Result<Metrics, CommandError> {
    state.with_store(|store| store.metrics(&query))
}

#[tauri::command]
pub fn metrics_rows(state: State<'_, AppState>, query: MetricsQuery) -> Result<Vec<IncidentMetricsRow>, CommandError> {
    state.with_store(|store| store.metrics_rows(&query))
}

#[tauri::command]
pub fn metrics_export(
    state: State<'_, AppState>,
    query: MetricsQuery,
    csv: MetricsCsv,
    path: PathBuf,
) -> Result<(), CommandError> {
    state.with_store(|store| store.export_metrics_csv(&query, csv, &path))
}
