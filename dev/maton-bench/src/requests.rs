//! Per-request overhead: the facade against the raw baseline, sending and fetching a message at
//! concurrency 1 and 64, in alternating blocks (facade, raw, raw, facade, ...) in one process.

use std::future::{Future, IntoFuture};
use std::pin::Pin;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use maton_twilio::{Client, MessageSid};
use maton_twilio_api::twilio::types::Message;
use serde_json::{Value, json};

use crate::raw::Raw;
use crate::{Target, proc};

/// The message every send carries (the emulator accepts it and stores it).
pub const TO: &str = "+15559876543";
/// A number the emulator's seeded account owns.
pub const FROM: &str = "+15551234567";
/// The text of every message sent.
pub const BODY: &str = "Benchmark message with a little text";

/// How much to run.
#[derive(Clone, Copy, Debug)]
pub struct Counts {
    /// Pairs of blocks; each runs a block of the facade and one of the baseline (the order
    /// alternates by pair).
    pub blocks: usize,
    /// Requests per block at concurrency 1.
    pub serial: usize,
    /// Requests per block at concurrency 64.
    pub parallel: usize,
}

/// The concurrency of the parallel cases.
pub const CONCURRENCY: usize = 64;

/// What one side did in one round.
struct Sample {
    /// Each request's latency, sorted.
    latencies: Vec<Duration>,
    wall: Duration,
    cpu: Duration,
}

impl Sample {
    fn quantile(&self, q: f64) -> Duration {
        let i = ((self.latencies.len() as f64 - 1.0) * q).round() as usize;
        self.latencies.get(i).copied().unwrap_or_default()
    }

    fn throughput(&self) -> f64 {
        self.latencies.len() as f64 / self.wall.as_secs_f64()
    }

    /// CPU time (user + system, the whole process) per request, in microseconds.
    fn cpu_per_request(&self) -> f64 {
        self.cpu.as_secs_f64() * 1e6 / self.latencies.len().max(1) as f64
    }
}

/// Runs `total` calls of `op`, `concurrency` at a time, timing each and the whole.
async fn drive<F, Fut>(op: Arc<F>, concurrency: usize, total: usize) -> Result<Sample, String>
where
    F: Fn() -> Fut + Send + Sync + 'static + ?Sized,
    Fut: Future<Output = Result<(), String>> + Send + 'static,
{
    let issued = Arc::new(AtomicUsize::new(0));
    let cpu = proc::cpu_time();
    let started = Instant::now();
    let workers: Vec<_> = (0..concurrency)
        .map(|_| {
            let (op, issued) = (Arc::clone(&op), Arc::clone(&issued));
            tokio::spawn(async move {
                let mut latencies = Vec::with_capacity(total / concurrency + 1);
                while issued.fetch_add(1, Ordering::Relaxed) < total {
                    let sent = Instant::now();
                    op().await?;
                    latencies.push(sent.elapsed());
                }
                Ok::<_, String>(latencies)
            })
        })
        .collect();
    let mut latencies = Vec::with_capacity(total);
    for worker in workers {
        latencies.extend(worker.await.map_err(|e| e.to_string())??);
    }
    let wall = started.elapsed();
    let cpu = proc::cpu_time().saturating_sub(cpu);
    latencies.sort_unstable();
    Ok(Sample {
        latencies,
        wall,
        cpu,
    })
}

/// A sent or fetched message must be a whole one.
fn check(message: &Message) -> Result<(), String> {
    match (&message.sid, &message.body) {
        (Some(_), Some(body)) if body == BODY => Ok(()),
        _ => Err(format!("unexpected message: {message:?}")),
    }
}

/// The facade client the benchmarks use: no client-side rate limit, default retries.
pub fn facade(target: &Target) -> Result<Client, String> {
    Client::builder()
        .api_key(&target.key)
        .base_url(&target.twilio_url)
        .control_base_url(&target.control_url)
        .no_rate_limit()
        .build()
        .map_err(|e| e.to_string())
}

/// One request of one side, type-erased (for [`profile`]).
type DynOp = dyn Fn() -> Pin<Box<dyn Future<Output = Result<(), String>> + Send>> + Send + Sync;

