//! How requests are paced and retried: [`RetryPolicy`] and [`RateLimit`].

use std::collections::VecDeque;
use std::time::Duration;

use http::{HeaderMap, Method, StatusCode};
use tokio::sync::Mutex;
use tokio::time::Instant;

/// When and how often a failed request is tried again.
///
/// The defaults follow what is safe for Twilio, which has no idempotency keys:
/// - `GET` and `DELETE` are retried on 429, 500, 502, 503, 504 and on connection failures and
///   timeouts;
/// - `POST` (create, update, send) is retried on 429, which Twilio and the gateway answer before
///   doing anything, and when the connection could not even be made; never after a timeout or a
///   connection dropped mid-way, when it may have been carried out.
///
/// Waits grow exponentially from `initial_backoff` to `max_backoff` with jitter; a `Retry-After`
/// header is honoured as given, up to `max_retry_after` (beyond that the error is returned).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RetryPolicy {
    max_attempts: u32,
    initial_backoff: Duration,
    max_backoff: Duration,
    max_retry_after: Duration,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        Self {
            max_attempts: 3,
            initial_backoff: Duration::from_millis(250),
            max_backoff: Duration::from_secs(8),
            max_retry_after: Duration::from_secs(60),
        }
    }
}

impl RetryPolicy {
    /// Never retry.
    pub fn none() -> Self {
        Self {
            max_attempts: 1,
            ..Self::default()
        }
    }

    /// How many attempts in all, the first included (at least 1).
    pub fn max_attempts(mut self, attempts: u32) -> Self {
        self.max_attempts = attempts.max(1);
        self
    }

    /// The first wait; each later one doubles, up to `max_backoff`.
    pub fn initial_backoff(mut self, wait: Duration) -> Self {
        self.initial_backoff = wait;
        self
    }

    /// The longest computed wait.
    pub fn max_backoff(mut self, wait: Duration) -> Self {
        self.max_backoff = wait;
        self
    }

    /// The longest `Retry-After` that is waited out rather than returned as an error.
    pub fn max_retry_after(mut self, wait: Duration) -> Self {
        self.max_retry_after = wait;
        self
    }

    /// The number of attempts allowed.
    pub fn attempts(&self) -> u32 {
        self.max_attempts
    }

    /// Whether a response with `status` to `method` is worth another attempt.
    #[doc(hidden)]
    pub fn retries_status(&self, method: &Method, status: StatusCode) -> bool {
        match status.as_u16() {
            429 => true,
            500 | 502 | 503 | 504 => is_idempotent(method),
            _ => false,
        }
    }

    /// Whether a transport failure of `method` is worth another attempt.
    #[doc(hidden)]
    pub fn retries_error(&self, method: &Method, error: &reqwest::Error) -> bool {
        error.is_connect() || (is_idempotent(method) && (error.is_timeout() || error.is_request()))
    }

    /// How long to wait before attempt number `attempt + 1` (`attempt` starts at 1), given the
    /// server's `Retry-After`, or `None` to give up instead.
    pub fn wait_before_next(
        &self,
        attempt: u32,
        retry_after: Option<Duration>,
    ) -> Option<Duration> {
        if attempt >= self.max_attempts {
            return None;
        }
        if let Some(wait) = retry_after {
            return (wait <= self.max_retry_after).then_some(wait);
        }
        let exp = self
            .initial_backoff
            .saturating_mul(1u32 << (attempt - 1).min(16))
            .min(self.max_backoff);
        // "Equal jitter": half fixed, half random, so waits never collapse to zero.
        let half = exp / 2;
        let jitter = half.mul_f64(fastrand::f64());
        Some(half + jitter)
    }
}

fn is_idempotent(method: &Method) -> bool {
    matches!(
        *method,
        Method::GET | Method::HEAD | Method::DELETE | Method::OPTIONS
    )
}

/// Reads `Retry-After` as seconds or as an HTTP date.
pub fn retry_after(headers: &HeaderMap) -> Option<Duration> {
    let value = headers
        .get(http::header::RETRY_AFTER)?
        .to_str()
        .ok()?
        .trim();
    if let Ok(seconds) = value.parse::<u64>() {
        return Some(Duration::from_secs(seconds));
    }
    let when = httpdate::parse_http_date(value).ok()?;
    Some(
        when.duration_since(std::time::SystemTime::now())
            .unwrap_or(Duration::ZERO),
    )
}

/// A client-side limit: at most `requests` in any window of `per`.
///
/// On by default at the gateway's documented 10 requests/second, so that a busy service waits a
/// little instead of collecting 429s. Shared by every clone of a client.
#[derive(Debug)]
pub struct RateLimit {
    requests: usize,
    per: Duration,
    slots: Mutex<VecDeque<Instant>>,
}

