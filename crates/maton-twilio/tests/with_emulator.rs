//! How to test your own code against the emulator: this file is written as a user of the SDK
//! would write it. `notify_on_call` is "the application"; the tests start `maton-twilio-mock`
//! in-process on 127.0.0.1, point a `Client` at it, inject faults and assert what the emulator
//! really performed. Copy it into your own `tests/` with `maton-twilio-mock` as a
//! dev-dependency.

use maton_twilio::raw::twilio::Operation;
use std::time::Duration;

use maton_twilio::{Client, ErrorKind, MessageSid, Outcome, RetryPolicy};
use maton_twilio_mock::{Fault, FaultPlan, MockGateway};

/// The application code under test: texts the on-call engineer, once.
async fn notify_on_call(client: &Client, on_call: &str) -> Result<MessageSid, maton_twilio::Error> {
    let message = client
        .messages()
        .send(on_call, "+15551234567")
        .body("Disk usage above 90% on db-1")
        .send()
        .await?;
    let sid = message.sid.unwrap_or_default();
    // The server's text is checked like any input: a malformed SID is an error, not a panic.
    Ok(sid.parse()?)
}

/// Starts the emulator, with a client for it: its key, its base URLs, short retry waits.
async fn start() -> (MockGateway, Client) {
    let mock = MockGateway::start().await.expect("emulator starts");
    let client = Client::builder()
        .api_key(mock.api_key())
        .base_url(mock.twilio_url())
        .control_base_url(mock.control_url())
        .retry_policy(RetryPolicy::default().initial_backoff(Duration::from_millis(1)))
        .build()
        .expect("valid configuration");
    (mock, client)
}

/// [`start`], with the emulator answering the first message send with `fault`.
async fn start_with_first_send(fault: Fault) -> (MockGateway, Client) {
    let (mock, client) = start().await;
    mock.inject(
        Operation::CreateMessage.id(),
        FaultPlan::new().then(fault, 1),
    );
    (mock, client)
}

/// How many messages the emulator really created.
fn messages_sent(mock: &MockGateway) -> u64 {
    mock.performed(Operation::CreateMessage.id())
}

#[tokio::test]
async fn the_alert_is_sent_once_and_delivered() {
    let (mock, client) = start().await;

    let sid = notify_on_call(&client, "+15559876543").await.expect("sent");
    assert_eq!(messages_sent(&mock), 1);

    // Let three emulated seconds pass: the message is delivered.
    mock.advance(Duration::from_secs(3));
    let message = client.messages().fetch(&sid).await.expect("fetched");
    assert_eq!(message.status.expect("a status").to_string(), "delivered");
    mock.shutdown().await;
}

#[tokio::test]
async fn a_rate_limited_send_is_retried_and_performed_once() {
    // The gateway answers the first attempt 429 (nothing performed): the SDK waits and retries.
    let (mock, client) = start_with_first_send(Fault::TooManyRequests { retry_after: 0 }).await;

    notify_on_call(&client, "+15559876543")
        .await
        .expect("sent on the retry");
    assert_eq!(messages_sent(&mock), 1, "sent exactly once");
    mock.shutdown().await;
}

#[tokio::test]
async fn a_send_cut_off_after_processing_is_reported_unknown_and_not_resent() {
    // The emulator performs the send, then resets the connection before answering.
    let (mock, client) = start_with_first_send(Fault::ResetAfterProcessing).await;

    let error = notify_on_call(&client, "+15559876543")
        .await
        .expect_err("no answer");
    assert_eq!(error.outcome(), Outcome::Unknown, "{error}");
    assert_eq!(messages_sent(&mock), 1, "performed once, never resent");
    mock.shutdown().await;
}

#[tokio::test]
async fn an_invalid_number_is_refused_before_anything_is_sent() {
    let (mock, client) = start().await;

    let error = notify_on_call(&client, "555-0100")
        .await
        .expect_err("not E.164");
    assert_eq!(error.kind(), ErrorKind::InvalidInput);
    assert!(mock.requests().is_empty(), "nothing reached the emulator");
    mock.shutdown().await;
}
