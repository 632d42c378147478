//! [`UpdateCall`]: changes to a live call, held as the generated `UpdateCall` body.

use maton_twilio_api::twilio::types::{self as wire, CallUpdateStatus, HttpMethod};

use crate::Error;
use crate::client::Client;
use crate::model::Call;
use crate::resources::{finish_body, require_change};
use crate::rules;
use crate::sid::CallSid;

/// Changes to a live call: `client.calls().update(&sid)`.
///
/// Checked in [`send`](Self::send): something to change; not both `url` and `twiml`; TwiML at
/// most 4,000 characters; URLs absolute `http(s)`; `time_limit` 1 to 86,400 seconds.
#[derive(Clone, Debug)]
#[must_use = "nothing is sent until `send()` is awaited"]
pub struct UpdateCall {
    client: Client,
    sid: CallSid,
    body: wire::builder::UpdateCallRequest,
}

impl UpdateCall {
    #[inline]
    pub(super) fn new(client: Client, sid: CallSid) -> Self {
        Self {
            client,
            sid,
            body: Default::default(),
        }
    }

    body_setters! {
        /// Redirects the call to the TwiML at this URL (absolute http(s)).
        url: String;
        /// The HTTP method for `url`.
        method: HttpMethod;
        /// Redirects the call to this TwiML (at most 4,000 characters): a string or a
        /// [`VoiceResponse`](crate::twiml::VoiceResponse).
        twiml: String;
        /// `completed` ends an in-progress call, `canceled` a queued or ringing one.
        status: CallUpdateStatus;
        /// The URL Twilio tries when `url` fails.
        fallback_url: String;
        /// The HTTP method for `fallback_url`.
        fallback_method: HttpMethod;
        /// Where Twilio posts call status changes.
        status_callback: String;
        /// The HTTP method for `status_callback`.
        status_callback_method: HttpMethod;
        /// The longest the call may last from now, in seconds.
        time_limit: i64;
    }

    send_methods! {
        /// Checks the changes and applies them.
        Call, |self| {
            let body: wire::UpdateCallRequest = finish_body(self.body)?;
            validate(&body)?;
            send_in_account!(self.client, UpdateCall => update_call
                .sid(self.sid.as_str())
                .body(body)
            )
        }
    }
}

#[inline]
fn validate(update: &wire::UpdateCallRequest) -> Result<(), Error> {
    require_change::<wire::builder::UpdateCallRequest, _>(
        update,
        "status",
        "nothing to change: set a url, twiml, status, callback or time limit",
    )?;
    if update.url.is_some() && update.twiml.is_some() {
        return Err(Error::invalid_input(
            "twiml",
            "give either `url` or `twiml`, not both",
        ));
    }
    rules::opt_url("url", &update.url)?;
    rules::opt_twiml(&update.twiml)?;
    rules::opt_url("fallback_url", &update.fallback_url)?;
    rules::opt_url("status_callback", &update.status_callback)?;
    if let Some(limit) = update.time_limit {
        rules::in_range("time_limit", limit, 1, 86_400)?;
    }
    Ok(())
}
