//! Hostile servers and inputs, through the facade on 127.0.0.1: the key never reaches an error in
//! any shape a server may echo it in; URLs with control characters are refused before sending;
//! pagination stops on cycles and endless empty pages, keeping what it read; errors say honestly
//! whether a send happened; plain-http loopback skips the environment's proxy; a total timeout
//! bounds one call.

use maton_twilio_api::twilio::Operation;
use std::sync::Arc;
use std::time::Duration;

mod common;

use common::hostile::*;

use maton_test_support::{MockServer, Recorded, Reply, read_head};
use maton_twilio::{
    AccountSid, Client, ClientBuilder, ErrorKind, MessageSid, Outcome, RateLimit, RetryPolicy,
    UsageWindow,
};
use serde_json::{Value, json};
use tokio::io::{AsyncReadExt, AsyncWriteExt};

// --- 1. One redaction step for every server text -------------------------------------------

#[tokio::test]
async fn a_key_echoed_json_escaped_in_an_error_body_is_redacted() {
    let body = format!(
        r#"{{"code":20003,"message":"key {} refused","more_info":"https://www.twilio.com/docs/errors/20003","status":401,"details":{{"echo":"{}"}}}}"#,
        u_escaped(KEY),
        KEY.replace('/', "\\/"),
    );
    let server = MockServer::always(
        Reply::raw(401, "application/json", body).with_header("x-echo", &percent_encoded(KEY)),
    )
    .await;
    let error = client(&server).messages().fetch(&sid()).await.unwrap_err();
    assert_eq!(error.kind(), ErrorKind::Unauthorized);
    assert_eq!(error.code(), Some(20003));
    assert_no_key(&error);
    let kept: Value = serde_json::from_str(error.body().unwrap()).expect("still JSON");
    assert_eq!(kept["message"], "key <redacted> refused");
    assert_eq!(kept["details"]["echo"], "<redacted>");
}

