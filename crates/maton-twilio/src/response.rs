//! [`Response`]: a decoded value with the HTTP status and headers it came with, and [`Pending`]:
//! a simple operation that runs when awaited.
//!
//! Most callers only want the value: every operation gives it directly
//! (`client.messages().fetch(&sid).await?`). Those who need the metadata (Twilio's
//! `Twilio-Request-Id` for a support ticket, rate-limit headers) ask for it:
//! `client.messages().fetch(&sid).with_meta().await?` for simple operations, `send_with_meta()`
//! on builders, `page_with_meta()` on lists.

use std::fmt;
use std::future::{Future, IntoFuture};
use std::pin::Pin;

use http::{HeaderMap, StatusCode};
use maton_twilio_api::ResponseValue;

use crate::Error;

/// A decoded value with the status and headers of the response that carried it.
///
/// Read the value with [`value`](Self::value) or [`into_value`](Self::into_value) (there is no
/// `Deref`: a method call on a `Response` is always one of its own). The status and headers come
/// as plain numbers and text, so that no HTTP crate's types are part of this API.
pub struct Response<T> {
    value: T,
    /// The status and headers, kept in the generated client's own wrapper (its value taken out),
    /// so that they are moved rather than copied on every call.
    meta: ResponseValue<()>,
}

impl<T> Response<T> {
    #[inline]
    pub(crate) fn new(value: T, status: StatusCode, headers: HeaderMap) -> Self {
        Self {
            value,
            meta: ResponseValue::new((), status, headers),
        }
    }

    /// The decoded value.
    #[inline]
    pub fn value(&self) -> &T {
        &self.value
    }

    /// The decoded value, dropping the metadata.
    #[inline]
    pub fn into_value(self) -> T {
        self.value
    }

    /// The HTTP status code (`201` for a create, `204` for a delete, ...).
    #[inline]
    pub fn status(&self) -> u16 {
        self.meta.status().as_u16()
    }

    /// The first value of a response header (the name in any case), when it is visible ASCII
    /// text.
    #[inline]
    pub fn header(&self, name: &str) -> Option<&str> {
        self.meta.headers().get(name).and_then(|v| v.to_str().ok())
    }

    /// Every response header as it came: lower-case name and raw value, repeated names once per
    /// value.
    #[inline]
    pub fn headers(&self) -> impl Iterator<Item = (&str, &[u8])> {
        self.meta
            .headers()
            .iter()
            .map(|(name, value)| (name.as_str(), value.as_bytes()))
    }

    /// Twilio's id for the request (`Twilio-Request-Id`, `RQ…`), worth quoting to Twilio support.
    #[inline]
    pub fn request_id(&self) -> Option<&str> {
        self.header("twilio-request-id")
    }

    /// Transforms the value, keeping the metadata.
    #[inline]
    pub fn map<U>(self, f: impl FnOnce(T) -> U) -> Response<U> {
        Response {
            value: f(self.value),
            meta: self.meta,
        }
    }
}

impl<T: Clone> Clone for Response<T> {
    #[inline]
    fn clone(&self) -> Self {
        Self::new(
            self.value.clone(),
            self.meta.status(),
            self.meta.headers().clone(),
        )
    }
}

impl<T: fmt::Debug> fmt::Debug for Response<T> {
    #[inline]
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Response")
            .field("value", &self.value)
            .field("status", &self.meta.status())
            .field("headers", self.meta.headers())
            .finish()
    }
}

type BoxFuture<T> = Pin<Box<dyn Future<Output = T> + Send + 'static>>;

/// A simple operation (fetch, delete, ...) that runs when awaited.
///
/// `.await` gives the value; [`with_meta`](Self::with_meta) gives it with the status and headers.
/// Nothing is sent until it is awaited, and dropping it unawaited sends nothing.
#[must_use = "nothing is sent until the operation is awaited"]
pub struct Pending<T> {
    future: BoxFuture<Result<Response<T>, Error>>,
}

impl<T: Send + 'static> Pending<T> {
    #[inline]
    pub(crate) fn new(
        future: impl Future<Output = Result<Response<T>, Error>> + Send + 'static,
    ) -> Self {
        Self {
            future: Box::pin(future),
        }
    }

    /// Runs the operation and returns the value with the response's status and headers.
    #[inline]
    pub async fn with_meta(self) -> Result<Response<T>, Error> {
        self.future.await
    }
}

impl<T: Send + 'static> IntoFuture for Pending<T> {
    type Output = Result<T, Error>;
    type IntoFuture = PendingValue<T>;

    #[inline]
    fn into_future(self) -> Self::IntoFuture {
        PendingValue {
            future: self.future,
        }
    }
}

/// The future of an awaited [`Pending`]: its value without the response metadata.
#[must_use = "futures do nothing unless awaited"]
pub struct PendingValue<T> {
    future: BoxFuture<Result<Response<T>, Error>>,
}

impl<T> Future for PendingValue<T> {
    type Output = Result<T, Error>;

    #[inline]
    fn poll(
        mut self: Pin<&mut Self>,
        cx: &mut std::task::Context<'_>,
    ) -> std::task::Poll<Self::Output> {
        // No second box: map the inner future's output in place.
        self.future
            .as_mut()
            .poll(cx)
            .map(|result| result.map(Response::into_value))
    }
}

impl<T> fmt::Debug for PendingValue<T> {
    #[inline]
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("PendingValue")
    }
}

impl<T> fmt::Debug for Pending<T> {
    #[inline]
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Pending")
    }
}

/// Converts what a generated operation returned.
#[inline]
pub(crate) async fn finish<T>(
    operation: &'static str,
    result: Result<maton_twilio_api::ResponseValue<T>, maton_twilio_api::Error<()>>,
) -> Result<Response<T>, Error> {
    match result {
        Ok(response) => finish_ok(operation, response),
        Err(error) => Err(finish_err(operation, error).await),
    }
}

/// [`finish`] of a success, without a future of its own: the value moves fewer times.
#[inline]
pub(crate) fn finish_ok<T>(
    operation: &'static str,
    response: maton_twilio_api::ResponseValue<T>,
) -> Result<Response<T>, Error> {
    // The value is moved out and the status and headers stay where they are: no copy.
    let mut value = None;
    let meta = response
        .map(|inner| value = Some(inner))
        .unwrap_or_else(|never: std::convert::Infallible| match never {});
    match value {
        Some(value) => Ok(Response { value, meta }),
        // `map` always calls its function; should that change, an error, not a panic.
        None => {
            Err(Error::decode_message("the response's value went missing")
                .with_operation(operation))
        }
    }
}

/// [`finish`] of an error.
#[inline]
pub(crate) async fn finish_err(
    operation: &'static str,
    error: maton_twilio_api::Error<()>,
) -> Error {
    // Boxed: the error path reads the body, and its future would otherwise be part of every
    // operation's future, success or not.
    Box::pin(maton_core::from_generated(
        maton_core::Service::Twilio,
        operation,
        error,
    ))
    .await
}
