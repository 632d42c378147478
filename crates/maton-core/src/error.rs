//! [`Error`]: the one error type of the Maton crates.
//!
//! Opaque, like reqwest's: callers ask it questions ([`kind`](Error::kind),
//! [`status`](Error::status), [`code`](Error::code), [`outcome`](Error::outcome),
//! [`retry_after`](Error::retry_after), ...) instead of matching on a sprawl of dependency errors.

use std::fmt;
use std::time::Duration;

use http::{HeaderMap, StatusCode};
use serde::Deserialize;

/// What went wrong, in categories a caller acts on differently.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ErrorKind {
    /// The caller's input broke a rule; nothing was sent.
    InvalidInput,
    /// The client is misconfigured (no key, a base URL that is not https, ...); nothing was sent.
    Config,
    /// 401: the Maton API key is missing, invalid or expired.
    Unauthorized,
    /// 400 from the gateway itself: no (ACTIVE) connection for the app, or a request the gateway
    /// would not forward.
    NoConnection,
    /// 429: rate limited, by the gateway (10 requests/second per key) or by Twilio.
    RateLimited,
    /// 404: the resource or connection does not exist.
    NotFound,
    /// Any other error status from Twilio or the control plane (Twilio's error body, if any, is in
    /// [`Error::api_error`]).
    Api,
    /// A 5xx without Twilio's error body: the gateway failed (often an expired OAuth refresh) or
    /// something in front of it did (an HTML 502).
    Server,
    /// The connection failed or broke.
    Transport,
    /// The request timed out.
    Timeout,
    /// A success response whose body could not be decoded, or that broke a protocol rule (a
    /// `next_page_uri` pointing elsewhere).
    Decode,
}

/// Whether a failed request may have been carried out by the server.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Outcome {
    /// Certainly not: it was refused before sending, or the connection could not be made.
    NotPerformed,
    /// Unknown: the request left, and no answer came back (a timeout or a connection dropped
    /// mid-way). A send in this state must not be retried blindly: it may have gone out.
    Unknown,
    /// The server answered, so it decided: an error status means it was not carried out (as far as
    /// HTTP semantics go); a decode error means it was.
    Answered,
}

/// Twilio's error body: `{code, message, more_info, status, details}`.
#[derive(Clone, Debug, PartialEq, Deserialize)]
pub struct ApiError {
    /// Twilio's error code (`21211`), documented at [`more_info`](Self::more_info).
    pub code: Option<i64>,
    /// What went wrong.
    pub message: Option<String>,
    /// A link to the code's documentation.
    pub more_info: Option<String>,
    /// The HTTP status Twilio says it sent.
    pub status: Option<i64>,
    /// Further details, when given.
    pub details: Option<serde_json::Value>,
}

impl ApiError {
    /// Reads Twilio's error body; `None` when `body` is not one (the gateway's own errors, HTML).
    pub fn parse(body: &str) -> Option<Self> {
        let parsed: Self = serde_json::from_str(body).ok()?;
        (parsed.code.is_some() || parsed.more_info.is_some()).then_some(parsed)
    }
}

/// Which service answered: they describe errors differently.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Service {
    /// The gateway's Twilio endpoints.
    Twilio,
    /// The control plane.
    Control,
}

/// The error of every Maton client crate.
pub struct Error {
    inner: Box<Inner>,
}

struct Inner {
    kind: ErrorKind,
    message: String,
    operation: Option<&'static str>,
    status: Option<StatusCode>,
    headers: Option<HeaderMap>,
    body: Option<String>,
    api: Option<ApiError>,
    outcome: Outcome,
    field: Option<&'static str>,
    source: Option<Box<dyn std::error::Error + Send + Sync>>,
}

impl Error {
    fn new(kind: ErrorKind, message: impl Into<String>, outcome: Outcome) -> Self {
        Self {
            inner: Box::new(Inner {
                kind,
                message: redact_bearer(&message.into()),
                operation: None,
                status: None,
                headers: None,
                body: None,
                api: None,
                outcome,
                field: None,
                source: None,
            }),
        }
    }

    /// Input that breaks a rule, named by the parameter (`to`, `body`, `page_size`, ...).
    pub fn invalid_input(field: &'static str, message: impl Into<String>) -> Self {
        let mut e = Self::new(ErrorKind::InvalidInput, message, Outcome::NotPerformed);
        e.inner.field = Some(field);
        e
    }

