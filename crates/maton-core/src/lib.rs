//! What the Maton client crates share.
//!
//! - [`ApiKey`]: the Maton API key, never printed.
//! - [`BaseUrl`]: a checked base URL (https, or http on loopback only), and safe resolution of
//!   server-given paths such as Twilio's `next_page_uri`.
//! - [`Error`], [`ErrorKind`], [`Outcome`]: the one error type, telling apart invalid input,
//!   configuration, 401, the gateway's 400, 429, 404, Twilio's errors, 5xx, transport failures,
//!   timeouts and undecodable bodies, and saying whether a failed request may have been performed.
//! - [`Transport`], [`RetryPolicy`], [`RateLimit`]: authentication, pacing, retries and tracing
//!   for every request, plugged into the generated clients through [`Execute`], the hook they
//!   send every request through (defined here: the generated crate builds on this one).
//! - [`Limiter`]: what the transport waits on; [`RateLimit`] in the process, or (feature
//!   `redis`) `RedisLimiter`, one limit shared by every replica of a service.
//!
//! Users reach these through `maton-twilio` and `maton-connections`, which re-export them.

#![warn(missing_docs)]

mod api_error;
mod base_url;
mod convert;
mod error;
mod execute;
mod key;
mod limiter;
mod parse_error;
mod policy;
mod proxy;
mod redact;
mod tls;
mod transport;

pub use api_error::ApiError;
pub use base_url::BaseUrl;
pub use convert::MAX_ERROR_BODY;
// Plumbing for the sibling crates (the generated client, the facade, the control-plane client,
// the CLI and the emulator), hidden from the documented API: not for users, and free to change.
#[doc(hidden)]
pub use convert::{from_generated, from_response};
pub use error::{Error, ErrorKind, Outcome, Service};
pub use execute::{Execute, ExecuteFuture};
pub use key::{API_KEY_ENV, ApiKey};
#[cfg(feature = "redis")]
pub use limiter::redis::{OnOutage, REDIS_URL_ENV, RedisLimit, RedisLimiter, RedisLimiterStats};
pub use limiter::{LimitError, LimitFuture, Limiter};
#[doc(hidden)]
pub use policy::retry_after;
pub use policy::{RateLimit, RetryPolicy};
pub use redact::MIN_SECRET_LEN;
#[doc(hidden)]
pub use redact::{escape_controls, quote_server_text, redact_server_text};
pub use transport::DEFAULT_MAX_BODY;
#[doc(hidden)]
pub use transport::{CONNECTION_HEADER, Transport};

#[doc(hidden)]
/// The HTTP client both services share when the caller supplies none: the TLS stack of the
/// crate's features (rustls with `ring` by default; see the crate docs), no redirects
/// followed (a redirect from the gateway reaches the caller as the answer it is, an error for
/// every operation but the one whose documented answer is a 307, and the key never follows
/// one), the given
/// timeouts and user agent, and the environment's proxies (`HTTP_PROXY`, `HTTPS_PROXY`,
/// `ALL_PROXY`, `NO_PROXY`) except for plain `http` to a loopback host, which goes direct so that
/// no proxy sees the key in clear.
pub fn http_client(
    user_agent: &str,
    timeout: std::time::Duration,
    connect_timeout: std::time::Duration,
) -> Result<reqwest::Client, Error> {
    let builder = tls::configure(reqwest::Client::builder())?
        .user_agent(user_agent)
        .timeout(timeout)
        .connect_timeout(connect_timeout)
        .redirect(reqwest::redirect::Policy::none());
    proxy::from_env(builder, |name| std::env::var(name).ok())
        .build()
        .map_err(|e| Error::config(format!("could not build the HTTP client: {e}")))
}

/// The default user agent: `maton-twilio-rs/<version>`.
pub const USER_AGENT: &str = concat!("maton-twilio-rs/", env!("CARGO_PKG_VERSION"));
