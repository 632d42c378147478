//! End to end: the emulator sends signed callbacks to an axum app on 127.0.0.1 that checks
//! them with `TwilioWebhook` and answers calls and SMS with the TwiML builder.

mod common;

use maton_twilio::raw::twilio::Operation;
use std::time::Duration;

use axum::Router;
use axum::extract::{FromRef, State};
use axum::http::StatusCode;
use axum::routing::post;
use maton_twilio::model::{CallStatus, MessageStatus, Resource};
use maton_twilio::twiml::{MessagingResponse, VoiceResponse};
use maton_twilio::webhook::{
    CallStatusCallback, IncomingMessage, MessageStatusCallback, Payload, TwilioWebhook, Validator,
    VoiceRequest, WebhookConfig,
};
use maton_twilio::{Client, ErrorKind, PlaceCall};
use maton_twilio_mock::{CallbackDelivery, CallbackKind, MockGateway, TWIML_RETRIEVAL_FAILURE};
use tokio::net::TcpListener;
use tokio::sync::mpsc;

use common::{emulator_builder, value};

const TOKEN: &str = "test-auth-token-0123456789";

#[derive(Debug)]
enum Seen {
    Message(MessageStatusCallback),
    Call(CallStatusCallback),
    Voice(VoiceRequest),
    Sms(IncomingMessage),
}

#[derive(Clone)]
struct App {
    webhooks: WebhookConfig,
    seen: mpsc::UnboundedSender<Seen>,
}

impl FromRef<App> for WebhookConfig {
    fn from_ref(app: &App) -> Self {
        app.webhooks.clone()
    }
}

impl From<MessageStatusCallback> for Seen {
    fn from(status: MessageStatusCallback) -> Self {
        Self::Message(status)
    }
}

impl From<CallStatusCallback> for Seen {
    fn from(status: CallStatusCallback) -> Self {
        Self::Call(status)
    }
}

/// A status callback of either kind: recorded, answered 204 with no body.
async fn status<P>(State(app): State<App>, TwilioWebhook(status): TwilioWebhook<P>) -> StatusCode
where
    P: Payload + Send,
    Seen: From<P>,
{
    let _ = app.seen.send(status.into());
    StatusCode::NO_CONTENT
}

async fn voice(
    State(app): State<App>,
    TwilioWebhook(call): TwilioWebhook<VoiceRequest>,
) -> VoiceResponse {
    let answer = VoiceResponse::new()
        .say(format!("Hello {} & welcome", call.from))
        .hangup();
    let _ = app.seen.send(Seen::Voice(call));
    answer
}

async fn sms(
    State(app): State<App>,
    TwilioWebhook(sms): TwilioWebhook<IncomingMessage>,
) -> MessagingResponse {
    let reply = MessagingResponse::new().message(format!("You said: {}", sms.body));
    let _ = app.seen.send(Seen::Sms(sms));
    reply
}

async fn broken() -> StatusCode {
    StatusCode::INTERNAL_SERVER_ERROR
}

struct World {
    base: String,
    seen: mpsc::UnboundedReceiver<Seen>,
    mock: MockGateway,
    client: Client,
}

impl World {
    /// A call from the emulator's number to the one every test calls.
    fn call(&self) -> PlaceCall {
        self.client.calls().place("+15559876543", "+15551234567")
    }

    /// The emulator's fetch of a call's TwiML, as it was delivered.
    fn twiml_fetch(&self) -> CallbackDelivery {
        self.mock
            .callbacks()
            .into_iter()
            .find(|d| d.kind == CallbackKind::VoiceUrl)
            .expect("the TwiML fetch is recorded")
    }
}

async fn world() -> World {
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let addr = listener.local_addr().expect("addr");
    let base = format!("http://{addr}");
    let (tx, seen) = mpsc::unbounded_channel();
    let app = Router::new()
        .route("/sms/status", post(status::<MessageStatusCallback>))
        .route("/call/status", post(status::<CallStatusCallback>))
        .route("/voice", post(voice))
        .route("/sms", post(sms))
        .route("/broken", post(broken))
        .with_state(App {
            webhooks: WebhookConfig::new(TOKEN, &base),
            seen: tx,
        });
    tokio::spawn(async move {
        let _ = axum::serve(listener, app).await;
    });
    let mock = MockGateway::builder()
        .auth_token(TOKEN)
        .start()
        .await
        .expect("emulator");
    let client = emulator_builder(&mock)
        .no_rate_limit()
        .build()
        .expect("client");
    World {
        base,
        seen,
        mock,
        client,
    }
}

fn drain(seen: &mut mpsc::UnboundedReceiver<Seen>) -> Vec<Seen> {
    std::iter::from_fn(|| seen.try_recv().ok()).collect()
}

