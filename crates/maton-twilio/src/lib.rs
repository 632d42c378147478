#![doc = include_str!("../README.md")]
//!
//! # The pieces
//!
//! - [`Client`] and [`ClientBuilder`]: configuration (key, base URLs, connection, account,
//!   timeouts, retries, rate limit, your own `reqwest::Client`). The account SID is discovered
//!   from `/Accounts.json` on first use unless given; [`Client::with_account`] targets a
//!   subaccount.
//! - Handlers, one per resource: [`Client::messages`], [`Client::calls`],
//!   [`Client::phone_numbers`] (owned numbers, available-number search, buying),
//!   [`Client::applications`], [`Client::queues`], [`Client::addresses`], [`Client::usage`],
//!   [`Client::accounts`]. Simple operations are awaited directly and give the value
//!   ([`Pending`]); operations with many optional parameters are builders ending in `send()`.
//!   Both can return the HTTP status and headers too ([`Response`]).
//! - Types that prevent mistakes: typed SIDs ([`MessageSid`], ... and the [`Sid`] trait),
//!   [`PhoneNumber`] (E.164), and the rules Twilio states (body length, required content, one of
//!   URL/TwiML/application, ranges, absolute callback URLs), checked before sending
//!   ([`ErrorKind::InvalidInput`], naming the parameter).
//! - [`model`]: what Twilio returns, with open enums, dates as timestamps, numbers that arrive
//!   as strings as [`model::Numeric`], and unknown fields kept.
//! - [`pagination`]: `list()` builders give one [`Page`](pagination::Page), or every item as a
//!   stream ([`Items`](pagination::Items)) that fetches a page at a time, stops at a limit, and follows `next_page_uri` only
//!   under the client's base URL.
//! - [`Error`]: one opaque error, asked questions ([`Error::kind`], [`Error::status`],
//!   [`Error::code`], [`Error::outcome`], [`Error::retry_after`], ...).
//! - [`Client::request`]: any request to Twilio's API v2010 by method and path
//!   (`{AccountSid}` filled in), with the same authentication, retries and errors; JSON back, and
//!   every page of a list with [`Request::paginate`].
//! - [`raw`]: the generated low-level client, for anything not wrapped here
//!   ([`Client::raw`] shares this client's authentication and policies).
//!
//! # Retries, limits, tracing
//!
//! GET and DELETE are retried on 429, 5xx, connection errors and timeouts, with capped
//! exponential backoff and jitter, honouring `Retry-After`; POST (sending a message, placing a
//! call) only on 429 or when the connection could not be opened, so nothing is done twice. A
//! request that timed out after leaving reports [`Outcome::Unknown`]. A client-side limiter keeps
//! to the gateway's 10 requests per second unless turned off. Each attempt is a `tracing` span
//! (`maton.request`: operation, method, path, attempt, status, elapsed time); headers, bodies and
//! the key are never logged.
//!
//! [Maton's API gateway]: https://maton.ai
//!
//! # Webhooks and TwiML
//!
//! The other direction: Twilio POSTs to the service when an SMS arrives or a status changes, and
//! asks it what to do with a call. Twilio signs these requests with the account's auth token
//! (from the Twilio console; the gateway never sees them). [`webhook`] checks
//! `X-Twilio-Signature` and reads typed payloads; [`twiml`] builds the answers (features
//! `webhooks` and `twiml`, on by default). With the `axum` feature,
//! `webhook::TwilioWebhook` is an extractor that refuses unsigned requests with 403 and TwiML
//! documents are responses (`Content-Type: text/xml`). The emulator (`maton-twilio-mock`, with
//! an auth token) sends signed callbacks to test all of this offline.
#![cfg_attr(
    feature = "axum",
    doc = concat!(
        "\nReceiving an SMS and replying (`examples/receive_sms.rs`):\n\n```no_run\n",
        include_str!("../examples/receive_sms.rs"),
        "```\n\nAnswering a call (`examples/answer_call.rs`):\n\n```no_run\n",
        include_str!("../examples/answer_call.rs"),
        "```"
    )
)]
#![warn(missing_docs)]

mod client;
mod config;
pub mod model;
pub mod pagination;
pub mod phone;
mod request;
mod resources;
mod response;
mod rules;
mod sid;
#[cfg(feature = "twiml")]
pub mod twiml;
#[cfg(feature = "webhooks")]
pub mod webhook;

pub use client::Client;
pub use config::{
    ClientBuilder, DEFAULT_BASE_URL, DEFAULT_CONNECT_TIMEOUT, DEFAULT_CONTROL_BASE_URL,
    DEFAULT_TIMEOUT, env,
};
pub use request::{API_PREFIX, Method, Request, RequestPages, UNKNOWN_OPERATION};
pub use resources::*;
pub use response::{Pending, PendingValue, Response};
pub use rules::{MAX_FRIENDLY_NAME_CHARS, MAX_TWIML_CHARS};

/// The SID of a message's media item (`ME…`).
pub use maton_twilio_rules::MediaSid;
/// Twilio's rules and identifier types, defined once in `maton-twilio-rules` for this client,
/// the generated one and the emulator. A [`ParseError`] becomes an
/// [`ErrorKind::InvalidInput`] error through `?`.
pub use maton_twilio_rules::{
    AccountSid, AddressSid, ApplicationSid, BundleSid, CallSid, ContentSid, DEFAULT_PAGE_SIZE,
    MAX_BODY_CHARS, MAX_E164_DIGITS, MAX_MEDIA_URLS, MAX_PAGE_SIZE, MAX_VALIDITY_PERIOD,
    MIN_E164_DIGITS, MIN_PAGE_SIZE, MIN_VALIDITY_PERIOD, MessageSid, MessagingServiceSid,
    ParseError, PhoneNumber, PhoneNumberSid, QueueSid, Sid, TrunkSid, body_chars, is_e164,
};

/// The SIDs of recordings, transcriptions and conferences (`maton-twilio-rules`).
pub use maton_twilio_rules::{ConferenceSid, RecordingSid, TranscriptionSid};

pub use maton_core::{ApiError, BaseUrl, Error, ErrorKind, Outcome, RateLimit, RetryPolicy};
pub use maton_core::{LimitError, Limiter};
#[cfg(feature = "redis")]
pub use maton_core::{OnOutage, RedisLimit, RedisLimiter, RedisLimiterStats};

/// The generated low-level client (`maton-twilio-api`): every operation and field exactly as the
/// spec names them. Reach it through [`Client::raw`] to keep this client's policies.
pub use maton_twilio_api as raw;

/// Maton's control plane (the `maton-connections` crate): the OAuth connections the gateway
/// uses. Reach it with this client's key and settings through [`Client::connections`].
pub use maton_connections as connections;

/// `Stream`, for naming the item and page streams in signatures.
pub use futures_core::Stream;
