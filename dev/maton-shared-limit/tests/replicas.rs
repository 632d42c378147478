//! Four replicas, each its own OS process, each trying 30 sends per second for 10 seconds
//! against the emulator with the gateway's 10 requests/second per account on: with one limit
//! shared through Redis the gateway sees 10 ± 1 per second and answers no 429; with in-process
//! limits only (the contrast) it answers many. And the same replicas with Redis killed mid-run
//! and restarted on the same port: the fallback keeps the aggregate near the limit, and the
//! replicas share the new Redis once it is back.
//!
//! Slow (three runs of 10 s), so it is a test binary of its own:
//! `cargo test -p maton-shared-limit --test replicas -- --nocapture`.

use std::collections::HashSet;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use maton_shared_limit::RedisServer;
use maton_twilio::Client;
use maton_twilio_mock::{ClockMode, MockGateway};

const REPLICAS: usize = 4;
const PER_SECOND: u32 = 30;
const SECONDS: u64 = 10;
const TO: &str = "+15559876543";

/// The two runs share the machine's two cores: one at a time.
static SERIAL: tokio::sync::Mutex<()> = tokio::sync::Mutex::const_new(());

#[derive(Debug, Default)]
struct Run {
    attempted: u64,
    sent: u64,
    rate_limited: u64,
    errors: u64,
    elapsed: Duration,
}

type Waits = Vec<tokio::task::JoinHandle<std::io::Result<std::process::Output>>>;

async fn run_replicas(mock: &MockGateway, redis_url: Option<String>) -> Run {
    let started = Instant::now();
    let waits = spawn_replicas(mock, redis_url, SECONDS);
    collect(waits, started).await
}

/// Starts the replicas, each sending for `seconds`.
fn spawn_replicas(mock: &MockGateway, redis_url: Option<String>, seconds: u64) -> Waits {
    let from = mock.owned_numbers()[0].clone();
    let mut waits = Vec::new();
    for replica in 0..REPLICAS {
        let mut command = Command::new(env!("CARGO_BIN_EXE_limit-sender"));
        command
            .args([
                replica.to_string(),
                PER_SECOND.to_string(),
                seconds.to_string(),
                from.clone(),
                TO.to_string(),
            ])
            .env("MATON_API_KEY", mock.api_key())
            .env("MATON_TWILIO_BASE_URL", mock.twilio_url())
            .env("MATON_CTRL_BASE_URL", mock.control_url())
            .env("MATON_TWILIO_ACCOUNT_SID", mock.account_sid())
            .env("MATON_RATE_LIMIT_REPLICAS", REPLICAS.to_string())
            .env_remove("MATON_CONNECTION")
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit());
        match &redis_url {
            Some(url) => command.env("MATON_RATE_LIMIT_REDIS_URL", url),
            None => command.env_remove("MATON_RATE_LIMIT_REDIS_URL"),
        };
        let child = command.spawn().expect("limit-sender starts");
        waits.push(tokio::task::spawn_blocking(move || {
            child.wait_with_output()
        }));
    }
    waits
}

/// Waits for the replicas and adds up what they printed.
async fn collect(waits: Waits, started: Instant) -> Run {
    let mut run = Run::default();
    for wait in waits {
        let output = wait.await.expect("joined").expect("limit-sender ran");
        assert!(output.status.success(), "limit-sender: {}", output.status);
        let line = String::from_utf8_lossy(&output.stdout).into_owned();
        println!("{}", line.trim());
        for pair in line.split_whitespace() {
            let (name, value) = pair.split_once('=').expect("name=value");
            let value: u64 = value.parse().expect("a count");
            match name {
                "attempted" => run.attempted += value,
                "sent" => run.sent += value,
                "rate_limited" => run.rate_limited += value,
                "errors" => run.errors += value,
                _ => {}
            }
        }
    }
    run.elapsed = started.elapsed();
    run
}

/// The bodies of the messages the replicas stored, read back with the limit off.
async fn stored_bodies(mock: &MockGateway) -> Vec<String> {
    mock.set_rate_limit(None);
    let client = Client::builder()
        .api_key(mock.api_key())
        .base_url(mock.twilio_url())
        .control_base_url(mock.control_url())
        .account_sid(mock.account_sid().parse().expect("account SID"))
        .no_rate_limit()
        .build()
        .expect("client");
    client
        .messages()
        .list()
        .page_size(1000)
        .all()
        .await
        .expect("list")
        .into_iter()
        .filter_map(|message| message.body)
        .filter(|body| body.starts_with("replica "))
        .collect()
}