    /// A configuration problem.
    pub fn config(message: impl Into<String>) -> Self {
        Self::new(ErrorKind::Config, message, Outcome::NotPerformed)
    }

    /// A request the client-side rate limiter refused to send (a shared limiter that cannot be
    /// reached and is set to fail closed): [`ErrorKind::RateLimited`], nothing sent, no status.
    pub fn limiter_refused(message: impl Into<String>) -> Self {
        Self::new(ErrorKind::RateLimited, message, Outcome::NotPerformed)
    }

    /// A body or protocol problem in a success response.
    pub fn decode_message(message: impl Into<String>) -> Self {
        Self::new(ErrorKind::Decode, message, Outcome::Answered)
    }

    /// An error status, classified from the status and the body (which is kept whole).
    pub fn from_status(
        service: Service,
        status: StatusCode,
        headers: HeaderMap,
        body: String,
    ) -> Self {
        let api = ApiError::parse(&body);
        let kind = match (status.as_u16(), service, &api) {
            (401, _, _) => ErrorKind::Unauthorized,
            (429, _, _) => ErrorKind::RateLimited,
            (404, _, _) => ErrorKind::NotFound,
            (400, Service::Twilio, None) => ErrorKind::NoConnection,
            (500..=599, _, None) => ErrorKind::Server,
            _ => ErrorKind::Api,
        };
        let message = match &api {
            Some(api) => {
                let mut m = format!("HTTP {}", status.as_u16());
                if let Some(code) = api.code {
                    m.push_str(&format!(" (Twilio code {code})"));
                }
                if let Some(text) = &api.message {
                    m.push_str(&format!(": {text}"));
                }
                if let Some(link) = &api.more_info {
                    m.push_str(&format!(" [{link}]"));
                }
                m
            }
            None => {
                let hint = match kind {
                    ErrorKind::Unauthorized => {
                        ": the Maton API key is missing, invalid or expired (check MATON_API_KEY)"
                    }
                    ErrorKind::NoConnection => {
                        ": the gateway has no ACTIVE Twilio connection to use (create one, or pass \
                         a connection id)"
                    }
                    ErrorKind::RateLimited => ": rate limited",
                    ErrorKind::Server => ": the gateway or something in front of it failed",
                    _ => "",
                };
                format!("HTTP {}{hint}{}", status.as_u16(), snippet(&body))
            }
        };
        let mut e = Self::new(kind, message, Outcome::Answered);
        e.inner.status = Some(status);
        e.inner.headers = Some(headers);
        e.inner.body = Some(body);
        e.inner.api = api;
        e
    }

    /// A failure of the request itself (no response).
    pub fn from_transport(error: reqwest::Error) -> Self {
        let (kind, outcome, what) = if error.is_connect() {
            (
                ErrorKind::Transport,
                Outcome::NotPerformed,
                "could not connect",
            )
        } else if error.is_timeout() {
            (ErrorKind::Timeout, Outcome::Unknown, "timed out")
        } else if error.is_builder() {
            (
                ErrorKind::InvalidInput,
                Outcome::NotPerformed,
                "could not build the request",
            )
        } else if error.is_redirect() {
            (
                ErrorKind::Transport,
                Outcome::Answered,
                "was redirected, which is not followed",
            )
        } else {
            (ErrorKind::Transport, Outcome::Unknown, "failed in flight")
        };
        let mut e = Self::new(kind, format!("the request {what}"), outcome);
        e.inner.status = error.status();
        e.inner.source = Some(Box::new(error.without_url()));
        e
    }

    /// A success response whose body did not decode; the body is kept.
    pub fn from_decode(
        status: StatusCode,
        body: String,
        source: impl std::error::Error + Send + Sync + 'static,
    ) -> Self {
        let mut e = Self::new(
            ErrorKind::Decode,
            format!(
                "HTTP {} with a body that does not decode: {source}",
                status.as_u16()
            ),
            Outcome::Answered,
        );
        e.inner.status = Some(status);
        e.inner.body = Some(body);
        e.inner.source = Some(Box::new(source));
        e
    }

    /// Names the operation the error came from (`CreateMessage`).
    pub fn with_operation(mut self, operation: &'static str) -> Self {
        self.inner.operation = Some(operation);
        self
    }

