//! The emulator against hostile clients: query input that once made it panic, slow and
//! unauthenticated connections that once held it, and a load that once grew it by gigabytes.
//! Run with `cargo test -p maton-reliability --test emulator_hostile -- --nocapture` for the
//! table.

mod common;

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use maton_test_support::probe::{self, rss_kib};
use maton_twilio_mock::{Limits, MockGateway};
use proptest::prelude::*;
use serde_json::Value;
use tokio::io::AsyncWriteExt;
use tokio::net::TcpStream;

/// Generous: only reached when the emulator fails to cut or answer a client.
const PATIENCE: Duration = Duration::from_secs(10);

fn cases(ci: u32) -> u32 {
    std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(ci)
}

/// Counts panics on any thread of this process (the emulator's tasks included), then lets the
/// default hook report them.
fn count_panics() -> Arc<AtomicUsize> {
    let count = Arc::new(AtomicUsize::new(0));
    let seen = Arc::clone(&count);
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        seen.fetch_add(1, Ordering::SeqCst);
        previous(info);
    }));
    count
}

fn encode(text: &str) -> String {
    let mut out = String::new();
    for b in text.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~') {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

fn query(pairs: &[(String, String)]) -> String {
    pairs
        .iter()
        .map(|(k, v)| format!("{}={}", encode(k), encode(v)))
        .collect::<Vec<_>>()
        .join("&")
}

/// Every list the emulator serves, relative to its base URL.
fn lists(account: &str) -> Vec<String> {
    let mut out = vec![
        "/twilio/2010-04-01/Accounts.json".to_string(),
        "/connections".to_string(),
    ];
    for tail in maton_test_support::lists::ACCOUNT_LISTS {
        out.push(format!("/twilio/2010-04-01/Accounts/{account}/{tail}"));
    }
    out
}

const KEYS: &[&str] = &[
    "Page",
    "PageSize",
    "PageToken",
    "StartDate",
    "EndDate",
    "DateSent",
    "DateSent<",
    "DateSent>",
    "DateCreated",
    "StartTime>",
    "EndTime<",
    "To",
    "From",
    "Status",
    "Category",
    "IncludeSubaccounts",
    "FriendlyName",
    "PhoneNumber",
    "AreaCode",
    "Contains",
    "Distance",
    "InRegion",
];

/// Values of every shape a hostile client tries; `tokens` are real page tokens.
fn value(tokens: Vec<String>) -> impl Strategy<Value = String> {
    prop_oneof![
        any::<i64>().prop_map(|n| n.to_string()),
        any::<u64>().prop_map(|n| n.to_string()),
        Just("18446744073709551615".to_string()),
        Just("-9223372036854775808".to_string()),
        Just("99999999999999999999999".to_string()),
        Just("-9223372036854775808days".to_string()),
        Just("9223372036854775807days".to_string()),
        any::<i64>().prop_map(|n| format!("{n}days")),
        (-40_000i64..40_000).prop_map(|n| format!("{n:+}days")),
        (-300_000i32..300_000, 0u32..14, 0u32..33)
            .prop_map(|(y, m, d)| format!("{y:+}-{m:02}-{d:02}")),
        (1900i32..2200, 1u32..13, 1u32..29).prop_map(|(y, m, d)| format!("{y}-{m:02}-{d:02}")),
        Just("-262000-01-01".to_string()),
        Just("+262000-12-31".to_string()),
        Just("2026-02-09T21:00:00Z".to_string()),
        Just("9999-12-31T23:59:59+14:00".to_string()),
        prop::sample::select(tokens.clone()),
        "P[AB][A-Z]{2}[0-9a-f]{32}",
        "[ -~]{0,40}",
        any::<String>(),
    ]
}

/// Asserts that an answer is what Twilio or the gateway would send: 2xx JSON, or 4xx with
/// Twilio's error body (`code`, `message`, `status`) or the gateway's `{"error": ...}`.
fn well_formed(path: &str, status: u16, body: &[u8]) -> Result<(), String> {
    let json: Value = serde_json::from_slice(body).map_err(|e| format!("{status}: {e}"))?;
    match status {
        200..=299 => Ok(()),
        400..=499 if path.starts_with("/twilio/") => {
            let ok = json["code"].is_i64()
                && json["message"].is_string()
                && json["status"].as_u64() == Some(u64::from(status));
            ok.then_some(()).ok_or_else(|| format!("{status}: {json}"))
        }
        400..=499 => json["error"]
            .is_string()
            .then_some(())
            .ok_or_else(|| format!("{status}: {json}")),
        _ => Err(format!("{status}: {json}")),
    }
}

struct Rows(Vec<(String, String)>);

impl Rows {
    fn push(&mut self, what: &str, figure: String) {
        self.0.push((what.to_string(), figure));
    }
}

/// Memory: a flood of the largest valid messages against a small budget. Returns the growth
/// of the process's peak RSS, in KiB.
async fn flood(limits: Limits, messages: usize) -> (u64, maton_twilio_mock::StoreStats) {
    let mock = MockGateway::builder()
        .limits(limits)
        .start()
        .await
        .expect("start");
    let before = rss_kib().map_or(0, |(rss, _)| rss);
    let body = format!(
        "To=%2B15559876543&From=%2B15551234567&Body={}",
        encode(&"€".repeat(1600))
    );
    let url = format!(
        "{}/2010-04-01/Accounts/{}/Messages.json",
        mock.twilio_url(),
        mock.account_sid()
    );
    let mut workers = tokio::task::JoinSet::new();
    for worker in 0..4 {
        let http = http(&mock);
        let (url, body) = (url.clone(), body.clone());
        workers.spawn(async move {
            for _ in (worker..messages).step_by(4) {
                let response = http
                    .post(&url)
                    .header("content-type", "application/x-www-form-urlencoded")
                    .body(body.clone())
                    .send()
                    .await
                    .expect("send");
                assert_eq!(response.status().as_u16(), 201);
            }
        });
    }
    while let Some(done) = workers.join_next().await {
        done.expect("worker");
    }
    let peak = rss_kib().map_or(0, |(_, peak)| peak);
    (peak.saturating_sub(before), mock.stats())
}

fn http(mock: &MockGateway) -> reqwest::Client {
    let mut headers = reqwest::header::HeaderMap::new();
    let value = format!("Bearer {}", mock.api_key())
        .parse()
        .expect("header");
    headers.insert(reqwest::header::AUTHORIZATION, value);
    reqwest::Client::builder()
        .default_headers(headers)
        .build()
        .expect("client")
}

/// Reads until the server closes the connection; what it sent.
async fn read_to_close(stream: &mut TcpStream) -> Option<Vec<u8>> {
    tokio::time::timeout(PATIENCE, probe::read_until_closed(stream))
        .await
        .ok()
}

/// `count` clients that send half a request head and stall; how many the emulator cut, and
/// how long the last one took.
async fn slowloris(count: usize) -> (usize, Duration) {
    let mock = MockGateway::builder()
        .limits(Limits {
            header_read_timeout: Duration::from_millis(200),
            max_open_connections: count * 2,
            ..Limits::default()
        })
        .start()
        .await
        .expect("start");
    let started = Instant::now();
    let mut clients = tokio::task::JoinSet::new();
    for _ in 0..count {
        let addr = mock.addr();
        clients.spawn(async move {
            let mut stream = TcpStream::connect(addr).await.expect("connect");
            stream
                .write_all(b"GET /twilio/2010-04-01/Accounts.json HTTP/1.1\r\nHost: x\r\nX-Slow: ")
                .await
                .expect("write");
            read_to_close(&mut stream).await.is_some()
        });
    }
    let mut cut = 0;
    while let Some(done) = clients.join_next().await {
        cut += usize::from(done.expect("client"));
    }
    (cut, started.elapsed())
}

/// `count` unauthenticated requests announcing 10 GB bodies, of which not a byte is sent; how
/// many were answered 401.
async fn unauthenticated_giants(count: usize) -> usize {
    let mock = MockGateway::start().await.expect("start");
    let head = format!(
        "POST /twilio/2010-04-01/Accounts/{}/Messages.json HTTP/1.1\r\nHost: x\r\n\
         Content-Type: application/x-www-form-urlencoded\r\nContent-Length: 10000000000\r\n\
         X-Padding: {}\r\n\r\n",
        mock.account_sid(),
        "p".repeat(16 * 1024)
    );
    let mut answered = 0;
    for _ in 0..count {
        let mut stream = TcpStream::connect(mock.addr()).await.expect("connect");
        stream.write_all(head.as_bytes()).await.expect("write");
        let answer = read_to_close(&mut stream).await.unwrap_or_default();
        answered += usize::from(answer.starts_with(b"HTTP/1.1 401"));
    }
    answered
}

#[test]
fn emulator_hostile_table() {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("runtime");
    let mut rows = Rows(Vec::new());

    // 1. Memory first, while the process is small. 3,000 messages of 1,600 `€` (the most bytes
    // a body may hold, as Twilio counts UTF-16 units: about 14 MB of bodies, 43 MB on the wire)
    // against an 8 MiB store and a 4 MiB recorder.
    let limits = Limits {
        max_store_bytes: 8 * 1024 * 1024,
        max_recorded_bytes: 4 * 1024 * 1024,
        ..Limits::default()
    };
    let data = (limits.max_store_bytes + limits.max_recorded_bytes) as u64 / 1024;
    let (growth, stats) = runtime.block_on(flood(limits.clone(), 3_000));
    assert!(stats.bytes <= limits.max_store_bytes, "{stats:?}");
    assert!(stats.evicted > 0, "{stats:?}");
    // The crate's documented ceiling: twice the store and recorder budgets, plus 16 MiB.
    let ceiling_kib = 2 * data + 16 * 1024;
    rows.push(
        "RSS growth, 3,000 x 1,600-`€` messages, 8 MiB store + 4 MiB recorder",
        format!(
            "{} MiB (ceiling 2 x 12 + 16 = {} MiB; store estimate {} MiB, {} evicted)",
            growth / 1024,
            ceiling_kib / 1024,
            stats.bytes / (1024 * 1024),
            stats.evicted
        ),
    );
    if rss_kib().is_some() {
        assert!(growth <= ceiling_kib, "grew {growth} KiB");
    }

    // 2. No panic on any query of any list.
    let panics = count_panics();
    let mock = runtime.block_on(MockGateway::start()).expect("start");
    let http = http(&mock);
    let base = mock.control_url();
    let messages = format!(
        "{}/2010-04-01/Accounts/{}/Messages.json",
        mock.twilio_url(),
        mock.account_sid()
    );
    let tokens = runtime.block_on(async {
        for body in ["one", "two", "three"] {
            http.post(&messages)
                .header("content-type", "application/x-www-form-urlencoded")
                .body(format!("To=%2B15559876543&From=%2B15551234567&Body={body}"))
                .send()
                .await
                .expect("send");
        }
        let page = http
            .get(format!("{messages}?PageSize=1"))
            .send()
            .await
            .expect("list")
            .bytes()
            .await
            .expect("body");
        let page: Value = serde_json::from_slice(&page).expect("json");
        let next = page["next_page_uri"]
            .as_str()
            .unwrap_or_default()
            .to_string();
        let token = next
            .split('&')
            .find_map(|p| p.strip_prefix("PageToken="))
            .unwrap_or("PAnone")
            .to_string();
        vec![token.clone(), token.replacen("PA", "PB", 1)]
    });
    let paths = lists(mock.account_sid());
    // Random pairs, and a third of the time a paging triple with a real token and a page number
    // at the ends of the integers.
    let paging = (
        1usize..1001,
        prop_oneof![
            Just(u64::MAX.to_string()),
            Just(i64::MAX.to_string()),
            any::<u64>().prop_map(|n| n.to_string())
        ],
        prop::sample::select(tokens.clone()),
    )
        .prop_map(|(size, page, token)| {
            vec![
                ("PageSize", size.to_string()),
                ("Page", page),
                ("PageToken", token),
            ]
        });
    let strategy = (
        prop::sample::select(paths),
        prop::collection::vec((prop::sample::select(KEYS.to_vec()), value(tokens)), 0..5),
        prop_oneof![2 => Just(Vec::new()), 1 => paging],
    )
        .prop_map(|(path, mut pairs, paging)| {
            pairs.extend(paging);
            (path, pairs)
        });
    let config = ProptestConfig {
        cases: cases(600),
        failure_persistence: None,
        ..ProptestConfig::default()
    };
    let ran = AtomicUsize::new(0);
    let mut runner = proptest::test_runner::TestRunner::new(config);
    runner
        .run(&strategy, |(path, pairs)| {
            ran.fetch_add(1, Ordering::SeqCst);
            let pairs: Vec<(String, String)> =
                pairs.into_iter().map(|(k, v)| (k.to_string(), v)).collect();
            let url = format!("{base}{path}?{}", query(&pairs));
            let (status, body) = runtime
                .block_on(async {
                    let response = http.get(&url).send().await.map_err(|e| e.to_string())?;
                    let status = response.status().as_u16();
                    let body = response.bytes().await.map_err(|e| e.to_string())?;
                    Ok::<_, String>((status, body))
                })
                .map_err(|e| TestCaseError::fail(format!("{url}: no answer ({e})")))?;
            well_formed(&path, status, &body)
                .map_err(|e| TestCaseError::fail(format!("{url}: {e}")))?;
            Ok(())
        })
        .expect("every answer well formed");
    let panicked = panics.load(Ordering::SeqCst);
    assert_eq!(panicked, 0);
    rows.push(
        "emulator panics, proptest over every list's query",
        format!(
            "{panicked} in {} requests on {} lists",
            ran.load(Ordering::SeqCst),
            lists("").len()
        ),
    );

    // 3. Slow clients are cut.
    let (cut, took) = runtime.block_on(slowloris(200));
    assert_eq!(cut, 200);
    rows.push(
        "slow clients (half a head, then silence) cut",
        format!(
            "{cut} of 200, all within {} ms (timeout 200 ms)",
            took.as_millis()
        ),
    );

    // 4. Unauthenticated giants are refused unread.
    let answered = runtime.block_on(unauthenticated_giants(100));
    assert_eq!(answered, 100);
    rows.push(
        "unauthenticated 10 GB bodies + 16 KiB headers refused",
        format!("{answered} of 100 answered 401, 0 body bytes sent or read"),
    );

    common::print_table(
        "the emulator under hostile clients",
        ("what", "result"),
        &rows.0,
    );
}
