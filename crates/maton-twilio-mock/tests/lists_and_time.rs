//! Paging (defaults, bounds, tokens, stability while others insert), filters, and statuses that
//! advance with the emulated clock.

mod common;

use std::collections::HashSet;
use std::time::Duration;

use maton_twilio_mock::MockGateway;
use serde_json::json;

use common::get_json as get;

/// Follows `next_page_uri` (relative to Twilio's root, so resolved against the gateway's base).
fn absolute(mock: &MockGateway, relative: &str) -> String {
    format!("{}{relative}", mock.twilio_url())
}

#[tokio::test]
async fn pages_default_to_50_and_enforce_their_bounds() {
    let mock = MockGateway::start().await.expect("start");
    for i in 0..60 {
        common::send(&mock, "+15559876543", &format!("m{i}")).await;
    }
    let (status, page) = get(&mock, &common::url(&mock, "Messages.json")).await;
    assert_eq!(status, 200);
    assert_eq!(page["messages"].as_array().map(Vec::len), Some(50));
    assert_eq!(
        (
            page["page"].clone(),
            page["page_size"].clone(),
            page["start"].clone(),
            page["end"].clone()
        ),
        (json!(0), json!(50), json!(0), json!(49))
    );
    assert_eq!(page["previous_page_uri"], serde_json::Value::Null);
    assert_eq!(page["messages"][0]["body"], "m59", "newest first");
    let next = page["next_page_uri"].as_str().expect("next");
    assert!(
        next.starts_with(&format!(
            "/2010-04-01/Accounts/{}/Messages.json?PageSize=50&Page=1&PageToken=PA",
            mock.account_sid()
        )),
        "{next}"
    );
    let (_, second) = get(&mock, &absolute(&mock, next)).await;
    assert_eq!(second["messages"].as_array().map(Vec::len), Some(10));
    assert_eq!(
        (
            second["page"].clone(),
            second["start"].clone(),
            second["end"].clone()
        ),
        (json!(1), json!(50), json!(59))
    );
    assert_eq!(second["next_page_uri"], serde_json::Value::Null);
    let previous = second["previous_page_uri"].as_str().expect("previous");
    let (_, back) = get(&mock, &absolute(&mock, previous)).await;
    assert_eq!(back["messages"], page["messages"]);

    let (_, biggest) = get(&mock, &common::url(&mock, "Messages.json?PageSize=1000")).await;
    assert_eq!(biggest["messages"].as_array().map(Vec::len), Some(60));
    for bad in [
        "PageSize=0",
        "PageSize=1001",
        "PageSize=ten",
        "Page=1",
        "Page=-1",
        "PageToken=PAgarbage",
        "Page=2&PageToken=PBSM0123",
    ] {
        let (status, body) = get(&mock, &common::url(&mock, &format!("Messages.json?{bad}"))).await;
        assert_eq!(
            (status, body["code"].clone()),
            (400, json!(20001)),
            "{bad}: {body}"
        );
    }
    let (_, body) = get(&mock, &common::url(&mock, "Messages.json?Page=1")).await;
    assert_eq!(body["message"], "PageToken is required for paging.");
}

#[tokio::test]
async fn a_reader_sees_every_item_once_while_others_insert_and_delete() {
    let mock = MockGateway::start().await.expect("start");
    let mut before = Vec::new();
    for i in 0..25 {
        before.push(common::send(&mock, "+15559876543", &format!("old {i}")).await);
    }
    let mut seen = Vec::new();
    let mut url = common::url(&mock, "Messages.json?PageSize=4");
    let mut round = 0;
    loop {
        let (status, page) = get(&mock, &url).await;
        assert_eq!(status, 200, "{page}");
        for m in page["messages"].as_array().expect("messages") {
            seen.push(m["sid"].as_str().expect("sid").to_string());
        }
        // Between pages, others insert new messages and delete one the reader has seen.
        common::send(&mock, "+15559876543", &format!("new {round}")).await;
        if round == 1 {
            let gone = common::url(&mock, &format!("Messages/{}.json", seen[0]));
            assert_eq!(
                common::raw(&mock)
                    .delete(gone)
                    .send()
                    .await
                    .expect("delete")
                    .status()
                    .as_u16(),
                204
            );
        }
        round += 1;
        match page["next_page_uri"].as_str() {
            Some(next) => url = absolute(&mock, next),
            None => break,
        }
    }
    let unique: HashSet<&String> = seen.iter().collect();
    assert_eq!(unique.len(), seen.len(), "no item twice");
    before.reverse();
    assert_eq!(
        seen, before,
        "every item that existed when the reader started, in order"
    );
}

