//! The generated client's requests, byte for byte as a server on 127.0.0.1 receives them, and its
//! handling of the responses Twilio and the gateway really send.

use maton_test_support::{MockServer, Reply};
use maton_twilio_api::{Context, Error, control, twilio};
use serde_json::json;

const ACCOUNT: &str = "AC0123456789abcdef0123456789abcdef";
const MESSAGE: &str = "SM0123456789abcdef0123456789abcdef";
const KEY: &str = "test-key-not-secret";

/// A reqwest client that carries the bearer key, as the facade builds one.
fn http() -> reqwest::Client {
    let key = maton_core::ApiKey::new(KEY).unwrap();
    let headers = reqwest::header::HeaderMap::from_iter([(
        reqwest::header::AUTHORIZATION,
        key.authorization(),
    )]);
    reqwest::Client::builder()
        .default_headers(headers)
        .build()
        .unwrap()
}

fn twilio_client(server: &MockServer) -> twilio::Client {
    twilio::Client::new_with_client(&server.url(), http(), Context::default())
}

/// What the generated client makes of a server that answers every request with `reply` when it
/// fetches the message `MESSAGE`.
async fn fetch_message(
    reply: Reply,
) -> Result<maton_twilio_api::ResponseValue<twilio::types::Message>, Error<()>> {
    let server = MockServer::always(reply).await;
    twilio_client(&server)
        .fetch_message()
        .account_sid(ACCOUNT)
        .sid(MESSAGE)
        .send()
        .await
}

/// The usage-record page the generated client decodes from a server that answers `body`.
async fn usage_page(body: serde_json::Value) -> twilio::types::UsageRecordPage {
    let server = MockServer::always(Reply::json(200, body)).await;
    twilio_client(&server)
        .list_usage_record()
        .account_sid(ACCOUNT)
        .send()
        .await
        .unwrap()
        .into_inner()
}

fn message_json(extra: serde_json::Value) -> serde_json::Value {
    let mut message = json!({
        "account_sid": ACCOUNT,
        "body": "hi",
        "direction": "outbound-api",
        "from": "+15551234567",
        "num_segments": "1",
        "price": null,
        "sid": MESSAGE,
        "status": "queued",
        "to": "+15559876543",
        "date_created": "Mon, 09 Feb 2026 21:00:00 +0000"
    });
    message
        .as_object_mut()
        .unwrap()
        .extend(extra.as_object().unwrap().clone());
    message
}

#[tokio::test]
async fn create_message_sends_repeated_media_urls_and_an_encoded_plus() {
    let server = MockServer::always(Reply::json(201, message_json(json!({})))).await;
    let message = twilio_client(&server)
        .create_message()
        .account_sid(ACCOUNT)
        .maton_connection("ebe566b1-3eaf-4926-bc92-0d8d47445f12")
        .body_map(|b| {
            b.to("+15559876543")
                .from(Some("+15551234567".to_string()))
                .body(Some("Hello & goodbye".to_string()))
                .media_url(vec![
                    "https://example.com/a.png".to_string(),
                    "https://example.com/b.png".to_string(),
                ])
        })
        .send()
        .await
        .unwrap();
    assert_eq!(message.status().as_u16(), 201);
    assert_eq!(message.sid.as_deref(), Some(MESSAGE));

    let request = server.single_request();
    assert_eq!(request.method, "POST");
    assert_eq!(
        request.path,
        format!("/2010-04-01/Accounts/{ACCOUNT}/Messages.json")
    );
    assert_eq!(
        request.header("content-type"),
        Some("application/x-www-form-urlencoded")
    );
    assert_eq!(
        request.body_text(),
        "Body=Hello+%26+goodbye&From=%2B15551234567\
         &MediaUrl=https%3A%2F%2Fexample.com%2Fa.png&MediaUrl=https%3A%2F%2Fexample.com%2Fb.png\
         &To=%2B15559876543"
    );
    assert_eq!(
        request.header("authorization"),
        Some(format!("Bearer {KEY}").as_str())
    );
    assert_eq!(
        request.header("maton-connection"),
        Some("ebe566b1-3eaf-4926-bc92-0d8d47445f12")
    );
    assert_eq!(
        request.header("api-version"),
        None,
        "progenitor's stray header must not be sent"
    );
}

