//! Search of the numbers for sale: a fixed, deterministic catalogue per country and kind, minus
//! the numbers already bought.

use std::collections::BTreeMap;

use http::StatusCode;
use maton_twilio_api::twilio::Operation as Op;
use maton_twilio_api::twilio::types::{
    AvailablePhoneNumber, AvailablePhoneNumberCountry, AvailablePhoneNumberCountryPage,
    AvailablePhoneNumberLocalPage, AvailablePhoneNumberMobilePage,
    AvailablePhoneNumberTollFreePage,
};

use super::Ctx;
use super::messages::numeric;
use crate::paging::{Envelope, Order, PageRequest, PageType, walk};
use crate::reply::{ApiError, Reply};
use crate::store::Store;

/// How many numbers of each kind a country's catalogue holds.
const CATALOGUE_SIZE: u32 = 60;

/// Which search.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Kind {
    Local,
    TollFree,
    Mobile,
}

struct Country {
    code: &'static str,
    region: &'static str,
    locality: &'static str,
    postal_code: &'static str,
    latitude: &'static str,
    longitude: &'static str,
    /// The number for index `i` of a kind, given the area code asked for (if any).
    number: fn(Kind, Option<u32>, u32) -> String,
}

const COUNTRIES: &[Country] = &[
    Country {
        code: "US",
        region: "CA",
        locality: "San Francisco",
        postal_code: "94105",
        latitude: "37.788800",
        longitude: "-122.393600",
        number: north_american,
    },
    Country {
        code: "CA",
        region: "ON",
        locality: "Toronto",
        postal_code: "M5V",
        latitude: "43.642600",
        longitude: "-79.387100",
        number: north_american,
    },
    Country {
        code: "GB",
        region: "London",
        locality: "London",
        postal_code: "EC1A",
        latitude: "51.515400",
        longitude: "-0.092200",
        number: british,
    },
];

fn north_american(kind: Kind, area: Option<u32>, i: u32) -> String {
    match kind {
        Kind::TollFree => format!("+1800555{:04}", 1000 + i),
        Kind::Mobile => format!("+1{}555{:04}", area.unwrap_or(650), 2000 + i),
        Kind::Local => format!("+1{}555{:04}", area.unwrap_or(415), 3000 + i),
    }
}

fn british(kind: Kind, _area: Option<u32>, i: u32) -> String {
    match kind {
        Kind::TollFree => format!("+44800555{:04}", 1000 + i),
        Kind::Mobile => format!("+447700900{:03}", 100 + i),
        Kind::Local => format!("+44207946{:04}", 1000 + i),
    }
}

fn digits_match(number: &str, pattern: &str) -> bool {
    let anchored_start = pattern.starts_with('+');
    let anchored_end = pattern.ends_with('$');
    let core: Vec<char> = pattern
        .trim_start_matches('+')
        .trim_end_matches('$')
        .chars()
        .collect();
    let digits: Vec<char> = number.trim_start_matches('+').chars().collect();
    if core.is_empty() || core.len() > digits.len() {
        return core.is_empty();
    }
    let fits = |at: usize| {
        core.iter()
            .enumerate()
            .all(|(j, p)| *p == '*' || digits.get(at + j) == Some(p))
    };
    let last = digits.len() - core.len();
    match (anchored_start, anchored_end) {
        (true, _) => fits(0) && (!anchored_end || last == 0),
        (false, true) => fits(last),
        (false, false) => (0..=last).any(fits),
    }
}

/// The operations this module answers: one search per kind of number.
pub(crate) const OPERATIONS: super::Table = &[
    (Op::ListAvailablePhoneNumberLocal, |store, ctx| {
        list(store, ctx, Kind::Local)
    }),
    (Op::ListAvailablePhoneNumberMobile, |store, ctx| {
        list(store, ctx, Kind::Mobile)
    }),
    (Op::ListAvailablePhoneNumberTollFree, |store, ctx| {
        list(store, ctx, Kind::TollFree)
    }),
    (Op::ListAvailablePhoneNumberCountry, |_, ctx| {
        let countries = COUNTRIES.iter().map(|c| country(ctx, c)).collect();
        let page = AvailablePhoneNumberCountryPage {
            countries: Some(countries),
            last_page_uri: None,
            num_pages: None,
            total: None,
            uri: Some(ctx.path.to_string()),
            extra: serde_json::Map::new(),
        };
        Ok(Reply::json(StatusCode::OK, &page))
    }),
    (Op::FetchAvailablePhoneNumberCountry, |_, ctx| {
        COUNTRIES
            .iter()
            .find(|c| c.code == ctx.param("CountryCode"))
            .map(|c| Reply::json(StatusCode::OK, &country(ctx, c)))
            .ok_or_else(|| ApiError::not_found(ctx.path))
    }),
];

