//! One replica of a service: sends SMS at a steady pace for a while, then prints one line of
//! counts and exits. Configured like any service, by the environment (`Client::from_env`:
//! `MATON_API_KEY`, `MATON_TWILIO_BASE_URL`, `MATON_TWILIO_ACCOUNT_SID`, and
//! `MATON_RATE_LIMIT_REDIS_URL` for the shared limit), plus its arguments:
//!
//! `limit-sender REPLICA PER_SECOND SECONDS FROM TO`
//!
//! Every send carries a unique body (`replica R send N`). At the end, sends still waiting are
//! dropped. The line printed: `replica=R attempted=N sent=N rate_limited=N errors=N`.

use std::process::ExitCode;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use maton_twilio::{Client, ErrorKind};
use tokio::task::JoinSet;
use tokio::time::{Instant, MissedTickBehavior};

#[derive(Default)]
struct Counts {
    sent: AtomicU64,
    rate_limited: AtomicU64,
    errors: AtomicU64,
}

#[tokio::main]
async fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [replica, per_second, seconds, from, to] = args.as_slice() else {
        eprintln!("usage: limit-sender REPLICA PER_SECOND SECONDS FROM TO");
        return ExitCode::from(2);
    };
    let (Ok(per_second), Ok(seconds)) = (per_second.parse::<f64>(), seconds.parse::<f64>()) else {
        eprintln!("limit-sender: PER_SECOND and SECONDS are numbers");
        return ExitCode::from(2);
    };
    if !(per_second > 0.0 && seconds > 0.0) {
        eprintln!("limit-sender: PER_SECOND and SECONDS are positive");
        return ExitCode::from(2);
    }
    let client = match Client::from_env() {
        Ok(client) => client,
        Err(error) => {
            eprintln!("limit-sender: {error}");
            return ExitCode::from(2);
        }
    };
    let counts = Arc::new(Counts::default());
    let mut tasks = JoinSet::new();
    let mut ticker = tokio::time::interval(Duration::from_secs_f64(1.0 / per_second));
    ticker.set_missed_tick_behavior(MissedTickBehavior::Delay);
    let deadline = Instant::now() + Duration::from_secs_f64(seconds);
    let mut attempted = 0u64;
    loop {
        tokio::select! {
            _ = tokio::time::sleep_until(deadline) => break,
            _ = ticker.tick() => {
                let send = client
                    .messages()
                    .send(to.as_str(), from.as_str())
                    .body(format!("replica {replica} send {attempted}"));
                let counts = Arc::clone(&counts);
                tasks.spawn(async move {
                    match send.send().await {
                        Ok(_) => counts.sent.fetch_add(1, Ordering::Relaxed),
                        Err(error) if error.kind() == ErrorKind::RateLimited => {
                            eprintln!("limit-sender: {error}");
                            counts.rate_limited.fetch_add(1, Ordering::Relaxed)
                        }
                        Err(error) => {
                            eprintln!("limit-sender: {error}");
                            counts.errors.fetch_add(1, Ordering::Relaxed)
                        }
                    };
                });
                attempted += 1;
            }
        }
    }
    tasks.shutdown().await;
    println!(
        "replica={replica} attempted={attempted} sent={} rate_limited={} errors={}",
        counts.sent.load(Ordering::Relaxed),
        counts.rate_limited.load(Ordering::Relaxed),
        counts.errors.load(Ordering::Relaxed),
    );
    ExitCode::SUCCESS
}
