//! The facade's arms for a message's media, owned numbers by type and outgoing caller IDs
//! (features `messaging` and `numbers`), reached from `drive`'s fallback: an operation these
//! handlers do not wrap stays `NotWrapped`.

use std::collections::BTreeMap;

use maton_contract_tests::fixture::{Fixture, Request};
use maton_twilio::Client;
use maton_twilio::model::{
    HttpMethod, IncomingPhoneNumberEmergencyStatus, IncomingPhoneNumberVoiceReceiveMode,
};
use maton_twilio::raw::twilio::Operation as T;

use super::{Driven, items, page, parse, sid, value};

/// Applies the number settings every purchase takes (those of `BuyNumber`), the SIDs through
/// their typed setters; a field without a setter makes the fixture unsupported.
macro_rules! number_settings {
    ($buy:expr, $form:expr) => {{
        let mut buy = $buy;
        for (key, v) in $form {
            buy = match key.as_str() {
                "PhoneNumber" => buy,
                "VoiceApplicationSid" => buy.voice_application(&parse(v)?),
                "SmsApplicationSid" => buy.sms_application(&parse(v)?),
                "AddressSid" => buy.address(&parse(v)?),
                "EmergencyAddressSid" => buy.emergency_address(&parse(v)?),
                "BundleSid" => buy.bundle(&parse(v)?),
                "TrunkSid" => buy.trunk(&parse(v)?),
                _ => apply!(buy, [(key, v)], {
                    "FriendlyName" => friendly_name: String,
                    "VoiceUrl" => voice_url: String,
                    "VoiceMethod" => voice_method: HttpMethod,
                    "VoiceFallbackUrl" => voice_fallback_url: String,
                    "VoiceFallbackMethod" => voice_fallback_method: HttpMethod,
                    "VoiceCallerIdLookup" => voice_caller_id_lookup: bool,
                    "StatusCallback" => status_callback: String,
                    "StatusCallbackMethod" => status_callback_method: HttpMethod,
                    "SmsUrl" => sms_url: String,
                    "SmsMethod" => sms_method: HttpMethod,
                    "SmsFallbackUrl" => sms_fallback_url: String,
                    "SmsFallbackMethod" => sms_fallback_method: HttpMethod,
                    "VoiceReceiveMode" => voice_receive_mode: IncomingPhoneNumberVoiceReceiveMode,
                    "EmergencyStatus" => emergency_status: IncomingPhoneNumberEmergencyStatus,
                }),
            };
        }
        buy.send().await
    }};
}

/// The filters of an owned-number list of any type.
macro_rules! owned_filters {
    ($list:expr, $q:expr) => {
        apply!($list, $q, {
            "Beta" => beta: bool, "FriendlyName" => friendly_name: String,
            "PhoneNumber" => phone_number: String, "Origin" => origin: String,
            "PageSize" => page_size: u32,
        })
    };
}

/// Drives `op` through the media, numbers-by-type and caller-ID handlers, or says it is not
/// theirs.
pub(super) async fn drive(
    op: T,
    client: &Client,
    fixture: &Fixture,
    request: &Request,
    params: &BTreeMap<String, String>,
) -> Result<Driven, String> {
    let q = &request.query;
    let form: Vec<(String, String)> = request.form.clone().unwrap_or_default();
    let one = |key: &str| request.form_value(key).map(str::to_string);
    Ok(match op {
        T::ListMedia => {
            let media = client.messages().media(&sid(params, "MessageSid")?);
            list!(
                apply!(media.list(), q, {
                    "DateCreated" => date_created: chrono::DateTime<chrono::Utc>,
                    "DateCreated>" => created_on_or_after: chrono::DateTime<chrono::Utc>,
                    "DateCreated<" => created_on_or_before: chrono::DateTime<chrono::Utc>,
                    "PageSize" => page_size: u32,
                }),
                fixture
            )
        }
        T::FetchMedia => {
            let media = client.messages().media(&sid(params, "MessageSid")?);
            value(media.fetch(&sid(params, "Sid")?).await)
        }
        T::DeleteMedia => {
            let media = client.messages().media(&sid(params, "MessageSid")?);
            value(media.delete(&sid(params, "Sid")?).await)
        }
        T::ListIncomingPhoneNumberLocal => {
            list!(
                owned_filters!(client.phone_numbers().local().list(), q),
                fixture
            )
        }
        T::ListIncomingPhoneNumberMobile => {
            list!(
                owned_filters!(client.phone_numbers().mobile().list(), q),
                fixture
            )
        }
        T::ListIncomingPhoneNumberTollFree => {
            list!(
                owned_filters!(client.phone_numbers().toll_free().list(), q),
                fixture
            )
        }
        T::CreateIncomingPhoneNumberLocal => {
            let buy = client
                .phone_numbers()
                .local()
                .buy(one("PhoneNumber").unwrap_or_default());
            value(number_settings!(buy, &form))
        }
        T::CreateIncomingPhoneNumberMobile => {
            let buy = client
                .phone_numbers()
                .mobile()
                .buy(one("PhoneNumber").unwrap_or_default());
            value(number_settings!(buy, &form))
        }
        T::CreateIncomingPhoneNumberTollFree => {
            let buy = client
                .phone_numbers()
                .toll_free()
                .buy(one("PhoneNumber").unwrap_or_default());
            value(number_settings!(buy, &form))
        }
        T::ListOutgoingCallerId => list!(
            apply!(client.caller_ids().list(), q, {
                "PhoneNumber" => phone_number: String, "FriendlyName" => friendly_name: String,
                "PageSize" => page_size: u32,
            }),
            fixture
        ),
        T::CreateValidationRequest => {
            let verify = client
                .caller_ids()
                .verify(one("PhoneNumber").unwrap_or_default());
            let rest: Vec<(String, String)> = form
                .iter()
                .filter(|(k, _)| k != "PhoneNumber")
                .cloned()
                .collect();
            value(
                apply!(verify, &rest, {
                    "FriendlyName" => friendly_name: String, "CallDelay" => call_delay: u32,
                    "Extension" => extension: String, "StatusCallback" => status_callback: String,
                    "StatusCallbackMethod" => status_callback_method: HttpMethod,
                })
                .send()
                .await,
            )
        }
        T::FetchOutgoingCallerId => value(client.caller_ids().fetch(&sid(params, "Sid")?).await),
        T::UpdateOutgoingCallerId => match form.as_slice() {
            [(k, name)] if k == "FriendlyName" => value(
                client
                    .caller_ids()
                    .rename(&sid(params, "Sid")?, name.as_str())
                    .await,
            ),
            _ => return Ok(Driven::Unsupported("an update other than a rename".into())),
        },
        T::DeleteOutgoingCallerId => value(client.caller_ids().delete(&sid(params, "Sid")?).await),
        _ => Driven::NotWrapped,
    })
}
