//! Incoming phone numbers: the numbers an account owns, and their webhook settings.

use chrono::{DateTime, Utc};
use maton_twilio_api::twilio::types::{
    HttpMethod, IncomingPhoneNumber, IncomingPhoneNumberAddressRequirement as AddressRequirement,
    IncomingPhoneNumberEmergencyAddressStatus as EmergencyAddressStatus,
    IncomingPhoneNumberEmergencyStatus as EmergencyStatus,
    IncomingPhoneNumberVoiceReceiveMode as VoiceReceiveMode, PhoneNumberCapabilities,
};

use super::available::Kind;
use super::{Ctx, Op, account_uri, records};
use crate::dates::stamp;
use crate::footprint::Footprint;
use crate::params::Params;
use crate::phone;
use crate::reply::{ApiError, Reply};
use crate::store::Store;
use maton_twilio_rules::{AddressSid, ApplicationSid, BundleSid, IdentitySid, Sid, TrunkSid};

/// The operations this module answers.
pub(crate) const OPERATIONS: super::Table = super::standard_rows! {
    IncomingPhoneNumber: ListIncomingPhoneNumber CreateIncomingPhoneNumber FetchIncomingPhoneNumber
        UpdateIncomingPhoneNumber DeleteIncomingPhoneNumber
};

/// Buying and listing owned numbers by type (`IncomingPhoneNumbers/Local.json`, `Mobile.json`,
/// `TollFree.json`): the same numbers as the untyped operations, so a number bought as local is
/// also in the account's list of all numbers. A number's type is read from the number itself
/// ([`kind_of`]); buying refuses a number of another type.
pub(crate) const BY_TYPE: super::Table = &[
    (Op::ListIncomingPhoneNumberLocal, |s, c| {
        list_of(s, c, Some(Kind::Local))
    }),
    (Op::CreateIncomingPhoneNumberLocal, |s, c| {
        create_of(s, c, Kind::Local)
    }),
    (Op::ListIncomingPhoneNumberMobile, |s, c| {
        list_of(s, c, Some(Kind::Mobile))
    }),
    (Op::CreateIncomingPhoneNumberMobile, |s, c| {
        create_of(s, c, Kind::Mobile)
    }),
    (Op::ListIncomingPhoneNumberTollFree, |s, c| {
        list_of(s, c, Some(Kind::TollFree))
    }),
    (Op::CreateIncomingPhoneNumberTollFree, |s, c| {
        create_of(s, c, Kind::TollFree)
    }),
];

/// The type of a number, as the emulator's catalogue of available numbers gives them out:
/// toll-free codes (North American 800, 833, 844, 855, 866, 877, 888; British 800, 808) are
/// toll-free, `+1 NPA 555 2xxx` and British `+447...` are mobile, anything else is local.
pub(crate) fn kind_of(number: &str) -> Kind {
    const NANP_TOLL_FREE: [&str; 7] = ["800", "833", "844", "855", "866", "877", "888"];
    if let Some(rest) = number.strip_prefix("+1") {
        if NANP_TOLL_FREE.iter().any(|code| rest.starts_with(code)) {
            return Kind::TollFree;
        }
        if rest.len() == 10 && rest[3..].starts_with("5552") {
            return Kind::Mobile;
        }
    } else if let Some(rest) = number.strip_prefix("+44") {
        if rest.starts_with("800") || rest.starts_with("808") {
            return Kind::TollFree;
        }
        if rest.starts_with('7') {
            return Kind::Mobile;
        }
    }
    Kind::Local
}

fn kind_name(kind: Kind) -> &'static str {
    match kind {
        Kind::Local => "local",
        Kind::Mobile => "mobile",
        Kind::TollFree => "toll-free",
    }
}

fn create_of(store: &mut Store, ctx: &Ctx<'_>, kind: Kind) -> Result<Reply, ApiError> {
    if let Some(number) = ctx.form.non_empty("PhoneNumber")
        && phone::is_e164(number)
        && kind_of(number) != kind
    {
        return Err(ApiError::required(
            21421,
            format!("PhoneNumber {number} is not a {} number.", kind_name(kind)),
        ));
    }
    create(store, ctx)
}