/// For profiling (`perf record -- maton-bench profile ...`): one operation on one side only,
/// `total` requests at `concurrency`, after a warm-up.
pub async fn profile(
    target: &Target,
    op: &str,
    side: &str,
    concurrency: usize,
    total: usize,
) -> Result<Value, String> {
    let client = facade(target)?;
    let account = client.account_sid().await.map_err(|e| e.to_string())?;
    // Behind an `Arc`, so that each request clones a pointer, not the baseline's strings.
    let raw = Arc::new(Raw::new(&target.twilio_url, &target.key, account.as_str())?);
    let sid = raw.send(TO, FROM, BODY).await?.sid.unwrap_or_default();
    let typed: MessageSid = sid.parse().map_err(|e| format!("{sid}: {e}"))?;
    // How large one request's future is (what each request allocates and moves around), taken
    // from a future that is never polled: nothing is sent.
    let future_bytes = match (op, side) {
        ("send", "facade") => size_of_val(&client.messages().send(TO, FROM).body(BODY).send()),
        ("send", "raw") => size_of_val(&raw.send(TO, FROM, BODY)),
        ("fetch", "facade") => size_of_val(&client.messages().fetch(&typed).into_future()),
        _ => size_of_val(&raw.fetch(&sid)),
    };
    let op: Arc<DynOp> = match (op, side) {
        ("send", "facade") => Arc::new(move || {
            let client = client.clone();
            Box::pin(async move {
                let message = client.messages().send(TO, FROM).body(BODY).send().await;
                check(&message.map_err(|e| e.to_string())?)
            })
        }),
        ("send", "raw") => Arc::new(move || {
            let raw = raw.clone();
            Box::pin(async move { check(&raw.send(TO, FROM, BODY).await?) })
        }),
        ("fetch", "facade") => Arc::new(move || {
            let (client, sid) = (client.clone(), typed.clone());
            Box::pin(async move {
                let message = client.messages().fetch(&sid).await;
                check(&message.map_err(|e| e.to_string())?)
            })
        }),
        ("fetch", "raw") => Arc::new(move || {
            let (raw, sid) = (raw.clone(), sid.clone());
            Box::pin(async move { check(&raw.fetch(&sid).await?) })
        }),
        other => return Err(format!("unknown case {other:?}: send|fetch, facade|raw")),
    };
    drive(Arc::clone(&op), concurrency, total / 10 + 1).await?;
    let sample = drive(op, concurrency, total).await?;
    Ok(json!({
        "requests": sample.latencies.len(),
        "latency_p50_us": sample.quantile(0.5).as_secs_f64() * 1e6,
        "throughput_rps": sample.throughput(),
        "cpu_us_per_request": sample.cpu.as_secs_f64() * 1e6 / sample.latencies.len().max(1) as f64,
        "future_bytes": future_bytes,
    }))
}

/// Runs every case and returns the report's `requests` section.
pub async fn run(target: &Target, counts: Counts) -> Result<Value, String> {
    let client = facade(target)?;
    let account = client.account_sid().await.map_err(|e| e.to_string())?;
    // Behind an `Arc`, so that each request clones a pointer, not the baseline's strings.
    let raw = Arc::new(Raw::new(&target.twilio_url, &target.key, account.as_str())?);

    let send_facade = {
        let client = client.clone();
        Arc::new(move || {
            let client = client.clone();
            async move {
                let message = client.messages().send(TO, FROM).body(BODY).send().await;
                check(&message.map_err(|e| e.to_string())?)
            }
        })
    };
    let send_raw = {
        let raw = raw.clone();
        Arc::new(move || {
            let raw = raw.clone();
            async move { check(&raw.send(TO, FROM, BODY).await?) }
        })
    };
    // The message the fetch cases read: one sent just now.
    let sid = raw.send(TO, FROM, BODY).await?.sid.unwrap_or_default();
    let typed: MessageSid = sid.parse().map_err(|e| format!("{sid}: {e}"))?;
    let fetch_facade = {
        let client = client.clone();
        Arc::new(move || {
            let (client, sid) = (client.clone(), typed.clone());
            async move {
                check(
                    &client
                        .messages()
                        .fetch(&sid)
                        .await
                        .map_err(|e| e.to_string())?,
                )
            }
        })
    };
    let fetch_raw = {
        let (raw, sid) = (raw.clone(), sid.clone());
        Arc::new(move || {
            let (raw, sid) = (raw.clone(), sid.clone());
            async move { check(&raw.fetch(&sid).await?) }
        })
    };

    let mut cases = Vec::new();
    for (concurrency, total) in [(1, counts.serial), (CONCURRENCY, counts.parallel)] {
        cases.push(
            compare(
                "send",
                concurrency,
                total,
                counts.blocks,
                &send_facade,
                &send_raw,
            )
            .await?,
        );
        cases.push(
            compare(
                "fetch",
                concurrency,
                total,
                counts.blocks,
                &fetch_facade,
                &fetch_raw,
            )
            .await?,
        );
    }
    Ok(json!({ "concurrency": [1, CONCURRENCY], "cases": cases }))
}

