//! [`RedisLimiter`]: one rate limit shared by every replica of a service, kept in Redis.
//!
//! Each acquisition is one `EVALSHA` of a GCRA script (generic cell rate algorithm): Redis reads
//! its own clock, books the next slot of the shared schedule and answers how long to wait for it.
//! The schedule lives under `maton:ratelimit:<sha256(key, connection)>`, so the API key itself
//! never reaches Redis. Within one process, acquisitions take turns, so that each process holds
//! at most one booked slot at a time and a burst of local callers does not book far ahead.
//!
//! When Redis does not answer within [`RedisLimit::timeout`], the limiter falls back to an
//! in-process limit of the rate divided by [`RedisLimit::replicas`] (or, with
//! [`OnOutage::FailClosed`], refuses the request), warns once per outage, and tries Redis again
//! on a later request, at most once per [`RedisLimit::probe_every`].

use std::fmt::{self, Write as _};
use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use redis::aio::{ConnectionManager, ConnectionManagerConfig};
use sha2::{Digest, Sha256};
use tokio::time::Instant;

use super::{LimitError, LimitFuture, Limiter};
use crate::error::Error;
use crate::key::ApiKey;
use crate::policy::RateLimit;

/// Builder setters: `name(arg: Type) => field = value;` makes `pub fn name(self, arg: Type) ->
/// Self`, which stores `value` (computed from `arg`) in `field`.
macro_rules! setters {
    ($($(#[$doc:meta])* $name:ident($arg:ident: $ty:ty) => $field:ident = $value:expr;)*) => {
        $(
            $(#[$doc])*
            pub fn $name(mut self, $arg: $ty) -> Self {
                self.$field = $value;
                self
            }
        )*
    };
}

/// The environment variable with the Redis URL of a shared limit (`redis://host:port/db`).
pub const REDIS_URL_ENV: &str = "MATON_RATE_LIMIT_REDIS_URL";

/// The longest wait for a booked slot that is believed.
const MAX_WAIT_MICROS: u64 = 60_000_000;

/// GCRA with reservation, in microseconds of Redis's own clock.
/// KEYS[1]: the schedule; ARGV[1]: the interval between requests; ARGV[2]: the burst tolerance.
/// Returns how long the caller waits for the slot it booked.
const GCRA: &str = r"
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000000 + tonumber(t[2])
local interval = tonumber(ARGV[1])
local tolerance = tonumber(ARGV[2])
local tat = tonumber(redis.call('GET', KEYS[1]))
if tat == nil or tat < now then tat = now end
local wait = tat - tolerance - now
if wait < 0 then wait = 0 end
local next_tat = tat + interval
local ttl = math.floor((next_tat - now) / 1000) + 1000
redis.call('SET', KEYS[1], string.format('%.0f', next_tat), 'PX', string.format('%d', ttl))
return math.floor(wait)
";

/// What a [`RedisLimiter`] does while Redis cannot be reached.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum OnOutage {
    /// Pace requests in the process at the rate divided by the replica count (the default).
    #[default]
    Fallback,
    /// Refuse every request with an [`ErrorKind::RateLimited`](crate::ErrorKind::RateLimited)
    /// error whose outcome is `NotPerformed`: nothing is sent.
    FailClosed,
}

/// The settings of a Redis-backed shared limit; [`build`](Self::build) makes the limiter for one
/// key and connection.
///
/// The default rate is 10 requests per 1.02 s, no burst: the gateway's 10 per second per
/// account, with 2% headroom so that the jitter between replicas, Redis and the gateway does not
/// push an 11th request into one of the gateway's seconds.
#[derive(Clone)]
pub struct RedisLimit {
    client: redis::Client,
    requests: u32,
    per: Duration,
    burst: u32,
    timeout: Duration,
    probe_every: Duration,
    replicas: u32,
    on_outage: OnOutage,
}

impl RedisLimit {
    /// A shared limit kept in the Redis at `url` (`redis://[:password@]host[:port][/db]`). The
    /// URL is checked here (nothing is connected until the first request); an error never
    /// repeats it, since it may hold a password.
    pub fn new(url: &str) -> Result<Self, Error> {
        let client = redis::Client::open(url.trim()).map_err(|e| {
            Error::config(format!(
                "the rate limit's Redis URL is not usable (redis://host:port/db expected; TLS is \
                 not built in): {}",
                e.category()
            ))
        })?;
        Ok(Self {
            client,
            requests: 10,
            per: Duration::from_millis(1020),
            burst: 1,
            timeout: Duration::from_millis(250),
            probe_every: Duration::from_secs(1),
            replicas: 1,
            on_outage: OnOutage::Fallback,
        })
    }

    /// At most `requests` (at least 1) per `per` across every replica, evenly spaced.
    pub fn rate(mut self, requests: u32, per: Duration) -> Self {
        self.requests = requests.max(1);
        self.per = per;
        self
    }

    setters! {
        /// How many requests may go at once after a quiet spell (at least 1, the default).
        burst(burst: u32) => burst = burst.max(1);
        /// The longest wait for Redis on one request (connecting included): 250 ms by default.
        /// Past it, Redis counts as unreachable.
        timeout(timeout: Duration) => timeout = timeout;
        /// During an outage, how often a request tries Redis again: every second by default.
        probe_every(every: Duration) => probe_every = every;
        /// How many replicas share the limit (at least 1, the default): during an outage each one
        /// paces itself at the rate divided by this.
        replicas(replicas: u32) => replicas = replicas.max(1);
        /// What to do while Redis cannot be reached.
        on_outage(on_outage: OnOutage) => on_outage = on_outage;
    }

    /// The time between two requests of the shared schedule.
    pub fn interval(&self) -> Duration {
        self.per / self.requests
    }

    /// The limiter for requests made with `key` through `connection` (the gateway's default
    /// connection when `None`). Every replica configured alike shares one schedule.
    pub fn build(&self, key: &ApiKey, connection: Option<&str>) -> RedisLimiter {
        let mut hash = Sha256::new();
        hash.update(key.expose().as_bytes());
        hash.update([0u8]);
        hash.update(connection.unwrap_or("").as_bytes());
        let mut name = String::from("maton:ratelimit:");
        for byte in hash.finalize() {
            let _ = write!(name, "{byte:02x}");
        }
        let fallback_every = self.interval().saturating_mul(self.replicas);
        RedisLimiter {
            settings: self.clone(),
            name,
            script: redis::Script::new(GCRA),
            manager: Mutex::new(None),
            turn: tokio::sync::Mutex::new(()),
            fallback: RateLimit::new(1, fallback_every),
            health: Mutex::new(Health::default()),
            counts: Counts::default(),
        }
    }
}

impl fmt::Debug for RedisLimit {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // The address only: the URL may carry a password.
        f.debug_struct("RedisLimit")
            .field(
                "redis",
                &self.client.get_connection_info().addr().to_string(),
            )
            .field("requests", &self.requests)
            .field("per", &self.per)
            .field("burst", &self.burst)
            .field("timeout", &self.timeout)
            .field("probe_every", &self.probe_every)
            .field("replicas", &self.replicas)
            .field("on_outage", &self.on_outage)
            .finish()
    }
}

/// How a [`RedisLimiter`]'s acquisitions went.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct RedisLimiterStats {
    /// Slots booked in Redis.
    pub shared: u64,
    /// Requests paced in the process while Redis was unreachable.
    pub fallback: u64,
    /// Requests refused while Redis was unreachable ([`OnOutage::FailClosed`]).
    pub refused: u64,
    /// Outages seen (each one warned about once).
    pub outages: u64,
}

