//! What the shared limit does when Redis dies, hangs or comes back; and that limiters in one
//! process share one schedule. Fast: well under two seconds each.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use maton_core::{ApiKey, Limiter, OnOutage, RedisLimit};
use maton_shared_limit::{RedisServer, free_port};
use maton_twilio::{Client, ErrorKind, Outcome};
use maton_twilio_mock::MockGateway;

const TIMEOUT: Duration = Duration::from_millis(250);
/// Scheduling noise allowed on top of a computed wait.
const SLACK: Duration = Duration::from_millis(150);

fn key() -> ApiKey {
    ApiKey::new("sk-outage-test-123").expect("key")
}

/// 20/s shared by 2 replicas: 50 ms apart through Redis, 100 ms apart in the fallback.
fn settings(url: &str) -> RedisLimit {
    RedisLimit::new(url)
        .expect("url")
        .rate(20, Duration::from_secs(1))
        .replicas(2)
        .timeout(TIMEOUT)
        .probe_every(Duration::from_millis(200))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn killed_redis_falls_back_within_the_bound_and_restarted_redis_is_shared_again() {
    let Some(mut redis) = RedisServer::start_or_skip("killed_redis_falls_back") else {
        return;
    };
    let limiter = settings(&redis.url()).build(&key(), Some("conn-1"));

    let started = Instant::now();
    for _ in 0..5 {
        limiter.acquire().await.expect("shared");
    }
    assert!(started.elapsed() >= Duration::from_millis(4 * 50 - 5));
    assert_eq!(limiter.stats().shared, 5);
    assert_eq!(redis.keys("*"), vec![limiter.redis_key().to_string()]);
    assert!(!limiter.redis_key().contains("sk-outage"));

    redis.kill();
    let started = Instant::now();
    let mut slowest = Duration::ZERO;
    for _ in 0..8 {
        let one = Instant::now();
        limiter.acquire().await.expect("fallback");
        slowest = slowest.max(one.elapsed());
    }
    let stats = limiter.stats();
    assert!(stats.fallback >= 7, "{stats:?}");
    assert_eq!(stats.outages, 1, "{stats:?}");
    // No request waits on Redis past the bound: at most the timeout plus one fallback slot.
    assert!(
        slowest <= TIMEOUT + Duration::from_millis(100) + SLACK,
        "a request waited {slowest:?}"
    );
    // The fallback holds the rate divided by the replicas: 100 ms apart.
    assert!(
        started.elapsed() >= Duration::from_millis(7 * 100 - 5),
        "8 requests in {:?}",
        started.elapsed()
    );

    redis.restart();
    assert!(redis.keys("*").is_empty(), "a fresh, empty Redis");
    let before = limiter.stats().shared;
    let deadline = Instant::now() + Duration::from_secs(5);
    while limiter.stats().shared == before {
        assert!(Instant::now() < deadline, "Redis never used again");
        limiter.acquire().await.expect("acquire");
    }
    assert_eq!(redis.keys("*"), vec![limiter.redis_key().to_string()]);
    // Shared again: 50 ms apart, not 100.
    let started = Instant::now();
    for _ in 0..5 {
        limiter.acquire().await.expect("shared");
    }
    let stats = limiter.stats();
    assert!(stats.shared >= before + 6, "{stats:?}");
    assert!(
        started.elapsed() < Duration::from_millis(5 * 100),
        "{stats:?}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_hung_redis_costs_a_request_at_most_the_timeout() {
    let Some(redis) = RedisServer::start_or_skip("a_hung_redis") else {
        return;
    };
    let limiter = settings(&redis.url()).build(&key(), None);
    limiter.acquire().await.expect("shared");
    redis.pause();
    let one = Instant::now();
    limiter.acquire().await.expect("fallback");
    let waited = one.elapsed();
    redis.resume();
    assert!(
        waited >= TIMEOUT,
        "did not wait for Redis at all: {waited:?}"
    );
    assert!(waited <= TIMEOUT + SLACK, "waited {waited:?}");
    let stats = limiter.stats();
    assert_eq!((stats.shared, stats.fallback, stats.outages), (1, 1, 1));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn limiters_of_one_key_share_one_schedule() {
    let Some(redis) = RedisServer::start_or_skip("limiters_of_one_key_share") else {
        return;
    };
    let limit = settings(&redis.url()).rate(50, Duration::from_secs(1));
    let replicas: Vec<_> = (0..3)
        .map(|_| Arc::new(limit.build(&key(), Some("conn-1"))))
        .collect();
    let other_connection = limit.build(&key(), Some("conn-2"));
    let started = Instant::now();
    let mut tasks = Vec::new();
    for replica in &replicas {
        for _ in 0..10 {
            let replica = Arc::clone(replica);
            tasks.push(tokio::spawn(async move { replica.acquire().await }));
        }
    }
    // Another connection has a schedule of its own: it does not wait behind the 30.
    let alone = Instant::now();
    other_connection.acquire().await.expect("acquire");
    assert!(alone.elapsed() < Duration::from_millis(100));
    for task in tasks {
        task.await.expect("joined").expect("acquired");
    }
    // 30 slots 20 ms apart: the last one 580 ms after the first.
    let elapsed = started.elapsed();
    assert!(elapsed >= Duration::from_millis(29 * 20 - 5), "{elapsed:?}");
    assert!(
        elapsed < Duration::from_millis(29 * 20) + SLACK * 2,
        "{elapsed:?}"
    );
    assert_eq!(redis.keys("maton:ratelimit:*").len(), 2);
}

#[tokio::test]
async fn fail_closed_refuses_with_a_typed_error_and_sends_nothing() {
    let mock = MockGateway::start().await.expect("emulator");
    let nowhere = format!("redis://127.0.0.1:{}/0", free_port());
    let client = Client::builder()
        .api_key(mock.api_key())
        .base_url(mock.twilio_url())
        .control_base_url(mock.control_url())
        .account_sid(mock.account_sid().parse().expect("sid"))
        .redis_rate_limit(settings(&nowhere).on_outage(OnOutage::FailClosed))
        .build()
        .expect("client");
    let started = Instant::now();
    let error = client
        .messages()
        .send("+15559876543", mock.owned_numbers()[0].as_str())
        .body("never sent")
        .send()
        .await
        .expect_err("refused");
    assert!(
        started.elapsed() <= TIMEOUT + SLACK,
        "{:?}",
        started.elapsed()
    );
    assert_eq!(error.kind(), ErrorKind::RateLimited, "{error}");
    assert_eq!(error.outcome(), Outcome::NotPerformed);
    assert_eq!(error.status(), None);
    assert!(error.to_string().contains("Redis"), "{error}");
    assert!(!error.to_string().contains(mock.api_key()), "{error}");
    assert!(mock.requests().is_empty(), "{:?}", mock.requests());
}

/// Counts WARN events of the limiter's target.
struct Warnings(Arc<AtomicUsize>);

impl<S: tracing::Subscriber> tracing_subscriber::Layer<S> for Warnings {
    fn on_event(
        &self,
        event: &tracing::Event<'_>,
        _ctx: tracing_subscriber::layer::Context<'_, S>,
    ) {
        let meta = event.metadata();
        if *meta.level() == tracing::Level::WARN && meta.target() == "maton_core::limiter" {
            self.0.fetch_add(1, Ordering::Relaxed);
        }
    }
}

#[tokio::test]
async fn one_warning_per_outage_however_many_requests() {
    use tracing_subscriber::layer::SubscriberExt;
    let warnings = Arc::new(AtomicUsize::new(0));
    let subscriber = tracing_subscriber::registry().with(Warnings(Arc::clone(&warnings)));
    let _guard = tracing::subscriber::set_default(subscriber);
    let nowhere = format!("redis://127.0.0.1:{}/0", free_port());
    let limiter = settings(&nowhere)
        .rate(1000, Duration::from_secs(1))
        .probe_every(Duration::ZERO)
        .build(&key(), None);
    let started = Instant::now();
    for _ in 0..20 {
        limiter.acquire().await.expect("fallback");
    }
    // A refused connection fails at once: nobody waits out the timeout or a reconnect backoff.
    assert!(
        started.elapsed() < Duration::from_secs(1),
        "{:?}",
        started.elapsed()
    );
    let stats = limiter.stats();
    assert_eq!(stats.fallback, 20, "{stats:?}");
    assert_eq!(stats.outages, 1, "{stats:?}");
    assert_eq!(warnings.load(Ordering::Relaxed), 1);
}
