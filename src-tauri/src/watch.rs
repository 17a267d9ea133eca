//! The app's background watch: scheduled backups while the app runs, the open incidents'
//! timers (breaches are recorded and the window told, which raises a desktop notification), and
//! the system clock checked against a monotonic one. A detected jump is written into every open
//! incident and the window is told to reload.

use std::time::{Duration, Instant};

use muster_core::{Clock, ClockWatch, SystemClock};
use tauri::{AppHandle, Emitter, Manager};

use crate::{AppState, ErrorCode};

/// The event the window listens to: an incident's timeline changed without a command.
pub const TIMELINE_CHANGED: &str = "timeline-changed";
/// The event that carries timer alerts (breaches just recorded, status updates due).
pub const TIMERS_ALERTED: &str = "timers-alerted";
/// The event that carries the drill injects just delivered.
pub const INJECTS_DELIVERED: &str = "injects-delivered";

/// Injects are checked every tick, so one reaches the players within a second of its time even
/// at ×5 (it is dated exactly when it came either way).
const TICK: Duration = Duration::from_secs(1);
const TIMERS_EVERY_TICKS: u32 = 5;
/// Checked every minute, made when a day has passed since the newest backup.
const BACKUP_EVERY_TICKS: u32 = 60;

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
                match state.deliver_injects() {
                    Ok(delivered) if !delivered.is_empty() => {
                        let _ = app.emit(TIMELINE_CHANGED, ());
                        let _ = app.emit(INJECTS_DELIVERED, delivered);
                    }
                    Err(err) if err.code != ErrorCode::DatabaseUnavailable => {
                        eprintln!("muster: could not deliver drill injects: {}", err.message)
                    }
                    _ => {}
                }
                if tick % TIMERS_EVERY_TICKS == 0 {
                    match state.check_timers() {
                        Ok(alerts) if !alerts.is_empty() => {
                            if alerts.iter().any(|a| a.event.is_some()) {
                                let _ = app.emit(TIMELINE_CHANGED, ());
                            }
                            let _ = app.emit(TIMERS_ALERTED, alerts);
                        }
                        Err(err) if err.code != ErrorCode::DatabaseUnavailable => {
                            eprintln!("muster: could not check timers: {}", err.message)
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