#[tokio::test]
async fn a_key_in_a_success_body_that_does_not_decode_is_redacted() {
    for quoted in [KEY.to_string(), u_escaped(KEY)] {
        let body = format!(r#"{{"sid":"{MESSAGE}","error_code":"{quoted}"}}"#);
        let server = MockServer::always(Reply::raw(200, "application/json", body)).await;
        let error = client(&server).messages().fetch(&sid()).await.unwrap_err();
        assert_no_key(&error);
        assert_eq!(error.kind(), ErrorKind::Decode, "{error}");
        assert_eq!(error.outcome(), Outcome::Performed);
    }
}

#[tokio::test]
async fn a_key_in_a_next_page_uri_that_is_refused_or_repeats_is_redacted() {
    // Whole, and cut by the 80 characters an error shows (no prefix may be left behind).
    let padded = format!("https://evil.example/{}?k={KEY}", "a".repeat(30));
    for elsewhere in [format!("https://evil.example/x.json?k={KEY}"), padded] {
        let server = MockServer::always(page(vec![message(MESSAGE)], Some(elsewhere))).await;
        let error = client(&server).messages().list().all().await.unwrap_err();
        assert_eq!(error.kind(), ErrorKind::Decode);
        assert_no_key(&error);
    }

    for token in [KEY.to_string(), percent_encoded(KEY)] {
        let again =
            format!("/2010-04-01/Accounts/{ACCOUNT}/Messages.json?Page=1&PageToken={token}");
        let server = MockServer::always(page(vec![message(MESSAGE)], Some(again))).await;
        let error = client(&server).messages().list().all().await.unwrap_err();
        assert!(error.to_string().contains("cycle"), "{error}");
        assert_no_key(&error);
    }
}

#[tokio::test]
async fn a_key_listed_as_the_account_sid_is_redacted() {
    let server = MockServer::always(Reply::json(
        200,
        json!({"accounts": [{"sid": KEY, "owner_account_sid": KEY}]}),
    ))
    .await;
    let client = builder(&server).build().unwrap();
    let error = client.messages().fetch(&sid()).await.unwrap_err();
    assert_no_key(&error);
    assert_eq!(error.operation(), Some(Operation::ListAccount.id()));
    assert!(error.to_string().contains("not an account SID"), "{error}");
}

// --- 2. Control characters in URLs ---------------------------------------------------------

#[tokio::test]
async fn urls_with_control_characters_are_refused_before_sending() {
    let server = MockServer::always(Reply::json(201, message(MESSAGE))).await;
    let client = client(&server);
    for url in [
        "https://example.com/cb\r\nX-Injected: 1",
        "https://exam\tple.com/cb",
        "https://example.com/cb\n",
    ] {
        let error = client
            .messages()
            .send("+15559876543", "+15551234567")
            .body("hi")
            .status_callback(url)
            .send()
            .await
            .unwrap_err();
        assert_eq!(error.kind(), ErrorKind::InvalidInput, "{url:?}");
        assert_eq!(error.field(), Some("status_callback"));
        assert!(!error.to_string().contains('\n'), "{error}");
    }
    assert!(server.requests().is_empty(), "nothing was sent");
}

// --- 3. Pagination cycles and endless empty pages -----------------------------------------

#[tokio::test]
async fn a_cycle_back_to_a_page_already_read_stops_the_walk_after_its_items() {
    // first → A(1) → B(2) → A(1)
    let server = paged(vec![Some(1), Some(2), Some(1)], vec![1, 1, 1]).await;
    let (ok, errors) = split(walk(&client(&server), 100).await);
    assert_eq!(ok, 3, "every item read before the cycle is yielded");
    assert_eq!(errors.len(), 1);
    assert_eq!(errors[0].kind(), ErrorKind::Decode);
    assert!(errors[0].to_string().contains("cycle"), "{}", errors[0]);
    assert_eq!(errors[0].operation(), Some(Operation::ListMessage.id()));
    assert_eq!(server.requests().len(), 3);

    // first → A(1) → B(2) → C(3) → B(2)
    let server = paged(vec![Some(1), Some(2), Some(3), Some(2)], vec![1, 2, 1, 1]).await;
    let (ok, errors) = split(walk(&client(&server), 100).await);
    assert_eq!(ok, 5);
    assert_eq!(errors.len(), 1);
    assert!(
        errors[0].to_string().contains("5 items on 4 pages"),
        "{}",
        errors[0]
    );
    assert_eq!(server.requests().len(), 4);
}

#[tokio::test]
async fn endless_empty_pages_stop_the_walk() {
    // 50 empty pages, each pointing to a new one, then a last page with an item.
    let mut links: Vec<Option<u32>> = (1..=50).map(Some).collect();
    links.push(None);
    let mut items = vec![0; 50];
    items.push(1);
    let server = paged(links, items).await;
    let (ok, errors) = split(walk(&client(&server), 100).await);
    assert_eq!(ok, 0);
    assert_eq!(errors.len(), 1, "the walk ends with an error, not quietly");
    assert!(
        errors[0].to_string().contains("empty pages"),
        "{}",
        errors[0]
    );
    assert_eq!(
        server.requests().len(),
        maton_twilio::pagination::MAX_EMPTY_PAGES
    );

    // Two empty pages in a row are fine.
    let server = paged(vec![Some(1), Some(2), None], vec![0, 0, 1]).await;
    let (ok, errors) = split(walk(&client(&server), 100).await);
    assert_eq!((ok, errors.len()), (1, 0));
}

// --- 8. Honest outcomes on sends ------------------------------------------------------------

/// A server that answers every request with `head` and `body` as given, then closes: a body
/// shorter than its `Content-Length` is one cut short.
async fn raw_server(answer: &'static str) -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(async move {
        while let Ok((mut socket, _)) = listener.accept().await {
            tokio::spawn(async move {
                let _ = read_head(&mut socket).await;
                let _ = socket.write_all(answer.as_bytes()).await;
                let _ = socket.shutdown().await;
            });
        }
    });
    url
}

fn send(client: &Client) -> maton_twilio::SendMessage {
    client
        .messages()
        .send("+15559876543", "+15551234567")
        .body("once")
}

#[tokio::test]
async fn a_created_message_whose_answer_is_cut_short_was_performed() {
    let url = raw_server(
        "HTTP/1.1 201 Created\r\ncontent-type: application/json\r\ncontent-length: 500\r\n\
         connection: close\r\n\r\n{\"sid\":\"SM0123",
    )
    .await;
    let client = Client::builder()
        .api_key(KEY)
        .base_url(format!("{url}/twilio"))
        .account_sid(ACCOUNT.parse::<AccountSid>().unwrap())
        .no_rate_limit()
        .build()
        .unwrap();
    let error = send(&client).send().await.unwrap_err();
    assert_eq!(error.outcome(), Outcome::Performed, "{error}");
    assert_eq!(error.kind(), ErrorKind::Decode);
    assert!(error.to_string().contains("carried out"), "{error}");
}

#[tokio::test]
async fn a_send_answered_502_or_504_may_have_been_carried_out() {
    for status in [502, 504] {
        let server =
            MockServer::always(Reply::raw(status, "text/html", "<html>bad gateway</html>")).await;
        let error = send(&client(&server)).send().await.unwrap_err();
        assert_eq!(error.outcome(), Outcome::Unknown, "{status}");
        assert_eq!(error.kind(), ErrorKind::Server);
        assert!(
            error.to_string().contains("may have been carried out"),
            "{error}"
        );
        assert_eq!(server.requests().len(), 1, "a send is not repeated");
    }
}

