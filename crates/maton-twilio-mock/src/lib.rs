//! A stateful local emulator of Maton's API gateway for Twilio and of Maton's control plane.
//!
//! It serves every operation of `spec/twilio.yaml` under `http://127.0.0.1:PORT/twilio` (the
//! stand-in for `https://gateway.maton.ai/twilio`) and every operation of `spec/control.yaml`
//! under `http://127.0.0.1:PORT` (for `https://ctrl.maton.ai`), so that tests, demos and
//! benchmarks run offline against something that behaves like the real thing:
//!
//! - **Auth as the gateway does it**: `Authorization: Bearer <key>` (401 otherwise);
//!   `Maton-Connection` picks a connection, else the oldest ACTIVE twilio connection is used;
//!   no ACTIVE connection gives the gateway's 400.
//! - **State**: a seeded account owning `+15551234567` and `+15557654321`; messages and calls
//!   created by POST show up in lists and fetches and can be redacted, canceled, ended and
//!   deleted; applications, queues, addresses and numbers have full CRUD; usage records follow
//!   what was sent.
//! - **Voice and media state**: a call placed with `Record=true` leaves a recording (from its
//!   answer to its end); recordings started on a live call pause, resume and stop; conferences
//!   and participants (join, mute, hold, kick, end); the media of an MMS, one per `MediaUrl`;
//!   queue members. Two `Twiml` test hooks of `CreateCall` put the call in a queue
//!   (`<Enqueue>NAME</Enqueue>`) or a conference (`<Dial><Conference>NAME</Conference></Dial>`),
//!   made when the account has none of that name. The balance (20.00 USD to start) falls by
//!   0.0075 USD per message segment and 0.014 USD per answered call, the prices the records
//!   report.
//! - **A clock the test controls**: statuses are derived from creation time and the emulated
//!   clock ([`MockGateway::advance`]): a message is `queued`, then `sent` after 1 s, `delivered`
//!   after 3 s; a call is `queued`, `ringing` after 1 s, `in-progress` after 5 s, `completed`
//!   after 15 s. No background timers, no sleeps.
//! - **Twilio's rules and error bodies** (`{code, message, more_info, status}`): missing `To`
//!   (21604) or `From` (21603), no content (21602), invalid number (21211), body over 1,600
//!   characters counted as Twilio counts them (21617), the limits of `maton-twilio-rules`, unknown SID (404, 20404), `Page` without `PageToken` (400, 20001),
//!   `PageSize` outside 1..=1000 (400, 20001), wrong method (405, 20004), body over 64 KiB
//!   (413, 20001). Scheduled messages need `ScheduleType=fixed` (35115), a Messaging Service
//!   (35111) and a `SendAt` from 15 minutes to 35 days ahead of the emulated clock (35114); they
//!   stay `scheduled` until then.
//! - **Twilio's paging**: `PageSize` (default 50, max 1000), `next_page_uri` with a `PageToken`
//!   that names a position, so a reader never sees an item twice or misses one while others
//!   insert.
//! - **Control plane**: create gives PENDING with an authorisation URL on the emulator itself;
//!   opening it turns the connection ACTIVE (`/connect/{id}/deny` turns it FAILED).
//! - **Faults** per operation, deterministic ([`FaultPlan`]): latency, 429 with `Retry-After`,
//!   500, HTML 502, connection reset before or after processing, truncated or invalid JSON; and
//!   [`MockGateway::performed`] counts what really ran, to prove a send was not duplicated.
//! - **Webhooks**, given an auth token ([`MockGatewayBuilder::auth_token`]): signed status
//!   callbacks to a message's or call's `StatusCallback` as its status advances, the TwiML fetch
//!   of a placed call's `Url` (a failure fails the call with 11200), inbound SMS to a number's
//!   `SmsUrl` ([`MockGateway::simulate_inbound_sms`], `POST /mock/inbound-sms`); loopback
//!   receivers only unless allowed. [`MockGateway::wait_for_callbacks`] waits for delivery and
//!   [`MockGateway::callbacks`] lists every attempt.
//! - **Limits**: the gateway's 10 requests/second per key can be switched on
//!   ([`MockGatewayBuilder::rate_limit`]); storage is capped ([`Limits`]).
//!
//! # Hostile clients
//!
//! Nothing a client sends can panic the emulator, hold it, or grow it without bound:
//!
//! - **Input**: numbers from the query are read with checked or saturating arithmetic; usage
//!   dates must lie within 36,500 days of today and a `Daily`/`Monthly`/`Yearly` list walks at
//!   most its 1,000 newest periods; query and form are parsed before the store is locked.
//! - **Size**: call addresses are E.164 or `client:`/`sip:` of at most 256 characters (21211,
//!   21212), message bodies at most 1,600 characters (21617), every other form value at most
//!   4,000 characters (400, 20001). [`Limits::max_store_bytes`] (default 256 MiB) bounds the
//!   estimated size of every stored record together: a new message or call evicts the oldest of
//!   its kind, anything else is refused (400, 20001). [`Limits::max_recorded_bytes`] (16 MiB)
//!   bounds the recorded requests.
//! - **Connections**: the key is checked as soon as a request's head is in, so a request without
//!   it gets its 401 with the body unread; a head must arrive within
//!   [`Limits::header_read_timeout`] (10 s) and fit [`Limits::max_header_bytes`] (32 KiB), a body
//!   within [`Limits::body_read_timeout`] (30 s, else 408); at most
//!   [`Limits::max_open_connections`] (256) are served at once, the rest wait unaccepted.
//!
//! The memory ceiling: the emulator's data are bounded by `max_store_bytes +
//! max_recorded_bytes + max_open_connections × max(256 KiB, max_header_bytes + max_body_bytes)`
//! (about 336 MiB with the defaults); allocator overhead comes on top (the reliability suite
//! checks that a process's peak RSS grows by at most twice the two budgets plus 16 MiB).
//!
//! The gateway's own errors (401 bad key, 400 no connection, 429, the 500 fault) are
//! `{"error": "..."}`; everything Twilio would answer has Twilio's body. Responses are built from
//! the generated types of `maton-twilio-api`, so they stay in step with the spec.
//!
//! # Magic numbers
//!
//! Like Twilio's test credentials, some destinations behave in a fixed way: `+15005550001`
//! (21211 invalid), `+15005550002` (21612 unreachable), `+15005550004` (21610 unsubscribed),
//! `+15005550009` (21614 not mobile, messages) fail on create; messages to `+15005550010` end
//! `failed`, to `+15005550011` or `+15005550012` end `undelivered`; calls to them end `failed`,
//! `busy` and `no-answer`.
//!
//! # Example
//!
//! ```no_run
//! # async fn run() -> Result<(), Box<dyn std::error::Error>> {
//! use std::time::Duration;
//! use maton_twilio_api::{Context, twilio};
//! use maton_twilio_mock::{Fault, FaultPlan, MockGateway};
//!
//! let mock = MockGateway::start().await?;
//! let mut headers = reqwest::header::HeaderMap::new();
//! headers.insert(
//!     reqwest::header::AUTHORIZATION,
//!     format!("Bearer {}", mock.api_key()).parse()?,
//! );
//! let http = reqwest::Client::builder().default_headers(headers).build()?;
//! let client = twilio::Client::new_with_client(&mock.twilio_url(), http, Context::default());
//!
//! // The first send is answered 429; the client's retry goes through.
//! let plan = FaultPlan::new().then(Fault::TooManyRequests { retry_after: 1 }, 1);
//! mock.inject(twilio::Operation::CreateMessage, plan);
//! let message = client
//!     .create_message()
//!     .account_sid(mock.account_sid())
//!     .body_map(|b| {
//!         b.to("+15559876543")
//!             .from(Some("+15551234567".to_string()))
//!             .body(Some("Hello!".to_string()))
//!     })
//!     .send()
//!     .await;
//! assert!(message.is_err());
//!
//! mock.advance(Duration::from_secs(5)); // now it would be delivered
//! assert_eq!(mock.performed(twilio::Operation::CreateMessage), 0);
//! mock.shutdown().await;
//! # Ok(())
//! # }
//! ```

#![warn(missing_docs)]

mod callbacks;
mod clock;
mod connections;
mod control;
mod dates;
mod faults;
mod footprint;
mod gateway;
mod limiter;
mod limits;
mod paging;
mod params;
mod phone;
mod pipeline;
mod recorder;
mod reply;
mod resources;
mod routes;
mod seed;
mod server;
mod shared;
mod sid;
mod store;
mod twilio;

pub use callbacks::{
    CallbackDelivery, CallbackKind, DEFAULT_CALLBACK_TIMEOUT, InboundError, MAX_RECORDED_CALLBACKS,
    TWIML_RETRIEVAL_FAILURE,
};
pub use clock::ClockMode;
pub use faults::{Fault, FaultPlan};
pub use gateway::{
    DEFAULT_API_KEY, MockGateway, MockGatewayBuilder, StoreStats, default_start_time,
};
pub use limits::Limits;
pub use recorder::RecordedRequest;
pub use resources::calls::{ANSWERED_AFTER, COMPLETED_AFTER, RINGING_AFTER};
pub use resources::messages::{
    DELIVERED_AFTER, SCHEDULE_MAX_AHEAD, SCHEDULE_MIN_AHEAD, SENT_AFTER,
};
pub use seed::DEFAULT_NUMBERS;