/// One case: a warm-up of each side (which also fills both connection pools), then `blocks`
/// pairs of blocks of `total` requests, the facade's and the baseline's back to back, the order
/// alternating by pair (A/B, B/A, ...), all in this one long-lived process. Each pair gives a
/// facade/raw ratio of latency p50, throughput and CPU per request; the case's ratio is the
/// median of its pairs' ratios (with the quartiles, to show the spread), so that a burst of
/// load from elsewhere on the machine moves a few pairs, not the result.
async fn compare<A, AF, B, BF>(
    op: &str,
    concurrency: usize,
    total: usize,
    blocks: usize,
    facade: &Arc<A>,
    raw: &Arc<B>,
) -> Result<Value, String>
where
    A: Fn() -> AF + Send + Sync + 'static,
    AF: Future<Output = Result<(), String>> + Send + 'static,
    B: Fn() -> BF + Send + Sync + 'static,
    BF: Future<Output = Result<(), String>> + Send + 'static,
{
    let warm_up = (total * 5).max(concurrency * 20);
    drive(Arc::clone(facade), concurrency, warm_up).await?;
    drive(Arc::clone(raw), concurrency, warm_up).await?;
    let mut sides: [Vec<Sample>; 2] = [Vec::new(), Vec::new()];
    for pair in 0..blocks {
        // A/B, then B/A: neither side always runs on a machine the other just warmed.
        for side in if pair % 2 == 0 { [0, 1] } else { [1, 0] } {
            let sample = if side == 0 {
                drive(Arc::clone(facade), concurrency, total).await?
            } else {
                drive(Arc::clone(raw), concurrency, total).await?
            };
            sides[side].push(sample);
        }
    }
    let [facade, raw] = &sides;
    let paired = |f: &dyn Fn(&Sample) -> f64| {
        let ratios: Vec<f64> = facade.iter().zip(raw).map(|(a, b)| f(a) / f(b)).collect();
        json!({
            "median": median(ratios.clone()),
            "q1": quantile(ratios.clone(), 0.25),
            "q3": quantile(ratios, 0.75),
        })
    };
    let p50 = |s: &Sample| s.quantile(0.5).as_secs_f64() * 1e6;
    let throughput = |s: &Sample| s.throughput();
    let cpu = |s: &Sample| s.cpu_per_request();
    let (latency, throughput, cpu) = (paired(&p50), paired(&throughput), paired(&cpu));
    Ok(json!({
        "op": op,
        "concurrency": concurrency,
        "requests_per_block": total,
        "blocks": blocks,
        "facade": side_summary(facade),
        "raw": side_summary(raw),
        "ratio": {
            "latency_p50": latency["median"],
            "throughput": throughput["median"],
            "cpu_per_request": cpu["median"],
        },
        "ratio_quartiles": {
            "latency_p50": [latency["q1"], latency["q3"]],
            "throughput": [throughput["q1"], throughput["q3"]],
            "cpu_per_request": [cpu["q1"], cpu["q3"]],
        },
    }))
}

/// The medians over one side's blocks.
fn side_summary(samples: &[Sample]) -> Value {
    let of = |f: &dyn Fn(&Sample) -> f64| median(samples.iter().map(f).collect());
    json!({
        "latency_p50_us": of(&|s| s.quantile(0.5).as_secs_f64() * 1e6),
        "latency_p99_us": of(&|s| s.quantile(0.99).as_secs_f64() * 1e6),
        "throughput_rps": of(&Sample::throughput),
        "cpu_us_per_request": of(&Sample::cpu_per_request),
    })
}

/// The `q` quantile (0 to 1) by linear interpolation between the nearest ranks; 0 for none.
pub fn quantile(mut values: Vec<f64>, q: f64) -> f64 {
    values.sort_by(f64::total_cmp);
    let Some(last) = values.len().checked_sub(1) else {
        return 0.0;
    };
    let rank = q.clamp(0.0, 1.0) * last as f64;
    let (low, high) = (rank.floor() as usize, rank.ceil() as usize);
    values[low] + (values[high] - values[low]) * (rank - low as f64)
}

/// The median (the mean of the middle two for an even count); 0 for none.
pub fn median(mut values: Vec<f64>) -> f64 {
    values.sort_by(f64::total_cmp);
    match values.len() {
        0 => 0.0,
        n if n % 2 == 1 => values[n / 2],
        n => (values[n / 2 - 1] + values[n / 2]) / 2.0,
    }
}

#[cfg(test)]
mod tests {
    use super::{median, quantile};

    #[test]
    fn quartiles_interpolate_between_ranks() {
        let ratios = vec![1.4, 1.0, 1.2, 1.1, 1.3];
        assert_eq!(median(ratios.clone()), 1.2);
        assert!((quantile(ratios.clone(), 0.25) - 1.1).abs() < 1e-12);
        assert!((quantile(ratios.clone(), 0.75) - 1.3).abs() < 1e-12);
        assert!((quantile(vec![1.0, 2.0], 0.25) - 1.25).abs() < 1e-12);
        assert_eq!(quantile(ratios.clone(), 0.0), 1.0);
        assert_eq!(quantile(ratios, 1.0), 1.4);
        assert_eq!(quantile(Vec::new(), 0.5), 0.0);
        assert_eq!(median(vec![1.0, 3.0]), 2.0);
    }
}
