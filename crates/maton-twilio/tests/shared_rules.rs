//! The facade's checks before sending and the emulator's answers agree with the rules defined
//! once in `maton-twilio-rules`, on their edges: whatever the facade lets through, the emulator
//! accepts; whatever the rules refuse, the facade refuses before anything is sent.

mod common;

use maton_test_support::edges;
use maton_twilio::raw::twilio::Operation;
use maton_twilio::{
    Client, ErrorKind, MAX_BODY_CHARS, MAX_MEDIA_URLS, MAX_PAGE_SIZE, MAX_VALIDITY_PERIOD,
    MIN_PAGE_SIZE, MIN_VALIDITY_PERIOD, SendMessage, body_chars, is_e164,
};
use maton_twilio_mock::MockGateway;

use common::{emulator_builder, quick_retries};

const FROM: &str = "+15551234567";

fn client_for(mock: &MockGateway) -> Client {
    emulator_builder(mock)
        .retry_policy(quick_retries())
        .build()
        .expect("valid configuration")
}

/// Sends `message`; `Ok(true)` when the emulator created it, `Ok(false)` when the facade refused
/// it as invalid input (and so the emulator never saw it), any other error is a failure.
async fn accepted(mock: &MockGateway, message: SendMessage, case: &str) -> bool {
    let before = mock.performed(Operation::CreateMessage);
    match message.send().await {
        Ok(_) => {
            assert_eq!(
                mock.performed(Operation::CreateMessage),
                before + 1,
                "{case}"
            );
            true
        }
        Err(e) if e.kind() == ErrorKind::InvalidInput => {
            assert_eq!(mock.performed(Operation::CreateMessage), before, "{case}");
            false
        }
        Err(e) => panic!("{case}: the emulator refused what the facade sent: {e}"),
    }
}

#[tokio::test]
async fn numbers_bodies_media_and_validity_agree_on_their_edges() {
    let mock = MockGateway::start().await.expect("emulator starts");
    let client = client_for(&mock);

    for to in &edges::phone_numbers() {
        let message = client.messages().send(to, FROM).body("hi");
        assert_eq!(accepted(&mock, message, to).await, is_e164(to), "{to}");
    }

    for body in &edges::bodies(MAX_BODY_CHARS) {
        let case = format!("body of {} chars", body.chars().count());
        let message = client.messages().send("+15559876543", FROM).body(body);
        let expected = body_chars(body) <= MAX_BODY_CHARS;
        assert_eq!(accepted(&mock, message, &case).await, expected, "{case}");
    }

    for count in [MAX_MEDIA_URLS, MAX_MEDIA_URLS + 1] {
        let mut message = client.messages().send("+15559876543", FROM);
        for i in 0..count {
            message = message.media_url(format!("https://example.com/{i}.png"));
        }
        let case = format!("{count} media URLs");
        let expected = count <= MAX_MEDIA_URLS;
        assert_eq!(accepted(&mock, message, &case).await, expected, "{case}");
    }

    let (min, max) = (
        i64::from(MIN_VALIDITY_PERIOD),
        i64::from(MAX_VALIDITY_PERIOD),
    );
    for period in edges::around(min, max) {
        let message = client
            .messages()
            .send("+15559876543", FROM)
            .body("hi")
            .validity_period(period);
        let case = format!("validity period {period}");
        let expected = (min..=max).contains(&period);
        assert_eq!(accepted(&mock, message, &case).await, expected, "{case}");
    }
    mock.shutdown().await;
}

#[tokio::test]
async fn page_sizes_agree_on_their_edges() {
    let mock = MockGateway::start().await.expect("emulator starts");
    let client = client_for(&mock);
    for size in edges::around(MIN_PAGE_SIZE, MAX_PAGE_SIZE) {
        let before = mock.performed(Operation::ListMessage);
        let result = client.messages().list().page_size(size).page().await;
        let expected = (MIN_PAGE_SIZE..=MAX_PAGE_SIZE).contains(&size);
        match result {
            Ok(_) => assert!(expected, "page size {size} was sent"),
            Err(e) => {
                assert_eq!(e.kind(), ErrorKind::InvalidInput, "{size}: {e}");
                assert!(!expected, "page size {size} was refused: {e}");
                assert_eq!(mock.performed(Operation::ListMessage), before, "{size}");
            }
        }
    }
    mock.shutdown().await;
}
