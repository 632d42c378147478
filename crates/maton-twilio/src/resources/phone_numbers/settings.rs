//! Buying a number ([`BuyNumber`]) and changing one ([`UpdatePhoneNumber`]): each holds the
//! generated body of its operation, and both take the same number settings.

use maton_twilio_api::twilio::types::{
    self as wire, HttpMethod, IncomingPhoneNumberEmergencyStatus,
    IncomingPhoneNumberVoiceReceiveMode,
};

use crate::Error;
use crate::client::Client;
use crate::model::IncomingPhoneNumber;
use crate::phone::check_e164;
use crate::resources::{finish_body, require_change};
use crate::rules;
use crate::sid::{AccountSid, AddressSid, ApplicationSid, BundleSid, PhoneNumberSid, TrunkSid};

/// The number settings both generated bodies (create and update) share, as setters on a builder
/// holding one in `body`.
macro_rules! number_setters {
    () => {
        webhook_setters!(body_setters! {
            /// Whether the number takes voice calls or faxes.
            voice_receive_mode: IncomingPhoneNumberVoiceReceiveMode;
            /// Turns emergency calling on or off.
            emergency_status: IncomingPhoneNumberEmergencyStatus;
        });

        sid_setters! {
            /// A TwiML application that handles calls (its URLs win over `voice_url`).
            voice_application => voice_application_sid: ApplicationSid as text;
            /// A TwiML application that handles messages.
            sms_application => sms_application_sid: ApplicationSid as text;
            /// The address that satisfies the number's address requirement.
            address => address_sid: AddressSid as text;
            /// The emergency address of the number.
            emergency_address => emergency_address_sid: AddressSid as text;
            /// The regulatory bundle the number's country requires.
            bundle => bundle_sid: BundleSid as text;
            /// A SIP trunk that handles calls (its settings win over the voice URLs).
            trunk => trunk_sid: TrunkSid as text;
        }
    };
}

#[cfg(feature = "numbers")]
pub(super) use number_setters;

/// The checks on number settings, for either generated body (their fields have the same names).
macro_rules! check_settings {
    ($body:expr) => {
        check_settings_body!($body;
            voice_url,
            voice_fallback_url,
            sms_url,
            sms_fallback_url,
            status_callback,
        )
    };
}

#[cfg(feature = "numbers")]
pub(super) use check_settings;

/// Buys a number: `client.phone_numbers().buy("+1…")` or `.buy_in_area_code(415)`.
///
/// Checked in [`send`](Self::send): the number is E.164, or the area code three digits (100 to
/// 999); webhook URLs absolute `http(s)`; a name of at most 64 characters.
#[derive(Clone, Debug)]
#[must_use = "nothing is sent until `send()` is awaited"]
pub struct BuyNumber {
    client: Client,
    body: wire::builder::CreateIncomingPhoneNumberRequest,
}

impl BuyNumber {
    #[inline]
    pub(super) fn number(client: Client, number: String) -> Self {
        let body = wire::CreateIncomingPhoneNumberRequest::builder().phone_number(Some(number));
        Self { client, body }
    }

    #[inline]
    pub(super) fn in_area_code(client: Client, area_code: u16) -> Self {
        let code = area_code.to_string();
        let body = wire::CreateIncomingPhoneNumberRequest::builder().area_code(Some(code));
        Self { client, body }
    }

    number_setters!();

    send_methods! {
        /// Checks the request and buys the number. Not retried on a timeout: check the account's
        /// numbers before trying again.
        IncomingPhoneNumber, |self| {
            let body: wire::CreateIncomingPhoneNumberRequest = finish_body(self.body)?;
            match (&body.phone_number, &body.area_code) {
                (Some(number), None) => check_e164("phone_number", number)?,
                (None, Some(code)) => {
                    let code = code.parse().unwrap_or(i64::MIN);
                    rules::in_range("area_code", code, 100, 999)?;
                }
                _ => {
                    return Err(Error::invalid_input(
                        "phone_number",
                        "give exactly one of a phone number and an area code",
                    ));
                }
            }
            check_settings!(&body);
            send_in_account!(self.client, CreateIncomingPhoneNumber => create_incoming_phone_number
                .body(body)
            )
        }
    }
}

/// Changes an owned number: `client.phone_numbers().update(&sid)`.
///
/// Checked in [`send`](Self::send): something to change; webhook URLs absolute `http(s)`; a name
/// of at most 64 characters.
#[derive(Clone, Debug)]
#[must_use = "nothing is sent until `send()` is awaited"]
pub struct UpdatePhoneNumber {
    client: Client,
    sid: PhoneNumberSid,
    body: wire::builder::UpdateIncomingPhoneNumberRequest,
}

impl UpdatePhoneNumber {
    #[inline]
    pub(super) fn new(client: Client, sid: PhoneNumberSid) -> Self {
        Self {
            client,
            sid,
            body: Default::default(),
        }
    }

    number_setters!();

    sid_setters! {
        /// Moves the number to another account (a subaccount or the parent).
        move_to_account => account_sid: AccountSid as text;
    }

    send_methods! {
        /// Checks the changes and applies them.
        IncomingPhoneNumber, |self| {
            let body: wire::UpdateIncomingPhoneNumberRequest = finish_body(self.body)?;
            require_change::<wire::builder::UpdateIncomingPhoneNumberRequest, _>(
                &body,
                "phone_number",
                "nothing to change: set a name, a webhook, an application, ...",
            )?;
            check_settings!(&body);
            send_in_account!(self.client, UpdateIncomingPhoneNumber => update_incoming_phone_number
                .sid(self.sid.as_str())
                .body(body)
            )
        }
    }
}
