//! One module per Twilio resource: how its records are created, changed, filtered and shown.
//!
//! Handlers get the store (already locked) and a [`Ctx`] with the request's parsed parts, and
//! answer a [`Reply`](crate::reply::Reply) or a Twilio-style [`ApiError`](crate::reply::ApiError).

use chrono::{DateTime, Utc};

use crate::params::Params;

pub(crate) mod accounts;
pub(crate) mod addresses;
pub(crate) mod applications;
pub(crate) mod available;
pub(crate) mod calls;
pub(crate) mod messages;
pub(crate) mod numbers;
pub(crate) mod queues;
pub(crate) mod records;
pub(crate) mod usage;

/// The parts of a Twilio request that handlers read.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Ctx<'a> {
    /// The emulated time of the request.
    pub(crate) now: DateTime<Utc>,
    /// The path below the gateway's `/twilio` prefix (`/2010-04-01/...`).
    pub(crate) path: &'a str,
    pub(crate) query: &'a Params,
    pub(crate) form: &'a Params,
    /// The account in the path, or for the account collection the connection's main account.
    pub(crate) account: &'a str,
}

/// `/2010-04-01/Accounts/{account}/{tail}`.
pub(crate) fn account_uri(account: &str, tail: &str) -> String {
    format!("/2010-04-01/Accounts/{account}/{tail}")
}
