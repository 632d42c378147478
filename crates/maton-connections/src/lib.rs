//! Maton's control plane (`https://ctrl.maton.ai`): the OAuth connections its API gateway uses.
//!
//! A connection links the owner of a Maton API key to one account of an app, here Twilio. The
//! gateway sends each request with the credentials of the connection named in the
//! `Maton-Connection` header, or of the oldest ACTIVE one. This crate:
//!
//! - lists, creates, fetches and deletes connections ([`Connections::list`],
//!   [`create`](Connections::create), [`get`](Connections::get),
//!   [`delete`](Connections::delete)), with typed results ([`Connection`]);
//! - waits for a new connection's OAuth consent ([`Connections::wait_until_active`]), with
//!   progress reports, and a clear [`WaitError`] when it turns FAILED, disappears or the
//!   deadline passes;
//! - picks the connection gateway calls use ([`Connections::select_for_app`], the gateway's
//!   own rule, or [`Connections::select_by_id`]);
//! - checks that a key is ready for gateway calls ([`Connections::check_env`], [`KeyCheck`]).
//!
//! Errors are the [`Error`] every Maton crate returns: ask it its [`kind`](Error::kind)
//! (401 [`Unauthorized`](ErrorKind::Unauthorized), 404 [`NotFound`](ErrorKind::NotFound), 429
//! [`RateLimited`](ErrorKind::RateLimited) with [`retry_after`](Error::retry_after), 5xx
//! [`Server`](ErrorKind::Server), [`Transport`](ErrorKind::Transport), undecodable
//! [`Decode`](ErrorKind::Decode) with [`status`](Error::status) and [`body`](Error::body)), and
//! its [`outcome`](Error::outcome). Input is checked before anything is sent: a
//! [`ConnectionId`] holding `/`, `\r\n` or nothing is an [`InvalidInput`](ErrorKind::InvalidInput)
//! error. The API key never appears in `Debug`, `Display`, errors or traces.
//!
//! # Create a connection and wait for it
//!
//! ```no_run
//! use std::time::Duration;
//!
//! use maton_connections::{Connections, WaitError};
//!
//! # async fn run() -> Result<(), Box<dyn std::error::Error>> {
//! // MATON_API_KEY, and MATON_CTRL_BASE_URL if not https://ctrl.maton.ai
//! let connections = Connections::from_env()?;
//!
//! let created = connections.create("twilio").send().await?;
//! if let Some(url) = created.url() {
//!     println!("Open this page to authorise Twilio: {url}");
//! }
//! let id = created.id().ok_or("the control plane sent no usable id")?;
//!
//! let waited = connections
//!     .wait_until_active(id)
//!     .interval(Duration::from_secs(2))
//!     .deadline(Duration::from_secs(10 * 60))
//!     .on_progress(|progress| {
//!         if progress.is_change() {
//!             eprintln!("{} after {:?}", progress.status_text(), progress.elapsed());
//!         }
//!     })
//!     .send()
//!     .await;
//! match waited {
//!     Ok(active) => println!("ACTIVE; send `Maton-Connection: {id}` to use it ({:?})", active.app()),
//!     Err(WaitError::DeadlinePassed { .. }) => eprintln!("nobody finished the consent in time"),
//!     Err(other) => return Err(other.into()),
//! }
//! # Ok(())
//! # }
//! ```
//!
//! # Share an HTTP client and a rate limit
//!
//! ```no_run
//! use std::sync::Arc;
//!
//! use maton_connections::{ConnectionsBuilder, RateLimit};
//!
//! # fn run(http: reqwest::Client) -> Result<(), maton_connections::Error> {
//! let connections = ConnectionsBuilder::from_env()? // MATON_API_KEY, MATON_CTRL_BASE_URL
//!     .http_client(http) // the one the Twilio client uses
//!     .rate_limit(Arc::new(RateLimit::gateway()))
//!     .build()?;
//! # Ok(())
//! # }
//! ```

#![warn(missing_docs)]

mod check;
mod client;
mod connection;
mod id;
mod ops;
mod select;
mod wait;

pub use check::KeyCheck;
pub use client::{Connections, ConnectionsBuilder};
pub use connection::{Connection, oldest_active};
pub use id::{ConnectionId, IntoConnectionId};
pub use maton_core::{ApiKey, BaseUrl, Error, ErrorKind, Outcome, RateLimit, RetryPolicy};
/// How a connection authenticates to its app: OAUTH2, API_KEY, BASIC, OAUTH1, MCP, or
/// [`Unknown`](ConnectionMethod::Unknown) for a value this version does not know (the generated
/// open enum).
pub use maton_twilio_api::control::types::ConnectionMethod;
/// Where a connection stands in its OAuth flow: ACTIVE, PENDING, FAILED, or
/// [`Unknown`](ConnectionStatus::Unknown) for a value this version does not know (the
/// generated open enum).
pub use maton_twilio_api::control::types::ConnectionStatus;
pub use ops::{CreateConnection, ListConnections};
pub use wait::{
    DEFAULT_POLL_INTERVAL, DEFAULT_WAIT_DEADLINE, MIN_POLL_INTERVAL, Progress, WaitError,
    WaitUntilActive,
};

/// The control plane's public base URL.
pub const DEFAULT_BASE_URL: &str = "https://ctrl.maton.ai";

/// The environment variable that overrides [`DEFAULT_BASE_URL`].
pub const BASE_URL_ENV: &str = "MATON_CTRL_BASE_URL";

/// The app name of Twilio on the control plane and the gateway.
pub const TWILIO_APP: &str = "twilio";
