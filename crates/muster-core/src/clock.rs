//! Where "now" comes from. Logic takes a `&dyn Clock` so tests can pin time exactly.

use std::time::Duration;

use chrono::{DateTime, SubsecRound, Utc};

pub trait Clock: Send + Sync {
    /// The current time in UTC, truncated to milliseconds (the precision the store keeps).
    fn now(&self) -> DateTime<Utc>;
}

/// The real wall clock.
#[derive(Debug, Default, Clone, Copy)]
pub struct SystemClock;

impl Clock for SystemClock {
    fn now(&self) -> DateTime<Utc> {
        Utc::now().trunc_subsecs(3)
    }
}

/// A clock that only moves when told to; for tests and benchmarks.
#[derive(Debug)]
pub struct FixedClock(std::sync::Mutex<DateTime<Utc>>);

impl FixedClock {
    pub fn new(at: DateTime<Utc>) -> Self {
        Self(std::sync::Mutex::new(at.trunc_subsecs(3)))
    }

    pub fn advance(&self, by: chrono::Duration) {
        let mut now = self.0.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        *now += by;
    }
}

impl Clock for FixedClock {
    fn now(&self) -> DateTime<Utc> {
        *self.0.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

/// A jump of the system clock: it read `from` (extrapolated) but reads `to`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ClockJump {
    pub from: DateTime<Utc>,
    pub to: DateTime<Utc>,
}

/// Watches the wall clock against a monotonic one: when the wall clock moved by more than
/// [`ClockWatch::TOLERANCE`] more or less than real time passed, someone (or NTP, or a resume
/// from sleep into another time zone setting) changed it.
#[derive(Debug, Clone)]
pub struct ClockWatch {
    wall: DateTime<Utc>,
    monotonic: Duration,
}

impl ClockWatch {
    pub const TOLERANCE: chrono::Duration = chrono::Duration::minutes(2);

    /// Starts watching; `monotonic` is the time elapsed on a monotonic clock since any origin.
    pub fn new(wall: DateTime<Utc>, monotonic: Duration) -> ClockWatch {
        ClockWatch { wall, monotonic }
    }

    /// Compares a new pair of readings with the last one and keeps the new one.
    pub fn observe(&mut self, wall: DateTime<Utc>, monotonic: Duration) -> Option<ClockJump> {
        let real =
            chrono::Duration::from_std(monotonic.saturating_sub(self.monotonic)).unwrap_or(chrono::Duration::MAX);
        let expected = self.wall + real;
        self.wall = wall;
        self.monotonic = monotonic;
        ((wall - expected).abs() > Self::TOLERANCE).then_some(ClockJump { from: expected, to: wall })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn a_clock_that_keeps_pace_is_not_a_jump() {
        let start = Utc.with_ymd_and_hms(2026, 3, 1, 3, 0, 0).unwrap();
        let mut watch = ClockWatch::new(start, Duration::from_secs(100));
        assert_eq!(watch.observe(start + chrono::Duration::seconds(30), Duration::from_secs(130)), None);
        // Drift within the tolerance (NTP slews) is not a jump either.
        assert_eq!(watch.observe(start + chrono::Duration::seconds(150), Duration::from_secs(190)), None);
    }

    #[test]
    fn backward_and_forward_jumps_are_reported() {
        let start = Utc.with_ymd_and_hms(2026, 3, 1, 3, 0, 0).unwrap();
        let mut watch = ClockWatch::new(start, Duration::ZERO);
        let back = start - chrono::Duration::hours(1);
        assert_eq!(
            watch.observe(back, Duration::from_secs(10)),
            Some(ClockJump { from: start + chrono::Duration::seconds(10), to: back })
        );
        let ahead = back + chrono::Duration::days(1);
        assert_eq!(
            watch.observe(ahead, Duration::from_secs(20)),
            Some(ClockJump { from: back + chrono::Duration::seconds(10), to: ahead })
        );
        assert_eq!(watch.observe(ahead + chrono::Duration::seconds(5), Duration::from_secs(25)), None);
    }
}
