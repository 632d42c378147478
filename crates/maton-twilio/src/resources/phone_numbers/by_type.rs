//! Owned numbers by type (local, mobile, toll-free): `client.phone_numbers().local()`, ... list
//! the account's numbers of that type and buy one of it.
//!
//! Twilio serves each type under its own path (`IncomingPhoneNumbers/Local.json`, ...), with its
//! own model and create body; the three have the same fields. Buying takes the same settings as
//! [`BuyNumber`](super::BuyNumber), held in the same generated body and checked the same way,
//! then written into the type's own body.

use std::str::FromStr;

use maton_twilio_api::twilio::builder;
use maton_twilio_api::twilio::types::{
    self as wire, HttpMethod, IncomingPhoneNumberEmergencyStatus,
    IncomingPhoneNumberVoiceReceiveMode,
};

use super::PhoneNumbers;
use super::settings::{check_settings, number_setters};
use crate::Error;
use crate::client::Client;
use crate::model::{
    IncomingPhoneNumberLocal, IncomingPhoneNumberMobile, IncomingPhoneNumberTollFree,
};
use crate::pagination::{Paging, list_methods};
use crate::phone::check_e164;
use crate::resources::finish_body;
use crate::sid::{AddressSid, ApplicationSid, BundleSid, TrunkSid};

impl PhoneNumbers {
    /// The account's local numbers: list them, or buy one (found with
    /// [`available(country).local()`](super::AvailableNumbers::local)).
    ///
    /// ```no_run
    /// # async fn run(client: maton_twilio::Client) -> Result<(), maton_twilio::Error> {
    /// let bought = client
    ///     .phone_numbers()
    ///     .local()
    ///     .buy("+14155550123")
    ///     .friendly_name("Support line")
    ///     .sms_url("https://example.com/sms")
    ///     .send()
    ///     .await?;
    /// let owned = client.phone_numbers().local().list().friendly_name("Support line").all().await?;
    /// # Ok(())
    /// # }
    /// ```
    #[inline]
    pub fn local(&self) -> LocalNumbers {
        LocalNumbers {
            client: self.client.clone(),
        }
    }

    /// The account's mobile numbers: list them, or buy one.
    #[inline]
    pub fn mobile(&self) -> MobileNumbers {
        MobileNumbers {
            client: self.client.clone(),
        }
    }

    /// The account's toll-free numbers: list them, or buy one.
    #[inline]
    pub fn toll_free(&self) -> TollFreeNumbers {
        TollFreeNumbers {
            client: self.client.clone(),
        }
    }
}

/// The SID in a settings field the shared body keeps as text (set there from a typed SID), typed
/// again for a body that takes the SID type.
#[inline]
fn typed<S>(text: Option<String>) -> Result<Option<S>, Error>
where
    S: FromStr<Err = maton_twilio_rules::ParseError>,
{
    Ok(text.map(|t| t.parse::<S>()).transpose()?)
}

/// Writes the checked settings `$body` (a `CreateIncomingPhoneNumberRequest`) into the type's
/// create body `$target`, its enums as the type's own (same wire values). Every field is named:
/// a field the spec adds to either body fails to compile here until it is carried.
macro_rules! type_body {
    ($body:ident, $phone:expr, $target:ident, $emergency:ident, $receive:ident) => {
        wire::$target {
            phone_number: $phone,
            address_sid: typed::<AddressSid>($body.address_sid)?,
            api_version: $body.api_version,
            bundle_sid: $body.bundle_sid,
            emergency_address_sid: typed::<AddressSid>($body.emergency_address_sid)?,
            emergency_status: $body
                .emergency_status
                .map(|s| wire::$emergency::from(s.as_str())),
            friendly_name: $body.friendly_name,
            identity_sid: $body.identity_sid,
            sms_application_sid: typed::<ApplicationSid>($body.sms_application_sid)?,
            sms_fallback_method: $body.sms_fallback_method,
            sms_fallback_url: $body.sms_fallback_url,
            sms_method: $body.sms_method,
            sms_url: $body.sms_url,
            status_callback: $body.status_callback,
            status_callback_method: $body.status_callback_method,
            trunk_sid: $body.trunk_sid,
            voice_application_sid: typed::<ApplicationSid>($body.voice_application_sid)?,
            voice_caller_id_lookup: $body.voice_caller_id_lookup,
            voice_fallback_method: $body.voice_fallback_method,
            voice_fallback_url: $body.voice_fallback_url,
            voice_method: $body.voice_method,
            voice_receive_mode: $body
                .voice_receive_mode
                .map(|m| wire::$receive::from(m.as_str())),
            voice_url: $body.voice_url,
        }
    };
}

