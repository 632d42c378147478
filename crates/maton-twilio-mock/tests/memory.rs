//! Memory is bounded by size, not only by count: Twilio's field limits on input, and a byte
//! budget for the whole store.

mod common;

use maton_test_support::probe::rss_kib;
use maton_twilio_mock::{Limits, MockGateway};

async fn post(mock: &MockGateway, tail: &str, pairs: &[(&str, &str)]) -> (u16, serde_json::Value) {
    common::post_form(mock, tail, common::form(pairs)).await
}

fn code(answer: &(u16, serde_json::Value)) -> (u16, Option<i64>) {
    (answer.0, answer.1["code"].as_i64())
}

/// An emulator whose store holds at most `budget` bytes.
async fn with_budget(budget: usize) -> MockGateway {
    let limits = Limits {
        max_store_bytes: budget,
        ..Limits::default()
    };
    common::with_limits(limits).await
}

const FROM: &str = "+15551234567";
const URL: &str = "https://example.com/twiml";

#[tokio::test]
async fn call_addresses_are_bounded() {
    let mock = MockGateway::start().await.expect("start");
    let huge = format!("client:{}", "a".repeat(60 * 1024));
    let longest = format!("client:{}", "a".repeat(256 - "client:".len()));
    let too_long = format!("{longest}a");
    let cases = [
        (huge.as_str(), FROM, (400, Some(21211))),
        (too_long.as_str(), FROM, (400, Some(21211))),
        ("+15559876543", too_long.as_str(), (400, Some(21212))),
        (longest.as_str(), FROM, (201, None)),
    ];
    for (to, from, expected) in cases {
        let answer = post(
            &mock,
            "Calls.json",
            &[("To", to), ("From", from), ("Url", URL)],
        )
        .await;
        assert_eq!(code(&answer), expected, "{}", answer.1);
    }
}

#[tokio::test]
async fn bodies_and_other_fields_are_bounded() {
    let mock = MockGateway::start().await.expect("start");
    // The most bytes a body can hold: Twilio counts UTF-16 units, and `€` is one unit, 3 bytes.
    let largest = "€".repeat(1600);
    let send = |body: String| {
        let mock = &mock;
        async move {
            post(
                mock,
                "Messages.json",
                &[("To", "+15559876543"), ("From", FROM), ("Body", &body)],
            )
            .await
        }
    };
    assert_eq!(code(&send(largest.clone()).await).0, 201);
    assert_eq!(code(&send(format!("{largest}a")).await), (400, Some(21617)));

    let url = |n: usize| format!("https://example.com/{}", "a".repeat(n - 20));
    let (ok, too_long) = (url(4000), url(4001));
    let answer = post(&mock, "Applications.json", &[("VoiceUrl", &ok)]).await;
    assert_eq!(answer.0, 201, "{}", answer.1);
    let answer = post(&mock, "Applications.json", &[("VoiceUrl", &too_long)]).await;
    assert_eq!(code(&answer), (400, Some(20001)), "{}", answer.1);
    let answer = post(
        &mock,
        "Calls.json",
        &[("To", "+15559876543"), ("From", FROM), ("Url", &too_long)],
    )
    .await;
    assert_eq!(code(&answer), (400, Some(20001)), "{}", answer.1);
}

#[tokio::test]
async fn messages_past_the_byte_budget_evict_the_oldest() {
    let budget = 1024 * 1024;
    let mock = with_budget(budget).await;
    let body = "€".repeat(1600);
    let first = common::send(&mock, "+15559876543", &body).await;
    let mut last = String::new();
    for _ in 0..500 {
        last = common::send(&mock, "+15559876543", &body).await;
    }
    let stats = mock.stats();
    assert!(stats.bytes <= budget, "{stats:?}");
    // 501 bodies of 4,800 bytes each are 2.3 MiB: well over half of them had to go.
    assert!(stats.evicted > 250, "{stats:?}");
    assert_eq!(stats.messages as u64 + stats.evicted, 501);
    let fetch = |sid: String| {
        let client = common::raw(&mock);
        let url = common::url(&mock, &format!("Messages/{sid}.json"));
        async move {
            client
                .get(url)
                .send()
                .await
                .expect("fetch")
                .status()
                .as_u16()
        }
    };
    assert_eq!(fetch(first).await, 404);
    assert_eq!(fetch(last).await, 200);
}

