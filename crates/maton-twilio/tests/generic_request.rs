//! `Client::request`: any v2010 request against the emulator, with the client's key, account,
//! retries and errors; paths outside the API refused before anything is sent.

use std::time::Duration;

use maton_twilio::raw::twilio::Operation;
use maton_twilio::{Client, ErrorKind, Method, Outcome, RetryPolicy};
use maton_twilio_mock::{Fault, FaultPlan, MockGateway};
use serde_json::Value;

fn client_for(mock: &MockGateway) -> Client {
    Client::builder()
        .api_key(mock.api_key())
        .base_url(mock.twilio_url())
        .control_base_url(mock.control_url())
        .no_rate_limit()
        .retry_policy(
            RetryPolicy::default()
                .max_attempts(3)
                .initial_backoff(Duration::from_millis(1))
                .max_backoff(Duration::from_millis(2)),
        )
        .build()
        .expect("valid configuration")
}

const MESSAGES: &str = "/2010-04-01/Accounts/{AccountSid}/Messages.json";

async fn send(client: &Client, body: &str) -> Value {
    client
        .request(Method::Post, MESSAGES)
        .form("To", "+15559876543")
        .form("From", "+15551234567")
        .form("Body", body)
        .send()
        .await
        .expect("created")
        .into_value()
}

#[tokio::test]
async fn a_get_list_fills_the_account_and_returns_the_page() {
    let mock = MockGateway::start().await.expect("emulator starts");
    let client = client_for(&mock);
    send(&client, "one").await;
    let page = client
        .request(Method::Get, MESSAGES)
        .query("PageSize", "20")
        .send()
        .await
        .expect("listed");
    assert_eq!(page.status(), 200);
    let messages = page.value()["messages"].as_array().expect("an array");
    assert_eq!(messages.len(), 1);
    assert_eq!(messages[0]["body"], "one");
    let last = mock.requests().pop().expect("recorded");
    assert_eq!(last.operation, Some(Operation::ListMessage.id()));
    assert!(last.path.contains(mock.account_sid()), "{}", last.path);
    assert_eq!(last.query_pairs(), vec![("PageSize".into(), "20".into())]);
    mock.shutdown().await;
}

#[tokio::test]
async fn a_post_keeps_repeated_form_keys_in_order() {
    let mock = MockGateway::start().await.expect("emulator starts");
    let client = client_for(&mock);
    let created = client
        .request(Method::Post, MESSAGES)
        .form("To", "+15559876543")
        .form("From", "+15551234567")
        .form("MediaUrl", "https://example.com/a.png")
        .form("MediaUrl", "https://example.com/b.png")
        .send()
        .await
        .expect("created");
    assert_eq!(created.status(), 201);
    assert!(
        created.value()["sid"]
            .as_str()
            .unwrap_or("")
            .starts_with("MM")
    );
    assert_eq!(mock.performed(Operation::CreateMessage.id()), 1);
    let last = mock.requests().pop().expect("recorded");
    let media: Vec<String> = last
        .form_pairs()
        .into_iter()
        .filter(|(k, _)| k == "MediaUrl")
        .map(|(_, v)| v)
        .collect();
    assert_eq!(
        media,
        ["https://example.com/a.png", "https://example.com/b.png"]
    );
    mock.shutdown().await;
}

#[tokio::test]
async fn an_unknown_path_is_twilios_404_as_a_typed_error() {
    let mock = MockGateway::start().await.expect("emulator starts");
    let client = client_for(&mock);
    let err = client
        .request(
            Method::Get,
            "/2010-04-01/Accounts/{AccountSid}/Nowhere.json",
        )
        .send()
        .await
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::NotFound, "{err}");
    assert_eq!(err.status(), Some(404));
    assert_eq!(err.code(), Some(20404));
    let body: Value = serde_json::from_str(err.body().expect("body kept")).expect("JSON");
    assert_eq!(body["code"], 20404);
    mock.shutdown().await;
}

#[tokio::test]
async fn bad_paths_and_bodies_are_refused_before_sending() {
    let mock = MockGateway::start().await.expect("emulator starts");
    let client = client_for(&mock);
    // Discover the account first, so that the count below is of the refused requests alone.
    client.account_sid().await.expect("account");
    let before = mock.requests().len();
    for path in [
        "https://evil.example/2010-04-01/Accounts.json",
        "/v1/Services",
        "/2010-04-01/Accounts/{AccountSid}/../../x.json",
        "/2010-04-01/Accounts/{AccountSid}/Messages.json?PageSize=5",
        "/2010-04-01/Accounts/{AccountSid}/Messages/{Sid}.json",
    ] {
        let err = client.request(Method::Get, path).send().await.unwrap_err();
        assert_eq!(err.kind(), ErrorKind::InvalidInput, "{path}: {err}");
        assert_eq!(err.field(), Some("path"), "{path}");
        assert_eq!(err.outcome(), Outcome::NotPerformed);
    }
    let err = client
        .request(Method::Get, MESSAGES)
        .form("Body", "a GET has no body")
        .send()
        .await
        .unwrap_err();
    assert_eq!(err.field(), Some("form"));
    let err = client
        .request(Method::Post, MESSAGES)
        .pages()
        .next()
        .await
        .expect("one result")
        .unwrap_err();
    assert_eq!(err.field(), Some("method"));
    assert_eq!(mock.requests().len(), before, "nothing was sent");
    mock.shutdown().await;
}

