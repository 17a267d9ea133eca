//! Tauri commands, one module per core concept; each command is a one-line delegation.

pub mod database;
pub mod drill;
pub mod forms;
pub mod incident;
pub mod metrics;
pub mod review;
pub mod roster;
pub mod runbook;
