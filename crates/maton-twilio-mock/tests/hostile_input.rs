//! Query input that once made the emulator panic or hold its store for seconds.

mod common;

use std::time::{Duration, Instant};

use maton_twilio_mock::MockGateway;

async fn get(mock: &MockGateway, tail: &str) -> (u16, serde_json::Value) {
    common::get_json(mock, &common::url(mock, tail)).await
}

#[tokio::test]
async fn usage_offsets_at_the_ends_of_i64_are_400() {
    let mock = MockGateway::start().await.expect("start");
    for date in [
        "-9223372036854775808days",
        "9223372036854775807days",
        "-36501days",
    ] {
        for key in ["StartDate", "EndDate"] {
            let (status, body) = get(&mock, &format!("Usage/Records.json?{key}={date}")).await;
            assert_eq!(
                (status, body["code"].as_i64()),
                (400, Some(20001)),
                "{body}"
            );
        }
    }
    let (status, _) = get(&mock, "Usage/Records.json?StartDate=-30days").await;
    assert_eq!(status, 200);
}

#[tokio::test]
async fn the_largest_page_number_with_a_valid_token_is_answered() {
    let mock = MockGateway::start().await.expect("start");
    for text in ["one", "two", "three"] {
        common::send(&mock, "+15559876543", text).await;
    }
    let (status, first) = get(&mock, "Messages.json?PageSize=1").await;
    assert_eq!(status, 200);
    let next = first["next_page_uri"].as_str().expect("next page");
    let token = next
        .split('&')
        .find_map(|pair| pair.strip_prefix("PageToken="))
        .expect("token");
    let (status, page) = get(
        &mock,
        &format!("Messages.json?PageSize=1&Page=18446744073709551615&PageToken={token}"),
    )
    .await;
    assert_eq!(status, 200, "{page}");
    assert_eq!(page["messages"].as_array().map(Vec::len), Some(1));
}

#[tokio::test]
async fn a_date_range_across_the_calendar_is_400_and_holds_nobody_up() {
    let mock = MockGateway::start().await.expect("start");
    let hostile = "Usage/Records/Daily.json?StartDate=-262000-01-01&EndDate=%2B262000-12-31";
    let started = Instant::now();
    let attackers: Vec<_> = (0..8)
        .map(|_| {
            let client = common::raw(&mock);
            let url = common::url(&mock, hostile);
            tokio::spawn(async move { client.get(url).send().await })
        })
        .collect();
    // A normal request sent at the same time as the hostile ones.
    let (status, _) = get(&mock, "Messages.json").await;
    assert_eq!(status, 200);
    for attacker in attackers {
        let response = attacker.await.expect("join").expect("response");
        let (status, body) = common::json(response).await;
        assert_eq!(
            (status, body["code"].as_i64()),
            (400, Some(20001)),
            "{body}"
        );
    }
    // Each hostile request used to walk 190 million days under the store's lock (1.5 to 8 s
    // each); nine requests now finish together in milliseconds. The bound is generous on
    // purpose: the real guarantee is the step count in the usage module's unit tests.
    assert!(
        started.elapsed() < Duration::from_secs(5),
        "{:?}",
        started.elapsed()
    );

    // The widest range that is allowed (about 200 years) is bounded by the 1,000 newest days.
    let (status, body) = get(
        &mock,
        "Usage/Records/Daily.json?StartDate=-36500days&EndDate=%2B36500days&Category=sms&PageSize=1000",
    )
    .await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["usage_records"].as_array().map(Vec::len), Some(1000));
}
