//! Runbook file formats. Each reader reports problems with the file, line and column at fault.

pub mod markdown;