impl RateLimit {
    /// At most `requests` (at least 1) in any window of `per`.
    pub fn new(requests: u32, per: Duration) -> Self {
        let requests = requests.max(1) as usize;
        Self {
            requests,
            per,
            slots: Mutex::new(VecDeque::with_capacity(requests + 1)),
        }
    }

    /// The gateway's limit: 10 requests per second.
    pub fn gateway() -> Self {
        Self::new(10, Duration::from_secs(1))
    }

    /// Waits until one more request fits in the window, and books it.
    ///
    /// A slot is booked only when the request goes, never while waiting: a caller that gives up
    /// (drops the future) leaves nothing behind to delay the others.
    pub async fn acquire(&self) {
        loop {
            let wait_until = {
                let mut slots = self.slots.lock().await;
                let now = Instant::now();
                while slots.front().is_some_and(|t| *t + self.per <= now) {
                    slots.pop_front();
                }
                if slots.len() < self.requests {
                    slots.push_back(now);
                    return;
                }
                slots[slots.len() - self.requests] + self.per
            };
            tokio::time::sleep_until(wait_until).await;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn posts_retry_only_when_nothing_was_done() {
        let policy = RetryPolicy::default();
        let post = Method::POST;
        let get = Method::GET;
        assert!(policy.retries_status(&post, StatusCode::TOO_MANY_REQUESTS));
        assert!(!policy.retries_status(&post, StatusCode::SERVICE_UNAVAILABLE));
        assert!(!policy.retries_status(&post, StatusCode::INTERNAL_SERVER_ERROR));
        assert!(policy.retries_status(&get, StatusCode::SERVICE_UNAVAILABLE));
        assert!(policy.retries_status(&Method::DELETE, StatusCode::BAD_GATEWAY));
        assert!(!policy.retries_status(&get, StatusCode::NOT_FOUND));
        assert!(!policy.retries_status(&get, StatusCode::BAD_REQUEST));
    }

    #[test]
    fn waits_grow_are_capped_and_honour_retry_after() {
        let policy = RetryPolicy::default()
            .max_attempts(10)
            .initial_backoff(Duration::from_millis(100))
            .max_backoff(Duration::from_millis(800));
        for attempt in 1..9 {
            let exp =
                Duration::from_millis(100 * (1 << (attempt - 1))).min(Duration::from_millis(800));
            let wait = policy.wait_before_next(attempt, None).unwrap();
            assert!(
                wait >= exp / 2 && wait <= exp,
                "attempt {attempt}: {wait:?} vs {exp:?}"
            );
        }
        assert_eq!(
            policy.wait_before_next(1, Some(Duration::from_secs(2))),
            Some(Duration::from_secs(2))
        );
        assert_eq!(
            policy.wait_before_next(1, Some(Duration::from_secs(3600))),
            None
        );
        assert_eq!(policy.wait_before_next(10, None), None);
        assert_eq!(RetryPolicy::none().wait_before_next(1, None), None);
    }

    #[test]
    fn retry_after_in_seconds_or_as_a_date() {
        let mut headers = HeaderMap::new();
        headers.insert(http::header::RETRY_AFTER, "7".parse().unwrap());
        assert_eq!(retry_after(&headers), Some(Duration::from_secs(7)));
        headers.insert(
            http::header::RETRY_AFTER,
            "Wed, 21 Oct 2015 07:28:00 GMT".parse().unwrap(),
        );
        assert_eq!(
            retry_after(&headers),
            Some(Duration::ZERO),
            "a past date means now"
        );
        headers.insert(http::header::RETRY_AFTER, "soon".parse().unwrap());
        assert_eq!(retry_after(&headers), None);
    }

    #[tokio::test(start_paused = true)]
    async fn the_limit_holds_in_every_window() {
        let limit = RateLimit::new(10, Duration::from_secs(1));
        let start = Instant::now();
        let mut times = Vec::new();
        for _ in 0..35 {
            limit.acquire().await;
            times.push(start.elapsed());
        }
        for (i, t) in times.iter().enumerate() {
            let in_window = times[i..]
                .iter()
                .filter(|u| **u < *t + Duration::from_secs(1))
                .count();
            assert!(
                in_window <= 10,
                "{in_window} requests within a second of {t:?}"
            );
        }
        assert_eq!(times[9], Duration::ZERO, "a burst of 10 goes at once");
        assert_eq!(times[10], Duration::from_secs(1));
        assert_eq!(times[34], Duration::from_secs(3));
    }
}
