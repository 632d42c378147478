//! Receiving Twilio's webhooks: checking `X-Twilio-Signature` and reading the payloads.
//!
//! Twilio signs every webhook with the account's own **auth token** (Twilio console → Account
//! info), not with anything Maton holds: the gateway never sees webhooks. A service that
//! receives them keeps that token as an [`AuthToken`] (its `Debug` is redacted) and checks each
//! request with a [`Validator`] before trusting it.
//!
//! ```
//! use maton_twilio::webhook::{IncomingMessage, Payload, Validator};
//!
//! # fn handle(body: &[u8], signature: Option<&str>) -> Result<(), Box<dyn std::error::Error>> {
//! let validator = Validator::new("your auth token");
//! // The public URL Twilio called (as configured on the number), not the Host you see.
//! let url = "https://example.com/twilio/sms";
//! validator.validate_body(url, body, signature)?;
//! let sms = IncomingMessage::from_form(body)?;
//! println!("{} says {:?}", sms.from, sms.body);
//! # Ok(())
//! # }
//! ```
//!
//! # The URL behind a proxy
//!
//! The signature covers the URL Twilio requested: scheme, host, port, path and query exactly as
//! configured in Twilio. Behind a load balancer or TLS-terminating proxy the service sees
//! `http://internal:8080/...`; build the URL from the **public** base URL you configured
//! (`https://example.com`) plus the path and query as received. Do not use the incoming `Host`
//! header, which a client controls. Twilio's own libraries accept the URL with and without the
//! scheme's default port (`:443`, `:80`); so does [`Validator`].
//!
//! With the `axum` feature, `TwilioWebhook` does all of this as an extractor.

mod payload;
mod signature;

#[cfg(feature = "axum")]
mod axum;

pub use payload::{
    CallDirection, CallStatusCallback, CallbackSource, Extra, IncomingMessage, Media,
    MessageStatusCallback, Payload, PayloadError, RecordingStatus, RecordingStatusCallback,
    VoiceRequest,
};
pub use signature::{AuthToken, BODY_SHA256_PARAM, SIGNATURE_HEADER, SignatureError, Validator};

#[cfg(feature = "axum")]
pub use self::axum::{TwilioWebhook, WebhookConfig, WebhookRejection};