#[tokio::test]
async fn an_error_body_cut_at_the_limit_keeps_its_status_and_kind() {
    let huge = json!({
        "code": 21602,
        "message": "x".repeat(maton_core::MAX_ERROR_BODY + 1024),
        "more_info": "https://www.twilio.com/docs/errors/21602",
        "status": 400,
    });
    let server = MockServer::always(Reply::json(400, huge)).await;
    let error = send(&client(&server)).send().await.unwrap_err();
    assert_eq!(error.status(), Some(400));
    assert_eq!(error.kind(), ErrorKind::Api, "{error}");
    assert_eq!(error.outcome(), Outcome::Answered);
    assert!(!error.to_string().contains("ACTIVE"), "{error}");
    assert!(error.to_string().contains("cut"), "{error}");
}

// --- 9. No proxy for plain-http loopback; a total timeout per call -------------------------

const CHILD_TARGET: &str = "HARDENING_PROXY_CHILD_TARGET";

/// Runs only in the child process started below, whose environment names a proxy.
#[tokio::test]
async fn proxy_child() {
    let Ok(target) = std::env::var(CHILD_TARGET) else {
        return;
    };
    let client = Client::builder()
        .api_key(KEY)
        .base_url(format!("{target}/twilio"))
        .account_sid(ACCOUNT.parse::<AccountSid>().unwrap())
        .no_rate_limit()
        .retry_policy(RetryPolicy::none())
        .build()
        .unwrap();
    let fetched = client
        .messages()
        .fetch(&sid())
        .await
        .expect("fetched directly");
    assert_eq!(fetched.sid.as_deref(), Some(MESSAGE));
    // Anything else still goes through the proxy.
    let http =
        maton_core::http_client("probe", Duration::from_secs(5), Duration::from_secs(5)).unwrap();
    let probe = http
        .get("http://proxied.invalid/probe")
        .send()
        .await
        .unwrap();
    assert_eq!(probe.status(), 204, "the proxy answered");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn plain_http_loopback_is_not_sent_to_the_environments_proxy() {
    let server = MockServer::always(Reply::json(200, message(MESSAGE))).await;
    let (proxy, seen) = maton_test_support::recording_proxy().await;
    let target = server.url();
    let status = tokio::task::spawn_blocking(move || {
        std::process::Command::new(std::env::current_exe().unwrap())
            .args(["--exact", "proxy_child", "--nocapture", "--test-threads=1"])
            .env(CHILD_TARGET, target)
            .env("HTTP_PROXY", &proxy)
            .env("http_proxy", &proxy)
            .env("ALL_PROXY", &proxy)
            .env_remove("NO_PROXY")
            .env_remove("no_proxy")
            .env_remove("REQUEST_METHOD")
            .status()
            .unwrap()
    })
    .await
    .unwrap();
    assert!(status.success(), "the child failed: {status}");
    let requests = server.requests();
    assert_eq!(requests.len(), 1, "the loopback request went direct");
    assert_eq!(
        requests[0].header("authorization"),
        Some(format!("Bearer {KEY}").as_str())
    );
    let seen = seen.lock().unwrap().clone();
    assert_eq!(seen.len(), 1, "the proxy saw only the probe: {seen:?}");
    assert!(
        seen[0].starts_with("GET http://proxied.invalid/probe "),
        "{}",
        seen[0]
    );
    assert!(!seen[0].contains(KEY));
}

/// A client on `builder` that tries a request three times within a 10 s total timeout.
fn ten_second_budget(builder: ClientBuilder) -> Client {
    builder
        .account_sid(ACCOUNT.parse::<AccountSid>().unwrap())
        .retry_policy(RetryPolicy::default().max_attempts(3))
        .total_timeout(Duration::from_secs(10))
        .build()
        .unwrap()
}

#[tokio::test(start_paused = true)]
async fn a_retry_after_past_the_total_timeout_is_not_waited() {
    let server =
        MockServer::always(Reply::json(429, json!({})).with_header("retry-after", "60")).await;
    let client = ten_second_budget(builder(&server));
    let started = tokio::time::Instant::now();
    let error = client.messages().fetch(&sid()).await.unwrap_err();
    assert_eq!(error.kind(), ErrorKind::RateLimited);
    assert!(
        started.elapsed() < Duration::from_secs(10),
        "{:?}",
        started.elapsed()
    );
    assert_eq!(server.requests().len(), 1);
}

/// Accepts connections and never answers.
async fn silent_server() -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(async move {
        while let Ok((mut socket, _)) = listener.accept().await {
            tokio::spawn(async move {
                let mut buf = [0u8; 4096];
                while let Ok(n) = socket.read(&mut buf).await {
                    if n == 0 {
                        return;
                    }
                }
            });
        }
    });
    url
}

