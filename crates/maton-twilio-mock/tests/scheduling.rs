//! Twilio's rules for scheduled messages, on the emulator's clock (which starts at
//! 2026-02-09T21:00:00Z).

mod common;

use maton_twilio_api::twilio::Operation;
use std::time::Duration;

use maton_twilio_mock::MockGateway;
use serde_json::json;

const SERVICE: &str = "MG0123456789abcdef0123456789abcdef";

async fn schedule(mock: &MockGateway, extra: &[(&str, &str)]) -> (u16, serde_json::Value) {
    let mut pairs = vec![("To", "+15559876543"), ("Body", "later")];
    pairs.extend_from_slice(extra);
    let response = common::raw(mock)
        .post(common::url(mock, "Messages.json"))
        .header("content-type", "application/x-www-form-urlencoded")
        .body(common::form(&pairs))
        .send()
        .await
        .expect("send");
    common::json(response).await
}

fn fixed(send_at: &str) -> [(&'static str, String); 3] {
    [
        ("MessagingServiceSid", SERVICE.to_string()),
        ("ScheduleType", "fixed".to_string()),
        ("SendAt", send_at.to_string()),
    ]
}

async fn at(mock: &MockGateway, send_at: &str) -> (u16, Option<i64>) {
    let pairs = fixed(send_at);
    let pairs: Vec<(&str, &str)> = pairs.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let (status, body) = schedule(mock, &pairs).await;
    (status, body["code"].as_i64())
}

#[tokio::test]
async fn send_at_must_be_15_minutes_to_35_days_ahead() {
    let mock = MockGateway::start().await.expect("start");
    for (send_at, expected) in [
        ("2026-02-09T21:14:59Z", (400, Some(35114))),
        ("2026-02-09T21:15:00Z", (201, None)),
        ("2026-02-09T23:15:00+02:00", (201, None)),
        ("2026-02-11T12:00:00Z", (201, None)),
        ("2026-03-16T21:00:00Z", (201, None)),
        ("2026-03-16T21:00:01Z", (400, Some(35114))),
        ("2026-04-10T21:00:00Z", (400, Some(35114))),
        ("2026-02-09T20:00:00Z", (400, Some(35114))),
    ] {
        assert_eq!(at(&mock, send_at).await, expected, "{send_at}");
    }
}

#[tokio::test]
async fn scheduling_needs_a_messaging_service_and_the_fixed_type() {
    let mock = MockGateway::start().await.expect("start");
    let cases = [
        (
            "a From instead of a service",
            [
                ("From", "+15551234567"),
                ("ScheduleType", "fixed"),
                ("SendAt", "2026-02-10T21:00:00Z"),
            ],
            35111,
        ),
        (
            "a type other than fixed",
            [
                ("MessagingServiceSid", SERVICE),
                ("ScheduleType", "later"),
                ("SendAt", "2026-02-10T21:00:00Z"),
            ],
            35115,
        ),
    ];
    for (case, form, code) in cases {
        let (status, body) = schedule(&mock, &form).await;
        assert_eq!(
            (status, body["code"].as_i64()),
            (400, Some(code)),
            "{case}: {body}"
        );
        assert_eq!(
            body["more_info"],
            format!("https://www.twilio.com/docs/errors/{code}"),
            "{case}"
        );
    }
    assert_eq!(mock.performed(Operation::CreateMessage.id()), 0);
}

#[tokio::test]
async fn a_scheduled_message_waits_for_send_at_then_goes_out() {
    let mock = MockGateway::start().await.expect("start");
    let pairs = fixed("2026-02-09T21:30:00Z");
    let pairs: Vec<(&str, &str)> = pairs.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let (status, created) = schedule(&mock, &pairs).await;
    assert_eq!(
        (status, created["status"].clone()),
        (201, json!("scheduled"))
    );
    let url = common::url(
        &mock,
        &format!("Messages/{}.json", created["sid"].as_str().expect("sid")),
    );
    let status_now = || {
        let client = common::raw(&mock);
        let url = url.clone();
        async move {
            let (_, body) = common::json(client.get(url).send().await.expect("fetch")).await;
            body["status"].clone()
        }
    };
    mock.advance(Duration::from_secs(29 * 60 + 59));
    assert_eq!(status_now().await, json!("scheduled"));
    mock.advance(Duration::from_secs(1));
    assert_eq!(status_now().await, json!("queued"));
    mock.advance(Duration::from_secs(3));
    assert_eq!(status_now().await, json!("delivered"));
    // Too late to cancel now: only scheduled messages can be.
    let response = common::raw(&mock)
        .post(&url)
        .header("content-type", "application/x-www-form-urlencoded")
        .body("Status=canceled")
        .send()
        .await
        .expect("cancel");
    assert_eq!(response.status().as_u16(), 400);
}
