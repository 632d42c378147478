//! The emulated clock that message and call statuses, dates and the rate limiter read.
//!
//! Nothing in the emulator runs on a timer: statuses are derived from a record's creation time
//! and the clock's current reading, so a test moves the world forward with
//! [`MockGateway::advance`](crate::MockGateway::advance) and never sleeps.

use std::sync::Mutex;
use std::time::{Duration, Instant};

use chrono::{DateTime, TimeDelta, Utc};

/// How the emulated clock moves.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum ClockMode {
    /// Time stands still until [`MockGateway::advance`](crate::MockGateway::advance) moves it:
    /// deterministic, for tests. The library's default.
    #[default]
    Manual,
    /// Time runs with the wall clock from the start time (plus anything advanced by hand): for a
    /// human poking at the binary, whose messages should get delivered on their own.
    RealTime,
}

#[derive(Debug)]
pub(crate) struct Clock {
    start: DateTime<Utc>,
    mode: ClockMode,
    started: Instant,
    advanced: Mutex<Duration>,
}

impl Clock {
    pub(crate) fn new(start: DateTime<Utc>, mode: ClockMode) -> Self {
        Self {
            start,
            mode,
            started: Instant::now(),
            advanced: Mutex::new(Duration::ZERO),
        }
    }

    /// The emulated time now.
    pub(crate) fn now(&self) -> DateTime<Utc> {
        let advanced = *self.advanced.lock().unwrap_or_else(|e| e.into_inner());
        let running = match self.mode {
            ClockMode::Manual => Duration::ZERO,
            ClockMode::RealTime => self.started.elapsed(),
        };
        let elapsed = advanced.saturating_add(running);
        TimeDelta::from_std(elapsed)
            .ok()
            .and_then(|delta| self.start.checked_add_signed(delta))
            .unwrap_or(DateTime::<Utc>::MAX_UTC)
    }

    pub(crate) fn advance(&self, by: Duration) {
        let mut advanced = self.advanced.lock().unwrap_or_else(|e| e.into_inner());
        *advanced = advanced.saturating_add(by);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn manual_clock_moves_only_when_advanced() {
        let start = DateTime::from_timestamp(1_770_670_800, 0).unwrap_or_default();
        let clock = Clock::new(start, ClockMode::Manual);
        assert_eq!(clock.now(), start);
        clock.advance(Duration::from_secs(90));
        assert_eq!(clock.now(), start + TimeDelta::seconds(90));
    }
}
