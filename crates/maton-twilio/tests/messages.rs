//! Every `client.messages()` method: the request on the wire and the decoded result.

mod common;

use common::*;
use maton_twilio::model::{MessageDirection, MessageStatus, Resource};
use maton_twilio::{MessageSid, MessagingServiceSid};

#[tokio::test]
async fn send_posts_the_form_and_decodes_the_message() {
    let server = twilio_server().await;
    let message = client(&server)
        .messages()
        .send("+15559876543", "+15551234567")
        .body("Hello & goodbye")
        .media_url("https://example.com/a.png")
        .media_url("https://example.com/b.png")
        .status_callback("https://example.com/status")
        .validity_period(600)
        .send()
        .await
        .unwrap();

    let request = server.single_request();
    assert_eq!(request.method, "POST");
    assert_eq!(request.path, path("/Messages.json"));
    assert_eq!(
        request.header("content-type"),
        Some("application/x-www-form-urlencoded")
    );
    assert_eq!(
        request.header("authorization"),
        Some(format!("Bearer {KEY}").as_str())
    );
    assert_eq!(
        form(&request),
        pairs(&[
            ("Body", "Hello & goodbye"),
            ("From", "+15551234567"),
            ("MediaUrl", "https://example.com/a.png"),
            ("MediaUrl", "https://example.com/b.png"),
            ("StatusCallback", "https://example.com/status"),
            ("To", "+15559876543"),
            ("ValidityPeriod", "600"),
        ])
    );

    assert_eq!(message.sid().unwrap().as_str(), MESSAGE);
    assert_eq!(message.status, Some(MessageStatus::Queued));
    assert_eq!(message.direction, Some(MessageDirection::OutboundApi));
    assert_eq!(
        message.price.as_ref().and_then(|p| p.to_f64()),
        Some(-0.0075)
    );
    assert_eq!(
        message.num_segments.as_ref().and_then(|n| n.to_u64()),
        Some(1)
    );
    assert_eq!(
        message
            .date_created
            .as_ref()
            .and_then(|d| d.utc())
            .unwrap()
            .to_rfc3339(),
        "2026-02-09T21:00:00+00:00"
    );
    assert_eq!(message.date_sent, None, "null decodes as None");
}

#[tokio::test]
async fn send_with_service_and_metadata() {
    let server = twilio_server().await;
    let service: MessagingServiceSid = SERVICE.parse().unwrap();
    let response = client(&server)
        .messages()
        .send_with_service("whatsapp:+15559876543", &service)
        .body("hi")
        .send_at("2030-01-02T03:04:05Z".parse().unwrap())
        .send_with_meta()
        .await
        .unwrap();
    assert_eq!(response.status(), 201);
    assert_eq!(response.value().sid.as_deref(), Some(MESSAGE));
    let request = server.single_request();
    assert_eq!(
        form(&request),
        pairs(&[
            ("Body", "hi"),
            ("MessagingServiceSid", SERVICE),
            ("ScheduleType", "fixed"),
            ("SendAt", "2030-01-02T03:04:05Z"),
            ("To", "whatsapp:+15559876543"),
        ])
    );
}

#[tokio::test]
async fn create_with_an_alphanumeric_sender_and_media_only() {
    let server = twilio_server().await;
    client(&server)
        .messages()
        .create("+447700900123")
        .from("MyShop")
        .media_url("https://example.com/cat.gif")
        .send()
        .await
        .unwrap();
    assert_eq!(
        form(&server.single_request()),
        pairs(&[
            ("From", "MyShop"),
            ("MediaUrl", "https://example.com/cat.gif"),
            ("To", "+447700900123"),
        ])
    );
}

#[tokio::test]
async fn list_sends_filters_under_their_wire_names() {
    let server = twilio_server().await;
    let page = client(&server)
        .messages()
        .list()
        .to("+15559876543")
        .from("+15551234567")
        .sent_on_or_after("2026-01-01T00:00:00Z".parse().unwrap())
        .sent_on_or_before("2026-02-01T00:00:00Z".parse().unwrap())
        .page_size(20)
        .page()
        .await
        .unwrap();
    assert_eq!(page.items.len(), 1);
    assert_eq!(page.page, Some(0));
    assert!(!page.has_next());
    let request = server.single_request();
    assert_eq!(request.method, "GET");
    assert_eq!(request.path, path("/Messages.json"));
    assert_eq!(
        query(&request),
        pairs(&[
            ("DateSent<", "2026-02-01T00:00:00Z"),
            ("DateSent>", "2026-01-01T00:00:00Z"),
            ("From", "+15551234567"),
            ("PageSize", "20"),
            ("To", "+15559876543"),
        ])
    );
}

#[tokio::test]
async fn fetch_redact_cancel_delete() {
    let server = twilio_server().await;
    let client = client(&server);
    let sid: MessageSid = MESSAGE.parse().unwrap();

    let fetched = client.messages().fetch(&sid).await.unwrap();
    assert_eq!(fetched.sid.as_deref(), Some(MESSAGE));
    client.messages().redact(&sid).await.unwrap();
    client.messages().cancel(&sid).await.unwrap();
    let deleted = client.messages().delete(&sid).with_meta().await.unwrap();
    assert_eq!(deleted.status(), 204);

    let requests = server.requests();
    let single = path(&format!("/Messages/{MESSAGE}.json"));
    type Shape = (String, String, Vec<(String, String)>);
    let shape: Vec<Shape> = requests
        .iter()
        .map(|r| (r.method.to_string(), r.path.clone(), form(r)))
        .collect();
    assert_eq!(
        shape,
        vec![
            ("GET".into(), single.clone(), vec![]),
            ("POST".into(), single.clone(), pairs(&[("Body", "")])),
            (
                "POST".into(),
                single.clone(),
                pairs(&[("Status", "canceled")])
            ),
            ("DELETE".into(), single, vec![]),
        ]
    );
}

#[tokio::test]
async fn the_connection_header_goes_on_every_request() {
    let server = twilio_server().await;
    let client = builder(&server)
        .connection("ebe566b1-3eaf-4926-bc92-0d8d47445f12")
        .build()
        .unwrap();
    send_text(&client, "hi").await.unwrap();
    assert_eq!(
        server.single_request().header("maton-connection"),
        Some("ebe566b1-3eaf-4926-bc92-0d8d47445f12")
    );
}

#[test]
fn clients_and_builders_cross_tasks() {
    fn send_sync<T: Send + Sync + Clone + 'static>() {}
    fn send<T: Send + 'static>() {}
    send_sync::<maton_twilio::Client>();
    send_sync::<maton_twilio::SendMessage>();
    send_sync::<maton_twilio::PlaceCall>();
    send_sync::<maton_twilio::ListMessages>();
    send::<maton_twilio::pagination::Items<maton_twilio::model::Message>>();
    send::<maton_twilio::pagination::Pages<maton_twilio::model::Call>>();
    send::<maton_twilio::Pending<maton_twilio::model::Message>>();
}
