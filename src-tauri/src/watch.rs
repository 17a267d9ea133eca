//! The app's background watch: scheduled backups while the app runs, and the system clock
//! checked against a monotonic one. A detected jump is written into every open incident and
//! the window is told to reload.

use std::time::{Duration, Instant};

use muster_core::{Clock, ClockWatch, SystemClock};
use tauri::{AppHandle, Emitter, Manager};

use crate::{AppState, ErrorCode};

/// The event the window listens to: an incident's timeline changed without a command.
pub const TIMELINE_CHANGED: &str = "timeline-changed";

const TICK: Duration = Duration::from_secs(15);
/// Checked every TICK, made when a day has passed since the newest backup.
const BACKUP_EVERY_TICKS: u32 = 4;

pub fn start(app: AppHandle) {
    std::thread::Builder::new()
        .name("muster-watch".into())
        .spawn(move || {
            let origin = Instant::now();
            let mut watch = ClockWatch::new(SystemClock.now(), origin.elapsed());
            for tick in 0u32.. {
                let state = app.state::<AppState>();
                if tick % BACKUP_EVERY_TICKS == 0 {
                    match state.backup_if_due() {
                        // No database open (the recovery screen is showing): nothing to back up.
                        Err(err) if err.code != ErrorCode::DatabaseUnavailable => {
                            eprintln!("muster: scheduled backup failed: {}", err.message)
                        }
                        _ => {}
                    }
                }
                if let Some(jump) = watch.observe(SystemClock.now(), origin.elapsed()) {
                    match state.record_clock_jump(&jump) {
                        Ok(_) => {
                            let _ = app.emit(TIMELINE_CHANGED, ());
                        }
                        Err(err) => eprintln!("muster: could not record a clock jump: {}", err.message),
                    }
                }
                std::thread::sleep(TICK);
            }
        })
        .map(|_| ())
        .unwrap_or_else(|err| eprintln!("muster: background watch not started: {err}"));
}