    /// Marks the outcome as unknown: used when a request that may have been performed failed.
    pub fn with_outcome(mut self, outcome: Outcome) -> Self {
        self.inner.outcome = outcome;
        self
    }

    /// The category.
    pub fn kind(&self) -> ErrorKind {
        self.inner.kind
    }

    /// The HTTP status, when a response came.
    pub fn status(&self) -> Option<StatusCode> {
        self.inner.status
    }

    /// Twilio's error code, when its error body came.
    pub fn code(&self) -> Option<i64> {
        self.inner.api.as_ref().and_then(|a| a.code)
    }

    /// Twilio's error body, when it came.
    pub fn api_error(&self) -> Option<&ApiError> {
        self.inner.api.as_ref()
    }

    /// The raw response body, when a response came (JSON or not).
    pub fn body(&self) -> Option<&str> {
        self.inner.body.as_deref()
    }

    /// The response headers, when a response came.
    pub fn headers(&self) -> Option<&HeaderMap> {
        self.inner.headers.as_ref()
    }

    /// The operation that failed (`CreateMessage`), when known.
    pub fn operation(&self) -> Option<&'static str> {
        self.inner.operation
    }

    /// The input parameter at fault, for [`ErrorKind::InvalidInput`].
    pub fn field(&self) -> Option<&'static str> {
        self.inner.field
    }

    /// Whether the request may have been carried out.
    pub fn outcome(&self) -> Outcome {
        self.inner.outcome
    }

    /// How long the server asked to wait (`Retry-After`, seconds or an HTTP date).
    pub fn retry_after(&self) -> Option<Duration> {
        self.inner
            .headers
            .as_ref()
            .and_then(crate::policy::retry_after)
    }

    /// Whether it timed out.
    pub fn is_timeout(&self) -> bool {
        self.inner.kind == ErrorKind::Timeout
    }

    /// Whether it was a 404.
    pub fn is_not_found(&self) -> bool {
        self.inner.kind == ErrorKind::NotFound
    }

    /// Whether the API key was refused.
    pub fn is_unauthorized(&self) -> bool {
        self.inner.kind == ErrorKind::Unauthorized
    }

    /// Whether it was a 429.
    pub fn is_rate_limited(&self) -> bool {
        self.inner.kind == ErrorKind::RateLimited
    }

    /// Whether the input was refused before sending.
    pub fn is_invalid_input(&self) -> bool {
        self.inner.kind == ErrorKind::InvalidInput
    }
}

/// The first 200 characters of a non-JSON body, for messages.
fn snippet(body: &str) -> String {
    let trimmed = body.trim();
    if trimmed.is_empty() {
        return String::new();
    }
    let mut cut: String = trimmed.chars().take(200).collect();
    if cut.len() < trimmed.len() {
        cut.push('…');
    }
    format!(" — {}", cut.replace(['\r', '\n'], " "))
}

/// Replaces the token after every `Bearer ` (any case) with `<redacted>`: a server or proxy that
/// echoes the `Authorization` header in an error body must not get the key into a message or a
/// log line. The raw body stays available through [`Error::body`].
fn redact_bearer(text: &str) -> String {
    const WORD: &str = "bearer";
    let lower = text.to_ascii_lowercase();
    let mut out = String::with_capacity(text.len());
    let mut copied = 0;
    for (at, _) in lower.match_indices(WORD) {
        if at < copied {
            continue;
        }
        let after = at + WORD.len();
        let gap = text[after..].len() - text[after..].trim_start().len();
        let start = after + gap;
        let token = text[start..]
            .find(|c: char| c.is_whitespace() || matches!(c, '"' | '\'' | '<' | ',' | ';'))
            .map_or(text.len(), |end| start + end);
        if gap == 0 || token == start {
            continue;
        }
        out.push_str(&text[copied..start]);
        out.push_str("<redacted>");
        copied = token;
    }
    out.push_str(&text[copied..]);
    out
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(op) = self.inner.operation {
            write!(f, "{op}: ")?;
        }
        if let Some(field) = self.inner.field {
            write!(f, "invalid `{field}`: ")?;
        }
        f.write_str(&self.inner.message)?;
        if self.inner.outcome == Outcome::Unknown {
            f.write_str(" (it may have been carried out)")?;
        }
        Ok(())
    }
}

