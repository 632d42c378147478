//! The SDK under the emulator's seeded faults: sends are never duplicated and say whether they
//! may have been performed, reads all succeed with `Retry-After` honoured, pagination loses and
//! repeats nothing while others insert, and a dropped request leaves the client usable.
//!
//! Every test runs on tokio's paused clock: `Retry-After` waits, backoffs, the client's
//! timeout and the emulator's latency fault all run on virtual time, so a thousand requests
//! with hundreds of seconds of waits finish in a few real seconds, and the waits are measured
//! exactly. (Auto-advance does not fire a timeout while a loopback answer is in flight: the
//! answer's wake-up, delivered while the runtime parks, stops the clock from jumping.)

mod common;

use maton_twilio_api::twilio::Operation;
use std::collections::{BTreeMap, HashMap, HashSet};
use std::time::Duration;

use common::*;
use maton_twilio::{Client, ErrorKind, MessageSid, Outcome, RateLimit};
use maton_twilio_mock::{Fault, FaultPlan, MockGateway};
use tokio::time::Instant;

/// The `Retry-After` the 429 fault sends: long enough that honouring it is unmistakable.
const RETRY_AFTER: u64 = 7;
/// The client's timeout, and the latency fault that exceeds it.
const TIMEOUT: Duration = Duration::from_secs(2);
const LATENCY: Duration = Duration::from_secs(30);

/// The six faults, in equal shares.
fn faults() -> Vec<Fault> {
    vec![
        Fault::TooManyRequests {
            retry_after: RETRY_AFTER,
        },
        Fault::InternalServerError,
        Fault::BadGatewayHtml,
        Fault::ResetBeforeProcessing,
        Fault::ResetAfterProcessing,
        Fault::Latency(LATENCY),
    ]
}

/// Every message body the emulator holds, with how many times it holds it.
async fn stored_bodies(mock: &MockGateway) -> HashMap<String, usize> {
    mock.clear_faults();
    let reader = client(mock, retries(1), TIMEOUT);
    let all = reader
        .messages()
        .list()
        .page_size(1000)
        .all()
        .await
        .expect("list what the emulator stored");
    let mut bodies = HashMap::new();
    for message in all {
        *bodies.entry(message.body.unwrap_or_default()).or_insert(0) += 1;
    }
    bodies
}

/// Lets requests still sleeping in the emulator (the latency fault) finish or be dropped.
async fn drain() {
    tokio::time::sleep(LATENCY + Duration::from_secs(1)).await;
}