#[tokio::test]
async fn message_status_callbacks_arrive_signed_and_in_order() {
    let mut w = world().await;
    let message = w
        .client
        .messages()
        .send("+15559876543", "+15551234567")
        .body("Hello")
        .status_callback(format!("{}/sms/status", w.base))
        .send()
        .await
        .expect("sent");
    let sid = message.sid().expect("sid");
    w.mock.wait_for_callbacks().await;
    w.mock.advance(Duration::from_secs(1));
    w.mock.wait_for_callbacks().await;
    w.mock.advance(Duration::from_secs(2));
    w.mock.wait_for_callbacks().await;
    let statuses: Vec<MessageStatus> = drain(&mut w.seen)
        .into_iter()
        .map(|event| match event {
            Seen::Message(status) => {
                assert_eq!(status.message_sid, sid);
                assert_eq!(status.account_sid.as_str(), w.mock.account_sid());
                status.message_status
            }
            other => panic!("unexpected {other:?}"),
        })
        .collect();
    assert_eq!(
        statuses,
        [
            MessageStatus::Queued,
            MessageStatus::Sent,
            MessageStatus::Delivered
        ]
    );
    let deliveries = w.mock.callbacks();
    assert_eq!(deliveries.len(), 3);
    assert!(deliveries.iter().all(|d| d.status == Some(204)));
    // Nothing more once delivered.
    w.mock.advance(Duration::from_secs(60));
    w.mock.wait_for_callbacks().await;
    assert_eq!(w.mock.callbacks().len(), 3);
}

#[tokio::test]
async fn a_forged_callback_gets_403_and_never_reaches_the_handler() {
    let mut w = world().await;
    let url = format!("{}/sms/status", w.base);
    let params: Vec<(String, String)> = [
        ("MessageSid", "SM0123456789abcdef0123456789abcdef"),
        ("AccountSid", "AC0123456789abcdef0123456789abcdef"),
        ("MessageStatus", "delivered"),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_string(), v.to_string()))
    .collect();
    let http = reqwest::Client::new();
    let body = "MessageSid=SM0123456789abcdef0123456789abcdef&AccountSid=AC0123456789abcdef0123456789abcdef&MessageStatus=delivered";
    let send = |signature: Option<String>, body: &'static str| {
        let mut request = http
            .post(&url)
            .header("Content-Type", "application/x-www-form-urlencoded")
            .body(body);
        if let Some(signature) = signature {
            request = request.header("X-Twilio-Signature", signature);
        }
        request.send()
    };
    let good = Validator::new(TOKEN).sign(&url, &params);
    let wrong_token = Validator::new("not-the-token").sign(&url, &params);
    let tampered = "MessageSid=SM0123456789abcdef0123456789abcdef&AccountSid=AC0123456789abcdef0123456789abcdef&MessageStatus=failed";
    for (signature, body) in [
        (None, body),
        (Some(wrong_token), body),
        (Some("bm90IGEgc2lnbmF0dXJl".to_string()), body),
        (Some(good.clone()), tampered),
    ] {
        let response = send(signature, body).await.expect("answered");
        assert_eq!(response.status(), reqwest::StatusCode::FORBIDDEN);
        assert!(response.text().await.expect("body").is_empty());
    }
    assert!(drain(&mut w.seen).is_empty());
    // The genuine one goes through.
    let response = send(Some(good), body).await.expect("answered");
    assert_eq!(response.status(), reqwest::StatusCode::NO_CONTENT);
    assert_eq!(drain(&mut w.seen).len(), 1);
}

#[tokio::test]
async fn a_call_fetches_its_twiml_and_reports_each_event() {
    let mut w = world().await;
    let mut place = w
        .call()
        .url(format!("{}/voice", w.base))
        .status_callback(format!("{}/call/status", w.base));
    for event in ["initiated", "ringing", "answered", "completed"] {
        place = place.status_callback_event(event);
    }
    let call = place.send().await.expect("placed");
    let sid = call.sid().expect("sid");
    w.mock.advance(Duration::from_secs(20));
    w.mock.wait_for_callbacks().await;
    let mut statuses = Vec::new();
    let mut voice = Vec::new();
    for event in drain(&mut w.seen) {
        match event {
            Seen::Call(status) => {
                assert_eq!(status.call.call_sid, sid);
                statuses.push((status.sequence_number, status.call.call_status));
            }
            Seen::Voice(request) => voice.push(request),
            other => panic!("unexpected {other:?}"),
        }
    }
    assert_eq!(
        statuses,
        [
            (Some(0), CallStatus::Queued),
            (Some(1), CallStatus::Ringing),
            (Some(2), CallStatus::InProgress),
            (Some(3), CallStatus::Completed),
        ]
    );
    assert_eq!(voice.len(), 1);
    assert_eq!(voice[0].call_status, CallStatus::InProgress);
    assert_eq!(voice[0].from, "+15551234567");
    let fetched = w.twiml_fetch();
    assert_eq!(fetched.status, Some(200));
    assert_eq!(fetched.content_type.as_deref(), Some("text/xml"));
    assert_eq!(
        fetched.body,
        VoiceResponse::new()
            .say("Hello +15551234567 & welcome")
            .hangup()
            .to_xml()
    );
    let now = w.client.calls().fetch(&sid).await.expect("fetched");
    assert_eq!(now.status, Some(CallStatus::Completed));
}

