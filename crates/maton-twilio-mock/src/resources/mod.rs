//! One module per Twilio resource: how its records are created, changed, filtered and shown.
//!
//! Handlers get the store (already locked) and a [`Ctx`] with the request's parsed parts, and
//! answer a [`Reply`](crate::reply::Reply) or a Twilio-style [`ApiError`](crate::reply::ApiError).

use chrono::{DateTime, Utc};

use crate::params::Params;
use crate::reply::ApiError;

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