#[tokio::test(start_paused = true)]
async fn a_thousand_sends_under_faults_are_performed_at_most_once_and_say_so() {
    let log = AttemptLog::install();
    let mock = gateway().await;
    mock.inject(
        Operation::CreateMessage.id(),
        FaultPlan::random(2026, 0.2, faults()),
    );
    // The default policy for POST: retried on 429 (and on a failed connect) only.
    let client = client(&mock, retries(3), TIMEOUT);

    let mut results = Vec::new();
    for i in 0..1000 {
        let body = format!("msg {i:04}");
        let result = send_text(&client, &body).await;
        results.push((body, result));
    }
    drain().await;
    let stored = stored_bodies(&mock).await;

    let mut outcomes: BTreeMap<String, (usize, usize)> = BTreeMap::new();
    let mut not_performed_but_stored = Vec::new();
    for (body, result) in &results {
        let times = stored.get(body).copied().unwrap_or(0);
        assert!(times <= 1, "`{body}` was stored {times} times");
        let label = match result {
            Ok(message) => {
                assert_eq!(times, 1, "`{body}` succeeded but is not stored once");
                assert_eq!(message.body.as_deref(), Some(body.as_str()));
                "ok".to_string()
            }
            Err(error) => {
                // A server error status or a refusal: it says it was not carried out.
                let said_not_performed = match error.outcome() {
                    Outcome::NotPerformed => true,
                    Outcome::Answered => error.kind() != ErrorKind::Decode,
                    Outcome::Unknown | Outcome::Performed => false,
                };
                if said_not_performed && times != 0 {
                    not_performed_but_stored.push(format!("{body}: {error}"));
                }
                assert!(
                    error.outcome() != Outcome::Unknown
                        || error.to_string().contains("may have been carried out"),
                    "{error}"
                );
                format!(
                    "error {:?} / {:?}{}",
                    error.kind(),
                    error.outcome(),
                    error
                        .status()
                        .map(|s| format!(" / HTTP {}", s))
                        .unwrap_or_default()
                )
            }
        };
        let entry = outcomes.entry(label).or_default();
        entry.0 += 1;
        entry.1 += times;
    }
    assert!(
        not_performed_but_stored.is_empty(),
        "reported as not performed, yet performed: {not_performed_but_stored:#?}"
    );
    let total_stored: usize = stored.values().sum();
    assert_eq!(
        mock.performed(Operation::CreateMessage.id()) as usize,
        total_stored,
        "the emulator's count of performed sends and what it stores agree"
    );
    assert_eq!(stored.len(), total_stored, "no body stored twice");
    assert!(stored.keys().all(|b| b.starts_with("msg ")));

    // What the attempts ran into, and proof that a 429 was waited out before the retry.
    let requests = log.requests(Operation::CreateMessage.id());
    assert_eq!(requests.len(), 1000, "one span chain per send");
    check_retry_after(&requests);
    let (attempts, by_kind) = attempts_by_kind(&requests);
    // A POST is retried only after a 429: never after a 5xx, a reset or a timeout.
    for request in &requests {
        for pair in request.windows(2) {
            assert_eq!(
                pair[0].status,
                Some(429),
                "a send was retried after {pair:?}"
            );
        }
    }
    assert_eq!(
        mock.requests()
            .iter()
            .filter(|r| r.operation == Some(Operation::CreateMessage.id()))
            .count(),
        attempts.len(),
        "the emulator received exactly the attempts the SDK made"
    );

    let ok = outcomes.get("ok").map_or(0, |o| o.0);
    print_attempts("Sends: 1,000 with 20% faults (seed 2026)", &by_kind);
    println!("\n| send outcome | sends | stored by the emulator |\n| --- | ---: | ---: |");
    for (label, (count, stored)) in &outcomes {
        println!("| {label} | {count} | {stored} |");
    }
    println!(
        "\nsends {} · succeeded {ok} · performed {} · duplicates 0 · \
         'not performed' yet stored 0 · virtual time {:?}",
        results.len(),
        mock.performed(Operation::CreateMessage.id()),
        attempts
            .last()
            .map(|a| a.started - attempts[0].started)
            .unwrap_or_default()
    );
    assert!(ok > 700, "{outcomes:?}");
}

/// Sends `body` from `FROM` to `TO`, which must succeed, and returns the message's SID.
async fn send_ok(client: &Client, body: &str) -> String {
    let sent = send_text(client, body)
        .await
        .unwrap_or_else(|e| panic!("sending {body:?}: {e}"));
    sent.sid.expect("sid")
}

/// Every attempt of `requests`, and how many ran into each answer; asserts that each fault
/// kind the plan injects was met at least once.
fn attempts_by_kind(requests: &[Vec<Attempt>]) -> (Vec<Attempt>, BTreeMap<String, usize>) {
    let attempts: Vec<Attempt> = requests.iter().flatten().cloned().collect();
    let by_kind = tally(attempts.iter().map(Attempt::label));
    for kind in [
        "HTTP 429",
        "HTTP 500",
        "HTTP 502",
        "connection reset",
        "timeout",
    ] {
        assert!(
            by_kind.get(kind).copied().unwrap_or(0) > 0,
            "no {kind} in {by_kind:?}"
        );
    }
    (attempts, by_kind)
}

/// Prints what each attempt ran into, under `title`.
fn print_attempts(title: &str, by_kind: &BTreeMap<String, usize>) {
    let rows: Vec<(String, String)> = by_kind
        .iter()
        .map(|(k, v)| (k.clone(), v.to_string()))
        .collect();
    print_table(
        &format!("{title}: what each attempt ran into"),
        ("attempt answered with", "attempts"),
        &rows,
    );
}