#[tokio::test]
async fn filters_apply_and_survive_into_page_links() {
    let mock = MockGateway::start().await.expect("start");
    for i in 0..3 {
        common::send(&mock, "+15559876543", &format!("a{i}")).await;
        common::send(&mock, "+442071838750", &format!("b{i}")).await;
    }
    let (_, page) = get(
        &mock,
        &common::url(&mock, "Messages.json?To=%2B442071838750&PageSize=2"),
    )
    .await;
    let bodies: Vec<&str> = page["messages"]
        .as_array()
        .expect("messages")
        .iter()
        .filter_map(|m| m["body"].as_str())
        .collect();
    assert_eq!(bodies, vec!["b2", "b1"]);
    let next = page["next_page_uri"].as_str().expect("next");
    assert!(
        next.contains("To=%2B442071838750&PageSize=2&Page=1&PageToken="),
        "{next}"
    );
    let (_, rest) = get(&mock, &absolute(&mock, next)).await;
    assert_eq!(rest["messages"][0]["body"], "b0");

    // DateSent matches only messages already sent, by day or by instant.
    let listed = |filter: &'static str| {
        let url = common::url(&mock, &format!("Messages.json?{filter}"));
        let mock = &mock;
        async move {
            let (_, page) = get(mock, &url).await;
            page["messages"].as_array().map(Vec::len)
        }
    };
    assert_eq!(
        listed("DateSent=2026-02-09").await,
        Some(0),
        "nothing sent yet"
    );
    mock.advance(Duration::from_secs(2));
    assert_eq!(listed("DateSent=2026-02-09").await, Some(6));
    assert_eq!(listed("DateSent%3E=2026-02-10").await, Some(0));
    assert_eq!(listed("DateSent%3C=2026-02-09T21:00:01Z").await, Some(6));
    assert_eq!(listed("From=%2B15557654321").await, Some(0));
}

#[tokio::test]
async fn message_statuses_follow_the_clock() {
    let mock = MockGateway::start().await.expect("start");
    let sid = common::send(&mock, "+15559876543", "tick").await;
    let failing = common::send(&mock, "+15005550010", "doomed").await;
    let status = |sid: String| {
        let url = common::url(&mock, &format!("Messages/{sid}.json"));
        let mock = &mock;
        async move { get(mock, &url).await.1 }
    };
    let m = status(sid.clone()).await;
    assert_eq!(
        (
            m["status"].clone(),
            m["date_sent"].clone(),
            m["price"].clone()
        ),
        (json!("queued"), json!(null), json!(null))
    );
    mock.advance(Duration::from_secs(1));
    let m = status(sid.clone()).await;
    assert_eq!(m["status"], "sent");
    assert_eq!(m["date_sent"], "Mon, 09 Feb 2026 21:00:01 +0000");
    assert_eq!(m["price"], "-0.00750");
    mock.advance(Duration::from_secs(2));
    assert_eq!(status(sid.clone()).await["status"], "delivered");
    let f = status(failing).await;
    assert_eq!(
        (f["status"].clone(), f["error_code"].clone()),
        (json!("failed"), json!(30008))
    );
}

