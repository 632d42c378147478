//! Twilio's rules and error bodies, bad requests of every kind, and the storage caps.

mod common;

use maton_twilio_api::twilio::Operation;
use maton_twilio_mock::{Limits, MockGateway};
use serde_json::json;

/// Form pairs, and the status and Twilio code they must get.
type FormCase<'a> = (Vec<(&'a str, &'a str)>, u16, i64);
/// A path, form pairs, and the status and Twilio code they must get.
type PathCase<'a> = (&'a str, Vec<(&'a str, &'a str)>, i64);
/// Method, URL, body, and the status and Twilio code (`None`: the gateway's own error).
type RawCase<'a> = (&'a str, String, Vec<u8>, u16, Option<i64>);

async fn post(mock: &MockGateway, tail: &str, body: &str) -> (u16, serde_json::Value) {
    common::post_form(mock, tail, body.to_string()).await
}

#[tokio::test]
async fn create_message_rules_give_twilio_codes() {
    let mock = MockGateway::start().await.expect("start");
    let long = "a".repeat(1601);
    let ok_from = ("From", "+15551234567");
    let cases: Vec<FormCase<'_>> = vec![
        (vec![ok_from, ("Body", "hi")], 400, 21604),
        (vec![("To", "+15559876543"), ("Body", "hi")], 400, 21603),
        (vec![("To", "+15559876543"), ok_from], 400, 21602),
        (
            vec![("To", "+15559876543"), ok_from, ("Body", &long)],
            400,
            21617,
        ),
        (
            vec![("To", "555-1234"), ok_from, ("Body", "hi")],
            400,
            21211,
        ),
        (
            vec![("To", "+15559876543"), ("From", "sender"), ("Body", "hi")],
            400,
            21212,
        ),
        (
            vec![
                ("To", "+15559876543"),
                ("From", "+15550000000"),
                ("Body", "hi"),
            ],
            400,
            21606,
        ),
        (
            vec![
                ("To", "+15559876543"),
                ok_from,
                ("MediaUrl", "ftp://x/y.png"),
            ],
            400,
            21620,
        ),
        (
            vec![("To", "+15005550001"), ok_from, ("Body", "hi")],
            400,
            21211,
        ),
        (
            vec![("To", "+15005550004"), ok_from, ("Body", "hi")],
            400,
            21610,
        ),
        (
            vec![
                ("To", "+15559876543"),
                ok_from,
                ("Body", "hi"),
                ("SendAsMms", "maybe"),
            ],
            400,
            20001,
        ),
        (
            vec![
                ("To", "+15559876543"),
                ok_from,
                ("Body", "hi"),
                ("ScheduleType", "fixed"),
            ],
            400,
            20001,
        ),
    ];
    for (pairs, status, code) in cases {
        let (got, body) = post(&mock, "Messages.json", &common::form(&pairs)).await;
        assert_eq!(
            (got, body["code"].as_i64()),
            (status, Some(code)),
            "{pairs:?}: {body}"
        );
        assert_eq!(body["status"].as_i64(), Some(i64::from(status)));
        assert_eq!(
            body["more_info"],
            format!("https://www.twilio.com/docs/errors/{code}")
        );
        assert!(body["message"].as_str().is_some_and(|m| !m.is_empty()));
    }
    assert_eq!(mock.performed(Operation::CreateMessage.id()), 0);
    let exactly = "a".repeat(1600);
    let (status, body) = post(
        &mock,
        "Messages.json",
        &common::form(&[("To", "+15559876543"), ok_from, ("Body", &exactly)]),
    )
    .await;
    assert_eq!(status, 201);
    assert_eq!(body["num_segments"], "11");
    let (status, body) = post(
        &mock,
        "Messages.json",
        &common::form(&[
            ("To", "+15559876543"),
            ok_from,
            ("MediaUrl", "https://e.x/a.png"),
            ("MediaUrl", "https://e.x/b.png"),
        ]),
    )
    .await;
    assert_eq!(status, 201);
    assert_eq!(body["num_media"], "2");
    assert!(body["sid"].as_str().is_some_and(|s| s.starts_with("MM")));
}

