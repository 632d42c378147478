//! The axum extractor: a webhook whose signature checked out, as its typed payload.

use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::{FromRef, FromRequest, OriginalUri, Request};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};

use super::{AuthToken, Payload, PayloadError, SIGNATURE_HEADER, SignatureError, Validator};

/// What [`TwilioWebhook`] needs from the app's state: the auth token and the public base URL
/// Twilio calls (`https://example.com`, or `https://example.com/prefix`), to which the request's
/// path and query are appended.
#[derive(Clone, Debug)]
pub struct WebhookConfig {
    inner: Arc<(Validator, String)>,
}

impl WebhookConfig {
    /// `public_base` is the scheme, host, optional port and optional path prefix Twilio uses;
    /// a trailing `/` is ignored.
    pub fn new(token: impl Into<AuthToken>, public_base: impl Into<String>) -> Self {
        let base = public_base.into().trim_end_matches('/').to_string();
        Self {
            inner: Arc::new((Validator::new(token), base)),
        }
    }

    /// The validator it checks with.
    pub fn validator(&self) -> &Validator {
        &self.inner.0
    }

    /// The public URL of a request for `path_and_query` (`/sms?x=1`).
    pub fn url_for(&self, path_and_query: &str) -> String {
        format!("{}{path_and_query}", self.inner.1)
    }
}

/// Extracts a verified webhook as payload `T` ([`IncomingMessage`](super::IncomingMessage),
/// [`MessageStatusCallback`](super::MessageStatusCallback), [`VoiceRequest`](super::VoiceRequest),
/// ...). The state must provide a [`WebhookConfig`] (`FromRef`).
///
/// A request whose signature is missing or wrong is refused with `403 Forbidden` and an empty
/// body; a verified body that is not the payload asked for with `400 Bad Request`, also empty.
#[derive(Clone, Debug)]
pub struct TwilioWebhook<T>(pub T);

/// Why [`TwilioWebhook`] refused a request; its response carries only the status.
#[derive(Debug)]
#[non_exhaustive]
pub enum WebhookRejection {
    /// The body could not be read (too large, connection lost): 400.
    Body,
    /// The signature did not check out: 403.
    Signature(SignatureError),
    /// Verified, but not the payload asked for: 400.
    Payload(PayloadError),
}

impl IntoResponse for WebhookRejection {
    fn into_response(self) -> Response {
        match self {
            Self::Signature(_) => StatusCode::FORBIDDEN.into_response(),
            Self::Body | Self::Payload(_) => StatusCode::BAD_REQUEST.into_response(),
        }
    }
}

impl<S, T> FromRequest<S> for TwilioWebhook<T>
where
    S: Send + Sync,
    T: Payload + Send,
    WebhookConfig: FromRef<S>,
{
    type Rejection = WebhookRejection;

    async fn from_request(request: Request, state: &S) -> Result<Self, Self::Rejection> {
        let config = WebhookConfig::from_ref(state);
        let uri = match request.extensions().get::<OriginalUri>() {
            Some(OriginalUri(uri)) => uri.clone(),
            None => request.uri().clone(),
        };
        let path = uri.path_and_query().map_or("/", |p| p.as_str());
        let url = config.url_for(path);
        let signature = request
            .headers()
            .get(SIGNATURE_HEADER)
            .and_then(|v| v.to_str().ok())
            .map(str::to_string);
        let body = Bytes::from_request(request, state)
            .await
            .map_err(|_| WebhookRejection::Body)?;
        config
            .validator()
            .validate_body(&url, &body, signature.as_deref())
            .map_err(WebhookRejection::Signature)?;
        T::from_form(&body)
            .map(TwilioWebhook)
            .map_err(WebhookRejection::Payload)
    }
}
