//! The demo's webhook round trip: a local receiver (axum, on 127.0.0.1) checks the emulator's
//! signed callbacks and answers a call with TwiML from the builder.

use std::time::Duration;

use axum::Router;
use axum::extract::{FromRef, State};
use axum::http::StatusCode;
use axum::routing::post;
use maton_twilio::model::Resource;
use maton_twilio::twiml::{Say, Voice, VoiceResponse};
use maton_twilio::webhook::{MessageStatusCallback, TwilioWebhook, VoiceRequest, WebhookConfig};
use maton_twilio_mock::{CallbackKind, MockGateway};
use tokio::net::TcpListener;
use tokio::sync::mpsc;

use crate::exit::{self, Failure};

/// The demo's stand-in for the auth token in the Twilio console.
const DEMO_AUTH_TOKEN: &str = "demo-auth-token";

#[derive(Clone)]
struct Receiver {
    webhooks: WebhookConfig,
    statuses: mpsc::UnboundedSender<String>,
}

impl FromRef<Receiver> for WebhookConfig {
    fn from_ref(receiver: &Receiver) -> Self {
        receiver.webhooks.clone()
    }
}

async fn message_status(
    State(receiver): State<Receiver>,
    TwilioWebhook(status): TwilioWebhook<MessageStatusCallback>,
) -> StatusCode {
    let _ = receiver.statuses.send(status.message_status.to_string());
    StatusCode::NO_CONTENT
}

async fn answer(TwilioWebhook(call): TwilioWebhook<VoiceRequest>) -> VoiceResponse {
    VoiceResponse::new()
        .say(Say::new(format!("Hello {}, this is Rust.", call.to)).voice(Voice::Alice))
        .hangup()
}

fn failed(what: &str, error: impl std::fmt::Display) -> Failure {
    Failure::Cli(exit::NETWORK, format!("{what}: {error}"))
}

/// Runs the round trip on an emulator of its own (with an auth token); returns what to print.
pub async fn round_trip() -> Result<Vec<String>, Failure> {
    let listener = TcpListener::bind("127.0.0.1:0")
        .await
        .map_err(|e| failed("could not start the receiver", e))?;
    let base = format!(
        "http://{}",
        listener
            .local_addr()
            .map_err(|e| failed("could not start the receiver", e))?
    );
    let (tx, mut statuses) = mpsc::unbounded_channel();
    let app = Router::new()
        .route("/sms/status", post(message_status))
        .route("/voice", post(answer))
        .with_state(Receiver {
            webhooks: WebhookConfig::new(DEMO_AUTH_TOKEN, &base),
            statuses: tx,
        });
    let server = tokio::spawn(async move { axum::serve(listener, app).await });
    let mock = MockGateway::builder()
        .auth_token(DEMO_AUTH_TOKEN)
        .start()
        .await
        .map_err(|e| failed("could not start the emulator", e))?;
    let lines = exchange(&mock, &base, &mut statuses).await;
    mock.shutdown().await;
    server.abort();
    lines
}

async fn exchange(
    mock: &MockGateway,
    base: &str,
    statuses: &mut mpsc::UnboundedReceiver<String>,
) -> Result<Vec<String>, Failure> {
    let client = super::demo::client_for(mock)?;
    let from = "+15551234567";
    client
        .messages()
        .send("+15559876543", from)
        .body("Webhooks, please")
        .status_callback(format!("{base}/sms/status"))
        .send()
        .await?;
    let call = client
        .calls()
        .place("+15559876543", from)
        .url(format!("{base}/voice"))
        .send()
        .await?;
    mock.advance(Duration::from_secs(20));
    mock.wait_for_callbacks().await;
    let mut seen = Vec::new();
    while let Ok(status) = statuses.try_recv() {
        seen.push(status);
    }
    let twiml = mock
        .callbacks()
        .into_iter()
        .find(|d| d.kind == CallbackKind::VoiceUrl)
        .map(|d| d.body)
        .unwrap_or_default();
    let status = match call.sid() {
        Some(sid) => client.calls().fetch(&sid).await?.status,
        None => None,
    };
    Ok(vec![
        format!("receiver on {base}, checking X-Twilio-Signature with the auth token"),
        format!("verified message callbacks: {}", seen.join(" -> ")),
        format!("the call fetched its TwiML: {twiml}"),
        format!(
            "call status: {}",
            status.map(|s| s.to_string()).unwrap_or_default()
        ),
    ])
}