impl fmt::Debug for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut d = f.debug_struct("Error");
        d.field("kind", &self.inner.kind)
            .field("message", &self.inner.message);
        if let Some(op) = self.inner.operation {
            d.field("operation", &op);
        }
        if let Some(status) = self.inner.status {
            d.field("status", &status.as_u16());
        }
        if let Some(api) = &self.inner.api {
            let mut shown = api.clone();
            shown.message = shown.message.as_deref().map(redact_bearer);
            d.field("api", &shown);
        }
        if let Some(field) = self.inner.field {
            d.field("field", &field);
        }
        d.field("outcome", &self.inner.outcome);
        if let Some(source) = &self.inner.source {
            d.field("source", &redact_bearer(&format!("{source:?}")));
        }
        d.finish()
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        self.inner
            .source
            .as_deref()
            .map(|e| e as &(dyn std::error::Error + 'static))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn status(service: Service, code: u16, body: &str) -> Error {
        Error::from_status(
            service,
            StatusCode::from_u16(code).unwrap(),
            HeaderMap::new(),
            body.to_string(),
        )
    }

    #[test]
    fn statuses_are_told_apart_with_and_without_twilio_bodies() {
        let twilio_400 = r#"{"code":21211,"message":"Invalid 'To' Phone Number","more_info":"https://www.twilio.com/docs/errors/21211","status":400}"#;
        let cases = [
            (Service::Twilio, 400, twilio_400, ErrorKind::Api),
            (
                Service::Twilio,
                400,
                r#"{"error":"no connection"}"#,
                ErrorKind::NoConnection,
            ),
            (
                Service::Twilio,
                401,
                "Unauthorized",
                ErrorKind::Unauthorized,
            ),
            (
                Service::Twilio,
                404,
                r#"{"code":20404,"more_info":"x"}"#,
                ErrorKind::NotFound,
            ),
            (Service::Twilio, 429, "", ErrorKind::RateLimited),
            (
                Service::Twilio,
                500,
                "oauth refresh failed",
                ErrorKind::Server,
            ),
            (Service::Twilio, 502, "<html>502</html>", ErrorKind::Server),
            (
                Service::Twilio,
                503,
                r#"{"code":20503,"more_info":"x"}"#,
                ErrorKind::Api,
            ),
            (Service::Control, 400, "bad", ErrorKind::Api),
            (Service::Control, 404, "", ErrorKind::NotFound),
        ];
        for (service, code, body, kind) in cases {
            let e = status(service, code, body);
            assert_eq!(e.kind(), kind, "{service:?} {code} {body}");
            assert_eq!(e.status().map(|s| s.as_u16()), Some(code));
            assert_eq!(e.body(), Some(body), "the body is kept whole");
            assert_eq!(e.outcome(), Outcome::Answered);
        }
        let e = status(Service::Twilio, 400, twilio_400);
        assert_eq!(e.code(), Some(21211));
        assert_eq!(
            e.to_string(),
            "HTTP 400 (Twilio code 21211): Invalid 'To' Phone Number \
             [https://www.twilio.com/docs/errors/21211]"
        );
    }

    #[test]
    fn bearer_tokens_in_server_text_are_redacted() {
        assert_eq!(
            redact_bearer("bad token Bearer sk_1234, BEARER\tabc<x> bearer"),
            "bad token Bearer <redacted>, BEARER\t<redacted><x> bearer"
        );
        let e = status(
            Service::Twilio,
            401,
            "echo: Authorization: Bearer sk_live_123",
        );
        assert!(!e.to_string().contains("sk_live_123"), "{e}");
        assert!(!format!("{e:?}").contains("sk_live_123"));
        assert!(
            e.body().is_some_and(|b| b.contains("sk_live_123")),
            "the body is kept"
        );
    }

    #[test]
    fn input_errors_name_the_field_and_were_not_performed() {
        let e = Error::invalid_input("to", "`+0123` is not an E.164 number")
            .with_operation("CreateMessage");
        assert!(e.is_invalid_input());
        assert_eq!(e.field(), Some("to"));
        assert_eq!(e.outcome(), Outcome::NotPerformed);
        assert_eq!(
            e.to_string(),
            "CreateMessage: invalid `to`: `+0123` is not an E.164 number"
        );
    }
}
