//! [`Transport`]: what every request of the Maton clients goes through.
//!
//! Plugged into the generated clients as their [`Execute`] hook, so it sees each operation with
//! its id: it adds the bearer key (only for the client's own base URL), the `Maton-Connection`
//! header, waits for the rate limit, sends, retries by the [`RetryPolicy`], and records a tracing
//! span per attempt. It never logs headers or bodies, so the key cannot leak through it.

use std::sync::Arc;
use std::time::Duration;

use reqwest::ResponseBuilderExt;
use reqwest::header::{AUTHORIZATION, HeaderName, HeaderValue};
use tracing::Instrument;

use crate::base_url::BaseUrl;
use crate::error::Error;
use crate::execute::{Execute, ExecuteFuture};
use crate::key::ApiKey;
use crate::limiter::{LimitError, Limiter};
use crate::policy::{RateLimit, RetryPolicy, retry_after};

/// The header that picks a connection.
pub const CONNECTION_HEADER: HeaderName = HeaderName::from_static("maton-connection");

/// The most of a response body that is read by default: 64 MiB, far above Twilio's largest page
/// (1,000 items), so that a broken or hostile server cannot make the client allocate without
/// bound. A longer body fails to read, as an error, instead.
pub const DEFAULT_MAX_BODY: usize = 64 * 1024 * 1024;

/// Authentication, pacing and retries for one base URL.
#[derive(Debug)]
pub struct Transport {
    /// `Bearer <key>`, built once (and marked sensitive) rather than per request.
    authorization: HeaderValue,
    /// Kept to scrub from error bodies that echo it.
    key: ApiKey,
    base: BaseUrl,
    connection: Option<HeaderValue>,
    retry: RetryPolicy,
    limit: Option<Arc<dyn Limiter>>,
    max_body: usize,
    /// The most one call may take, every attempt and wait included.
    total_timeout: Option<Duration>,
    /// The client's own timeout of one attempt, when known: an attempt gets the smaller of it
    /// and what is left of `total_timeout`.
    attempt_timeout: Option<Duration>,
}

/// Why the transport made up an answer instead of sending: attached to that answer so that
/// [`from_response`](crate::from_response) turns it into the matching error, never mistaken for
/// the server's.
#[derive(Clone, Debug)]
pub(crate) enum NotSent {
    /// The call's total timeout passed while the rate limit held the request back.
    Deadline(Duration),
    /// The limiter refused the request (a shared limiter set to fail closed).
    Refused(LimitError),
}

impl Transport {
    /// A transport for `base`, authenticating with `key`.
    pub fn new(key: ApiKey, base: BaseUrl) -> Self {
        Self {
            authorization: key.authorization(),
            key,
            base,
            connection: None,
            retry: RetryPolicy::default(),
            limit: None,
            max_body: DEFAULT_MAX_BODY,
            total_timeout: None,
            attempt_timeout: None,
        }
    }

    /// Sends `Maton-Connection: <id>` on every request that does not set its own. The id must
    /// already be validated (see the connections crate's `ConnectionId`).
    pub fn connection(mut self, id: Option<&str>) -> Result<Self, Error> {
        self.connection = match id {
            Some(id) => Some(
                HeaderValue::from_str(id)
                    .map_err(|_| Error::invalid_input("connection", "not a valid header value"))?,
            ),
            None => None,
        };
        Ok(self)
    }

    /// The retry policy.
    pub fn retry(mut self, policy: RetryPolicy) -> Self {
        self.retry = policy;
        self
    }

    /// A rate limit shared with other transports (`None` for none).
    pub fn rate_limit(mut self, limit: Option<Arc<RateLimit>>) -> Self {
        self.limit = limit.map(|limit| limit as Arc<dyn Limiter>);
        self
    }

    /// Any [`Limiter`] (in-process, or shared through Redis), shared with other transports
    /// (`None` for none). A refusal is returned as a 429 without sending anything, which
    /// [`from_response`](crate::from_response) turns into the limiter's error.
    pub fn limiter(mut self, limit: Option<Arc<dyn Limiter>>) -> Self {
        self.limit = limit;
        self
    }

