//! What a handler answers, and the two error shapes: Twilio's JSON error body and the gateway's
//! own `{"error": "..."}`.

use bytes::Bytes;
use http::header::{ALLOW, CONTENT_TYPE, RETRY_AFTER};
use http::{HeaderName, HeaderValue, StatusCode};
use maton_twilio_api::twilio::types::TwilioError;
use serde::Serialize;

const JSON: &str = "application/json; charset=utf-8";

/// A response before it goes on the wire.
#[derive(Clone, Debug)]
pub(crate) struct Reply {
    pub(crate) status: StatusCode,
    pub(crate) headers: Vec<(HeaderName, HeaderValue)>,
    pub(crate) body: Bytes,
}

impl Reply {
    /// `value` as JSON with `status`.
    pub(crate) fn json<T: Serialize>(status: StatusCode, value: &T) -> Self {
        match serde_json::to_vec(value) {
            Ok(body) => Self::raw(status, JSON, body),
            Err(_) => Self::raw(
                StatusCode::INTERNAL_SERVER_ERROR,
                JSON,
                r#"{"error":"Internal server error"}"#,
            ),
        }
    }

    /// Any body with `status` and `content_type`.
    pub(crate) fn raw(
        status: StatusCode,
        content_type: &'static str,
        body: impl Into<Bytes>,
    ) -> Self {
        Self {
            status,
            headers: vec![(CONTENT_TYPE, HeaderValue::from_static(content_type))],
            body: body.into(),
        }
    }

    /// No body (204 and the like).
    pub(crate) fn empty(status: StatusCode) -> Self {
        Self {
            status,
            headers: Vec::new(),
            body: Bytes::new(),
        }
    }

    /// A small HTML page, as the browser-facing authorisation pages answer.
    pub(crate) fn html(status: StatusCode, title: &str) -> Self {
        let body = format!(
            "<!doctype html><html><head><title>{title}</title></head><body><h1>{title}</h1></body></html>"
        );
        Self::raw(status, "text/html; charset=utf-8", body)
    }

    pub(crate) fn with_header(mut self, name: HeaderName, value: HeaderValue) -> Self {
        self.headers.push((name, value));
        self
    }

    pub(crate) fn is_success(&self) -> bool {
        self.status.is_success()
    }
}

/// An error Twilio itself would answer, with its JSON body `{code, message, more_info, status}`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct ApiError {
    pub(crate) status: StatusCode,
    pub(crate) code: i32,
    pub(crate) message: String,
    allow: Option<String>,
}

impl ApiError {
    pub(crate) fn new(status: StatusCode, code: i32, message: impl Into<String>) -> Self {
        Self {
            status,
            code,
            message: message.into(),
            allow: None,
        }
    }

    /// 400 with code 20001, Twilio's code for a parameter it cannot use.
    pub(crate) fn invalid(message: impl Into<String>) -> Self {
        Self::new(StatusCode::BAD_REQUEST, 20001, message)
    }

    /// 404 with code 20404. The message names the path as Twilio saw it: behind the gateway,
    /// without its `/twilio` prefix (`/2010-04-01/Accounts/AC.../Calls/CA....json`).
    pub(crate) fn not_found(path: &str) -> Self {
        let path = path
            .strip_prefix("/twilio")
            .filter(|rest| rest.starts_with('/'))
            .unwrap_or(path);
        Self::new(
            StatusCode::NOT_FOUND,
            20404,
            format!("The requested resource {path} was not found"),
        )
    }

    /// 405 with code 20004 and an `Allow` header.
    pub(crate) fn method_not_allowed(allow: impl Into<String>) -> Self {
        Self {
            allow: Some(allow.into()),
            ..Self::new(StatusCode::METHOD_NOT_ALLOWED, 20004, "Method not allowed")
        }
    }

    /// 400 for a missing form field Twilio requires, with the field-specific code.
    pub(crate) fn required(code: i32, message: impl Into<String>) -> Self {
        Self::new(StatusCode::BAD_REQUEST, code, message)
    }

    pub(crate) fn into_reply(self) -> Reply {
        let body = TwilioError {
            code: Some(self.code),
            details: None,
            message: Some(self.message),
            more_info: Some(format!("https://www.twilio.com/docs/errors/{}", self.code)),
            status: Some(i32::from(self.status.as_u16())),
            extra: serde_json::Map::new(),
        };
        let reply = Reply::json(self.status, &body);
        match self.allow.and_then(|a| HeaderValue::from_str(&a).ok()) {
            Some(allow) => reply.with_header(ALLOW, allow),
            None => reply,
        }
    }
}

/// An error the gateway (or control plane) answers on its own: `{"error": "..."}`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct GatewayError {
    pub(crate) status: StatusCode,
    pub(crate) message: String,
    pub(crate) retry_after: Option<u64>,
}

impl GatewayError {
    pub(crate) fn new(status: StatusCode, message: impl Into<String>) -> Self {
        Self {
            status,
            message: message.into(),
            retry_after: None,
        }
    }

    pub(crate) fn unauthorized() -> Self {
        Self::new(StatusCode::UNAUTHORIZED, "Invalid API key")
    }

    pub(crate) fn too_many_requests(retry_after: u64) -> Self {
        Self {
            retry_after: Some(retry_after),
            ..Self::new(StatusCode::TOO_MANY_REQUESTS, "Rate limit exceeded")
        }
    }

    pub(crate) fn internal() -> Self {
        Self::new(StatusCode::INTERNAL_SERVER_ERROR, "Internal server error")
    }

    pub(crate) fn into_reply(self) -> Reply {
        let body = serde_json::json!({ "error": self.message });
        let reply = Reply::json(self.status, &body);
        match self.retry_after {
            Some(seconds) => reply.with_header(RETRY_AFTER, HeaderValue::from(seconds)),
            None => reply,
        }
    }
}