#[tokio::test]
async fn list_messages_sends_to_and_the_date_sent_range_under_their_wire_names() {
    let page = json!({
        "messages": [message_json(json!({}))],
        "page": 0, "page_size": 2, "start": 0, "end": 0,
        "uri": "/2010-04-01/Accounts/AC/Messages.json?PageSize=2&Page=0",
        "first_page_uri": "/2010-04-01/Accounts/AC/Messages.json?PageSize=2&Page=0",
        "next_page_uri": null, "previous_page_uri": null
    });
    let server = MockServer::always(Reply::json(200, page)).await;
    let after: chrono::DateTime<chrono::Utc> = "2008-01-02T00:00:00Z".parse().unwrap();
    let page = twilio_client(&server)
        .list_message()
        .account_sid(ACCOUNT)
        .to("+15559876543")
        .date_sent_after(after)
        .page_size(std::num::NonZeroU64::new(2).unwrap())
        .send()
        .await
        .unwrap()
        .into_inner();
    assert_eq!(page.messages.map(|m| m.len()), Some(1));
    assert_eq!(page.next_page_uri, None);

    let request = server.single_request();
    assert_eq!(request.method, "GET");
    assert_eq!(
        request.query.as_deref(),
        Some("DateSent%3E=2008-01-02T00%3A00%3A00Z&PageSize=2&To=%2B15559876543")
    );
    assert_eq!(
        request.header("maton-connection"),
        None,
        "sent only when set"
    );
    assert_eq!(
        request.header("authorization"),
        Some(format!("Bearer {KEY}").as_str())
    );
}

#[tokio::test]
async fn delete_answered_204_is_success() {
    let server = MockServer::always(Reply::empty(204)).await;
    let done = twilio_client(&server)
        .delete_message()
        .account_sid(ACCOUNT)
        .sid(MESSAGE)
        .send()
        .await
        .unwrap();
    assert_eq!(done.status().as_u16(), 204);
    let request = server.single_request();
    assert_eq!(request.method, "DELETE");
    assert_eq!(
        request.path,
        format!("/2010-04-01/Accounts/{ACCOUNT}/Messages/{MESSAGE}.json")
    );
}

#[tokio::test]
async fn unknown_enum_values_unknown_fields_and_numbers_either_way_decode() {
    let body = message_json(json!({
        "status": "teleported",
        "direction": "outbound-api",
        "num_segments": 3,
        "price": "-0.00750",
        "brand_new_field": {"nested": [1, 2]}
    }));
    let message = fetch_message(Reply::json(200, body.clone()))
        .await
        .unwrap()
        .into_inner();
    use twilio::types::{MessageDirection, MessageStatus};
    assert_eq!(
        message.status,
        Some(MessageStatus::Unknown("teleported".into()))
    );
    assert_eq!(message.direction, Some(MessageDirection::OutboundApi));
    assert_eq!(
        message.num_segments.as_ref().and_then(|n| n.to_u64()),
        Some(3)
    );
    assert_eq!(message.price.as_ref().map(|p| p.as_str()), Some("-0.00750"));
    assert_eq!(message.extra["brand_new_field"], json!({"nested": [1, 2]}));
    let created = message.date_created.as_ref().and_then(|t| t.utc()).unwrap();
    assert_eq!(created.to_rfc3339(), "2026-02-09T21:00:00+00:00");
    // Nothing received is lost: the value encodes back to what came in (nulls aside).
    let mut expected = body;
    expected
        .as_object_mut()
        .unwrap()
        .retain(|_, v| !v.is_null());
    assert_eq!(serde_json::to_value(&message).unwrap(), expected);
}

#[tokio::test]
async fn nulls_anywhere_in_a_response_do_not_fail_it() {
    // Twilio promises these are never null; a proxy or a bug that sends null must not make the
    // whole page undecodable.
    let page = json!({
        "queues": [{"sid": "QU0123456789abcdef0123456789abcdef", "current_size": null,
                    "average_wait_time": null, "max_size": null, "date_created": null}],
        "page": null, "page_size": null, "next_page_uri": null
    });
    let server = MockServer::always(Reply::json(200, page)).await;
    let page = twilio_client(&server)
        .list_queue()
        .account_sid(ACCOUNT)
        .send()
        .await
        .unwrap()
        .into_inner();
    let queue = &page.queues.as_ref().unwrap()[0];
    assert_eq!(queue.current_size, None);
    assert_eq!(page.page, None);

    let page = usage_page(json!({"usage_records": null})).await;
    assert_eq!(page.usage_records, None);
}