    /// The most bytes of a response body that are read ([`DEFAULT_MAX_BODY`] unless set).
    pub fn max_body(mut self, bytes: usize) -> Self {
        self.max_body = bytes;
        self
    }

    /// The most one call may take, all attempts, `Retry-After` and backoff waits and rate-limit
    /// waits included (`None`, the default, for no such bound). A retry whose wait would end past
    /// it is not made: the last answer or error is returned instead; an attempt is cut at it
    /// (a [`Timeout`](crate::ErrorKind::Timeout)). When it passes while the rate limit holds
    /// the request back, nothing is sent and the answer is a made-up `408` with no body, which
    /// [`from_response`](crate::from_response) turns into a `Timeout` error saying so.
    pub fn total_timeout(mut self, total: Option<Duration>) -> Self {
        self.total_timeout = total;
        self
    }

    /// The HTTP client's own timeout of one attempt, when the caller knows it: with a
    /// [`total_timeout`](Self::total_timeout), an attempt gets the smaller of the two (a request's
    /// own timeout replaces the client's in reqwest).
    pub fn attempt_timeout(mut self, timeout: Option<Duration>) -> Self {
        self.attempt_timeout = timeout;
        self
    }

    /// The base URL requests go to.
    pub fn base(&self) -> &BaseUrl {
        &self.base
    }

    /// Sends a request that is not one of the generated operations (a `next_page_uri`), with the
    /// same authentication, pacing and retries.
    pub async fn send(
        &self,
        http: &reqwest::Client,
        request: reqwest::Request,
        operation: &'static str,
    ) -> reqwest::Result<reqwest::Response> {
        self.run(http, request, operation, RetryCopy::Whole).await
    }

    async fn run(
        &self,
        http: &reqwest::Client,
        mut request: reqwest::Request,
        operation: &'static str,
        copy: RetryCopy,
    ) -> reqwest::Result<reqwest::Response> {
        // The key goes only to the configured service, whatever URL a request was built with.
        if self.base.contains(request.url()) {
            request
                .headers_mut()
                .insert(AUTHORIZATION, self.authorization.clone());
        } else {
            request.headers_mut().remove(AUTHORIZATION);
            tracing::warn!(
                operation,
                "request outside the base URL: sent without the API key"
            );
        }
        if let Some(connection) = &self.connection {
            request
                .headers_mut()
                .entry(CONNECTION_HEADER)
                .or_insert_with(|| connection.clone());
        }
        let method = request.method().clone();
        let deadline = self
            .total_timeout
            .map(|total| (total, tokio::time::Instant::now() + total));
        let mut attempt = 1;
        loop {
            // A body that cannot be cloned (a stream) is sent once, without retries.
            let retry_copy = if attempt < self.retry.attempts() {
                copy.of(&request)
            } else {
                None
            };
            if let Some(limit) = &self.limit {
                let acquired = match deadline {
                    Some((total, at)) => match tokio::time::timeout_at(at, limit.acquire()).await {
                        Ok(acquired) => acquired,
                        Err(_) => return Ok(not_sent(NotSent::Deadline(total), request.url())),
                    },
                    None => limit.acquire().await,
                };
                if let Err(refused) = acquired {
                    tracing::debug!(operation, attempt, "refused by the rate limiter: not sent");
                    return Ok(not_sent(NotSent::Refused(refused), request.url()));
                }
            }
            if let Some((total, at)) = deadline {
                let left = at.saturating_duration_since(tokio::time::Instant::now());
                if left.is_zero() {
                    return Ok(not_sent(NotSent::Deadline(total), request.url()));
                }
                let own = [request.timeout().copied(), self.attempt_timeout]
                    .into_iter()
                    .flatten()
                    .min();
                *request.timeout_mut() = Some(own.map_or(left, |own| own.min(left)));
            }
            let span = tracing::debug_span!(
                "maton.request",
                operation,
                method = %method,
                path = %request.url().path(),
                attempt,
                status = tracing::field::Empty,
                elapsed_ms = tracing::field::Empty,
            );
            let started = tokio::time::Instant::now();
            let result = http.execute(request).instrument(span.clone()).await;
            span.record("elapsed_ms", started.elapsed().as_millis() as u64);
            let wait = match &result {
                Ok(response) => {
                    span.record("status", response.status().as_u16());
                    self.retry
                        .retries_status(&method, response.status())
                        .then(|| {
                            self.retry
                                .wait_before_next(attempt, retry_after(response.headers()))
                        })
                        .flatten()
                }
                Err(error) => {
                    let _entered = span.enter();
                    tracing::debug!(
                        timeout = error.is_timeout(),
                        connect = error.is_connect(),
                        "transport error"
                    );
                    self.retry
                        .retries_error(&method, error)
                        .then(|| self.retry.wait_before_next(attempt, None))
                        .flatten()
                }
            };
            // A wait that would end past the total timeout is not waited: the answer stands.
            let wait = wait.filter(|wait| {
                deadline.is_none_or(|(_, at)| tokio::time::Instant::now() + *wait < at)
            });
            match (wait, retry_copy) {
                (Some(wait), Some(copy)) => {
                    tracing::debug!(
                        operation,
                        attempt,
                        wait_ms = wait.as_millis() as u64,
                        "retrying"
                    );
                    sleep(wait).await;
                    request = copy;
                    attempt += 1;
                }
                _ => {
                    return match result {
                        Ok(response) if !response.status().is_success() => {
                            // Boxed: only error answers take this path, and its future would
                            // otherwise be part of every request's.
                            Ok(Box::pin(self.scrub_key(limit_body(response, self.max_body))).await)
                        }
                        other => other.map(|response| limit_body(response, self.max_body)),
                    };
                }
            }
        }
    }
}