#[tokio::test]
async fn other_create_rules() {
    let mock = MockGateway::start().await.expect("start");
    let cases: Vec<PathCase<'_>> = vec![
        (
            "Calls.json",
            vec![("From", "+15551234567"), ("Url", "https://e.x")],
            21201,
        ),
        (
            "Calls.json",
            vec![("To", "+15559876543"), ("Url", "https://e.x")],
            21213,
        ),
        (
            "Calls.json",
            vec![("To", "+15559876543"), ("From", "+15551234567")],
            21205,
        ),
        (
            "Calls.json",
            vec![
                ("To", "+15559876543"),
                ("From", "+15550000000"),
                ("Url", "https://e.x"),
            ],
            21210,
        ),
        (
            "Calls.json",
            vec![
                ("To", "+15559876543"),
                ("From", "+15551234567"),
                ("Url", "https://e.x"),
                ("Timeout", "0"),
            ],
            20001,
        ),
        ("Queues.json", vec![("MaxSize", "10")], 20001),
        (
            "Queues.json",
            vec![("FriendlyName", "q"), ("MaxSize", "100000")],
            20001,
        ),
        ("Addresses.json", vec![("CustomerName", "Acme")], 20001),
        ("IncomingPhoneNumbers.json", vec![], 20001),
        (
            "IncomingPhoneNumbers.json",
            vec![("PhoneNumber", "+15551234567")],
            21422,
        ),
        (
            "IncomingPhoneNumbers.json",
            vec![("PhoneNumber", "12")],
            21421,
        ),
        ("IncomingPhoneNumbers.json", vec![("AreaCode", "12")], 21451),
        ("Applications.json", vec![("VoiceMethod", "PUT")], 20001),
    ];
    for (tail, pairs, code) in cases {
        let (got, body) = post(&mock, tail, &common::form(&pairs)).await;
        assert_eq!(
            (got, body["code"].as_i64()),
            (400, Some(code)),
            "{tail} {pairs:?}: {body}"
        );
    }
    let (status, body) = post(&mock, "IncomingPhoneNumbers.json", "AreaCode=415").await;
    assert_eq!(status, 201, "{body}");
    assert!(
        body["phone_number"]
            .as_str()
            .is_some_and(|n| n.starts_with("+1415"))
    );
}

#[tokio::test]
async fn bad_requests_get_twilio_style_4xx_and_never_break_the_server() {
    let mock = common::with_limits(Limits {
        max_body_bytes: 1024,
        ..Limits::default()
    })
    .await;
    let client = common::raw(&mock);
    let base = mock.twilio_url();
    let ac = mock.account_sid().to_string();
    let huge = "Body=".to_string() + &"x".repeat(4096);
    let cases: Vec<RawCase<'_>> = vec![
        (
            "POST",
            format!("{base}/2010-04-01/Accounts/{ac}/Messages.json"),
            b"To=%2B15559876543&Body=%FF%FE".to_vec(),
            400,
            Some(20001),
        ),
        (
            "POST",
            format!("{base}/2010-04-01/Accounts/{ac}/Messages.json"),
            vec![0xff, 0xfe, 0x00],
            400,
            Some(20001),
        ),
        (
            "POST",
            format!("{base}/2010-04-01/Accounts/{ac}/Messages.json"),
            huge.into_bytes(),
            413,
            Some(20001),
        ),
        (
            "GET",
            format!("{base}/2010-04-01/Accounts/{ac}/Messages/SM123.json"),
            vec![],
            404,
            Some(20404),
        ),
        (
            "GET",
            format!(
                "{base}/2010-04-01/Accounts/{ac}/Messages/CA0123456789abcdef0123456789abcdef.json"
            ),
            vec![],
            404,
            Some(20404),
        ),
        (
            "GET",
            format!(
                "{base}/2010-04-01/Accounts/{ac}/Messages/SM0123456789abcdef0123456789abcdef.json"
            ),
            vec![],
            404,
            Some(20404),
        ),
        (
            "GET",
            format!("{base}/2010-04-01/Accounts/AC0123456789abcdef0123456789abcdef/Messages.json"),
            vec![],
            404,
            Some(20404),
        ),
        (
            "GET",
            format!("{base}/2010-04-01/Accounts/{ac}/Messages/..%2F..%2FAccounts.json"),
            vec![],
            404,
            Some(20404),
        ),
        (
            "GET",
            format!("{base}/2010-04-01/Accounts/{ac}/Nothing.json"),
            vec![],
            404,
            Some(20404),
        ),
        (
            "GET",
            format!("{base}/2010-04-01/Accounts/{ac}/AvailablePhoneNumbers/ZZ/Local.json"),
            vec![],
            404,
            Some(20404),
        ),
        (
            "PUT",
            format!("{base}/2010-04-01/Accounts/{ac}/Messages.json"),
            vec![],
            405,
            Some(20004),
        ),
        (
            "PATCH",
            format!("{base}/2010-04-01/Accounts.json"),
            vec![],
            405,
            Some(20004),
        ),
        (
            "DELETE",
            format!("{base}/2010-04-01/Accounts/{ac}.json"),
            vec![],
            405,
            Some(20004),
        ),
        (
            "GET",
            format!("{base}/2010-04-01/Accounts/{ac}/Messages.json?DateSent=yesterday"),
            vec![],
            400,
            Some(20001),
        ),
        (
            "GET",
            format!("{base}/2010-04-01/Accounts/{ac}/Addresses.json?EmergencyEnabled=perhaps"),
            vec![],
            400,
            Some(20001),
        ),
        (
            "GET",
            format!("{base}/2010-04-01/Accounts/{ac}/Usage/Records.json?StartDate=soon"),
            vec![],
            400,
            Some(20001),
        ),
        (
            "GET",
            format!("{}/nowhere", mock.control_url()),
            vec![],
            404,
            None,
        ),
        (
            "PUT",
            format!("{}/connections", mock.control_url()),
            vec![],
            405,
            None,
        ),
    ];
    for (method, url, body, status, code) in cases {
        let method = reqwest::Method::from_bytes(method.as_bytes()).expect("method");
        let response = client
            .request(method.clone(), &url)
            .header("content-type", "application/x-www-form-urlencoded")
            .body(body)
            .send()
            .await
            .expect("send");
        let (got, json) = common::json(response).await;
        assert_eq!(got, status, "{method} {url}: {json}");
        match code {
            Some(code) => assert_eq!(json["code"].as_i64(), Some(code), "{method} {url}: {json}"),
            None => assert!(json["error"].is_string(), "{method} {url}: {json}"),
        }
    }
    // Still serving.
    common::send(&mock, "+15559876543", "still here").await;
}

