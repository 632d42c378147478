//! Every fault kind, the performed-operation counters that prove what really ran, and the
//! gateway's rate limit.

mod common;

use maton_twilio_api::twilio::Operation;
use std::time::Duration;

use maton_twilio_mock::{Fault, FaultPlan, MockGateway};
use serde_json::json;

fn create_body() -> String {
    common::form(&[
        ("To", "+15559876543"),
        ("From", "+15551234567"),
        ("Body", "hi"),
    ])
}

async fn create(mock: &MockGateway) -> Result<reqwest::Response, reqwest::Error> {
    common::raw(mock)
        .post(common::url(mock, "Messages.json"))
        .header("content-type", "application/x-www-form-urlencoded")
        .body(create_body())
        .send()
        .await
}

async fn stored_messages(mock: &MockGateway) -> usize {
    let (_, page) = common::get_json(mock, &common::url(mock, "Messages.json")).await;
    page["messages"].as_array().map_or(0, Vec::len)
}

/// An emulator whose `CreateMessage` answers with each of `faults` once, in order, and normally
/// after them.
async fn with_create_faults(faults: impl IntoIterator<Item = Fault>) -> MockGateway {
    let plan = faults
        .into_iter()
        .fold(FaultPlan::new(), |plan, fault| plan.then(fault, 1));
    let mock = MockGateway::start().await.expect("start");
    mock.inject(Operation::CreateMessage.id(), plan);
    mock
}

#[tokio::test]
async fn status_faults_answer_without_performing() {
    let mock = with_create_faults([
        Fault::TooManyRequests { retry_after: 2 },
        Fault::InternalServerError,
        Fault::BadGatewayHtml,
    ])
    .await;
    let r = create(&mock).await.expect("429");
    assert_eq!(r.status().as_u16(), 429);
    assert_eq!(
        r.headers().get("retry-after").and_then(|v| v.to_str().ok()),
        Some("2")
    );
    let (status, body) = common::json(create(&mock).await.expect("500")).await;
    assert_eq!(
        (status, body),
        (500, json!({"error": "Internal server error"}))
    );
    let r = create(&mock).await.expect("502");
    assert_eq!(r.status().as_u16(), 502);
    assert!(
        r.headers()
            .get("content-type")
            .and_then(|v| v.to_str().ok())
            .is_some_and(|t| t.starts_with("text/html"))
    );
    assert!(r.text().await.expect("text").contains("<html>"));
    assert_eq!(mock.performed(Operation::CreateMessage.id()), 0);
    assert_eq!(stored_messages(&mock).await, 0);
    assert_eq!(
        create(&mock).await.expect("plan used up").status().as_u16(),
        201
    );
    assert_eq!(mock.performed(Operation::CreateMessage.id()), 1);
}

#[tokio::test]
async fn a_reset_before_processing_performs_nothing_and_after_performs_once() {
    let mock =
        with_create_faults([Fault::ResetBeforeProcessing, Fault::ResetAfterProcessing]).await;
    let before = create(&mock).await.expect_err("reset before");
    assert!(!before.is_status(), "{before:?}");
    assert_eq!(mock.performed(Operation::CreateMessage.id()), 0);
    let after = create(&mock).await.expect_err("reset after");
    assert!(!after.is_status(), "{after:?}");
    assert_eq!(
        mock.performed(Operation::CreateMessage.id()),
        1,
        "the send went through although the client saw an error"
    );
    assert_eq!(stored_messages(&mock).await, 1);
    // A retry that the client makes would be a second send: the counter shows it.
    assert_eq!(create(&mock).await.expect("retry").status().as_u16(), 201);
    assert_eq!(mock.performed(Operation::CreateMessage.id()), 2);
}

#[tokio::test]
async fn broken_bodies_come_with_the_real_status_after_performing() {
    let mock = with_create_faults([Fault::TruncatedJson, Fault::InvalidJson]).await;
    for _ in 0..2 {
        let r = create(&mock).await.expect("send");
        assert_eq!(r.status().as_u16(), 201);
        let text = r.text().await.expect("body");
        assert!(
            serde_json::from_str::<serde_json::Value>(&text).is_err(),
            "{text}"
        );
    }
    assert_eq!(mock.performed(Operation::CreateMessage.id()), 2);
    // The generated client reports them as errors.
    mock.inject(
        Operation::FetchAccount.id(),
        FaultPlan::always(Fault::TruncatedJson),
    );
    let client = common::twilio(&mock);
    assert!(
        client
            .fetch_account()
            .sid(mock.account_sid())
            .send()
            .await
            .is_err()
    );
}

