//! Outgoing caller IDs: numbers the account does not own but has verified, so that calls can
//! show them as the caller (`client.caller_ids()`).

use maton_twilio_api::twilio::builder;
use maton_twilio_api::twilio::types::{self as wire, HttpMethod};

use crate::Error;
use crate::client::Client;
use crate::model::{OutgoingCallerId, ValidationRequest};
use crate::pagination::{Paging, list_methods};
use crate::phone::check_e164;
use crate::resources::finish_body;
use crate::response::Pending;
use crate::rules::{self, MAX_FRIENDLY_NAME_CHARS};
use crate::sid::PhoneNumberSid;

/// The longest wait Twilio allows before the verification call, in seconds.
const MAX_CALL_DELAY: u32 = 60;

/// The account's verified caller IDs: `client.caller_ids()`. Their SIDs start with `PN`, like
/// owned numbers' ([`PhoneNumberSid`]).
#[derive(Clone, Debug)]
pub struct CallerIds {
    client: Client,
}

impl CallerIds {
    #[inline]
    pub(crate) fn new(client: Client) -> Self {
        Self { client }
    }

    /// Lists the verified caller IDs.
    #[inline]
    pub fn list(&self) -> ListCallerIds {
        new_list!(self, ListCallerIds => list_outgoing_caller_id)
    }

    pending_by_sid! {
        /// Fetches one caller ID.
        fetch(PhoneNumberSid) -> OutgoingCallerId = FetchOutgoingCallerId => fetch_outgoing_caller_id;

        /// Removes a caller ID: calls can no longer show it.
        delete(PhoneNumberSid) -> () = DeleteOutgoingCallerId => delete_outgoing_caller_id;
    }

    /// Renames a caller ID (1 to 64 characters).
    #[inline]
    pub fn rename(
        &self,
        sid: &PhoneNumberSid,
        friendly_name: impl Into<String>,
    ) -> Pending<OutgoingCallerId> {
        let client = self.client.clone();
        let sid = sid.clone();
        let name = friendly_name.into();
        Pending::new(async move {
            rules::not_blank("friendly_name", &name)?;
            rules::max_chars("friendly_name", &name, MAX_FRIENDLY_NAME_CHARS)?;
            send_in_account!(client, UpdateOutgoingCallerId => update_outgoing_caller_id
                .sid(sid)
                .body_map(move |b| b.friendly_name(Some(name)))
            )
        })
    }

    /// Starts verifying `phone_number` (E.164) as a caller ID: Twilio calls it, and whoever
    /// answers enters the [`validation_code`](ValidationRequest::validation_code) the answer
    /// carries. Show that code to the number's owner; the caller ID appears in
    /// [`list`](Self::list) once the code was entered.
    ///
    /// ```no_run
    /// # async fn run(client: maton_twilio::Client) -> Result<(), maton_twilio::Error> {
    /// let request = client
    ///     .caller_ids()
    ///     .verify("+14155550123")
    ///     .friendly_name("Front desk")
    ///     .send()
    ///     .await?;
    /// println!("enter {:?} when Twilio calls", request.validation_code);
    /// # Ok(())
    /// # }
    /// ```
    #[inline]
    pub fn verify(&self, phone_number: impl Into<String>) -> VerifyCallerId {
        VerifyCallerId {
            client: self.client.clone(),
            body: wire::CreateValidationRequestRequest::builder().phone_number(phone_number.into()),
        }
    }
}

/// Lists caller IDs: `client.caller_ids().list()`.
#[derive(Clone, Debug)]
#[must_use = "nothing is sent until the list is fetched or streamed"]
pub struct ListCallerIds {
    client: Client,
    paging: Paging,
    request: builder::ListOutgoingCallerId<'static>,
}

impl ListCallerIds {
    query_setters! {
        /// Only this number (E.164).
        phone_number: String;
        /// Only caller IDs with this display name.
        friendly_name: String;
    }

    account_first_page!(OutgoingCallerId);
}

list_methods!(ListCallerIds, OutgoingCallerId, wire::OutgoingCallerIdPage);

/// Starts a caller ID's verification: `client.caller_ids().verify("+1…")`.
///
/// Checked in [`send`](Self::send): the number is E.164; the name at most 64 characters; the
/// delay 0 to 60 seconds; the extension digits, `#`, `*` and `w` (a half-second pause); the
/// status callback an absolute `http(s)` URL.
#[derive(Clone, Debug)]
#[must_use = "nothing is sent until `send()` is awaited"]
pub struct VerifyCallerId {
    client: Client,
    body: wire::builder::CreateValidationRequestRequest,
}

impl VerifyCallerId {
    body_setters! {
        /// A display name for the caller ID, at most 64 characters.
        friendly_name: String;
        /// Digits to dial after the call connects (an extension), with `w` for a pause.
        extension: String;
        /// Where Twilio posts the verification's outcome (absolute http(s)).
        status_callback: String;
        /// The HTTP method for `status_callback`.
        status_callback_method: HttpMethod;
    }

    /// Waits this many seconds (0 to 60) before placing the verification call.
    #[inline]
    pub fn call_delay(mut self, seconds: u32) -> Self {
        self.body = self.body.call_delay(Some(i64::from(seconds)));
        self
    }

    send_methods! {
        /// Checks the request and asks Twilio to call the number. The answer holds the code to
        /// enter. Not retried on a timeout.
        ValidationRequest, |self| {
            let body: wire::CreateValidationRequestRequest = finish_body(self.body)?;
            check_verification(&body)?;
            send_in_account!(self.client, CreateValidationRequest => create_validation_request
                .body(body)
            )
        }
    }
}

#[inline]
fn check_verification(body: &wire::CreateValidationRequestRequest) -> Result<(), Error> {
    check_e164("phone_number", &body.phone_number)?;
    rules::opt_friendly_name(&body.friendly_name)?;
    if let Some(delay) = body.call_delay {
        rules::in_range("call_delay", delay, 0, i64::from(MAX_CALL_DELAY))?;
    }
    if let Some(extension) = &body.extension {
        rules::not_blank("extension", extension)?;
        if let Some(bad) = extension
            .chars()
            .find(|c| !(c.is_ascii_digit() || matches!(c, '#' | '*' | 'w')))
        {
            return Err(Error::invalid_input(
                "extension",
                format!("{bad:?} cannot be dialled: use digits, #, * and w"),
            ));
        }
    }
    rules::opt_url("status_callback", &body.status_callback)
}
