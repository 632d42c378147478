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

impl RecordedRequest {
    /// Estimated bytes: the body, path, query and headers, with a fixed allowance per header.
    fn footprint(&self) -> usize {
        let headers: usize = self
            .headers
            .iter()
            .map(|(name, value)| name.as_str().len() + value.len() + 64)
            .sum();
        std::mem::size_of::<Self>()
            + self.body.len()
            + self.path.len()
            + self.query.as_ref().map_or(0, String::len)
            + headers
    }
}

/// The last `capacity` requests, within `max_bytes` all together.
#[derive(Debug)]
pub(crate) struct Recorder {
    capacity: usize,
    max_bytes: usize,
    bytes: usize,
    requests: VecDeque<(usize, RecordedRequest)>,
}

impl Recorder {
    pub(crate) fn new(capacity: usize, max_bytes: usize) -> Self {
        Self {
            capacity,
            max_bytes,
            bytes: 0,
            requests: VecDeque::new(),
        }
    }

    /// Keeps `request`, dropping the oldest ones beyond the count or the bytes. The request
    /// must own its bytes (not share a connection's read buffer), or its estimate would lie.
    pub(crate) fn push(&mut self, request: RecordedRequest) {
        let size = request.footprint();
        if self.capacity == 0 || size > self.max_bytes {
            return;
        }
        while self.requests.len() >= self.capacity
            || self.bytes.saturating_add(size) > self.max_bytes
        {
            let Some((gone, _)) = self.requests.pop_front() else {
                break;
            };
            self.bytes = self.bytes.saturating_sub(gone);
        }
        self.bytes = self.bytes.saturating_add(size);
        self.requests.push_back((size, request));
    }

    pub(crate) fn all(&self) -> Vec<RecordedRequest> {
        self.requests.iter().map(|(_, r)| r.clone()).collect()
    }

    pub(crate) fn clear(&mut self) {
        self.requests.clear();
        self.bytes = 0;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn request(body: usize) -> RecordedRequest {
        RecordedRequest {
            method: Method::POST,
            path: "/x".to_string(),
            query: None,
            headers: HeaderMap::new(),
            body: Bytes::from(vec![b'a'; body]),
            operation: None,
        }
    }

    #[test]
    fn the_oldest_go_when_the_bytes_run_out() {
        let mut recorder = Recorder::new(1_000, 10_000);
        for _ in 0..10 {
            recorder.push(request(3_000));
        }
        assert_eq!(recorder.all().len(), 3);
        assert!(recorder.bytes <= 10_000);
        recorder.push(request(20_000));
        assert_eq!(
            recorder.all().len(),
            3,
            "one larger than the whole budget is not kept"
        );
    }
}
