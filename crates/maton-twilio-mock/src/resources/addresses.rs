//! Postal addresses kept for regulatory and emergency-calling needs.

use http::StatusCode;
use maton_twilio_api::twilio::types::Address;

use super::{Ctx, account_uri, records};
use crate::dates::stamp;
use crate::params::Params;
use crate::reply::{ApiError, Reply};
use crate::store::Store;

/// The operations this module answers.
pub(crate) const OPERATIONS: super::Table = super::standard_rows! {
    Address: ListAddress CreateAddress FetchAddress UpdateAddress DeleteAddress
};
const REQUIRED: &[&str] = &[
    "CustomerName",
    "Street",
    "City",
    "Region",
    "PostalCode",
    "IsoCountry",
];

fn configure(address: &mut Address, form: &Params) -> Result<(), ApiError> {
    for (key, field) in [
        ("City", &mut address.city),
        ("CustomerName", &mut address.customer_name),
        ("FriendlyName", &mut address.friendly_name),
        ("PostalCode", &mut address.postal_code),
        ("Region", &mut address.region),
        ("Street", &mut address.street),
        ("StreetSecondary", &mut address.street_secondary),
    ] {
        form.apply(key, field);
    }
    if let Some(enabled) = form.bool("EmergencyEnabled")? {
        address.emergency_enabled = Some(enabled);
    }
    form.bool("AutoCorrectAddress")?;
    super::check_friendly_name(address.friendly_name.as_deref())
}

pub(crate) fn create(store: &mut Store, ctx: &Ctx<'_>) -> Result<Reply, ApiError> {
    if let Some(missing) = REQUIRED.iter().find(|k| ctx.form.non_empty(k).is_none()) {
        return Err(ApiError::invalid(format!(
            "Missing required parameter {missing} in the post body"
        )));
    }
    let country = ctx.form.get("IsoCountry").unwrap_or_default();
    if country.len() != 2 || !country.bytes().all(|b| b.is_ascii_uppercase()) {
        return Err(ApiError::invalid(format!(
            "IsoCountry must be an ISO 3166-1 alpha-2 code, not {country:?}"
        )));
    }
    let (seq, sid) = records::reserve::<Address>(store, "addresses")?;
    let date = stamp(ctx.now);
    let mut address = Address {
        account_sid: Some(ctx.account.to_string()),
        city: None,
        customer_name: None,
        date_created: Some(date.clone()),
        date_updated: Some(date),
        emergency_enabled: Some(false),
        friendly_name: None,
        iso_country: Some(country.to_string()),
        postal_code: None,
        region: None,
        sid: Some(sid.clone()),
        street: None,
        street_secondary: None,
        uri: Some(account_uri(ctx.account, &format!("Addresses/{sid}.json"))),
        validated: Some(false),
        verified: Some(false),
        extra: serde_json::Map::new(),
    };
    configure(&mut address, ctx.form)?;
    records::insert(store, seq, address)
}

pub(crate) fn update(store: &mut Store, ctx: &Ctx<'_>, sid: &str) -> Result<Reply, ApiError> {
    records::update(store, ctx, sid, |address: &mut Address| {
        configure(address, ctx.form)?;
        if let Some(empty) = REQUIRED.iter().find(|k| ctx.form.get(k) == Some("")) {
            return Err(ApiError::invalid(format!("{empty} cannot be empty")));
        }
        Ok(())
    })
}

pub(crate) fn delete(store: &mut Store, ctx: &Ctx<'_>, sid: &str) -> Result<Reply, ApiError> {
    let seq = records::find::<Address>(store, ctx, sid)?;
    let in_use = store.numbers.values().any(|n| {
        n.address_sid.as_deref() == Some(sid) || n.emergency_address_sid.as_deref() == Some(sid)
    });
    if in_use {
        return Err(ApiError::new(
            StatusCode::BAD_REQUEST,
            21625,
            "The address is in use by a phone number and cannot be deleted.",
        ));
    }
    Ok(records::remove::<Address>(store, seq))
}

pub(crate) fn list(store: &Store, ctx: &Ctx<'_>) -> Result<Reply, ApiError> {
    let query = ctx.query;
    let request = records::page_request::<Address>(store, ctx)?;
    let customer = query.get("CustomerName");
    let name = query.get("FriendlyName");
    let emergency = query.bool("EmergencyEnabled")?;
    let country = query.get("IsoCountry");
    Ok(records::list(store, ctx, &request, |a: &Address| {
        customer.is_none_or(|c| a.customer_name.as_deref() == Some(c))
            && name.is_none_or(|n| a.friendly_name.as_deref() == Some(n))
            && emergency.is_none_or(|e| a.emergency_enabled == Some(e))
            && country.is_none_or(|c| a.iso_country.as_deref() == Some(c))
    }))
}
