//! [`Execute`]: the hook a generated client sends every request through.
//!
//! Defined here rather than in the generated crate, so that the generated crate depends on this
//! one and not the other way round: a spec change rebuilds the generated client and what is above
//! it, never the shared core. `maton-twilio-api` re-exports both names.

use std::future::Future;
use std::pin::Pin;

/// The future an [`Execute`] implementation returns.
pub type ExecuteFuture<'a> =
    Pin<Box<dyn Future<Output = reqwest::Result<reqwest::Response>> + Send + 'a>>;

/// Sends a request on behalf of a generated operation.
///
/// The default sends it once with the client's [`reqwest::Client`]. Higher layers plug in their
/// own to add authentication, rate limiting, retries or tracing around every operation, with the
/// operation's id (`CreateMessage`, `ListConnections`, ...) at hand.
pub trait Execute: Send + Sync + 'static {
    /// Sends `request` (already built; the generated code never adds an `api-version` header)
    /// and returns the raw response, whatever its status.
    fn execute<'a>(
        &'a self,
        http: &'a reqwest::Client,
        request: reqwest::Request,
        operation_id: &'static str,
    ) -> ExecuteFuture<'a>;
}