#[tokio::test]
async fn latency_delays_and_still_answers() {
    let mock = MockGateway::start().await.expect("start");
    mock.inject(
        Operation::ListAccount.id(),
        FaultPlan::new().then(Fault::Latency(Duration::from_millis(20)), 1),
    );
    let url = format!("{}/2010-04-01/Accounts.json", mock.twilio_url());
    assert_eq!(common::status(common::raw(&mock).get(url)).await, 200);
    assert_eq!(mock.performed(Operation::ListAccount.id()), 1);
}

#[tokio::test]
async fn plans_are_per_operation_with_a_catch_all_and_random_ones_are_deterministic() {
    let draw = |seed| async move {
        let mock = MockGateway::start().await.expect("start");
        mock.inject(
            "*",
            FaultPlan::random(
                seed,
                0.5,
                [
                    Fault::InternalServerError,
                    Fault::TooManyRequests { retry_after: 1 },
                ],
            ),
        );
        mock.inject(Operation::ListAccount.id(), FaultPlan::new());
        let mut statuses = Vec::new();
        for _ in 0..20 {
            statuses.push(create(&mock).await.expect("send").status().as_u16());
        }
        let accounts = format!("{}/2010-04-01/Accounts.json", mock.twilio_url());
        assert_eq!(
            common::status(common::raw(&mock).get(accounts)).await,
            200,
            "own plan wins"
        );
        let created = statuses.iter().filter(|s| **s == 201).count() as u64;
        assert_eq!(mock.performed(Operation::CreateMessage.id()), created);
        statuses
    };
    let first = draw(42).await;
    assert_eq!(first, draw(42).await);
    assert!(
        first.contains(&201) && first.iter().any(|s| *s != 201),
        "{first:?}"
    );
    assert_ne!(first, draw(43).await);
}

#[tokio::test]
async fn the_rate_limit_allows_ten_per_second_per_key_when_on() {
    let mock = MockGateway::builder()
        .rate_limit(10)
        .start()
        .await
        .expect("start");
    let url = format!("{}/2010-04-01/Accounts.json", mock.twilio_url());
    let client = common::raw(&mock);
    for _ in 0..10 {
        assert_eq!(common::status(client.get(&url)).await, 200);
    }
    assert_eq!(mock.rate_limited(), 0);
    let limited = client.get(&url).send().await.expect("send");
    assert_eq!(limited.status().as_u16(), 429);
    assert_eq!(mock.rate_limited(), 1, "the 429 is counted");
    assert_eq!(
        limited
            .headers()
            .get("retry-after")
            .and_then(|v| v.to_str().ok()),
        Some("1")
    );
    mock.advance(Duration::from_secs(1));
    assert_eq!(common::status(client.get(&url)).await, 200);
    mock.set_rate_limit(None);
    for _ in 0..20 {
        assert_eq!(common::status(client.get(&url)).await, 200);
    }
    assert_eq!(mock.performed(Operation::ListAccount.id()), 31);
}

#[tokio::test]
async fn recorded_requests_keep_what_was_sent_without_the_key() {
    let mock = MockGateway::start().await.expect("start");
    let client = common::twilio(&mock);
    client
        .create_message()
        .account_sid(mock.account_sid())
        .maton_connection(mock.connection_id().expect("connection"))
        .body_map(|b| {
            b.to("+15559876543")
                .from(Some("+15551234567".to_string()))
                .media_url(vec![
                    "https://e.x/a.png".to_string(),
                    "https://e.x/b.png".to_string(),
                ])
        })
        .send()
        .await
        .expect("send");
    let requests = mock.requests();
    let request = requests.last().expect("recorded");
    assert_eq!(request.operation, Some(Operation::CreateMessage.id()));
    assert_eq!(request.header("authorization"), None);
    assert_eq!(request.header("maton-connection"), mock.connection_id());
    let media: Vec<String> = request
        .form_pairs()
        .into_iter()
        .filter(|(k, _)| k == "MediaUrl")
        .map(|(_, v)| v)
        .collect();
    assert_eq!(media, vec!["https://e.x/a.png", "https://e.x/b.png"]);
    mock.clear_requests();
    assert!(mock.requests().is_empty());
}
