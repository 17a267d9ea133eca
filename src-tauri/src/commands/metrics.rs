//! Commands over the metrics dashboard: its figures, the per-incident rows behind them (a page
//! at a time, or by id for a figure), and their CSV export.

use std::path::PathBuf;

use muster_core::metrics::{self, IncidentMetricsRow, Metrics, MetricsCsv, MetricsQuery, MetricsRowsPage};
use tauri::State;

use crate::{AppState, CommandError};

#[tauri::command]
pub fn metrics_compute(state: State<'_, AppState>, query: MetricsQuery) -> Result<Metrics, CommandError> {
    state.with_store(|store| Ok(store.metrics(&query)?.listing(metrics::LISTED_PER_FIGURE)))
}

#[tauri::command]
pub fn metrics_rows(
    state: State<'_, AppState>,
    query: MetricsQuery,
    offset: u32,
    limit: u32,
) -> Result<MetricsRowsPage, CommandError> {
    state.with_store(|store| store.metrics_rows_page(&query, offset, limit))
}

#[tauri::command]
pub fn metrics_rows_of(state: State<'_, AppState>, ids: Vec<String>) -> Result<Vec<IncidentMetricsRow>, CommandError> {
    state.with_store(|store| store.metrics_rows_of(&ids))
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
