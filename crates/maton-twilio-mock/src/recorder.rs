//! The requests the emulator received, for tests to inspect.

use std::collections::VecDeque;

use bytes::Bytes;
use http::{HeaderMap, Method};

/// One request as the emulator received it, `Authorization` header removed.
#[derive(Clone, Debug)]
pub struct RecordedRequest {
    /// `GET`, `POST`, ...
    pub method: Method,
    /// The path exactly as sent, still percent-encoded (`/twilio/2010-04-01/...`).
    pub path: String,
    /// The query string exactly as sent (without `?`), if any.
    pub query: Option<String>,
    /// Every header but `Authorization`.
    pub headers: HeaderMap,
    /// The body, as far as it was read (at most the body limit).
    pub body: Bytes,
    /// The operation the request was routed to (`CreateMessage`, `ListConnections`, ...), if any.
    pub operation: Option<&'static str>,
}

impl RecordedRequest {
    /// One header's value as text.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }

    /// The body's `(key, value)` pairs, decoded as a form, in order.
    pub fn form_pairs(&self) -> Vec<(String, String)> {
        form_urlencoded::parse(&self.body).into_owned().collect()
    }

    /// The query's `(key, value)` pairs, decoded, in order.
    pub fn query_pairs(&self) -> Vec<(String, String)> {
        form_urlencoded::parse(self.query.as_deref().unwrap_or_default().as_bytes())
            .into_owned()
            .collect()
    }

    /// The body as text (lossy).
    pub fn body_text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }
}

/// The last `capacity` requests.
#[derive(Debug)]
pub(crate) struct Recorder {
    capacity: usize,
    requests: VecDeque<RecordedRequest>,
}

impl Recorder {
    pub(crate) fn new(capacity: usize) -> Self {
        Self {
            capacity,
            requests: VecDeque::new(),
        }
    }

    pub(crate) fn push(&mut self, request: RecordedRequest) {
        if self.capacity == 0 {
            return;
        }
        while self.requests.len() >= self.capacity {
            self.requests.pop_front();
        }
        self.requests.push_back(request);
    }

    pub(crate) fn all(&self) -> Vec<RecordedRequest> {
        self.requests.iter().cloned().collect()
    }

    pub(crate) fn clear(&mut self) {
        self.requests.clear();
    }
}
