//! A body given to an operation as a finished value is sent as it is; one built with `body_map`
//! (or not given at all) goes through the generated body builder, with the same bytes and the
//! same errors either way.

use maton_test_support::{MockServer, Recorded, Reply};
use maton_twilio_api::{Context, Error, twilio};
use serde_json::json;

const ACCOUNT: &str = "AC0123456789abcdef0123456789abcdef";

async fn server() -> MockServer {
    MockServer::always(Reply::json(
        201,
        json!({"sid": "SM0123456789abcdef0123456789abcdef", "status": "queued"}),
    ))
    .await
}

fn client(server: &MockServer) -> twilio::Client {
    twilio::Client::new_with_client(&server.url(), reqwest::Client::new(), Context::default())
}

fn finished() -> twilio::types::CreateMessageRequest {
    twilio::types::CreateMessageRequest::builder()
        .to("+15559876543")
        .from(Some("+15551234567".to_owned()))
        .body(Some("Hi & bye".to_owned()))
        .media_url(vec!["https://example.com/a.png".to_owned()])
        .try_into()
        .unwrap()
}

/// What the server received from `send` on the request builder `make` gives.
async fn sent(
    make: impl FnOnce(twilio::builder::CreateMessage<'_>) -> twilio::builder::CreateMessage<'_>,
) -> Recorded {
    let server = server().await;
    let client = client(&server);
    make(client.create_message().account_sid(ACCOUNT))
        .send()
        .await
        .unwrap();
    server.single_request()
}

#[tokio::test]
async fn a_finished_body_goes_out_as_the_same_one_built_in_place() {
    let given = sent(|r| r.body(finished())).await;
    let built = sent(|r| {
        r.body_map(|b| {
            b.to("+15559876543")
                .from(Some("+15551234567".to_owned()))
                .body(Some("Hi & bye".to_owned()))
                .media_url(vec!["https://example.com/a.png".to_owned()])
        })
    })
    .await;
    assert_eq!(
        given.body_text(),
        "Body=Hi+%26+bye&From=%2B15551234567&MediaUrl=https%3A%2F%2Fexample.com%2Fa.png\
         &To=%2B15559876543"
    );
    let boxed = sent(|r| r.body_boxed(Box::new(finished()))).await;
    assert_eq!(given.body_text(), built.body_text());
    assert_eq!(given.body_text(), boxed.body_text());
    assert_eq!(given.header("content-type"), built.header("content-type"));
    assert_eq!(given.header("content-type"), boxed.header("content-type"));
}

#[tokio::test]
async fn body_map_after_a_finished_body_edits_it() {
    let request = sent(|r| {
        r.body(finished())
            .body_map(|b| b.body(Some("edited".to_owned())))
    })
    .await;
    assert_eq!(
        request.body_text(),
        "Body=edited&From=%2B15551234567&MediaUrl=https%3A%2F%2Fexample.com%2Fa.png\
         &To=%2B15559876543"
    );
}

#[tokio::test]
async fn a_finished_body_replaces_one_built_before() {
    let request = sent(|r| {
        r.body_map(|b| {
            b.to("+15550000000")
                .status_callback(Some("https://x.test".to_owned()))
        })
        .body(finished())
    })
    .await;
    assert!(
        !request.body_text().contains("StatusCallback"),
        "{}",
        request.body_text()
    );
    assert!(
        request.body_text().ends_with("To=%2B15559876543"),
        "{}",
        request.body_text()
    );
}

#[tokio::test]
async fn a_missing_body_or_required_field_is_refused_before_sending() {
    let server = server().await;
    let client = client(&server);
    let none = client.create_message().account_sid(ACCOUNT).send().await;
    let partial = client
        .create_message()
        .account_sid(ACCOUNT)
        .body_map(|b| b.body(Some("hi".to_owned())))
        .send()
        .await;
    for result in [none, partial] {
        match result {
            Err(Error::InvalidRequest(text)) => assert_eq!(text, "no value supplied for to"),
            other => panic!("{other:?}"),
        }
    }
    assert!(server.requests().is_empty());
}