impl Transport {
    /// An error answer that echoes the key (a misbehaving proxy, a debugging endpoint) must not
    /// carry it into error messages and logs: the key's text is replaced in the body. Error
    /// bodies are small; a body that cannot be read is passed on empty.
    async fn scrub_key(&self, response: reqwest::Response) -> reqwest::Response {
        let url = response.url().clone();
        let status = response.status();
        let version = response.version();
        let headers = response.headers().clone();
        let body = response.bytes().await.unwrap_or_default();
        let body = crate::redact::replace_decoded(&body, self.key.expose().as_bytes())
            .unwrap_or_else(|| body.to_vec());
        let mut rebuilt = http::Response::builder()
            .status(status)
            .version(version)
            .url(url);
        if let Some(map) = rebuilt.headers_mut() {
            *map = headers;
            map.remove(http::header::CONTENT_LENGTH);
        }
        match rebuilt.body(reqwest::Body::from(body)) {
            Ok(response) => reqwest::Response::from(response),
            Err(_) => reqwest::Response::from(http::Response::new(reqwest::Body::from(Vec::new()))),
        }
    }
}

/// The answer standing for a request that was not sent: no body, `408` for a passed deadline or
/// `429` for a refusal, and `reason` attached. It never reaches a caller as such.
pub(crate) fn not_sent(reason: NotSent, url: &reqwest::Url) -> reqwest::Response {
    let empty = || reqwest::Body::from(Vec::new());
    // Setting only the URL cannot fail; the status is set apart so that it always holds.
    let mut response = http::Response::builder()
        .url(url.clone())
        .body(empty())
        .unwrap_or_else(|_| http::Response::new(empty()));
    *response.status_mut() = match reason {
        NotSent::Deadline(_) => http::StatusCode::REQUEST_TIMEOUT,
        NotSent::Refused(_) => http::StatusCode::TOO_MANY_REQUESTS,
    };
    response.extensions_mut().insert(reason);
    reqwest::Response::from(response)
}