#[tokio::test]
async fn a_twiml_url_that_fails_fails_the_call_with_11200() {
    let mut w = world().await;
    let call = w
        .call()
        .url(format!("{}/broken", w.base))
        .status_callback(format!("{}/call/status", w.base))
        .send()
        .await
        .expect("placed");
    let sid = call.sid().expect("sid");
    w.mock.advance(Duration::from_secs(20));
    w.mock.wait_for_callbacks().await;
    let fetch = w.twiml_fetch();
    assert_eq!(fetch.status, Some(500));
    assert_eq!(fetch.error_code, Some(TWIML_RETRIEVAL_FAILURE));
    // Only `completed` was asked for (the default), with the call's end: failed.
    let events = drain(&mut w.seen);
    assert_eq!(events.len(), 1, "{events:?}");
    match &events[0] {
        Seen::Call(status) => assert_eq!(status.call.call_status, CallStatus::Failed),
        other => panic!("unexpected {other:?}"),
    }
    let now = w.client.calls().fetch(&sid).await.expect("fetched");
    assert_eq!(now.status, Some(CallStatus::Failed));
}

#[tokio::test]
async fn an_inbound_sms_is_answered_with_messaging_twiml() {
    let mut w = world().await;
    let numbers = w.client.phone_numbers().list().all().await.expect("listed");
    let number = numbers
        .iter()
        .find(|n| n.phone_number.as_deref() == Some("+15551234567"))
        .and_then(|n| n.sid())
        .expect("owned");
    w.client
        .phone_numbers()
        .update(&number)
        .sms_url(format!("{}/sms", w.base))
        .send()
        .await
        .expect("updated");
    let delivery = w
        .mock
        .simulate_inbound_sms("+15551234567", "+15559876543", "Ping <1> & café")
        .await
        .expect("delivered");
    assert_eq!(delivery.status, Some(200));
    assert_eq!(
        delivery.body,
        MessagingResponse::new()
            .message("You said: Ping <1> & café")
            .to_xml()
    );
    match drain(&mut w.seen).as_slice() {
        [Seen::Sms(sms)] => {
            assert_eq!(sms.body, "Ping <1> & café");
            assert_eq!(sms.to, "+15551234567");
            assert!(sms.media.is_empty());
        }
        other => panic!("unexpected {other:?}"),
    }
}

#[tokio::test]
async fn placing_a_call_takes_the_twiml_builder() {
    let w = world().await;
    let twiml = VoiceResponse::new().say("Hi & bye <3>").hangup();
    w.call().twiml(twiml.clone()).send().await.expect("placed");
    let sent = w
        .mock
        .requests()
        .into_iter()
        .rev()
        .find(|r| r.operation == Some(Operation::CreateCall.id()))
        .expect("recorded");
    let form = sent.form_pairs();
    let sent_twiml = value(&form, "Twiml");
    assert_eq!(sent_twiml, Some(twiml.to_xml().as_str()));
    // Over 4,000 characters it is refused before sending, as a string would be.
    let long = VoiceResponse::new().say("x".repeat(4_001));
    let error = w.call().twiml(long).send().await.expect_err("too long");
    assert_eq!(error.kind(), ErrorKind::InvalidInput);
}

#[tokio::test]
async fn the_signature_covers_the_public_url_not_the_host_header() {
    let public = "https://hooks.example.com/prefix";
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let local = format!("http://{}", listener.local_addr().expect("addr"));
    let (tx, mut seen) = mpsc::unbounded_channel();
    let config = WebhookConfig::new(TOKEN, public);
    assert!(!format!("{config:?}").contains(TOKEN));
    let app = Router::new()
        .route("/sms/status", post(status::<MessageStatusCallback>))
        .with_state(App {
            webhooks: config,
            seen: tx,
        });
    tokio::spawn(async move {
        let _ = axum::serve(listener, app).await;
    });
    let body = "MessageSid=SM0123456789abcdef0123456789abcdef&AccountSid=AC0123456789abcdef0123456789abcdef&MessageStatus=sent";
    let params: Vec<(String, String)> = form_pairs(body);
    let post = |signature: String| {
        reqwest::Client::new()
            .post(format!("{local}/sms/status?x=1"))
            .header("Content-Type", "application/x-www-form-urlencoded")
            .header("X-Twilio-Signature", signature)
            .body(body)
            .send()
    };
    let validator = Validator::new(TOKEN);
    // Signed for the URL the service sees (its Host): refused.
    let local_signature = validator.sign(&format!("{local}/sms/status?x=1"), &params);
    let response = post(local_signature).await.expect("answered");
    assert_eq!(response.status(), reqwest::StatusCode::FORBIDDEN);
    // Signed for the public URL Twilio called, with the path and query appended: accepted.
    let public_signature = validator.sign(&format!("{public}/sms/status?x=1"), &params);
    let response = post(public_signature).await.expect("answered");
    assert_eq!(response.status(), reqwest::StatusCode::NO_CONTENT);
    assert_eq!(drain(&mut seen).len(), 1);
}

fn form_pairs(body: &str) -> Vec<(String, String)> {
    body.split('&')
        .filter_map(|pair| pair.split_once('='))
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect()
}