/// After every 429, the next attempt started no sooner than `Retry-After` and without extra
/// delay; after anything else, within the short backoff.
fn check_retry_after(requests: &[Vec<Attempt>]) {
    let mut waited = 0;
    for request in requests {
        for pair in request.windows(2) {
            let answered = pair[0].answered.expect("answered or failed");
            let gap = pair[1].started - answered;
            if pair[0].status == Some(429) {
                assert!(
                    gap >= Duration::from_secs(RETRY_AFTER)
                        && gap < Duration::from_secs(RETRY_AFTER) + Duration::from_millis(50),
                    "retried {gap:?} after a 429 asking for {RETRY_AFTER} s"
                );
                waited += 1;
            } else {
                assert!(gap < Duration::from_millis(50), "{gap:?} after {pair:?}");
            }
        }
    }
    assert!(waited > 0, "no 429 was retried");
}

#[tokio::test(start_paused = true)]
async fn a_thousand_reads_under_the_same_faults_all_succeed_within_the_retry_budget() {
    const BUDGET: u32 = 6;
    let log = AttemptLog::install();
    let mock = gateway().await;
    let client = client(&mock, retries(BUDGET), TIMEOUT);
    let mut sids = Vec::new();
    for i in 0..10 {
        let sid = send_ok(&client, &format!("read {i}")).await;
        sids.push(MessageSid::parse(&sid).expect("sid"));
    }
    mock.inject(
        Operation::FetchMessage.id(),
        FaultPlan::random(7, 0.2, faults()),
    );
    let started = Instant::now();
    for i in 0..1000 {
        let sid = &sids[i % sids.len()];
        let message = client
            .messages()
            .fetch(sid)
            .await
            .unwrap_or_else(|e| panic!("read {i} failed: {e}"));
        assert_eq!(message.sid.as_deref(), Some(sid.as_str()));
    }
    let elapsed = started.elapsed();

    let requests = log.requests(Operation::FetchMessage.id());
    assert_eq!(requests.len(), 1000);
    check_retry_after(&requests);
    let (_, by_kind) = attempts_by_kind(&requests);
    let most = requests.iter().map(Vec::len).max().unwrap_or(0);
    assert!(most <= BUDGET as usize);
    let retried = requests.iter().filter(|r| r.len() > 1).count();
    print_attempts("Reads: 1,000 with 20% faults (seed 7)", &by_kind);
    println!(
        "\nreads 1000 · succeeded 1000 · retried {retried} · most attempts {most} of {BUDGET} · \
         every 429 waited {RETRY_AFTER} s before its retry · virtual time {elapsed:?}"
    );
}

#[tokio::test(start_paused = true)]
async fn pagination_under_faults_and_concurrent_inserts_misses_and_repeats_nothing() {
    let log = AttemptLog::install();
    let mock = gateway().await;
    let writer = client(&mock, retries(1), TIMEOUT);
    let mut before = HashSet::new();
    for i in 0..95 {
        before.insert(send_ok(&writer, &format!("old {i:03}")).await);
    }
    // Someone else keeps sending while the walk goes on.
    let inserter = {
        let writer = writer.clone();
        tokio::spawn(async move {
            let mut inserted = Vec::new();
            for i in 0..60 {
                tokio::time::sleep(Duration::from_millis(5)).await;
                let sid = send_ok(&writer, &format!("new {i:03}")).await;
                inserted.push((sid, Instant::now()));
            }
            inserted
        })
    };
    mock.inject(
        Operation::ListMessage.id(),
        FaultPlan::random(11, 0.3, faults()),
    );
    let reader = client(&mock, retries(6), TIMEOUT);
    let mut seen: Vec<String> = Vec::new();
    let mut items = reader.messages().list().page_size(7).stream();
    while let Some(item) = items.next().await {
        seen.push(item.expect("every page arrives").sid.expect("sid"));
        tokio::task::yield_now().await;
    }
    let inserted_at = inserter.await.expect("inserter");
    let inserted: HashSet<String> = inserted_at.iter().map(|(sid, _)| sid.clone()).collect();

    let unique: HashSet<&String> = seen.iter().collect();
    assert_eq!(unique.len(), seen.len(), "an item was repeated");
    for sid in &before {
        assert!(unique.contains(sid), "{sid} was missed");
    }
    for sid in &seen {
        assert!(
            before.contains(sid) || inserted.contains(sid),
            "{sid} came from nowhere"
        );
    }
    let pages = log.requests(Operation::ListMessage.id());
    let faulted = pages.iter().filter(|p| p.len() > 1).count();
    assert!(pages.len() >= 14, "{} pages", pages.len());
    assert!(faulted > 0, "no page fetch ran into a fault");
    let (first, last) = (pages[0][0].started, pages[pages.len() - 1][0].started);
    let during = inserted_at
        .iter()
        .filter(|(_, at)| *at > first && *at < last)
        .count();
    assert!(
        during > 10,
        "only {during} inserts happened during the walk"
    );
    println!(
        "\npagination: {} items present before, {} inserted during the walk, {} seen \
         ({} new ones), 0 missing, 0 repeated; {} pages, {faulted} of them retried; \
         {during} inserts landed between the first and the last page",
        before.len(),
        inserted.len(),
        seen.len(),
        seen.len() - before.len(),
        pages.len()
    );
}