/// What every emulated number can do: voice, SMS and MMS, no fax.
pub(crate) fn capabilities() -> PhoneNumberCapabilities {
    PhoneNumberCapabilities {
        fax: Some(false),
        mms: Some(true),
        sms: Some(true),
        voice: Some(true),
        extra: serde_json::Map::new(),
    }
}

fn numbers_of<'a>(
    store: &'a Store,
    account: &'a str,
) -> impl Iterator<Item = &'a IncomingPhoneNumber> + 'a {
    store
        .numbers
        .values()
        .filter(move |n| n.account_sid.as_deref() == Some(account))
}

/// Whether `account` owns `number`.
pub(crate) fn owns(store: &Store, account: &str, number: &str) -> bool {
    sid_of(store, account, number).is_some()
}

/// The SID of `account`'s number `number`.
pub(crate) fn sid_of(store: &Store, account: &str, number: &str) -> Option<String> {
    numbers_of(store, account)
        .find(|n| n.phone_number.as_deref() == Some(number))
        .and_then(|n| n.sid.clone())
}

/// The oldest number `account` owns.
pub(crate) fn first_owned(store: &Store, account: &str) -> Option<String> {
    numbers_of(store, account).find_map(|n| n.phone_number.clone())
}

/// Whether any account owns `number`.
pub(crate) fn taken(store: &Store, number: &str) -> bool {
    store
        .numbers
        .values()
        .any(|n| n.phone_number.as_deref() == Some(number))
}

/// `(555) 123-4567` for North American numbers.
pub(crate) fn friendly(number: &str) -> String {
    match number.strip_prefix("+1") {
        Some(rest) if rest.len() == 10 && rest.bytes().all(|b| b.is_ascii_digit()) => {
            format!("({}) {}-{}", &rest[..3], &rest[3..6], &rest[6..])
        }
        _ => number.to_string(),
    }
}

/// Stores a number for `account` with Twilio's defaults; returns its SID.
pub(crate) fn insert(store: &mut Store, account: &str, number: &str, now: DateTime<Utc>) -> String {
    let (seq, record) = build(store, account, number, now);
    let sid = record.sid.clone().unwrap_or_default();
    store.bytes.other = store.bytes.other.saturating_add(record.footprint());
    store.numbers.insert(seq, record);
    sid
}

/// A number for `account` with Twilio's defaults, and its key; not stored yet.
fn build(
    store: &mut Store,
    account: &str,
    number: &str,
    now: DateTime<Utc>,
) -> (u64, IncomingPhoneNumber) {
    let (seq, sid) = store.next_sid("PN");
    let date = stamp(now);
    let record = IncomingPhoneNumber {
        account_sid: Some(account.to_string()),
        address_requirements: Some(AddressRequirement::None),
        address_sid: None,
        api_version: Some("2010-04-01".to_string()),
        beta: Some(false),
        bundle_sid: None,
        capabilities: Some(capabilities()),
        date_created: Some(date.clone()),
        date_updated: Some(date),
        emergency_address_sid: None,
        emergency_address_status: Some(EmergencyAddressStatus::Unregistered),
        emergency_status: Some(EmergencyStatus::Inactive),
        friendly_name: Some(friendly(number)),
        identity_sid: None,
        origin: Some("twilio".to_string()),
        phone_number: Some(number.to_string()),
        sid: Some(sid.clone()),
        sms_application_sid: Some(String::new()),
        sms_fallback_method: Some(HttpMethod::Post),
        sms_fallback_url: Some(String::new()),
        sms_method: Some(HttpMethod::Post),
        sms_url: Some(String::new()),
        status: Some("in-use".to_string()),
        status_callback: Some(String::new()),
        status_callback_method: Some(HttpMethod::Post),
        trunk_sid: None,
        type_: Some("local".to_string()),
        uri: Some(account_uri(
            account,
            &format!("IncomingPhoneNumbers/{sid}.json"),
        )),
        voice_application_sid: Some(String::new()),
        voice_caller_id_lookup: Some(false),
        voice_fallback_method: Some(HttpMethod::Post),
        voice_fallback_url: Some(String::new()),
        voice_method: Some(HttpMethod::Post),
        voice_receive_mode: Some(VoiceReceiveMode::Voice),
        voice_url: Some(String::new()),
        extra: serde_json::Map::new(),
    };
    (seq, record)
}

