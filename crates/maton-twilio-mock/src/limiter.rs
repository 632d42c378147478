//! The gateway's request-rate limit per API key, on the emulated clock.

use std::collections::HashMap;

use chrono::{DateTime, Utc};

/// At most `per_second` requests per key in each second of emulated time. With a manual clock a
/// test refills the budget with [`MockGateway::advance`](crate::MockGateway::advance).
#[derive(Debug, Default)]
pub(crate) struct RateLimiter {
    per_second: Option<u32>,
    windows: HashMap<String, (i64, u32)>,
    /// 429s answered since start, every key together.
    refused: u64,
}

impl RateLimiter {
    pub(crate) fn set(&mut self, per_second: Option<u32>) {
        self.per_second = per_second;
        self.windows.clear();
    }

    /// How many requests were answered 429 since start.
    pub(crate) fn refused(&self) -> u64 {
        self.refused
    }

    /// Counts a request of `key` at `now`; `Err(retry_after_seconds)` when over the limit.
    pub(crate) fn admit(&mut self, key: &str, now: DateTime<Utc>) -> Result<(), u64> {
        let Some(limit) = self.per_second else {
            return Ok(());
        };
        let second = now.timestamp();
        let window = self.windows.entry(key.to_string()).or_insert((second, 0));
        if window.0 != second {
            *window = (second, 0);
        }
        if window.1 >= limit {
            self.refused += 1;
            return Err(1);
        }
        window.1 += 1;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ten_per_second_then_429_until_the_next_second() {
        let mut limiter = RateLimiter::default();
        let t = DateTime::from_timestamp(1_770_670_800, 0).unwrap_or_default();
        assert!(limiter.admit("k", t).is_ok(), "off by default");
        limiter.set(Some(10));
        for _ in 0..10 {
            assert!(limiter.admit("k", t).is_ok());
        }
        assert_eq!(limiter.admit("k", t), Err(1));
        assert_eq!(limiter.admit("k", t), Err(1));
        assert_eq!(limiter.refused(), 2, "every 429 is counted");
        assert!(limiter.admit("other", t).is_ok(), "per key");
        assert!(
            limiter
                .admit("k", t + chrono::TimeDelta::seconds(1))
                .is_ok()
        );
    }
}
