//! `Response`: the value, with the status and headers as plain numbers and text.

mod common;

use common::*;
use maton_test_support::{MockServer, Reply};
use maton_twilio::MessageSid;

#[tokio::test]
async fn metadata_comes_as_plain_numbers_and_text() {
    let server = MockServer::always(
        Reply::json(200, message_json(MESSAGE))
            .with_header("twilio-request-id", "RQ0123456789abcdef0123456789abcdef")
            .with_header("x-note", "one")
            .with_header("x-note", "two")
            .with_header("x-city", "Montr\u{e9}al"),
    )
    .await;
    let sid: MessageSid = MESSAGE.parse().unwrap();
    let response = client(&server)
        .messages()
        .fetch(&sid)
        .with_meta()
        .await
        .unwrap();

    assert_eq!(response.status(), 200);
    assert_eq!(response.value().sid.as_deref(), Some(MESSAGE));
    assert_eq!(
        response.request_id(),
        Some("RQ0123456789abcdef0123456789abcdef")
    );
    // Any case finds a header; the first value is given.
    assert_eq!(response.header("X-Note"), Some("one"));
    assert_eq!(response.header("x-missing"), None);
    // A value that is not visible ASCII is not given as text, but `headers()` has its bytes.
    assert_eq!(response.header("x-city"), None);
    let headers: Vec<(&str, &[u8])> = response.headers().collect();
    assert!(headers.contains(&("x-city", "Montr\u{e9}al".as_bytes())));
    let notes: Vec<&[u8]> = headers
        .iter()
        .filter(|(name, _)| *name == "x-note")
        .map(|(_, value)| *value)
        .collect();
    assert_eq!(notes, [b"one".as_slice(), b"two".as_slice()]);
    assert_eq!(response.into_value().sid.as_deref(), Some(MESSAGE));
}
