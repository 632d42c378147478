//! [`Error`]: the one error type of the Maton crates.
//!
//! Opaque, like reqwest's: callers ask it questions ([`kind`](Error::kind),
//! [`status`](Error::status), [`code`](Error::code), [`outcome`](Error::outcome),
//! [`retry_after`](Error::retry_after), ...) instead of matching on a sprawl of dependency errors.

use std::fmt;
use std::time::Duration;

use http::{HeaderMap, HeaderValue, StatusCode};

use crate::api_error::ApiError;
use crate::redact::{quote_server_text, redact};

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
    /// A success response whose body could not be read or decoded (see [`Outcome::Performed`]),
    /// or that broke a protocol rule (a `next_page_uri` pointing elsewhere, a pagination cycle,
    /// endless empty pages).
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
    /// The server answered with an error status, so it decided: it was not carried out (as far
    /// as HTTP semantics go).
    Answered,
    /// The server answered with a success status, so it was carried out, but its answer could not
    /// be read or decoded (a body cut short, not JSON, not the expected shape). A send in this
    /// state went out: do not repeat it; look it up instead.
    Performed,
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
    field: Option<std::borrow::Cow<'static, str>>,
    source: Option<Box<dyn std::error::Error + Send + Sync>>,
}

impl Error {
    fn new(kind: ErrorKind, message: impl Into<String>, outcome: Outcome) -> Self {
        Self {
            inner: Box::new(Inner {
                kind,
                message: redact(&message.into()),
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
    #[doc(hidden)]
    pub fn invalid_input(
        field: impl Into<std::borrow::Cow<'static, str>>,
        message: impl Into<String>,
    ) -> Self {
        let mut e = Self::new(ErrorKind::InvalidInput, message, Outcome::NotPerformed);
        e.inner.field = Some(field.into());
        e
    }

    /// A configuration problem.
    #[doc(hidden)]
    pub fn config(message: impl Into<String>) -> Self {
        Self::new(ErrorKind::Config, message, Outcome::NotPerformed)
    }

    /// A request the client-side rate limiter refused to send (a shared limiter that cannot be
    /// reached and is set to fail closed): [`ErrorKind::RateLimited`], nothing sent, no status.
    #[doc(hidden)]
    pub fn limiter_refused(message: impl Into<String>) -> Self {
        Self::new(ErrorKind::RateLimited, message, Outcome::NotPerformed)
    }

    /// A body or protocol problem in a success response.
    #[doc(hidden)]
    pub fn decode_message(message: impl Into<String>) -> Self {
        Self::new(ErrorKind::Decode, message, Outcome::Answered)
    }

    /// An error status, classified from the status and the body (which is kept whole, but for
    /// the API key in any shape, which is replaced by `<redacted>`).
    #[doc(hidden)]
    pub fn from_status(
        service: Service,
        status: StatusCode,
        headers: HeaderMap,
        body: String,
    ) -> Self {
        Self::status_error(service, status, headers, body, false)
    }

    /// [`from_status`](Self::from_status) for a body that was cut (at [`MAX_ERROR_BODY`] or
    /// because it broke off): it cannot be read as Twilio's error body, but the status still
    /// decides the kind, and a cut 400 is not the gateway's own short "no connection" answer.
    ///
    /// [`MAX_ERROR_BODY`]: crate::MAX_ERROR_BODY
    pub(crate) fn status_error(
        service: Service,
        status: StatusCode,
        headers: HeaderMap,
        body: String,
        cut: bool,
    ) -> Self {
        let api = ApiError::parse(&body).map(ApiError::redacted);
        let kind = match (status.as_u16(), service, &api) {
            (401, _, _) => ErrorKind::Unauthorized,
            (429, _, _) => ErrorKind::RateLimited,
            (404, _, _) => ErrorKind::NotFound,
            (400, Service::Twilio, None) if !cut => ErrorKind::NoConnection,
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
                    m.push_str(&format!(": {}", quote_server_text(text, 300)));
                }
                if let Some(link) = &api.more_info {
                    m.push_str(&format!(" [{}]", quote_server_text(link, 200)));
                }
                m
            }
            None => {
                let hint = match kind {
                    _ if cut => {
                        ": the error body was cut (too large, or it broke off), so it could not be \
                         read as Twilio's error"
                    }
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
        // A gateway or proxy that failed or timed out upstream (502, 504) cannot say whether the
        // request reached Twilio and was carried out.
        let outcome = match (status.as_u16(), &api) {
            (502 | 504, None) => Outcome::Unknown,
            _ => Outcome::Answered,
        };
        let mut e = Self::new(kind, message, outcome);
        e.inner.status = Some(status);
        e.inner.headers = Some(redact_headers(headers));
        e.inner.body = Some(redact(&body));
        e.inner.api = api;
        e
    }

    /// A failure of the request itself (no response).
    #[doc(hidden)]
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

    /// A success response whose body did not decode: the request was carried out
    /// ([`Outcome::Performed`]). The body is kept (but for the key in any shape).
    #[doc(hidden)]
    pub fn from_decode(
        status: StatusCode,
        body: String,
        source: impl std::error::Error + Send + Sync + 'static,
    ) -> Self {
        let cause = quote_server_text(&source.to_string(), 200);
        let mut e = Self::new(
            ErrorKind::Decode,
            format!(
                "HTTP {}: the server accepted the request (it was carried out), but its answer \
                 does not decode: {cause}",
                status.as_u16()
            ),
            Outcome::Performed,
        );
        e.inner.status = Some(status);
        e.inner.body = Some(redact(&body));
        // The decoder's own message quotes the body: only its redacted text is kept.
        e.inner.source = Some(Box::new(ServerText(redact(&source.to_string()))));
        e
    }

    /// A success status whose body could not be read to the end (cut short, or a connection
    /// that broke): the request was carried out ([`Outcome::Performed`]), only its answer is lost.
    #[doc(hidden)]
    pub fn unreadable_success(status: Option<StatusCode>, error: reqwest::Error) -> Self {
        let shown = status.map_or("a success status".to_string(), |s| {
            format!("HTTP {}", s.as_u16())
        });
        let mut e = Self::new(
            ErrorKind::Decode,
            format!(
                "{shown}: the server accepted the request (it was carried out), but its answer \
                 could not be read to the end"
            ),
            Outcome::Performed,
        );
        e.inner.status = status;
        e.inner.source = Some(Box::new(error.without_url()));
        e
    }

    /// A call whose total timeout passed before its request could be sent: nothing was sent.
    pub(crate) fn deadline_before_sending(total: Duration) -> Self {
        Self::new(
            ErrorKind::Timeout,
            format!(
                "the total timeout ({total:?}) passed while waiting for the rate limit: nothing \
                 was sent"
            ),
            Outcome::NotPerformed,
        )
    }

    /// Names the operation the error came from (`CreateMessage`).
    #[doc(hidden)]
    pub fn with_operation(mut self, operation: &'static str) -> Self {
        self.inner.operation = Some(operation);
        self
    }

    /// Marks the outcome as unknown: used when a request that may have been performed failed.
    #[doc(hidden)]
    pub fn with_outcome(mut self, outcome: Outcome) -> Self {
        self.inner.outcome = outcome;
        self
    }

    /// The category.
    pub fn kind(&self) -> ErrorKind {
        self.inner.kind
    }

    /// The HTTP status code, when a response came.
    pub fn status(&self) -> Option<u16> {
        self.inner.status.map(|s| s.as_u16())
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

    /// The first value of a response header (the name in any case), when a response came and
    /// the value is visible ASCII text. The key never appears here (headers are redacted).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.inner
            .headers
            .as_ref()?
            .get(name)
            .and_then(|v| v.to_str().ok())
    }

    /// Every response header as it came (lower-case name, raw value; repeated names once per
    /// value), redacted; none when no response came.
    pub fn headers(&self) -> impl Iterator<Item = (&str, &[u8])> {
        self.inner
            .headers
            .iter()
            .flat_map(|headers| headers.iter())
            .map(|(name, value)| (name.as_str(), value.as_bytes()))
    }

    /// The operation that failed (`CreateMessage`), when known.
    pub fn operation(&self) -> Option<&'static str> {
        self.inner.operation
    }

    /// The input parameter at fault, for [`ErrorKind::InvalidInput`].
    pub fn field(&self) -> Option<&str> {
        self.inner.field.as_deref()
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

/// The first 200 characters of a non-JSON body, for messages: redacted and escaped.
fn snippet(body: &str) -> String {
    let trimmed = body.trim();
    if trimmed.is_empty() {
        return String::new();
    }
    format!(" — {}", quote_server_text(trimmed, 200))
}

/// Header values that echo the key lose it; the others are kept as they came.
fn redact_headers(mut headers: HeaderMap) -> HeaderMap {
    for value in headers.values_mut() {
        let Ok(text) = value.to_str() else { continue };
        let redacted = redact(text);
        if redacted != text
            && let Ok(clean) = HeaderValue::from_str(&redacted)
        {
            *value = clean;
        }
    }
    headers
}

/// Server text kept as an error's source, already redacted.
#[derive(Debug)]
struct ServerText(String);

impl fmt::Display for ServerText {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for ServerText {}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(op) = self.inner.operation {
            write!(f, "{op}: ")?;
        }
        if let Some(field) = &self.inner.field {
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
            d.field("api", api);
        }
        if let Some(field) = &self.inner.field {
            d.field("field", field);
        }
        d.field("outcome", &self.inner.outcome);
        if let Some(source) = &self.inner.source {
            d.field("source", &redact(&format!("{source:?}")));
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
            assert_eq!(e.status(), Some(code));
            assert_eq!(e.body(), Some(body), "the body is kept whole");
            let outcome = if code == 502 {
                Outcome::Unknown
            } else {
                Outcome::Answered
            };
            assert_eq!(e.outcome(), outcome, "{code}: a failed gateway cannot say");
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
        let e = status(
            Service::Twilio,
            401,
            "echo: Authorization: Bearer sk_live_123",
        );
        assert!(!e.to_string().contains("sk_live_123"), "{e}");
        assert!(!format!("{e:?}").contains("sk_live_123"));
        assert_eq!(
            e.body(),
            Some("echo: Authorization: Bearer <redacted>"),
            "the body keeps all but the token"
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