/// One number type: its handler, its list and its purchase, each over the type's generated
/// operations and model.
macro_rules! number_type {
    (
        $(#[$doc:meta])*
        $handler:ident, $list:ident, $buy:ident, $what:literal, $accessor:literal,
        $model:ident, $page:ident, $list_op:ident => $list_method:ident,
        $create_op:ident => $create_method:ident,
        $body:ident, $emergency:ident, $receive:ident
    ) => {
        $(#[$doc])*
        #[derive(Clone, Debug)]
        pub struct $handler {
            client: Client,
        }

        impl $handler {
            #[doc = concat!("Lists the account's ", $what, " numbers.")]
            #[inline]
            pub fn list(&self) -> $list {
                new_list!(self, $list => $list_method)
            }

            #[doc = concat!("Buys this ", $what, " number (E.164). Takes the settings of ")]
            /// [`BuyNumber`](super::BuyNumber): webhooks, name, applications, address, ...
            #[inline]
            pub fn buy(&self, number: impl Into<String>) -> $buy {
                $buy {
                    client: self.client.clone(),
                    body: wire::CreateIncomingPhoneNumberRequest::builder()
                        .phone_number(Some(number.into())),
                }
            }
        }

        #[doc = concat!("Lists the account's ", $what, " numbers.")]
        #[derive(Clone, Debug)]
        #[must_use = "nothing is sent until the list is fetched or streamed"]
        pub struct $list {
            client: Client,
            paging: Paging,
            request: builder::$list_op<'static>,
        }

        impl $list {
            query_setters! {
                /// Whether to include (`true`) or leave out (`false`) beta numbers.
                beta: bool;
                /// Only numbers with this display name.
                friendly_name: String;
                /// Only numbers matching this pattern (digits and `*` wildcards, e.g. `+1415*`).
                phone_number: String;
                /// Only numbers of this origin: `twilio` or `hosted`.
                origin: String;
            }

            account_first_page!($model);
        }

        list_methods!($list, $model, wire::$page);

        #[doc = concat!("Buys a ", $what, " number: `client.phone_numbers().", $accessor, "().buy(\"+1…\")`.")]
        ///
        /// Checked in [`send`](Self::send): the number is E.164; webhook URLs absolute
        /// `http(s)`; a name of at most 64 characters.
        #[derive(Clone, Debug)]
        #[must_use = "nothing is sent until `send()` is awaited"]
        pub struct $buy {
            client: Client,
            body: wire::builder::CreateIncomingPhoneNumberRequest,
        }

        impl $buy {
            number_setters!();

            send_methods! {
                /// Checks the request and buys the number. Not retried on a timeout: check the
                /// account's numbers before trying again.
                $model, |self| {
                    let body: wire::CreateIncomingPhoneNumberRequest = finish_body(self.body)?;
                    let number = body.phone_number.clone().unwrap_or_default();
                    check_e164("phone_number", &number)?;
                    check_settings!(&body);
                    let body = type_body!(body, number, $body, $emergency, $receive);
                    send_in_account!(self.client, $create_op => $create_method.body(body))
                }
            }
        }
    };
}

number_type! {
    /// The account's local numbers: `client.phone_numbers().local()`.
    LocalNumbers, ListLocalNumbers, BuyLocalNumber, "local", "local",
    IncomingPhoneNumberLocal, IncomingPhoneNumberLocalPage,
    ListIncomingPhoneNumberLocal => list_incoming_phone_number_local,
    CreateIncomingPhoneNumberLocal => create_incoming_phone_number_local,
    CreateIncomingPhoneNumberLocalRequest, IncomingPhoneNumberLocalEmergencyStatus,
    IncomingPhoneNumberLocalVoiceReceiveMode
}

number_type! {
    /// The account's mobile numbers: `client.phone_numbers().mobile()`.
    MobileNumbers, ListMobileNumbers, BuyMobileNumber, "mobile", "mobile",
    IncomingPhoneNumberMobile, IncomingPhoneNumberMobilePage,
    ListIncomingPhoneNumberMobile => list_incoming_phone_number_mobile,
    CreateIncomingPhoneNumberMobile => create_incoming_phone_number_mobile,
    CreateIncomingPhoneNumberMobileRequest, IncomingPhoneNumberMobileEmergencyStatus,
    IncomingPhoneNumberMobileVoiceReceiveMode
}

number_type! {
    /// The account's toll-free numbers: `client.phone_numbers().toll_free()`.
    TollFreeNumbers, ListTollFreeNumbers, BuyTollFreeNumber, "toll-free", "toll_free",
    IncomingPhoneNumberTollFree, IncomingPhoneNumberTollFreePage,
    ListIncomingPhoneNumberTollFree => list_incoming_phone_number_toll_free,
    CreateIncomingPhoneNumberTollFree => create_incoming_phone_number_toll_free,
    CreateIncomingPhoneNumberTollFreeRequest, IncomingPhoneNumberTollFreeEmergencyStatus,
    IncomingPhoneNumberTollFreeVoiceReceiveMode
}