#[tokio::test]
async fn storage_caps_evict_messages_and_refuse_other_records() {
    let mock = common::with_limits(Limits {
        max_messages: 3,
        max_resources: 2,
        ..Limits::default()
    })
    .await;
    let sids = [
        common::send(&mock, "+15559876543", "1").await,
        common::send(&mock, "+15559876543", "2").await,
        common::send(&mock, "+15559876543", "3").await,
        common::send(&mock, "+15559876543", "4").await,
    ];
    let stats = mock.stats();
    assert_eq!((stats.messages, stats.evicted), (3, 1));
    let oldest = common::url(&mock, &format!("Messages/{}.json", sids[0]));
    assert_eq!(common::status(common::raw(&mock).get(oldest)).await, 404);
    // Two queues fit (max_resources counts every account's records of a kind).
    assert_eq!(post(&mock, "Queues.json", "FriendlyName=a").await.0, 201);
    assert_eq!(post(&mock, "Queues.json", "FriendlyName=b").await.0, 201);
    let (status, body) = post(&mock, "Queues.json", "FriendlyName=c").await;
    assert_eq!((status, body["code"].clone()), (400, json!(20001)));
}

#[tokio::test]
async fn odd_queries_on_every_list_get_answers_below_500() {
    let mock = MockGateway::start().await.expect("start");
    let client = common::raw(&mock);
    let queries = [
        "PageSize=18446744073709551616",
        "Page=99999999999999999999",
        "PageToken=PA",
        "PageToken=PBSM%00",
        "To=%E2%98%83&From=&DateSent%3C=9999-12-31",
        "StartTime%3E=+262143-01-01",
        "StartDate=-99999999days",
        "EndDate=+262142-12-31&StartDate=1-01-01",
        "AreaCode=-1&Contains=%25%25%25",
        "Status=%00%01",
        "PageSize=1000&PageSize=1",
        "%FF=%FE",
    ];
    for list in maton_test_support::lists::ACCOUNT_LISTS {
        for query in queries {
            let url = common::url(&mock, &format!("{list}?{query}"));
            let status = common::status(client.get(&url)).await;
            assert!(status < 500, "{url}: {status}");
        }
    }
    common::send(&mock, "+15559876543", "still serving").await;
}