#[tokio::test]
async fn other_records_past_the_byte_budget_are_refused_until_some_go() {
    let budget = 256 * 1024;
    let mock = with_budget(budget).await;
    let url = format!("https://example.com/{}", "a".repeat(3900));
    let mut created = Vec::new();
    let refused = loop {
        let answer = post(
            &mock,
            "Applications.json",
            &[("VoiceUrl", &url), ("SmsUrl", &url)],
        )
        .await;
        if answer.0 != 201 {
            break answer;
        }
        created.push(answer.1["sid"].as_str().expect("sid").to_string());
        assert!(created.len() < 1000, "never refused");
    };
    assert_eq!(code(&refused), (400, Some(20001)), "{}", refused.1);
    assert!(mock.stats().bytes <= budget);
    // Messages, which evict, cannot find room either: only other kinds fill the store.
    let answer = post(
        &mock,
        "Messages.json",
        &[
            ("To", "+15559876543"),
            ("From", FROM),
            ("Body", &"€".repeat(1600)),
        ],
    )
    .await;
    assert_eq!(code(&answer), (400, Some(20001)), "{}", answer.1);
    // Deleting one gives its room back.
    let response = common::raw(&mock)
        .delete(common::url(
            &mock,
            &format!("Applications/{}.json", created[0]),
        ))
        .send()
        .await
        .expect("delete");
    assert_eq!(response.status().as_u16(), 204);
    let answer = post(
        &mock,
        "Applications.json",
        &[("VoiceUrl", &url), ("SmsUrl", &url)],
    )
    .await;
    assert_eq!(answer.0, 201, "{}", answer.1);
}

#[tokio::test]
async fn the_estimate_returns_to_where_it_was_when_records_go() {
    let mock = MockGateway::start().await.expect("start");
    let before = mock.stats().bytes;
    assert!(before > 0, "the seeded account and numbers count");
    let sid = common::send(&mock, "+15559876543", "hello").await;
    assert!(mock.stats().bytes > before);
    let response = common::raw(&mock)
        .delete(common::url(&mock, &format!("Messages/{sid}.json")))
        .send()
        .await
        .expect("delete");
    assert_eq!(response.status().as_u16(), 204);
    assert_eq!(mock.stats().bytes, before);
}

/// The hostile load that once grew the emulator by 1.36 GiB (220,000 messages with
/// 1,600-emoji bodies) and by 1.9 GiB (30,000 calls to a 60 KB `To`), with the default limits.
/// Bodies count UTF-16 units now, so the heaviest body accepted is 1,600 three-byte `€`.
/// Slow in a debug build, hence ignored; run it with
/// `cargo test -p maton-twilio-mock --test memory -- --ignored --nocapture`.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "a few minutes of load; prints peak RSS"]
async fn hostile_load_peak_rss() {
    const MESSAGES: usize = 220_000;
    const CALLS: usize = 30_000;
    const WORKERS: usize = 8;
    let mock = MockGateway::start().await.expect("start");
    let before = rss_kib();
    let body = common::form(&[
        ("To", "+15559876543"),
        ("From", FROM),
        ("Body", &"€".repeat(1600)),
    ]);
    let call = common::form(&[
        ("To", &format!("client:{}", "a".repeat(60 * 1024))),
        ("From", FROM),
        ("Url", URL),
    ]);
    let mut workers = tokio::task::JoinSet::new();
    for worker in 0..WORKERS {
        let client = common::raw(&mock);
        let messages = common::url(&mock, "Messages.json");
        let calls = common::url(&mock, "Calls.json");
        let (body, call) = (body.clone(), call.clone());
        workers.spawn(async move {
            let mut statuses = [0usize; 2];
            for i in (worker..MESSAGES + CALLS).step_by(WORKERS) {
                let (url, form) = if i < MESSAGES {
                    (&messages, &body)
                } else {
                    (&calls, &call)
                };
                let response = client
                    .post(url.as_str())
                    .header("content-type", "application/x-www-form-urlencoded")
                    .body(form.clone())
                    .send()
                    .await
                    .expect("send");
                statuses[usize::from(i >= MESSAGES)] +=
                    usize::from(response.status().as_u16() == if i < MESSAGES { 201 } else { 400 });
            }
            statuses
        });
    }
    let mut expected = [0usize; 2];
    while let Some(done) = workers.join_next().await {
        let done = done.expect("worker");
        expected[0] += done[0];
        expected[1] += done[1];
    }
    assert_eq!(expected, [MESSAGES, CALLS]);
    let stats = mock.stats();
    let after = rss_kib();
    println!(
        "stored {} messages, {} calls, {} evicted, estimate {} MiB of {} MiB budget",
        stats.messages,
        stats.calls,
        stats.evicted,
        stats.bytes / (1024 * 1024),
        Limits::default().max_store_bytes / (1024 * 1024)
    );
    if let (Some((start, _)), Some((now, peak))) = (before, after) {
        println!(
            "RSS at start {} MiB, after {} MiB, peak {} MiB",
            start / 1024,
            now / 1024,
            peak / 1024
        );
    }
    assert!(stats.bytes <= Limits::default().max_store_bytes);
}
