//! Postal addresses kept for regulatory and emergency-calling needs.

use http::StatusCode;
use maton_twilio_api::twilio::types::{Address, AddressPage};

use super::{Ctx, account_uri};
use crate::dates::stamp;
use crate::footprint::Footprint;
use crate::paging::{Envelope, Order, PageRequest, PageType, walk};
use crate::params::Params;
use crate::reply::{ApiError, Reply};
use crate::store::Store;
use maton_twilio_rules::{AddressSid, Sid};

const PREFIX: &[&str] = AddressSid::PREFIXES;
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
    if address
        .friendly_name
        .as_ref()
        .is_some_and(|n| n.chars().count() > 64)
    {
        return Err(ApiError::invalid(
            "FriendlyName must be at most 64 characters",
        ));
    }
    Ok(())
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
    store.check_room(store.addresses.len(), "addresses")?;
    let (seq, sid) = store.next_sid("AD");
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
    store.charge(0, address.footprint())?;
    let reply = Reply::json(StatusCode::CREATED, &address);
    store.addresses.insert(seq, address);
    Ok(reply)
}

fn find(store: &Store, ctx: &Ctx<'_>, sid: &str) -> Result<u64, ApiError> {
    store
        .find_owned(
            &store.addresses,
            sid,
            PREFIX,
            ctx.account,
            |a| a.sid.as_deref(),
            |a| a.account_sid.as_deref(),
        )
        .ok_or_else(|| ApiError::not_found(ctx.path))
}

pub(crate) fn fetch(store: &Store, ctx: &Ctx<'_>, sid: &str) -> Result<Reply, ApiError> {
    let seq = find(store, ctx, sid)?;
    let address = store
        .addresses
        .get(&seq)
        .ok_or_else(|| ApiError::not_found(ctx.path))?;
    Ok(Reply::json(StatusCode::OK, address))
}

pub(crate) fn update(store: &mut Store, ctx: &Ctx<'_>, sid: &str) -> Result<Reply, ApiError> {
    let seq = find(store, ctx, sid)?;
    let stored = store
        .addresses
        .get(&seq)
        .ok_or_else(|| ApiError::not_found(ctx.path))?;
    let before = stored.footprint();
    let mut address = stored.clone();
    configure(&mut address, ctx.form)?;
    if let Some(empty) = REQUIRED.iter().find(|k| ctx.form.get(k) == Some("")) {
        return Err(ApiError::invalid(format!("{empty} cannot be empty")));
    }
    address.date_updated = Some(stamp(ctx.now));
    store.charge(before, address.footprint())?;
    let reply = Reply::json(StatusCode::OK, &address);
    store.addresses.insert(seq, address);
    Ok(reply)
}

pub(crate) fn delete(store: &mut Store, ctx: &Ctx<'_>, sid: &str) -> Result<Reply, ApiError> {
    let seq = find(store, ctx, sid)?;
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
    if let Some(gone) = store.addresses.remove(&seq) {
        store.release(gone.footprint());
    }
    Ok(Reply::empty(StatusCode::NO_CONTENT))
}

pub(crate) fn list(store: &Store, ctx: &Ctx<'_>) -> Result<Reply, ApiError> {
    let query = ctx.query;
    let request = PageRequest::read(query, PREFIX, store.seed)?;
    let customer = query.get("CustomerName");
    let name = query.get("FriendlyName");
    let emergency = query.bool("EmergencyEnabled")?;
    let country = query.get("IsoCountry");
    let slice = walk(&store.addresses, Order::OldestFirst, &request, |a| {
        a.account_sid.as_deref() == Some(ctx.account)
            && customer.is_none_or(|c| a.customer_name.as_deref() == Some(c))
            && name.is_none_or(|n| a.friendly_name.as_deref() == Some(n))
            && emergency.is_none_or(|e| a.emergency_enabled == Some(e))
            && country.is_none_or(|c| a.iso_country.as_deref() == Some(c))
    });
    let envelope = Envelope::new(ctx.path, query, &request, &slice, "AD", store.seed);
    let items = slice.items.iter().map(|(_, a)| (*a).clone()).collect();
    Ok(Reply::json(
        StatusCode::OK,
        &AddressPage::from_parts(items, envelope),
    ))
}