/// Sets `field` from the SID of kind `S` under `key`, or clears it on `""`.
fn sid_field<S: Sid>(form: &Params, key: &str, field: &mut Option<String>) -> Result<(), ApiError> {
    if let Some(value) = form.get(key) {
        if !value.is_empty() && !S::is_valid(value) {
            return Err(ApiError::invalid(format!(
                "{key} {value:?} is not a valid {} SID",
                S::PREFIXES.join("/")
            )));
        }
        *field = Some(value.to_string());
    }
    Ok(())
}

/// Applies the settings that create and update share.
fn configure(number: &mut IncomingPhoneNumber, form: &Params) -> Result<(), ApiError> {
    super::apply_webhooks!(form, &mut *number);
    form.apply("ApiVersion", &mut number.api_version);
    if let Some(status) = form.one_of("EmergencyStatus", &["Active", "Inactive"])? {
        number.emergency_status = Some(EmergencyStatus::from(status.as_str()));
    }
    if let Some(mode) = form.one_of("VoiceReceiveMode", &["voice", "fax"])? {
        number.voice_receive_mode = Some(VoiceReceiveMode::from(mode.as_str()));
    }
    sid_field::<AddressSid>(form, "AddressSid", &mut number.address_sid)?;
    sid_field::<AddressSid>(
        form,
        "EmergencyAddressSid",
        &mut number.emergency_address_sid,
    )?;
    sid_field::<ApplicationSid>(form, "SmsApplicationSid", &mut number.sms_application_sid)?;
    sid_field::<BundleSid>(form, "BundleSid", &mut number.bundle_sid)?;
    sid_field::<IdentitySid>(form, "IdentitySid", &mut number.identity_sid)?;
    if form.has("TrunkSid") {
        sid_field::<TrunkSid>(form, "TrunkSid", &mut number.trunk_sid)?;
        number.voice_application_sid = Some(String::new());
    }
    if form.has("VoiceApplicationSid") {
        sid_field::<ApplicationSid>(
            form,
            "VoiceApplicationSid",
            &mut number.voice_application_sid,
        )?;
        number.trunk_sid = None;
    }
    Ok(())
}

fn number_to_buy(store: &Store, form: &Params) -> Result<String, ApiError> {
    if let Some(number) = form.non_empty("PhoneNumber") {
        if !phone::is_e164(number) || number.contains(':') {
            return Err(ApiError::required(
                21421,
                format!("PhoneNumber {number} is invalid."),
            ));
        }
        if taken(store, number) {
            return Err(ApiError::required(
                21422,
                format!("PhoneNumber {number} is not available."),
            ));
        }
        return Ok(number.to_string());
    }
    let Some(area) = form.non_empty("AreaCode") else {
        return Err(ApiError::invalid(
            "A PhoneNumber or an AreaCode is required.",
        ));
    };
    if area.len() != 3 || !area.bytes().all(|b| b.is_ascii_digit()) || area.starts_with(['0', '1'])
    {
        return Err(ApiError::required(
            21451,
            format!("Invalid area code {area}."),
        ));
    }
    (100..10_000)
        .map(|line| format!("+1{area}555{line:04}"))
        .find(|n| !taken(store, n))
        .ok_or_else(|| {
            ApiError::required(
                21452,
                format!("No phone numbers found in area code {area}."),
            )
        })
}