#[tokio::test]
async fn usage_dates_and_control_plane_times_parse_leniently() {
    let page = json!({"usage_records": [
        {"category": "sms", "count": "100", "price": "0.75", "usage": 100,
         "start_date": "2026-02-01", "end_date": "not a date", "as_of": "2026-02-09T23:18:44+00:00"}
    ]});
    let page = usage_page(page).await;
    let record = &page.usage_records.as_ref().unwrap()[0];
    assert_eq!(
        record
            .start_date
            .as_ref()
            .and_then(|d| d.date())
            .map(|d| d.to_string())
            .as_deref(),
        Some("2026-02-01")
    );
    assert_eq!(
        record.end_date.as_ref().map(|d| (d.as_str(), d.utc())),
        Some(("not a date", None))
    );
    assert_eq!(record.price.as_ref().and_then(|p| p.to_f64()), Some(0.75));
    assert_eq!(record.usage.as_ref().and_then(|u| u.to_u64()), Some(100));
}

#[tokio::test]
async fn a_twilio_error_body_comes_back_with_its_status() {
    let error = json!({
        "code": 20404,
        "message": "The requested resource was not found",
        "more_info": "https://www.twilio.com/docs/errors/20404",
        "status": 404
    });
    let err = fetch_message(Reply::json(404, error.clone()))
        .await
        .unwrap_err();
    assert_eq!(err.status().map(|s| s.as_u16()), Some(404));
    let Error::UnexpectedResponse(response) = err else {
        panic!("expected the raw response, got {err:?}");
    };
    let body: twilio::types::TwilioError = response.json().await.unwrap();
    assert_eq!(body.code, Some(20404));
    assert_eq!(
        body.more_info.as_deref(),
        Some("https://www.twilio.com/docs/errors/20404")
    );
}

#[tokio::test]
async fn an_html_502_comes_back_with_its_status_and_body() {
    let html = "<html><body><h1>502 Bad Gateway</h1></body></html>";
    let server = MockServer::always(Reply::raw(502, "text/html", html)).await;
    let err = twilio_client(&server)
        .list_account()
        .send()
        .await
        .unwrap_err();
    assert_eq!(err.status().map(|s| s.as_u16()), Some(502));
    let Error::UnexpectedResponse(response) = err else {
        panic!("expected the raw response, got {err:?}");
    };
    assert_eq!(response.text().await.unwrap(), html);
}

#[tokio::test]
async fn a_malformed_sid_is_refused_before_anything_is_sent() {
    let server = MockServer::always(Reply::empty(204)).await;
    for bad in [
        "SM../../Accounts",
        "AC0123456789abcdef0123456789abcdef",
        "SM12",
        "",
    ] {
        let err = twilio_client(&server)
            .delete_message()
            .account_sid(ACCOUNT)
            .sid(bad)
            .send()
            .await
            .unwrap_err();
        assert!(matches!(err, Error::InvalidRequest(_)), "{bad:?}: {err:?}");
    }
    assert!(server.requests().is_empty());
}

#[tokio::test]
async fn control_plane_create_sends_json_and_decodes_the_connection() {
    let server = MockServer::always(Reply::json(
        200,
        json!({"connection": {
            "connection_id": "ebe566b1-3eaf-4926-bc92-0d8d47445f12",
            "status": "PENDING",
            "creation_time": "2026-02-09T23:18:44.243582Z",
            "last_updated_time": "2026-02-09T23:18:44.243582Z",
            "url": "https://connect.maton.ai/?session_token=abc",
            "app": "twilio",
            "method": "OAUTH2",
            "metadata": {}
        }}),
    ))
    .await;
    let client = control::Client::new_with_client(&server.url(), http(), Context::default());
    let created = client
        .create_connection()
        .body_map(|b| b.app("twilio"))
        .send()
        .await
        .unwrap()
        .into_inner();
    assert_eq!(
        created.connection.and_then(|c| c.status),
        Some(control::types::ConnectionStatus::Pending)
    );
    let request = server.single_request();
    assert_eq!(request.path, "/connections");
    assert_eq!(request.header("content-type"), Some("application/json"));
    assert_eq!(request.json(), json!({"app": "twilio"}));
    assert_eq!(request.header("api-version"), None);
}

#[tokio::test]
async fn any_2xx_is_success_even_where_twilio_documents_another() {
    // Twilio answers creates with 201; a 200 from a proxy must still decode, not become an error.
    let server = MockServer::always(Reply::json(200, message_json(json!({})))).await;
    let message = twilio_client(&server)
        .create_message()
        .account_sid(ACCOUNT)
        .body_map(|b| b.to("+15559876543").body(Some("hi".to_string())))
        .send()
        .await
        .unwrap();
    assert_eq!(message.status().as_u16(), 200);
    assert_eq!(message.sid.as_deref(), Some(MESSAGE));
}