#[derive(Debug, Default)]
struct Counts {
    shared: AtomicU64,
    fallback: AtomicU64,
    refused: AtomicU64,
    outages: AtomicU64,
}

#[derive(Debug, Default)]
struct Health {
    /// Since when Redis has been unreachable.
    down_since: Option<Instant>,
    /// No request tries Redis before this, during an outage.
    next_probe: Option<Instant>,
}

/// A [`Limiter`] whose schedule is kept in Redis and shared by every process using the same key,
/// connection and Redis. Made by [`RedisLimit::build`].
pub struct RedisLimiter {
    settings: RedisLimit,
    name: String,
    script: redis::Script,
    manager: Mutex<Option<ConnectionManager>>,
    turn: tokio::sync::Mutex<()>,
    fallback: RateLimit,
    health: Mutex<Health>,
    counts: Counts,
}

impl RedisLimiter {
    /// The Redis key of the shared schedule: `maton:ratelimit:` and a SHA-256 in hex.
    pub fn redis_key(&self) -> &str {
        &self.name
    }

    /// How acquisitions went so far.
    pub fn stats(&self) -> RedisLimiterStats {
        RedisLimiterStats {
            shared: self.counts.shared.load(Ordering::Relaxed),
            fallback: self.counts.fallback.load(Ordering::Relaxed),
            refused: self.counts.refused.load(Ordering::Relaxed),
            outages: self.counts.outages.load(Ordering::Relaxed),
        }
    }