#[tokio::test(start_paused = true)]
async fn dropping_a_request_leaves_the_client_usable() {
    let mock = gateway().await;
    let client: Client = client(&mock, retries(3), TIMEOUT);
    let account = mock.account_sid().parse().expect("sid");

    // 1. Dropped while the server is still working on a send.
    mock.inject(
        Operation::CreateMessage.id(),
        FaultPlan::new().then(Fault::Latency(Duration::from_secs(1)), 1),
    );
    let send = send_text(&client, "dropped");
    assert!(
        tokio::time::timeout(Duration::from_millis(100), send)
            .await
            .is_err(),
        "the send was still in flight"
    );
    let sent = send_text(&client, "after the drop")
        .await
        .expect("the client still sends");
    assert_eq!(sent.body.as_deref(), Some("after the drop"));

    // 2. Dropped while waiting out a 429's Retry-After: no retry leaks out afterwards.
    mock.inject(
        Operation::FetchAccount.id(),
        FaultPlan::new().then(Fault::TooManyRequests { retry_after: 5 }, 1),
    );
    let fetch = client.accounts().fetch(&account).into_future();
    assert!(
        tokio::time::timeout(Duration::from_secs(1), fetch)
            .await
            .is_err()
    );
    let received = mock.requests().len();
    tokio::time::sleep(Duration::from_secs(10)).await;
    assert_eq!(mock.requests().len(), received, "a dropped retry was sent");
    client
        .accounts()
        .fetch(&account)
        .await
        .expect("fetch after drop");

    // 3. A stream dropped mid-walk fetches nothing more, and lists still work.
    let mut items = client.messages().list().page_size(1).stream();
    assert!(items.next().await.expect("one").is_ok());
    drop(items);
    let received = mock.requests().len();
    tokio::time::sleep(Duration::from_secs(1)).await;
    assert_eq!(mock.requests().len(), received);
    assert!(
        !client
            .messages()
            .list()
            .all()
            .await
            .expect("list")
            .is_empty()
    );

    // 4. Many requests dropped while queued behind the rate limit.
    drain().await;
    let limited = Client::builder()
        .api_key(mock.api_key())
        .base_url(mock.twilio_url())
        .account_sid(mock.account_sid().parse().expect("sid"))
        .rate_limit(std::sync::Arc::new(RateLimit::new(
            10,
            Duration::from_secs(1),
        )))
        .build()
        .expect("client");
    for _ in 0..10 {
        limited.accounts().fetch(&account).await.expect("burst");
    }
    let queued: Vec<_> = (0..100)
        .map(|_| tokio::spawn(limited.accounts().fetch(&account).into_future()))
        .collect();
    tokio::time::sleep(Duration::from_millis(10)).await;
    for task in &queued {
        task.abort();
    }
    for task in queued {
        assert!(task.await.expect_err("aborted").is_cancelled());
    }
    let started = Instant::now();
    limited
        .accounts()
        .fetch(&account)
        .await
        .expect("after the drops");
    let waited = started.elapsed();
    println!("\nafter 100 queued requests were dropped, the next one waited {waited:?}");
    assert!(
        waited <= Duration::from_secs(1),
        "dropped requests still hold the rate limit: the next waited {waited:?}"
    );
}