#[tokio::test(start_paused = true)]
async fn slow_gets_stop_at_the_total_timeout() {
    let url = silent_server().await;
    let client = ten_second_budget(
        Client::builder()
            .api_key(KEY)
            .base_url(format!("{url}/twilio"))
            .no_rate_limit(),
    );
    let started = tokio::time::Instant::now();
    let error = client.messages().fetch(&sid()).await.unwrap_err();
    let took = started.elapsed();
    assert_eq!(error.kind(), ErrorKind::Timeout, "{error}");
    assert!(
        took >= Duration::from_secs(10) && took < Duration::from_secs(11),
        "{took:?}: without a total timeout it takes 3 × 30 s and more"
    );
}

#[tokio::test(start_paused = true)]
async fn a_rate_limit_wait_past_the_total_timeout_sends_nothing() {
    let server = MockServer::always(Reply::json(200, message(MESSAGE))).await;
    let client = builder(&server)
        .account_sid(ACCOUNT.parse::<AccountSid>().unwrap())
        .rate_limit(Arc::new(RateLimit::new(1, Duration::from_secs(60))))
        .total_timeout(Duration::from_secs(5))
        .build()
        .unwrap();
    client.messages().fetch(&sid()).await.unwrap();
    let error = client.messages().fetch(&sid()).await.unwrap_err();
    assert_eq!(error.kind(), ErrorKind::Timeout, "{error}");
    assert_eq!(error.outcome(), Outcome::NotPerformed);
    assert_eq!(error.operation(), Some(Operation::FetchMessage.id()));
    assert_eq!(server.requests().len(), 1);
}

// --- Small details ---------------------------------------------------------------------------

#[tokio::test]
async fn a_page_keeps_last_page_uri() {
    let server = MockServer::always(Reply::json(
        200,
        json!({"messages": [], "last_page_uri": "/2010-04-01/last.json", "total": 0, "num_pages": 1}),
    ))
    .await;
    let page = client(&server).messages().list().page().await.unwrap();
    assert_eq!(page.last_page_uri.as_deref(), Some("/2010-04-01/last.json"));
}

#[tokio::test]
async fn each_usage_window_names_its_own_operation() {
    let server = MockServer::always(Reply::raw(500, "text/plain", "down")).await;
    let windowed = client(&server);
    let windows = [
        (UsageWindow::AllTime, Operation::ListUsageRecordAllTime.id()),
        (UsageWindow::Daily, Operation::ListUsageRecordDaily.id()),
        (
            UsageWindow::LastMonth,
            Operation::ListUsageRecordLastMonth.id(),
        ),
        (UsageWindow::Monthly, Operation::ListUsageRecordMonthly.id()),
        (
            UsageWindow::ThisMonth,
            Operation::ListUsageRecordThisMonth.id(),
        ),
        (UsageWindow::Today, Operation::ListUsageRecordToday.id()),
        (UsageWindow::Yearly, Operation::ListUsageRecordYearly.id()),
        (
            UsageWindow::Yesterday,
            Operation::ListUsageRecordYesterday.id(),
        ),
    ];
    for (window, operation) in windows {
        let error = windowed
            .usage()
            .records_for(window)
            .page()
            .await
            .unwrap_err();
        assert_eq!(error.operation(), Some(operation));
    }
    let error = windowed.usage().records().page().await.unwrap_err();
    assert_eq!(error.operation(), Some(Operation::ListUsageRecord.id()));

    // A next page that fails is named after the window too.
    let next = format!("/2010-04-01/Accounts/{ACCOUNT}/Usage/Records/Daily.json?Page=1");
    let server = MockServer::start(move |request: &Recorded| {
        if request.query.as_deref().unwrap_or("").contains("Page=1") {
            Reply::raw(500, "text/plain", "down")
        } else {
            Reply::json(200, json!({"usage_records": [{}], "next_page_uri": next}))
        }
    })
    .await;
    let error = client(&server)
        .usage()
        .records_for(UsageWindow::Daily)
        .all()
        .await
        .unwrap_err();
    assert_eq!(
        error.operation(),
        Some(Operation::ListUsageRecordDaily.id())
    );
}

#[test]
fn sid_errors_use_the_right_article() {
    let error = "AC12".parse::<AccountSid>().unwrap_err();
    assert!(
        error.to_string().contains("is not an account SID"),
        "{error}"
    );
    let error = "SM12".parse::<MessageSid>().unwrap_err();
    assert!(
        error.to_string().contains("is not a message SID"),
        "{error}"
    );
}
