//! [`Limiter`]: what the transport waits on before each attempt.
//!
//! Two implementations: [`RateLimit`], in the process (the default, shared by the clones of one
//! client), and, with the `redis` feature, [`RedisLimiter`](crate::RedisLimiter), one limit
//! shared by every replica of a service through Redis.

use std::fmt;
use std::future::Future;
use std::pin::Pin;

use crate::policy::RateLimit;

#[cfg(feature = "redis")]
pub(crate) mod redis;

/// The future [`Limiter::acquire`] returns.
pub type LimitFuture<'a> = Pin<Box<dyn Future<Output = Result<(), LimitError>> + Send + 'a>>;

/// Paces requests: each attempt waits for [`acquire`](Self::acquire) before it is sent.
///
/// Object-safe, so that a client holds any implementation as `Arc<dyn Limiter>`.
pub trait Limiter: fmt::Debug + Send + Sync + 'static {
    /// Waits until one more request may go, and books it. An error means the request must not
    /// be sent at all (a limiter that fails closed when it cannot tell).
    fn acquire(&self) -> LimitFuture<'_>;
}

impl Limiter for RateLimit {
    fn acquire(&self) -> LimitFuture<'_> {
        Box::pin(async move {
            RateLimit::acquire(self).await;
            Ok(())
        })
    }
}

/// A limiter's refusal: the request was not sent.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LimitError {
    message: String,
}

impl LimitError {
    /// A refusal saying why.
    pub fn new(message: impl Into<String>) -> Self {
        Self {
            message: message.into(),
        }
    }

    /// Why the request was refused.
    pub fn message(&self) -> &str {
        &self.message
    }
}

impl fmt::Display for LimitError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for LimitError {}

#[cfg(test)]
mod tests {
    use std::sync::Arc;
    use std::time::Duration;

    use super::*;

    #[tokio::test(start_paused = true)]
    async fn the_in_process_limit_works_as_a_trait_object() {
        let limiter: Arc<dyn Limiter> = Arc::new(RateLimit::new(2, Duration::from_secs(1)));
        let start = tokio::time::Instant::now();
        for _ in 0..3 {
            limiter.acquire().await.unwrap();
        }
        assert_eq!(start.elapsed(), Duration::from_secs(1));
    }

    #[tokio::test]
    async fn a_refusal_becomes_a_typed_error_not_a_server_429() {
        use crate::transport::{NotSent, not_sent};
        let refused = NotSent::Refused(LimitError::new("the shared limiter is down"));
        let url = reqwest::Url::parse("http://127.0.0.1/").unwrap();
        let response = not_sent(refused, &url);
        let error = crate::from_response(crate::Service::Twilio, response).await;
        assert_eq!(error.kind(), crate::ErrorKind::RateLimited);
        assert_eq!(error.outcome(), crate::Outcome::NotPerformed);
        assert_eq!(error.status(), None);
        assert!(
            error.to_string().contains("the shared limiter is down"),
            "{error}"
        );
    }
}
