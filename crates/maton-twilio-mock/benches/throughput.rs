//! Throughput and memory of the emulator, driven over loopback with reqwest.
//!
//! `cargo bench -p maton-twilio-mock --bench throughput` prints requests per second for message
//! create and for a 1,000-item page at concurrency 32, then re-runs itself in a fresh process to
//! read the peak resident memory (VmHWM) with 100,000 stored messages. Every run is bounded in
//! count and duration and talks to 127.0.0.1 only. Not a test: nothing here asserts timings.

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use maton_twilio_mock::{Limits, MockGateway};

const CONCURRENCY: usize = 32;
const MAX_DURATION: Duration = Duration::from_secs(5);
const CREATE_REQUESTS: u64 = 50_000;
const PAGE_REQUESTS: u64 = 2_000;
const MEMORY_MESSAGES: u64 = 100_000;
const MEMORY_CHILD: &str = "--memory-child";

fn client(key: &str) -> reqwest::Client {
    let mut headers = reqwest::header::HeaderMap::new();
    let auth = reqwest::header::HeaderValue::from_str(&format!("Bearer {key}")).expect("header");
    headers.insert(reqwest::header::AUTHORIZATION, auth);
    reqwest::Client::builder()
        .default_headers(headers)
        .pool_max_idle_per_host(CONCURRENCY)
        .build()
        .expect("client")
}

const CREATE_BODY: &str =
    "To=%2B15559876543&From=%2B15551234567&Body=Benchmark+message+with+a+little+text";

/// Runs `requests` requests (at most `MAX_DURATION`) at concurrency 32; returns (done, seconds).
async fn drive(
    requests: u64,
    duration: Duration,
    make: impl Fn(reqwest::Client) -> reqwest::RequestBuilder + Send + Sync + 'static,
    http: reqwest::Client,
    expect: u16,
) -> (u64, f64) {
    let issued = Arc::new(AtomicU64::new(0));
    let done = Arc::new(AtomicU64::new(0));
    let make = Arc::new(make);
    let start = Instant::now();
    let mut workers = Vec::new();
    for _ in 0..CONCURRENCY {
        let (issued, done, make, http) = (
            Arc::clone(&issued),
            Arc::clone(&done),
            Arc::clone(&make),
            http.clone(),
        );
        workers.push(tokio::spawn(async move {
            while issued.fetch_add(1, Ordering::Relaxed) < requests && start.elapsed() < duration {
                let response = make(http.clone()).send().await.expect("request");
                assert_eq!(response.status().as_u16(), expect);
                let _ = response.bytes().await.expect("body");
                done.fetch_add(1, Ordering::Relaxed);
            }
        }));
    }
    for worker in workers {
        worker.await.expect("worker");
    }
    (done.load(Ordering::Relaxed), start.elapsed().as_secs_f64())
}

fn proc_status(field: &str) -> String {
    std::fs::read_to_string("/proc/self/status")
        .unwrap_or_default()
        .lines()
        .find(|l| l.starts_with(field))
        .map(|l| l.trim_start_matches(field).trim().to_string())
        .unwrap_or_else(|| "n/a".to_string())
}

fn machine() -> String {
    let cpu = std::fs::read_to_string("/proc/cpuinfo")
        .unwrap_or_default()
        .lines()
        .find(|l| l.starts_with("model name"))
        .and_then(|l| l.split(':').nth(1))
        .map(|s| s.trim().to_string())
        .unwrap_or_else(|| "unknown CPU".to_string());
    let cores = std::thread::available_parallelism().map_or(0, |n| n.get());
    format!("{cpu}, {cores} cores")
}

async fn throughput() {
    let mock = MockGateway::builder()
        .limits(Limits {
            max_messages: 1_000_000,
            ..Limits::default()
        })
        .start()
        .await
        .expect("start");
    let http = client(mock.api_key());
    let create_url = format!(
        "{}/2010-04-01/Accounts/{}/Messages.json",
        mock.twilio_url(),
        mock.account_sid()
    );

    let url = create_url.clone();
    let (created, secs) = drive(
        CREATE_REQUESTS,
        MAX_DURATION,
        move |c| {
            c.post(&url)
                .header("content-type", "application/x-www-form-urlencoded")
                .body(CREATE_BODY)
        },
        http.clone(),
        201,
    )
    .await;
    let create_rps = created as f64 / secs;

    let page_url = format!("{create_url}?PageSize=1000");
    let (pages, page_secs) = drive(
        PAGE_REQUESTS,
        MAX_DURATION,
        move |c| c.get(&page_url),
        http.clone(),
        200,
    )
    .await;
    let page_rps = pages as f64 / page_secs;

    println!("machine: {}", machine());
    println!("| workload (concurrency {CONCURRENCY}) | requests | seconds | requests/s |");
    println!("|---|---:|---:|---:|");
    println!("| CreateMessage | {created} | {secs:.2} | {create_rps:.0} |");
    println!(
        "| ListMessage, PageSize=1000 (1,000 items, {} stored) | {pages} | {page_secs:.2} | {page_rps:.0} |",
        mock.stats().messages
    );
    mock.shutdown().await;
}

/// In a fresh process: store 100,000 messages through the API and report peak memory.
async fn memory_child() {
    let mock = MockGateway::start().await.expect("start");
    let baseline = proc_status("VmRSS:");
    let http = client(mock.api_key());
    let url = format!(
        "{}/2010-04-01/Accounts/{}/Messages.json",
        mock.twilio_url(),
        mock.account_sid()
    );
    let (created, _) = drive(
        MEMORY_MESSAGES,
        Duration::from_secs(600),
        move |c| {
            c.post(&url)
                .header("content-type", "application/x-www-form-urlencoded")
                .body(CREATE_BODY)
        },
        http,
        201,
    )
    .await;
    assert_eq!(mock.stats().messages as u64, created);
    println!(
        "| peak memory (VmHWM) with {created} stored messages | {} (VmRSS {} after start, {} now) |",
        proc_status("VmHWM:"),
        baseline,
        proc_status("VmRSS:")
    );
    mock.shutdown().await;
}

fn main() {
    let child = std::env::args().any(|a| a == MEMORY_CHILD);
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .expect("runtime");
    if child {
        runtime.block_on(memory_child());
        return;
    }
    if std::env::args().any(|a| a == "--list") {
        return;
    }
    runtime.block_on(throughput());
    drop(runtime);
    let exe = std::env::current_exe().expect("current exe");
    let output = std::process::Command::new(exe)
        .arg(MEMORY_CHILD)
        .output()
        .expect("memory child");
    print!("{}", String::from_utf8_lossy(&output.stdout));
    eprint!("{}", String::from_utf8_lossy(&output.stderr));
}
