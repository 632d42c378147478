//! One module per Twilio resource: how its records are created, changed, filtered and shown.
//!
//! Handlers get the store (already locked) and a [`Ctx`] with the request's parsed parts, and
//! answer a [`Reply`](crate::reply::Reply) or a Twilio-style [`ApiError`](crate::reply::ApiError).

use chrono::{DateTime, Utc};
pub(crate) use maton_twilio_api::twilio::Operation as Op;

use crate::params::Params;
use crate::reply::{ApiError, Reply};
use crate::routes::Route;
use crate::store::Store;

pub(crate) mod accounts;
pub(crate) mod addresses;
pub(crate) mod applications;
pub(crate) mod available;
pub(crate) mod calls;
pub(crate) mod conferences;
pub(crate) mod live;
pub(crate) mod media;
pub(crate) mod members;
pub(crate) mod messages;
pub(crate) mod numbers;
pub(crate) mod prices;
pub(crate) mod queues;
pub(crate) mod recordings;
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
    /// The connection's main account.
    pub(crate) main: &'a str,
    /// The operation the request was routed to.
    pub(crate) op: Op,
    /// The route, for its path parameters.
    pub(crate) route: &'a Route,
}

impl Ctx<'_> {
    /// The path parameter `name` (`Sid`, `CountryCode`); empty when the path has none.
    pub(crate) fn param(&self, name: &str) -> &str {
        self.route.param(name).unwrap_or_default()
    }

    /// The path parameter `Sid`.
    pub(crate) fn sid(&self) -> &str {
        self.param("Sid")
    }
}

/// The behaviour of one operation.
pub(crate) type Handler = fn(&mut Store, &Ctx<'_>) -> Result<Reply, ApiError>;

/// A module's operations, each with its behaviour.
pub(crate) type Table = &'static [(Op, Handler)];

/// What each module answers: one row per operation it has a behaviour for. A new behaviour is a
/// row in its module's `OPERATIONS`; a new module is a `mod` line and an entry here.
const TABLES: [Table; 14] = [
    accounts::OPERATIONS,
    addresses::OPERATIONS,
    applications::OPERATIONS,
    available::OPERATIONS,
    calls::OPERATIONS,
    messages::OPERATIONS,
    numbers::OPERATIONS,
    numbers::BY_TYPE,
    queues::OPERATIONS,
    usage::OPERATIONS,
    recordings::OPERATIONS,
    conferences::OPERATIONS,
    media::OPERATIONS,
    members::OPERATIONS,
];

/// The behaviour of `op`, if the emulator has one.
pub(crate) fn handler(op: Op) -> Option<Handler> {
    TABLES
        .iter()
        .flat_map(|table| table.iter())
        .find(|(row, _)| *row == op)
        .map(|(_, handler)| *handler)
}

/// The rows of a resource's five standard operations: `list`, `create`, `update` and `delete` of
/// the calling module, fetch of the record type through [`records::fetch`]. With `configure`,
/// update applies the module's `configure(record, form)` to a copy through [`records::update`]
/// and delete is [`records::delete`].
macro_rules! standard_rows {
    ($record:ty: $list:ident $create:ident $fetch:ident $update:ident $delete:ident) => {{
        use $crate::resources::{Op, records::fetch};
        &[
            (Op::$list, |store, ctx| list(store, ctx)),
            (Op::$create, create),
            (Op::$fetch, |s, c| fetch::<$record>(s, c, c.sid())),
            (Op::$update, |s, c| update(s, c, c.sid())),
            (Op::$delete, |s, c| delete(s, c, c.sid())),
        ]
    }};
    ($record:ty: $list:ident $create:ident $fetch:ident $update:ident $delete:ident; configure) => {{
        use $crate::resources::{Op, records};
        &[
            (Op::$list, |store, ctx| list(store, ctx)),
            (Op::$create, create),
            (Op::$fetch, |s, c| records::fetch::<$record>(s, c, c.sid())),
            (Op::$update, |s, c| {
                records::update(s, c, c.sid(), |r: &mut $record| configure(r, c.form))
            }),
            (Op::$delete, |s, c| {
                records::delete::<$record>(s, c, c.sid())
            }),
        ]
    }};
}
pub(crate) use standard_rows;

/// Applies to `$record` the settings of `$form` that applications and phone numbers share: the
/// same form keys and the same field names on both generated types (name, webhook URLs and
/// methods, caller-ID lookup). Returns early, as `?` does, with the first bad value.
macro_rules! apply_webhooks {
    ($form:expr, $record:expr) => {{
        let (form, record) = ($form, $record);
        for (key, field) in [
            ("FriendlyName", &mut record.friendly_name),
            ("SmsFallbackUrl", &mut record.sms_fallback_url),
            ("SmsUrl", &mut record.sms_url),
            ("StatusCallback", &mut record.status_callback),
            ("VoiceFallbackUrl", &mut record.voice_fallback_url),
            ("VoiceUrl", &mut record.voice_url),
        ] {
            form.apply(key, field);
        }
        for (key, field) in [
            ("SmsFallbackMethod", &mut record.sms_fallback_method),
            ("SmsMethod", &mut record.sms_method),
            ("StatusCallbackMethod", &mut record.status_callback_method),
            ("VoiceFallbackMethod", &mut record.voice_fallback_method),
            ("VoiceMethod", &mut record.voice_method),
        ] {
            if let Some(method) = form.method(key)? {
                *field = Some(method);
            }
        }
        if let Some(lookup) = form.bool("VoiceCallerIdLookup")? {
            record.voice_caller_id_lookup = Some(lookup);
        }
    }};
}
pub(crate) use apply_webhooks;

/// Twilio's longest `FriendlyName`, in characters.
const MAX_FRIENDLY_NAME: usize = 64;

/// Refuses a `FriendlyName` longer than Twilio allows.
pub(crate) fn check_friendly_name(name: Option<&str>) -> Result<(), ApiError> {
    if name.is_some_and(|n| n.chars().count() > MAX_FRIENDLY_NAME) {
        return Err(ApiError::invalid(
            "FriendlyName must be at most 64 characters",
        ));
    }
    Ok(())
}

/// `/2010-04-01/Accounts/{account}/{tail}`.
pub(crate) fn account_uri(account: &str, tail: &str) -> String {
    format!("/2010-04-01/Accounts/{account}/{tail}")
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;

    use super::*;

    #[test]
    fn no_operation_has_two_behaviours_and_lookup_finds_each_row() {
        let mut seen = BTreeSet::new();
        for (op, _) in TABLES.iter().flat_map(|table| table.iter()) {
            assert!(seen.insert(*op), "{op} has two rows");
            assert!(handler(*op).is_some(), "{op}");
        }
        // Every other operation of the spec is the generic store's, which has an answer for it.
        let without: Vec<_> = Op::ALL
            .iter()
            .filter(|op| !seen.contains(*op) && !crate::generic::answers(**op))
            .collect();
        assert!(without.is_empty(), "no behaviour for {without:?}");
        eprintln!(
            "{} operations: {} by hand rows, {} by the generic store",
            Op::ALL.len(),
            seen.len(),
            Op::ALL.len() - seen.len()
        );
    }
}
