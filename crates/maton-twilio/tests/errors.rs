//! Each error class, as a caller sees it: kind, status, Twilio's fields, the raw body, the
//! outcome, and never the key.

mod common;

use maton_twilio::raw::twilio::Operation;
use std::time::Duration;

use common::*;
use maton_test_support::{MockServer, Reply};
use maton_twilio::{Error, ErrorKind, MessageSid, Outcome, RetryPolicy};
use serde_json::json;

async fn fetch_with(reply: Reply) -> (Error, MockServer) {
    let server = MockServer::always(reply).await;
    let sid: MessageSid = MESSAGE.parse().unwrap();
    let err = builder(&server)
        .retry_policy(RetryPolicy::none())
        .build()
        .unwrap()
        .messages()
        .fetch(&sid)
        .await
        .unwrap_err();
    (err, server)
}

/// [`fetch_with`] a plain reply of `status` and `content_type`; the error alone.
async fn fetch_raw(status: u16, content_type: &str, body: &str) -> Error {
    fetch_with(Reply::raw(status, content_type, body.to_owned()))
        .await
        .0
}

fn assert_no_key(err: &Error) {
    assert!(!err.to_string().contains(KEY));
    assert!(!format!("{err:?}").contains(KEY));
}

#[tokio::test]
async fn twilio_400_keeps_code_message_more_info_details_and_body() {
    let body = json!({
        "code": 21211,
        "message": "Invalid 'To' Phone Number",
        "more_info": "https://www.twilio.com/docs/errors/21211",
        "status": 400,
        "details": {"field": "To"}
    });
    let (err, _) = fetch_with(Reply::json(400, body.clone())).await;
    assert_eq!(err.kind(), ErrorKind::Api);
    assert_eq!(err.status(), Some(400));
    assert_eq!(err.code(), Some(21211));
    let api = err.api_error().unwrap();
    assert_eq!(api.message.as_deref(), Some("Invalid 'To' Phone Number"));
    assert_eq!(
        api.more_info.as_deref(),
        Some("https://www.twilio.com/docs/errors/21211")
    );
    assert_eq!(api.details, Some(json!({"field": "To"})));
    assert_eq!(
        serde_json::from_str::<serde_json::Value>(err.body().unwrap()).unwrap(),
        body
    );
    assert_eq!(err.operation(), Some(Operation::FetchMessage.id()));
    assert_eq!(err.outcome(), Outcome::Answered);
    assert!(err.to_string().contains("21211"), "{err}");
    assert_no_key(&err);
}

#[tokio::test]
async fn gateway_400_without_json_is_no_connection() {
    let err = fetch_raw(400, "text/plain", "No connection found for app twilio").await;
    assert_eq!(err.kind(), ErrorKind::NoConnection);
    assert_eq!(err.code(), None);
    assert_eq!(err.body(), Some("No connection found for app twilio"));
    let (err, _) = fetch_with(Reply::json(400, json!({"error": "no active connection"}))).await;
    assert_eq!(err.kind(), ErrorKind::NoConnection);
}

#[tokio::test]
async fn unauthorized_401() {
    let err = fetch_raw(401, "text/plain", "Invalid API key").await;
    assert_eq!(err.kind(), ErrorKind::Unauthorized);
    assert!(err.is_unauthorized());
    assert_no_key(&err);
}

#[tokio::test]
async fn not_found_404_with_code_20404() {
    let (err, _) = fetch_with(Reply::json(
        404,
        json!({"code": 20404, "message": "The requested resource was not found",
               "more_info": "https://www.twilio.com/docs/errors/20404", "status": 404}),
    ))
    .await;
    assert_eq!(err.kind(), ErrorKind::NotFound);
    assert!(err.is_not_found());
    assert_eq!(err.code(), Some(20404));
}

#[tokio::test]
async fn rate_limited_429_reports_retry_after() {
    let (err, server) = fetch_with(
        Reply::raw(429, "text/plain", "Too Many Requests").with_header("retry-after", "7"),
    )
    .await;
    assert_eq!(err.kind(), ErrorKind::RateLimited);
    assert_eq!(err.retry_after(), Some(Duration::from_secs(7)));
    assert_eq!(server.requests().len(), 1, "retries were off");
}

#[tokio::test]
async fn server_500_text_and_502_html() {
    let err = fetch_raw(500, "text/plain", "oauth refresh failed").await;
    assert_eq!(err.kind(), ErrorKind::Server);
    assert_eq!(err.body(), Some("oauth refresh failed"));
    let html = "<html><body><h1>502 Bad Gateway</h1></body></html>";
    let err = fetch_raw(502, "text/html", html).await;
    assert_eq!(err.kind(), ErrorKind::Server);
    assert_eq!(err.status(), Some(502));
    assert_eq!(err.body(), Some(html));
}

#[tokio::test]
async fn twilio_5xx_with_its_body_is_an_api_error() {
    let (err, _) = fetch_with(Reply::json(
        503,
        json!({"code": 20503, "message": "Service unavailable", "more_info": "x", "status": 503}),
    ))
    .await;
    assert_eq!(err.kind(), ErrorKind::Api);
    assert_eq!(err.code(), Some(20503));
}

#[tokio::test]
async fn an_undecodable_success_body_is_a_decode_error_with_the_body() {
    let err = fetch_raw(200, "application/json", "{\"sid\": [unterminated").await;
    assert_eq!(err.kind(), ErrorKind::Decode);
    assert_eq!(err.body(), Some("{\"sid\": [unterminated"));
    assert_eq!(
        err.outcome(),
        Outcome::Performed,
        "a success status: it was done"
    );
    let err = fetch_raw(200, "text/html", "<html>login</html>").await;
    assert_eq!(err.kind(), ErrorKind::Decode);
}

#[tokio::test]
async fn a_connection_that_cannot_be_opened_is_transport_and_not_performed() {
    let url = closed_port_url().await;
    let client = builder_at(url)
        .retry_policy(RetryPolicy::none())
        .build()
        .unwrap();
    let err = send_text(&client, "hi").await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Transport);
    assert_eq!(err.outcome(), Outcome::NotPerformed);
    assert_no_key(&err);
}

#[tokio::test]
async fn a_timeout_is_timeout_with_an_unknown_outcome() {
    let (builder, mut count) = silent_builder(Duration::from_millis(300)).await;
    let client = builder.retry_policy(RetryPolicy::none()).build().unwrap();
    let sid: MessageSid = MESSAGE.parse().unwrap();
    let err = client.messages().fetch(&sid).await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Timeout);
    assert!(err.is_timeout());
    assert_eq!(err.outcome(), Outcome::Unknown);
    assert!(
        err.to_string().contains("may have been carried out"),
        "{err}"
    );
    assert_eq!(count.settle_at_least(1).await, 1);
}