async fn gateway() -> MockGateway {
    MockGateway::builder()
        .rate_limit(10)
        .clock(ClockMode::RealTime)
        .start()
        .await
        .expect("emulator starts")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn four_processes_sharing_redis_keep_to_ten_per_second_without_a_429() {
    let _serial = SERIAL.lock().await;
    let Some(redis) = RedisServer::start_or_skip("four_processes_sharing_redis") else {
        return;
    };
    let mock = gateway().await;
    let run = run_replicas(&mock, Some(redis.url())).await;
    let refused = mock.rate_limited();
    let bodies = stored_bodies(&mock).await;
    let distinct: HashSet<&String> = bodies.iter().collect();
    let rate = bodies.len() as f64 / SECONDS as f64;
    println!(
        "shared through Redis: {} attempted, {} stored in {SECONDS} s = {rate:.2}/s at the \
         emulator, {refused} answered 429, {} distinct bodies (replicas ran {:.2} s)",
        run.attempted,
        bodies.len(),
        distinct.len(),
        run.elapsed.as_secs_f64()
    );
    assert!(
        run.attempted >= (REPLICAS as u64) * u64::from(PER_SECOND) * SECONDS * 9 / 10,
        "the replicas tried far more than the limit: {run:?}"
    );
    assert!((9.0..=11.0).contains(&rate), "{rate:.2}/s at the emulator");
    assert_eq!(refused, 0, "the emulator answered 429");
    assert_eq!(run.rate_limited, 0, "{run:?}");
    assert_eq!(run.errors, 0, "{run:?}");
    assert_eq!(distinct.len(), bodies.len(), "a message was sent twice");
    assert!(
        bodies.len() as u64 >= run.sent,
        "every send answered 201 is stored"
    );
    assert_eq!(
        redis.keys("maton:ratelimit:*").len(),
        1,
        "one schedule for one key and connection"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn four_processes_with_in_process_limits_only_collect_429s() {
    let _serial = SERIAL.lock().await;
    let mock = gateway().await;
    let run = run_replicas(&mock, None).await;
    let refused = mock.rate_limited();
    let bodies = stored_bodies(&mock).await;
    let distinct: HashSet<&String> = bodies.iter().collect();
    println!(
        "in-process limits only: {} attempted, {} stored in {SECONDS} s = {:.2}/s, {refused} \
         answered 429 by the emulator ({} sends gave up on 429)",
        run.attempted,
        bodies.len(),
        bodies.len() as f64 / SECONDS as f64,
        run.rate_limited
    );
    assert!(
        refused > 0,
        "4 replicas at 10/s each against 10/s must be refused"
    );
    assert_eq!(distinct.len(), bodies.len(), "a message was sent twice");
}

/// Polls (every 20 ms) until the emulator holds at least `count` messages.
async fn stored_at_least(mock: &MockGateway, count: usize) {
    let deadline = Instant::now() + Duration::from_secs(20);
    while mock.stats().messages < count {
        assert!(Instant::now() < deadline, "never reached {count} messages");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn four_processes_survive_redis_killed_and_share_again_after_restart() {
    const RUN: u64 = 10;
    let _serial = SERIAL.lock().await;
    let Some(mut redis) = RedisServer::start_or_skip("four_processes_survive_redis_killed") else {
        return;
    };
    let mock = gateway().await;
    let seeded = mock.stats().messages;
    let started = Instant::now();
    let waits = spawn_replicas(&mock, Some(redis.url()), RUN);
    // Shared for a while, then Redis dies mid-run: the replicas pace themselves at 10/4 per
    // second each; then it comes back, empty, on the same port.
    stored_at_least(&mock, seeded + 15).await;
    redis.kill();
    let (killed_at, outage) = (mock.stats().messages, Instant::now());
    stored_at_least(&mock, killed_at + 15).await;
    let fallback_rate = (mock.stats().messages - killed_at) as f64 / outage.elapsed().as_secs_f64();
    redis.restart();
    let restarted_after = started.elapsed();
    let run = collect(waits, started).await;
    let stored = mock.stats().messages - seeded;
    let rate = stored as f64 / RUN as f64;
    println!(
        "Redis killed after {} stored, {fallback_rate:.2}/s stored during the outage, restarted \
         at {:.1} s: {stored} stored in {RUN} s = {rate:.2}/s, {} answered 429 by the emulator",
        killed_at - seeded,
        restarted_after.as_secs_f64(),
        mock.rate_limited()
    );
    assert_eq!(run.errors, 0, "{run:?}");
    assert!(rate <= 11.0, "{rate:.2}/s through");
    assert!(
        fallback_rate <= 11.0,
        "the fallback let {fallback_rate:.2}/s through"
    );
    assert!(
        restarted_after < Duration::from_secs(RUN - 2),
        "the run was nearly over before Redis came back"
    );
    // The replicas booked slots in the new, empty Redis: shared limiting resumed.
    assert_eq!(redis.keys("maton:ratelimit:*").len(), 1);
    let bodies = stored_bodies(&mock).await;
    let distinct: HashSet<&String> = bodies.iter().collect();
    assert_eq!(distinct.len(), bodies.len(), "a message was sent twice");
}
