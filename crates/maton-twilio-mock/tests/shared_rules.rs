//! The emulator answers by the rules defined once in `maton-twilio-rules`, on their edges: the
//! same predicates and bounds the client checks before sending.

mod common;

use maton_test_support::edges;
use maton_twilio_mock::MockGateway;
use maton_twilio_rules::{
    AccountSid, CallSid, MAX_BODY_CHARS, MAX_MEDIA_URLS, MAX_PAGE_SIZE, MAX_VALIDITY_PERIOD,
    MIN_PAGE_SIZE, MIN_VALIDITY_PERIOD, MessageSid, Sid, body_chars, is_e164,
};

const FROM: &str = "+15551234567";

/// The status the emulator gives a `CreateMessage` with these form pairs.
async fn create(mock: &MockGateway, pairs: &[(&str, &str)]) -> u16 {
    let response = common::raw(mock)
        .post(common::url(mock, "Messages.json"))
        .form(pairs)
        .send()
        .await
        .expect("send");
    response.status().as_u16()
}

/// The status the emulator gives a GET of `url`.
async fn get(mock: &MockGateway, url: String) -> u16 {
    common::status(common::raw(mock).get(url)).await
}

#[tokio::test]
async fn create_message_follows_the_shared_rules_on_their_edges() {
    let mock = MockGateway::start().await.expect("start");

    for to in &edges::phone_numbers() {
        let status = create(
            &mock,
            &[("To", to.as_str()), ("From", FROM), ("Body", "hi")],
        )
        .await;
        assert_eq!(status == 201, is_e164(to), "{to}: {status}");
    }

    for body in edges::bodies(MAX_BODY_CHARS) {
        let status = create(
            &mock,
            &[("To", "+15559876543"), ("From", FROM), ("Body", &body)],
        )
        .await;
        let expected = body_chars(&body) <= MAX_BODY_CHARS;
        assert_eq!(
            status == 201,
            expected,
            "{} chars: {status}",
            body.chars().count()
        );
    }

    let urls: Vec<String> = (0..=MAX_MEDIA_URLS)
        .map(|i| format!("https://example.com/{i}.png"))
        .collect();
    for count in [MAX_MEDIA_URLS, MAX_MEDIA_URLS + 1] {
        let mut pairs = vec![("To", "+15559876543"), ("From", FROM)];
        pairs.extend(urls[..count].iter().map(|u| ("MediaUrl", u.as_str())));
        let status = create(&mock, &pairs).await;
        assert_eq!(status == 201, count <= MAX_MEDIA_URLS, "{count}: {status}");
    }

    let (min, max) = (
        i64::from(MIN_VALIDITY_PERIOD),
        i64::from(MAX_VALIDITY_PERIOD),
    );
    for period in edges::around(min, max) {
        let text = period.to_string();
        let pairs = [
            ("To", "+15559876543"),
            ("From", FROM),
            ("Body", "hi"),
            ("ValidityPeriod", text.as_str()),
        ];
        let status = create(&mock, &pairs).await;
        let expected = (min..=max).contains(&period);
        assert_eq!(status == 201, expected, "{period}: {status}");
    }
    mock.shutdown().await;
}

#[tokio::test]
async fn page_sizes_and_sid_shapes_follow_the_shared_rules() {
    let mock = MockGateway::start().await.expect("start");
    for size in edges::around(MIN_PAGE_SIZE, MAX_PAGE_SIZE) {
        let url = format!("{}?PageSize={size}", common::url(&mock, "Messages.json"));
        let status = get(&mock, url).await;
        let expected = (MIN_PAGE_SIZE..=MAX_PAGE_SIZE).contains(&size);
        assert_eq!(status == 200, expected, "{size}: {status}");
    }

    // Only a message SID routes to FetchMessage (and then 404s as unknown); anything else is a
    // path the gateway does not know.
    let hex = "0123456789abcdef0123456789abcdef";
    for sid in [
        format!("SM{hex}"),
        format!("MM{hex}"),
        format!("CA{hex}"),
        "SM12".into(),
    ] {
        let url = common::url(&mock, &format!("Messages/{sid}.json"));
        let status = get(&mock, url).await;
        assert_eq!(status, 404, "{sid}");
        let routed = mock.requests().last().and_then(|r| r.operation);
        assert_eq!(
            routed == Some("FetchMessage"),
            MessageSid::is_valid(&sid),
            "{sid}"
        );
        assert_eq!(CallSid::is_valid(&sid), sid.starts_with("CA"), "{sid}");
    }
    assert!(AccountSid::is_valid(mock.account_sid()));
    mock.shutdown().await;
}
