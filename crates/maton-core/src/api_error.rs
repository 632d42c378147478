//! [`ApiError`]: Twilio's error body, as an [`Error`](crate::Error) carries it.

use serde::Deserialize;

use crate::redact::redact;

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

    /// Every text field through the redaction step.
    pub(crate) fn redacted(mut self) -> Self {
        self.message = self.message.as_deref().map(redact);
        self.more_info = self.more_info.as_deref().map(redact);
        if let Some(details) = self.details.as_mut() {
            redact_json(details);
        }
        self
    }
}

/// Every string in `value`, keys included, through the redaction step.
fn redact_json(value: &mut serde_json::Value) {
    use serde_json::Value;
    match value {
        Value::String(text) => *text = redact(text),
        Value::Array(items) => items.iter_mut().for_each(redact_json),
        Value::Object(map) => {
            let entries = std::mem::take(map);
            for (key, mut item) in entries {
                redact_json(&mut item);
                map.insert(redact(&key), item);
            }
        }
        _ => {}
    }
}
