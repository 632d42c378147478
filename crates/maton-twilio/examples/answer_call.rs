//! Answers calls: checks Twilio's signature, then asks for a digit with TwiML.
//!
//! ```sh
//! TWILIO_AUTH_TOKEN=... PUBLIC_URL=https://example.com \
//!   cargo run -p maton-twilio --features axum --example answer_call
//! ```

use axum::{Router, routing::post};
use maton_twilio::twiml::{Gather, Say, Voice, VoiceResponse};
use maton_twilio::webhook::{TwilioWebhook, VoiceRequest, WebhookConfig};

async fn call(TwilioWebhook(call): TwilioWebhook<VoiceRequest>) -> VoiceResponse {
    match call.digits.as_deref() {
        Some("1") => VoiceResponse::new().dial("+15557654321"),
        // Gather posts the digits back to this URL.
        _ => VoiceResponse::new()
            .say(Say::new("Thanks for calling.").voice(Voice::Alice))
            .gather(Gather::new().num_digits(1).say("Press 1 for sales."))
            .hangup(),
    }
}

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let token = std::env::var("TWILIO_AUTH_TOKEN")?;
    let config = WebhookConfig::new(token, std::env::var("PUBLIC_URL")?);
    let app = Router::new().route("/call", post(call)).with_state(config);
    let listener = tokio::net::TcpListener::bind("127.0.0.1:3000").await?;
    axum::serve(listener, app).await?;
    Ok(())
}