/// How the copy kept for a retry is made. A body that cannot be copied (a stream) gives none.
#[derive(Clone, Copy, Debug)]
enum RetryCopy {
    /// `reqwest::Request::try_clone`, extensions and all: for requests built elsewhere
    /// ([`Transport::send`]).
    Whole,
    /// Method, URL, headers, version, timeout and body: all that a request made by a
    /// `reqwest::RequestBuilder` holds (the generated operations build theirs so, and set no
    /// other extension), without the extension map `try_clone` allocates for the timeout and
    /// then throws away.
    Built,
}

impl RetryCopy {
    fn of(self, request: &reqwest::Request) -> Option<reqwest::Request> {
        if let Self::Whole = self {
            return request.try_clone();
        }
        let body = match request.body() {
            Some(body) => Some(reqwest::Body::from(body.as_bytes()?.to_vec())),
            None => None,
        };
        let mut copy = reqwest::Request::new(request.method().clone(), request.url().clone());
        *copy.headers_mut() = request.headers().clone();
        *copy.version_mut() = request.version();
        if let Some(timeout) = request.timeout() {
            *copy.timeout_mut() = Some(*timeout);
        }
        *copy.body_mut() = body;
        Some(copy)
    }
}

/// Wraps the body so that reading more than `limit` bytes fails instead of allocating on.
fn limit_body(response: reqwest::Response, limit: usize) -> reqwest::Response {
    // A declared length within the limit is already enforced by HTTP framing: no wrapper needed.
    if response
        .content_length()
        .is_some_and(|length| length <= limit as u64)
    {
        return response;
    }
    let url = response.url().clone();
    let (mut parts, body) = http::Response::<reqwest::Body>::from(response).into_parts();
    let limited = reqwest::Body::wrap(http_body_util::Limited::new(body, limit));
    // Keep the response's URL, which the conversion to `http::Response` leaves behind.
    if let Ok(with_url) = http::Response::builder().url(url).body(()) {
        parts.extensions.extend(with_url.into_parts().0.extensions);
    }
    reqwest::Response::from(http::Response::from_parts(parts, limited))
}

async fn sleep(wait: Duration) {
    if !wait.is_zero() {
        tokio::time::sleep(wait).await;
    }
}

impl Execute for Transport {
    fn execute<'a>(
        &'a self,
        http: &'a reqwest::Client,
        request: reqwest::Request,
        operation_id: &'static str,
    ) -> ExecuteFuture<'a> {
        Box::pin(self.run(http, request, operation_id, RetryCopy::Built))
    }
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use super::RetryCopy;

    fn parts(request: &reqwest::Request) -> String {
        format!(
            "{} {} {:?} {:?} {:?} {:?}",
            request.method(),
            request.url(),
            request.version(),
            request.headers(),
            request.timeout(),
            request.body().map(|b| b.as_bytes().map(<[u8]>::to_vec)),
        )
    }

    #[test]
    fn the_copy_of_a_built_request_is_what_try_clone_gives() {
        let http = reqwest::Client::new();
        let form = http
            .post("http://127.0.0.1:9/2010-04-01/Accounts/AC1/Messages.json")
            .header("accept", "application/json")
            .form(&[("Body", "héllo & bye"), ("To", "+15559876543")])
            .timeout(Duration::from_millis(1500))
            .build()
            .unwrap();
        let get = http
            .get("http://127.0.0.1:9/2010-04-01/Accounts.json?PageSize=2")
            .header("maton-connection", "c1")
            .build()
            .unwrap();
        for request in [form, get] {
            let whole = RetryCopy::Whole.of(&request).unwrap();
            let built = RetryCopy::Built.of(&request).unwrap();
            assert_eq!(parts(&built), parts(&whole));
            assert_eq!(parts(&built), parts(&request));
        }
    }

    #[test]
    fn a_streamed_body_is_not_copied_either_way() {
        let streamed = http_body_util::Full::new(&b"chunk"[..]);
        let request = reqwest::Client::new()
            .post("http://127.0.0.1:9/upload")
            .body(reqwest::Body::wrap(streamed))
            .build()
            .unwrap();
        assert!(RetryCopy::Whole.of(&request).is_none());
        assert!(RetryCopy::Built.of(&request).is_none());
    }
}