#[tokio::test]
async fn scheduled_messages_can_be_canceled_and_sent_ones_cannot() {
    let mock = MockGateway::start().await.expect("start");
    let client = common::raw(&mock);
    let create = common::form(&[
        ("To", "+15559876543"),
        ("MessagingServiceSid", "MG0123456789abcdef0123456789abcdef"),
        ("Body", "later"),
        ("ScheduleType", "fixed"),
        ("SendAt", "2026-02-09T22:00:00Z"),
    ]);
    let (status, m) = common::post_form(&mock, "Messages.json", create).await;
    assert_eq!(
        (status, m["status"].clone()),
        (201, json!("scheduled")),
        "{m}"
    );
    let url = common::url(
        &mock,
        &format!("Messages/{}.json", m["sid"].as_str().expect("sid")),
    );
    let cancel = || {
        client
            .post(&url)
            .header("content-type", "application/x-www-form-urlencoded")
            .body("Status=canceled")
            .send()
    };
    let (status, m) = common::json(cancel().await.expect("cancel")).await;
    assert_eq!((status, m["status"].clone()), (200, json!("canceled")));
    let sent = common::send(&mock, "+15559876543", "now").await;
    let tail = format!("Messages/{sent}.json");
    let (status, body) = common::post_form(&mock, &tail, "Status=canceled".to_string()).await;
    assert_eq!((status, body["code"].clone()), (400, json!(20001)));
}

#[tokio::test]
async fn calls_ring_answer_and_complete_on_the_clock_or_when_ended() {
    let mock = MockGateway::start().await.expect("start");
    let client = common::raw(&mock);
    let place = |to: &'static str| {
        let body = common::form(&[
            ("To", to),
            ("From", "+15551234567"),
            ("Url", "https://example.com/twiml"),
        ]);
        let request = client
            .post(common::url(&mock, "Calls.json"))
            .header("content-type", "application/x-www-form-urlencoded")
            .body(body);
        async move {
            let (status, call) = common::json(request.send().await.expect("send")).await;
            assert_eq!(status, 201, "{call}");
            common::url_for_call(call["sid"].as_str().expect("sid"))
        }
    };
    let natural = place("+15559876543").await;
    let hung_up = place("+15559876544").await;
    let busy = place("+15005550011").await;
    let fetch = |tail: String| {
        let url = common::url(&mock, &tail);
        let mock = &mock;
        async move { get(mock, &url).await.1 }
    };
    assert_eq!(fetch(natural.clone()).await["status"], "queued");
    mock.advance(Duration::from_secs(1));
    assert_eq!(fetch(natural.clone()).await["status"], "ringing");
    mock.advance(Duration::from_secs(4));
    assert_eq!(fetch(natural.clone()).await["status"], "in-progress");
    assert_eq!(fetch(busy.clone()).await["status"], "busy");
    mock.advance(Duration::from_secs(3));
    let ended = client
        .post(common::url(&mock, &hung_up))
        .header("content-type", "application/x-www-form-urlencoded")
        .body("Status=completed")
        .send()
        .await
        .expect("end");
    let (_, ended) = common::json(ended).await;
    assert_eq!(
        (ended["status"].clone(), ended["duration"].clone()),
        (json!("completed"), json!("3"))
    );
    mock.advance(Duration::from_secs(10));
    let done = fetch(natural.clone()).await;
    assert_eq!(
        (
            done["status"].clone(),
            done["duration"].clone(),
            done["price"].clone()
        ),
        (json!("completed"), json!("10"), json!("-0.01400"))
    );
    // An ended call cannot be redirected.
    let redirect = "Url=https://example.com/other".to_string();
    let (status, body) = common::post_form(&mock, &natural, redirect).await;
    assert_eq!((status, body["code"].clone()), (400, json!(21220)));
    // Filters by the derived status.
    let (_, completed) = get(&mock, &common::url(&mock, "Calls.json?Status=completed")).await;
    assert_eq!(completed["calls"].as_array().map(Vec::len), Some(2));
}
