//! How much latency the shared limit adds to each request: one long-lived process, a
//! `redis-server` it starts on loopback, and alternating blocks of acquisitions from the
//! in-process limiter and from the Redis one (both set far above any rate reached, so nothing
//! waits for a slot: what is timed is the bookkeeping and, for Redis, the round trip).
//!
//! `cargo run --release -p maton-shared-limit --bin limiter-bench [BLOCKS] [PER_BLOCK]`
//!
//! Prints the median over blocks of the per-acquisition difference (Redis − in-process) and of
//! the ratio, and the median single Redis acquisition.

use std::process::ExitCode;
use std::time::{Duration, Instant};

use maton_core::{ApiKey, Limiter, RateLimit, RedisLimit};
use maton_shared_limit::{RedisServer, median};

#[tokio::main(flavor = "current_thread")]
async fn main() -> ExitCode {
    let mut args = std::env::args().skip(1).map(|a| a.parse::<usize>());
    let blocks = args.next().and_then(Result::ok).unwrap_or(30).max(1);
    let per_block = args.next().and_then(Result::ok).unwrap_or(1000).max(1);
    let Some(redis) = RedisServer::start_or_skip("limiter-bench") else {
        return ExitCode::FAILURE;
    };
    let key = ApiKey::new("bench-key").expect("key");
    let shared = match RedisLimit::new(&redis.url()) {
        Ok(limit) => limit
            .rate(1_000_000, Duration::from_secs(1))
            .burst(1_000_000)
            .build(&key, None),
        Err(error) => {
            eprintln!("limiter-bench: {error}");
            return ExitCode::FAILURE;
        }
    };
    let local = RateLimit::new(1_000_000, Duration::from_millis(1));
    // Warm up: the connection, the script cache (EVALSHA after the first EVAL), the allocator.
    for _ in 0..per_block {
        time_one(&shared).await;
        time_one(&local).await;
    }
    let (mut differences, mut ratios, mut singles) = (Vec::new(), Vec::new(), Vec::new());
    for _ in 0..blocks {
        let started = Instant::now();
        for _ in 0..per_block {
            time_one(&local).await;
        }
        let local_us = started.elapsed().as_secs_f64() * 1e6 / per_block as f64;
        let started = Instant::now();
        for _ in 0..per_block {
            singles.push(time_one(&shared).await);
        }
        let shared_us = started.elapsed().as_secs_f64() * 1e6 / per_block as f64;
        differences.push(shared_us - local_us);
        ratios.push(shared_us / local_us.max(1e-3));
    }
    let stats = shared.stats();
    if stats.fallback > 0 || stats.refused > 0 {
        eprintln!("limiter-bench: Redis was not used for every acquisition: {stats:?}");
        return ExitCode::FAILURE;
    }
    println!(
        "{blocks} blocks of {per_block} acquisitions each, alternating; redis-server on 127.0.0.1"
    );
    println!(
        "added by Redis per request: median {:.1} µs (median ratio {:.0}x the in-process \
         limiter); median single Redis acquisition {:.1} µs",
        median(&mut differences),
        median(&mut ratios),
        median(&mut singles)
    );
    ExitCode::SUCCESS
}

async fn time_one(limiter: &dyn Limiter) -> f64 {
    let started = Instant::now();
    if limiter.acquire().await.is_err() {
        return f64::NAN;
    }
    started.elapsed().as_secs_f64() * 1e6
}
