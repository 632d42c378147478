//! Receives SMS: checks Twilio's signature, then replies with TwiML.
//!
//! ```sh
//! TWILIO_AUTH_TOKEN=... PUBLIC_URL=https://example.com \
//!   cargo run -p maton-twilio --features axum --example receive_sms
//! ```

use axum::{Router, routing::post};
use maton_twilio::twiml::MessagingResponse;
use maton_twilio::webhook::{IncomingMessage, TwilioWebhook, WebhookConfig};

// Only requests signed with the auth token get here; others are answered 403.
async fn sms(TwilioWebhook(sms): TwilioWebhook<IncomingMessage>) -> MessagingResponse {
    MessagingResponse::new().message(format!("Thanks! You said: {}", sms.body))
}

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    // The auth token from the Twilio console, and the public URL Twilio calls.
    let token = std::env::var("TWILIO_AUTH_TOKEN")?;
    let config = WebhookConfig::new(token, std::env::var("PUBLIC_URL")?);
    let app = Router::new().route("/sms", post(sms)).with_state(config);
    let listener = tokio::net::TcpListener::bind("127.0.0.1:3000").await?;
    axum::serve(listener, app).await?;
    Ok(())
}
