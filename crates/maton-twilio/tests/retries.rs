//! The retry rules: a POST that timed out is not resent, a GET after 503 is; POST retries only
//! on 429; Retry-After is honoured; the rate limiter can be on or off.

mod common;

use maton_twilio::raw::twilio::Operation;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use common::*;
use maton_test_support::{MockServer, Recorded, Reply};
use maton_twilio::{Client, ErrorKind, MessageSid, Outcome, RateLimit, RetryPolicy};
use serde_json::json;

/// Answers `first` to the first `n` requests, then the Twilio router.
async fn failing_first(n: usize, first: Reply) -> MockServer {
    let seen = AtomicUsize::new(0);
    MockServer::start(move |request: &Recorded| {
        if seen.fetch_add(1, Ordering::SeqCst) < n {
            first.clone()
        } else {
            twilio_router(request)
        }
    })
    .await
}

fn sid() -> MessageSid {
    MESSAGE.parse().unwrap()
}

#[tokio::test]
async fn a_post_that_timed_out_is_not_resent() {
    let (builder, mut count) = silent_builder(Duration::from_millis(300)).await;
    let client = builder.build().unwrap();
    let err = send_text(&client, "only once").await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Timeout);
    assert_eq!(err.outcome(), Outcome::Unknown);
    assert_eq!(err.operation(), Some(Operation::CreateMessage.id()));
    assert_eq!(
        count.settle_at_least(1).await,
        1,
        "the send was not repeated"
    );
}

#[tokio::test]
async fn a_get_that_timed_out_is_retried() {
    let (builder, mut count) = silent_builder(Duration::from_millis(200)).await;
    let client = builder.build().unwrap();
    let err = client.messages().fetch(&sid()).await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Timeout);
    assert_eq!(count.settle_at_least(3).await, 3);
}

#[tokio::test]
async fn a_get_after_503_is_resent() {
    let server = failing_first(1, Reply::raw(503, "text/plain", "unavailable")).await;
    let message = client(&server).messages().fetch(&sid()).await.unwrap();
    assert_eq!(message.sid.as_deref(), Some(MESSAGE));
    assert_eq!(server.requests().len(), 2);
}

#[tokio::test]
async fn a_delete_after_502_is_resent() {
    let server = failing_first(2, Reply::raw(502, "text/html", "<html>bad gateway</html>")).await;
    client(&server).messages().delete(&sid()).await.unwrap();
    assert_eq!(server.requests().len(), 3);
}

#[tokio::test]
async fn gets_give_up_after_the_last_attempt() {
    let server = MockServer::always(Reply::raw(500, "text/plain", "down")).await;
    let err = client(&server).messages().fetch(&sid()).await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Server);
    assert_eq!(server.requests().len(), 3);
}

#[tokio::test]
async fn a_post_after_503_is_not_resent() {
    let server = failing_first(1, Reply::raw(503, "text/plain", "unavailable")).await;
    let err = send_text(&client(&server), "hi").await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Server);
    assert_eq!(server.requests().len(), 1);
}

#[tokio::test]
async fn a_post_after_429_is_resent_after_retry_after() {
    let server = failing_first(
        1,
        Reply::raw(429, "text/plain", "slow down").with_header("retry-after", "1"),
    )
    .await;
    let message = send_text(&client(&server), "hi").await.unwrap();
    assert_eq!(message.sid.as_deref(), Some(MESSAGE));
    let requests = server.requests();
    assert_eq!(requests.len(), 2);
    assert_eq!(
        requests[0].body, requests[1].body,
        "the same form is resent"
    );
}

#[tokio::test]
async fn a_retry_after_beyond_the_policy_is_returned_not_waited() {
    let server = failing_first(
        1,
        Reply::raw(429, "text/plain", "later").with_header("retry-after", "3600"),
    )
    .await;
    let err = client(&server).messages().fetch(&sid()).await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::RateLimited);
    assert_eq!(err.retry_after(), Some(Duration::from_secs(3600)));
    assert_eq!(server.requests().len(), 1);
}

#[tokio::test]
async fn retries_can_be_turned_off() {
    let server = failing_first(1, Reply::raw(503, "text/plain", "unavailable")).await;
    let client = builder(&server)
        .retry_policy(RetryPolicy::none())
        .build()
        .unwrap();
    assert!(client.messages().fetch(&sid()).await.is_err());
    assert_eq!(server.requests().len(), 1);
}

#[tokio::test]
async fn the_rate_limiter_holds_requests_back_when_on() {
    let server = twilio_server().await;
    let client = builder(&server)
        .rate_limit(Arc::new(RateLimit::new(1, Duration::from_secs(3600))))
        .build()
        .unwrap();
    client.messages().fetch(&sid()).await.unwrap();
    let second = tokio::time::timeout(
        Duration::from_millis(300),
        client.messages().fetch(&sid()).into_future(),
    )
    .await;
    assert!(second.is_err(), "the second request waits for the window");
    assert_eq!(server.requests().len(), 1);
}

#[tokio::test]
async fn the_rate_limiter_can_be_off() {
    let (server, client) = twilio_client().await;
    let fetches = (0..25).map(|_| client.messages().fetch(&sid()).into_future());
    for result in futures_util::future::join_all(fetches).await {
        result.unwrap();
    }
    assert_eq!(server.requests().len(), 25);
}

#[tokio::test]
async fn the_gateway_limit_is_on_by_default() {
    let client = Client::new(KEY).unwrap();
    assert!(format!("{client:?}").contains("rate_limited: true"));
    let client = Client::builder()
        .api_key(KEY)
        .no_rate_limit()
        .build()
        .unwrap();
    assert!(format!("{client:?}").contains("rate_limited: false"));
}

#[tokio::test]
async fn an_error_body_is_json_or_not_after_retries() {
    let server = failing_first(
        5,
        Reply::json(503, json!({"code": 20503, "more_info": "x"})),
    )
    .await;
    let err = client(&server)
        .calls()
        .fetch(&CALL.parse().unwrap())
        .await
        .unwrap_err();
    assert_eq!(err.code(), Some(20503));
    assert_eq!(server.requests().len(), 3);
}