/// A country of the catalogue as the country list shows it, with its searches' paths.
fn country(ctx: &Ctx<'_>, country: &Country) -> AvailablePhoneNumberCountry {
    let base = super::account_uri(
        ctx.account,
        &format!("AvailablePhoneNumbers/{}", country.code),
    );
    let subresource_uris = [
        ("local", "Local"),
        ("toll_free", "TollFree"),
        ("mobile", "Mobile"),
    ]
    .iter()
    .map(|(key, kind)| (key.to_string(), format!("{base}/{kind}.json")))
    .collect();
    AvailablePhoneNumberCountry {
        beta: Some(false),
        country: Some(
            match country.code {
                "US" => "United States",
                "CA" => "Canada",
                _ => "United Kingdom",
            }
            .to_string(),
        ),
        country_code: Some(country.code.to_string()),
        subresource_uris: Some(subresource_uris),
        uri: Some(format!("{base}.json")),
        extra: serde_json::Map::new(),
    }
}

/// The numbers of `kind` for sale in the country of the path.
pub(crate) fn list(store: &Store, ctx: &Ctx<'_>, kind: Kind) -> Result<Reply, ApiError> {
    let country = ctx.param("CountryCode");
    let query = ctx.query;
    let request = PageRequest::read(query, &["AV"], store.seed)?;
    let country = COUNTRIES
        .iter()
        .find(|c| c.code == country)
        .ok_or_else(|| ApiError::not_found(ctx.path))?;
    let area = match query.int("AreaCode")? {
        None => None,
        Some(area) if (200..=999).contains(&area) => u32::try_from(area).ok(),
        Some(area) => {
            return Err(ApiError::required(
                21451,
                format!("Invalid area code {area}."),
            ));
        }
    };
    query.check_bools(&[
        "SmsEnabled",
        "MmsEnabled",
        "VoiceEnabled",
        "FaxEnabled",
        "ExcludeAllAddressRequired",
        "ExcludeLocalAddressRequired",
        "ExcludeForeignAddressRequired",
        "Beta",
    ])?;
    if let Some(distance) = query.int("Distance")?
        && !(0..=500).contains(&distance)
    {
        return Err(ApiError::invalid("Distance must be from 0 to 500 miles"));
    }
    let contains = query.get("Contains");
    if contains.is_some_and(|c| c.len() > 18) {
        return Err(ApiError::invalid("Contains must be 2 to 16 characters"));
    }
    let wants = |key: &str, has: bool| {
        query
            .bool(key)
            .ok()
            .flatten()
            .is_none_or(|want| want == has)
    };
    let capable = wants("SmsEnabled", true)
        && wants("MmsEnabled", true)
        && wants("VoiceEnabled", true)
        && wants("FaxEnabled", false);
    let place =
        |key: &str, value: &str| query.get(key).is_none_or(|v| v.eq_ignore_ascii_case(value));
    let located = place("InRegion", country.region)
        && place("InLocality", country.locality)
        && place("InPostalCode", country.postal_code);
    let catalogue: BTreeMap<u64, AvailablePhoneNumber> = (0..CATALOGUE_SIZE)
        .map(|i| (country.number)(kind, area, i))
        .filter(|n| capable && located && !super::numbers::taken(store, n))
        .filter(|n| contains.is_none_or(|c| digits_match(n, c)))
        .enumerate()
        .map(|(i, number)| {
            let entry = AvailablePhoneNumber {
                address_requirements: Some("none".to_string()),
                beta: Some(false),
                capabilities: Some(super::numbers::capabilities()),
                friendly_name: Some(super::numbers::friendly(&number)),
                iso_country: Some(country.code.to_string()),
                lata: None,
                latitude: Some(numeric(country.latitude.to_string())),
                locality: Some(country.locality.to_string()),
                longitude: Some(numeric(country.longitude.to_string())),
                phone_number: Some(number),
                postal_code: Some(country.postal_code.to_string()),
                rate_center: None,
                region: Some(country.region.to_string()),
                extra: serde_json::Map::new(),
            };
            (u64::try_from(i).unwrap_or(u64::MAX), entry)
        })
        .collect();
    let slice = walk(&catalogue, Order::OldestFirst, &request, |_| true);
    let envelope = Envelope::new(ctx.path, query, &request, &slice, "AV", store.seed);
    let items: Vec<AvailablePhoneNumber> = slice.items.iter().map(|(_, n)| (*n).clone()).collect();
    let reply = match kind {
        Kind::Local => Reply::json(
            StatusCode::OK,
            &AvailablePhoneNumberLocalPage::from_parts(items, envelope),
        ),
        Kind::TollFree => Reply::json(
            StatusCode::OK,
            &AvailablePhoneNumberTollFreePage::from_parts(items, envelope),
        ),
        Kind::Mobile => Reply::json(
            StatusCode::OK,
            &AvailablePhoneNumberMobilePage::from_parts(items, envelope),
        ),
    };
    Ok(reply)
}

#[cfg(test)]
mod tests {
    #[test]
    fn contains_patterns() {
        assert!(super::digits_match("+14155553000", "555"));
        assert!(super::digits_match("+14155553000", "+1415"));
        assert!(super::digits_match("+14155553000", "3000$"));
        assert!(super::digits_match("+14155553000", "55*3"));
        assert!(!super::digits_match("+14155553000", "+1555"));
    }
}
