//! Low-level client for Twilio's REST API through the Maton gateway, and for Maton's control plane.
//!
//! Generated from `spec/twilio.yaml` and `spec/control.yaml` by `cargo xtask codegen`; most users
//! want the `maton-twilio` crate, which wraps this one with validated types, pagination, retries
//! and readable errors. This crate is for those who need every field and parameter exactly as the
//! spec names them.
//!
//! - [`twilio`]: the gateway's Twilio endpoints (`https://gateway.maton.ai/twilio`).
//! - [`control`]: the control plane (`https://ctrl.maton.ai`).
//!
//! Each module has a `Client` built from a base URL, a caller-supplied [`reqwest::Client`] (which
//! carries the `Authorization: Bearer` header, e.g. through its default headers) and a
//! [`Context`]. Builders send exactly what the spec describes: no `api-version` header, array form
//! fields as repeated keys, range filters under their wire names (`DateSent>`).
//!
//! Each module also has its operation table, generated from the same spec:
//! [`twilio::Operation`] and [`control::Operation`] (every `operationId` with its method, path
//! template, success type and, for lists, item key), matched to a request by [`operation::find`];
//! every generated `*Page` type implements [`ListPage`].
//!
//! Only success responses are typed. Every other status comes back as
//! [`progenitor_client::Error::UnexpectedResponse`] with its status,
//! headers and body untouched, so that callers can read Twilio's JSON error body or the gateway's
//! non-JSON one alike.
//!
//! ```no_run
//! # async fn run() -> Result<(), Box<dyn std::error::Error>> {
//! use maton_twilio_api::{Context, twilio};
//!
//! let mut headers = reqwest::header::HeaderMap::new();
//! let mut auth = reqwest::header::HeaderValue::from_str("Bearer my-maton-key")?;
//! auth.set_sensitive(true);
//! headers.insert(reqwest::header::AUTHORIZATION, auth);
//! let http = reqwest::Client::builder().default_headers(headers).build()?;
//! let client = twilio::Client::new_with_client(
//!     "https://gateway.maton.ai/twilio",
//!     http,
//!     Context::default(),
//! );
//! let accounts = client.list_account().page_size(20).send().await?.into_inner();
//! for account in accounts.accounts.unwrap_or_default() {
//!     println!("{:?} {:?}", account.sid, account.friendly_name);
//! }
//! # Ok(())
//! # }
//! ```

#![warn(missing_docs)]

mod connection_id;
mod context;
mod numeric;
pub mod operation;
mod timestamp;

pub use connection_id::{ConnectionId, InvalidConnectionId};
pub use context::{Context, Execute, ExecuteFuture};
pub use numeric::Numeric;
pub use operation::{ListPage, Matched, NoMatch, OperationTable, PageFields, UnknownOperation};
pub use progenitor_client::{ByteStream, Error, ResponseValue};
pub use timestamp::Timestamp;

/// The gateway's Twilio endpoints, generated from `spec/twilio.yaml`.
#[allow(missing_docs, clippy::all, clippy::pedantic, rustdoc::all)]
#[rustfmt::skip]
#[path = "generated/twilio.rs"]
pub mod twilio;

/// Maton's control plane, generated from `spec/control.yaml`.
#[allow(missing_docs, clippy::all, clippy::pedantic, rustdoc::all)]
#[rustfmt::skip]
#[path = "generated/control.rs"]
pub mod control;

context::impl_hooks!(twilio::Client);
context::impl_hooks!(control::Client);