    async fn acquire_slot(&self) -> Result<(), LimitError> {
        let turn = self.turn.lock().await;
        if self.probe_due() {
            match self.book().await {
                Ok(wait) => {
                    self.healthy();
                    self.counts.shared.fetch_add(1, Ordering::Relaxed);
                    // The slot is ours: hold the turn until it comes, so that this process
                    // books at most one slot ahead.
                    if !wait.is_zero() {
                        tokio::time::sleep(wait).await;
                    }
                    return Ok(());
                }
                Err(reason) => self.unhealthy(&reason),
            }
        }
        drop(turn);
        match self.settings.on_outage {
            OnOutage::Fallback => {
                self.fallback.acquire().await;
                self.counts.fallback.fetch_add(1, Ordering::Relaxed);
                Ok(())
            }
            OnOutage::FailClosed => {
                self.counts.refused.fetch_add(1, Ordering::Relaxed);
                Err(LimitError::new(
                    "the shared rate limit's Redis is unreachable and the limiter fails closed",
                ))
            }
        }
    }

    /// Books the next slot in Redis; how long until it comes.
    async fn book(&self) -> Result<Duration, String> {
        let mut connection = self.connection()?;
        let interval = micros(self.settings.interval());
        let tolerance = interval.saturating_mul(u64::from(self.settings.burst - 1));
        let mut call = self.script.key(&self.name);
        call.arg(interval).arg(tolerance);
        match tokio::time::timeout(
            self.settings.timeout,
            call.invoke_async::<i64>(&mut connection),
        )
        .await
        {
            // A negative or absurd answer (a clock jump on the server) cannot stall a request
            // for more than a minute.
            Ok(Ok(wait)) => Ok(Duration::from_micros(
                u64::try_from(wait).unwrap_or(0).min(MAX_WAIT_MICROS),
            )),
            Ok(Err(error)) => Err(error.to_string()),
            Err(_) => Err(format!(
                "no answer within {} ms",
                self.settings.timeout.as_millis()
            )),
        }
    }

    fn connection(&self) -> Result<ConnectionManager, String> {
        let mut slot = self.manager.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(manager) = slot.as_ref() {
            return Ok(manager.clone());
        }
        let timeout = Some(self.settings.timeout);
        let config = ConnectionManagerConfig::new()
            .set_connection_timeout(timeout)
            .set_response_timeout(timeout)
            // One attempt per reconnection: retrying is the probes' job, and a request never
            // waits for a backoff.
            .set_number_of_retries(0);
        let manager = ConnectionManager::new_lazy_with_config(self.settings.client.clone(), config)
            .map_err(|e| e.to_string())?;
        *slot = Some(manager.clone());
        Ok(manager)
    }