pub(crate) fn create(store: &mut Store, ctx: &Ctx<'_>) -> Result<Reply, ApiError> {
    store.check_room(store.numbers.len(), "phone numbers")?;
    let number = number_to_buy(store, ctx.form)?;
    let (seq, mut record) = build(store, ctx.account, &number, ctx.now);
    configure(&mut record, ctx.form)?;
    records::insert(store, seq, record)
}

pub(crate) fn update(store: &mut Store, ctx: &Ctx<'_>, sid: &str) -> Result<Reply, ApiError> {
    records::find::<IncomingPhoneNumber>(store, ctx, sid)?;
    let target = match ctx.form.non_empty("AccountSid") {
        None => None,
        Some(target) => {
            let here = super::accounts::get(store, ctx.account).map(|a| a.owner().to_string());
            let there = super::accounts::get(store, target).map(|a| a.owner().to_string());
            if here.is_none() || here != there {
                return Err(ApiError::invalid(format!(
                    "AccountSid {target} is not an account of the same family"
                )));
            }
            Some(target.to_string())
        }
    };
    records::update(store, ctx, sid, |number: &mut IncomingPhoneNumber| {
        configure(number, ctx.form)?;
        if let Some(target) = target {
            number.uri = Some(account_uri(
                &target,
                &format!("IncomingPhoneNumbers/{sid}.json"),
            ));
            number.account_sid = Some(target);
        }
        Ok(())
    })
}

pub(crate) fn delete(store: &mut Store, ctx: &Ctx<'_>, sid: &str) -> Result<Reply, ApiError> {
    records::delete::<IncomingPhoneNumber>(store, ctx, sid)
}

/// Twilio's number pattern: a part of a number, `*` for any one digit.
fn matches_pattern(number: &str, pattern: &str) -> bool {
    let number: Vec<char> = number.chars().collect();
    let pattern: Vec<char> = pattern.chars().collect();
    if pattern.is_empty() {
        return true;
    }
    number.windows(pattern.len()).any(|window| {
        window
            .iter()
            .zip(&pattern)
            .all(|(n, p)| *p == '*' || n == p)
    })
}

pub(crate) fn list(store: &Store, ctx: &Ctx<'_>) -> Result<Reply, ApiError> {
    list_of(store, ctx, None)
}

/// The account's numbers, of one type or all.
fn list_of(store: &Store, ctx: &Ctx<'_>, kind: Option<Kind>) -> Result<Reply, ApiError> {
    let query = ctx.query;
    let request = records::page_request::<IncomingPhoneNumber>(store, ctx)?;
    query.bool("Beta")?;
    let name = query.get("FriendlyName");
    let pattern = query.get("PhoneNumber");
    let origin = query.get("Origin");
    Ok(records::list(
        store,
        ctx,
        &request,
        |n: &IncomingPhoneNumber| {
            kind.is_none_or(|k| kind_of(n.phone_number.as_deref().unwrap_or_default()) == k)
                && name.is_none_or(|v| n.friendly_name.as_deref() == Some(v))
                && pattern.is_none_or(|p| {
                    matches_pattern(n.phone_number.as_deref().unwrap_or_default(), p)
                })
                && origin.is_none_or(|o| n.origin.as_deref() == Some(o))
        },
    ))
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_numbers_type_is_read_from_the_number() {
        use super::{Kind, kind_of};
        assert_eq!(kind_of("+18005551000"), Kind::TollFree);
        assert_eq!(kind_of("+18885550123"), Kind::TollFree);
        assert_eq!(kind_of("+16505552001"), Kind::Mobile);
        assert_eq!(kind_of("+14155553001"), Kind::Local);
        assert_eq!(kind_of("+448005551001"), Kind::TollFree);
        assert_eq!(kind_of("+447700900100"), Kind::Mobile);
        assert_eq!(kind_of("+442079461000"), Kind::Local);
    }

    #[test]
    fn number_patterns() {
        assert!(super::matches_pattern("+15551234567", "555"));
        assert!(super::matches_pattern("+15551234567", "+1555***4567"));
        assert!(!super::matches_pattern("+15551234567", "999"));
    }
}