#[tokio::test]
async fn paginate_follows_next_page_uri_over_every_page() {
    let mock = MockGateway::start().await.expect("emulator starts");
    let client = client_for(&mock);
    for n in 0..5 {
        send(&client, &format!("m{n}")).await;
    }
    mock.clear_requests();
    let items = client
        .request(Method::Get, MESSAGES)
        .query("PageSize", "2")
        .paginate()
        .await
        .expect("every page");
    assert_eq!(items.len(), 5);
    let mut bodies: Vec<&str> = items.iter().filter_map(|m| m["body"].as_str()).collect();
    bodies.sort_unstable();
    assert_eq!(bodies, ["m0", "m1", "m2", "m3", "m4"]);
    assert_eq!(mock.requests().len(), 3, "three pages of at most two");

    // A page at a time, each page the JSON document Twilio sent.
    let mut pages = client
        .request(Method::Get, MESSAGES)
        .query("PageSize", "4")
        .pages();
    let first = pages.next().await.expect("a page").expect("read");
    assert_eq!(pages.items_of(&first).expect("items").len(), 4);
    let second = pages.next().await.expect("a page").expect("read");
    assert_eq!(pages.items_of(&second).expect("items").len(), 1);
    assert!(pages.next().await.is_none());
    mock.shutdown().await;
}

#[tokio::test]
async fn a_get_is_retried_after_500_and_429_and_a_post_after_a_reset_is_not() {
    let mock = MockGateway::start().await.expect("emulator starts");
    let client = client_for(&mock);
    client.account_sid().await.expect("account");
    mock.inject(
        Operation::ListMessage.id(),
        FaultPlan::new()
            .then(Fault::InternalServerError, 1)
            .then(Fault::TooManyRequests { retry_after: 0 }, 1),
    );
    client
        .request(Method::Get, MESSAGES)
        .send()
        .await
        .expect("answered on the third attempt");
    assert_eq!(mock.performed(Operation::ListMessage.id()), 1);

    mock.inject(
        Operation::CreateMessage.id(),
        FaultPlan::new().then(Fault::ResetAfterProcessing, 1),
    );
    let err = client
        .request(Method::Post, MESSAGES)
        .form("To", "+15559876543")
        .form("From", "+15551234567")
        .form("Body", "once")
        .send()
        .await
        .unwrap_err();
    assert_eq!(err.outcome(), Outcome::Unknown, "{err}");
    assert_eq!(
        mock.performed(Operation::CreateMessage.id()),
        1,
        "not resent"
    );
    mock.shutdown().await;
}

#[tokio::test]
async fn the_key_is_never_in_debug_or_error_text() {
    let mock = MockGateway::start().await.expect("emulator starts");
    let client = client_for(&mock);
    let key = mock.api_key().to_string();
    let request = client.request(Method::Get, "/2010-04-01/Nowhere/{AccountSid}.json");
    assert!(!format!("{request:?}").contains(&key));
    let err = request.send().await.unwrap_err();
    assert!(!format!("{err:?}").contains(&key));
    assert!(!err.to_string().contains(&key));
    // Even a key pasted into the path or a parameter is not shown back.
    let pasted = client
        .request(Method::Get, format!("/v1/{key}"))
        .query("Token", key.as_str());
    assert!(!format!("{pasted:?}").contains(&key), "{pasted:?}");
    let refused = pasted.send().await.unwrap_err();
    assert_eq!(refused.kind(), ErrorKind::InvalidInput);
    assert!(!refused.to_string().contains(&key), "{refused}");
    assert!(!format!("{refused:?}").contains(&key));
    mock.shutdown().await;
}

#[test]
fn without_a_known_operation_the_items_are_the_one_array_of_the_page() {
    // Nothing is sent: building a client and reading a page given here touch no server.
    let client = Client::builder()
        .api_key("a-key-that-is-never-sent")
        .base_url("http://127.0.0.1:9/twilio")
        .build()
        .expect("valid configuration");
    let pages = client
        .request(
            Method::Get,
            "/2010-04-01/Accounts/{AccountSid}/Widgets.json",
        )
        .pages();
    let page = serde_json::json!({
        "widgets": [{"sid": "WX1"}, {"sid": "WX2"}],
        "page": 0, "page_size": 2, "uri": "/2010-04-01/x.json", "next_page_uri": null,
    });
    let items = pages.items_of(&page).expect("one array");
    assert_eq!(items.len(), 2);
    for broken in [
        serde_json::json!({"a": [], "b": []}),
        serde_json::json!({"page": 0}),
        serde_json::json!([1, 2]),
    ] {
        let err = pages.items_of(&broken).unwrap_err();
        assert_eq!(err.kind(), ErrorKind::Decode, "{broken}");
    }
}