    fn probe_due(&self) -> bool {
        let health = self.health.lock().unwrap_or_else(|e| e.into_inner());
        health.next_probe.is_none_or(|at| Instant::now() >= at)
    }

    fn healthy(&self) {
        let mut health = self.health.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(since) = health.down_since.take() {
            tracing::info!(
                target: "maton_core::limiter",
                down_ms = since.elapsed().as_millis() as u64,
                "the shared rate limit's Redis answers again: back to the shared limit"
            );
        }
        health.next_probe = None;
    }

    fn unhealthy(&self, reason: &str) {
        let mut health = self.health.lock().unwrap_or_else(|e| e.into_inner());
        let now = Instant::now();
        if health.down_since.is_none() {
            health.down_since = Some(now);
            self.counts.outages.fetch_add(1, Ordering::Relaxed);
            let action = match self.settings.on_outage {
                OnOutage::Fallback => "pacing in the process at the rate divided by the replicas",
                OnOutage::FailClosed => "refusing requests",
            };
            tracing::warn!(
                target: "maton_core::limiter",
                reason,
                "the shared rate limit's Redis is unreachable: {action} until it answers"
            );
            // A dropped connection manager reconnects on its own; one that never connected is
            // made anew at the next probe.
        }
        health.next_probe = Some(now + self.settings.probe_every);
    }
}

fn micros(duration: Duration) -> u64 {
    u64::try_from(duration.as_micros()).unwrap_or(u64::MAX)
}

impl Limiter for RedisLimiter {
    fn acquire(&self) -> LimitFuture<'_> {
        Box::pin(self.acquire_slot())
    }
}

impl fmt::Debug for RedisLimiter {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("RedisLimiter")
            .field("settings", &self.settings)
            .field("stats", &self.stats())
            .finish_non_exhaustive()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_schedule_is_named_by_a_hash_never_the_key() {
        let limit = RedisLimit::new("redis://:hunter2@127.0.0.1:6379/0").unwrap();
        let key = ApiKey::new("sk-secret-123").unwrap();
        let a = limit.build(&key, Some("conn-a"));
        let b = limit.build(&key, Some("conn-b"));
        let again = limit.build(&key, Some("conn-a"));
        assert_eq!(a.redis_key(), again.redis_key());
        assert_ne!(a.redis_key(), b.redis_key(), "per connection");
        assert_eq!(a.redis_key().len(), "maton:ratelimit:".len() + 64);
        assert!(!a.redis_key().contains("sk-secret"));
        let debug = format!("{a:?}");
        assert!(
            !debug.contains("hunter2") && !debug.contains("sk-secret"),
            "{debug}"
        );
    }

    #[test]
    fn a_bad_url_is_a_config_error_that_does_not_repeat_it() {
        for bad in [
            "http://127.0.0.1:6379",
            "not a url",
            "rediss://:pw-123@host:6380",
        ] {
            let error = RedisLimit::new(bad).unwrap_err();
            assert_eq!(error.kind(), crate::ErrorKind::Config, "{bad}");
            assert!(!error.to_string().contains("pw-123"), "{error}");
        }
    }

    #[test]
    fn the_default_keeps_under_the_gateway_limit() {
        let limit = RedisLimit::new("redis://127.0.0.1").unwrap();
        assert_eq!(limit.interval(), Duration::from_millis(102));
        let debug = format!("{limit:?}");
        for default in [
            "burst: 1,",
            "timeout: 250ms",
            "probe_every: 1s",
            "replicas: 1,",
            "on_outage: Fallback",
            "redis: \"127.0.0.1:6379\"",
        ] {
            assert!(debug.contains(default), "{default} in {debug}");
        }
        assert_eq!(
            limit.clone().rate(0, Duration::from_secs(1)).interval(),
            Duration::from_secs(1)
        );
    }
}
