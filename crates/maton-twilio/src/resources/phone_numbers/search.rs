//! The search for numbers to buy: [`AvailableNumbers`] (one country) and [`SearchNumbers`]
//! (one kind, with filters), held as one of the three generated search requests.

use std::num::NonZeroU64;

use maton_twilio_api::twilio::builder;
use maton_twilio_api::twilio::types as wire;

use crate::Error;
use crate::client::Client;
use crate::model::AvailablePhoneNumber;
use crate::pagination::{FirstPage, Paging, converted, list_methods};
use crate::phone::check_e164;
use crate::rules;

/// The kinds of number Twilio sells.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum NumberKind {
    /// Geographic numbers.
    Local,
    /// Toll-free numbers.
    TollFree,
    /// Mobile numbers.
    Mobile,
}

/// The available-number search of one country: `client.phone_numbers().available("US")`.
#[derive(Clone, Debug)]
pub struct AvailableNumbers {
    client: Client,
    country: String,
}

impl AvailableNumbers {
    #[inline]
    pub(super) fn new(client: Client, country: String) -> Self {
        Self { client, country }
    }

    /// Local (geographic) numbers.
    #[inline]
    pub fn local(&self) -> SearchNumbers {
        self.kind(NumberKind::Local)
    }

    /// Toll-free numbers.
    #[inline]
    pub fn toll_free(&self) -> SearchNumbers {
        self.kind(NumberKind::TollFree)
    }

    /// Mobile numbers.
    #[inline]
    pub fn mobile(&self) -> SearchNumbers {
        self.kind(NumberKind::Mobile)
    }

    /// Numbers of the given kind.
    #[inline]
    pub fn kind(&self, kind: NumberKind) -> SearchNumbers {
        let api = self.client.api();
        let request = match kind {
            NumberKind::Local => {
                Search::Local(api.list_available_phone_number_local().into_owned())
            }
            NumberKind::TollFree => {
                Search::TollFree(api.list_available_phone_number_toll_free().into_owned())
            }
            NumberKind::Mobile => {
                Search::Mobile(api.list_available_phone_number_mobile().into_owned())
            }
        };
        SearchNumbers {
            client: self.client.clone(),
            paging: Paging::default(),
            country: self.country.clone(),
            request,
            checked: Checked::default(),
        }
    }
}

/// The generated search request of each kind (their filters have the same names).
#[derive(Clone, Debug)]
enum Search {
    Local(builder::ListAvailablePhoneNumberLocal<'static>),
    TollFree(builder::ListAvailablePhoneNumberTollFree<'static>),
    Mobile(builder::ListAvailablePhoneNumberMobile<'static>),
}

/// Runs `$then` on whichever generated request `$search` holds, as `$r`, keeping the kind.
macro_rules! each_kind {
    ($search:expr, |$r:ident| $then:expr) => {
        match $search {
            Search::Local($r) => Search::Local($then),
            Search::TollFree($r) => Search::TollFree($then),
            Search::Mobile($r) => Search::Mobile($then),
        }
    };
}

/// The filters checked before sending, kept until then.
#[derive(Clone, Debug, Default)]
struct Checked {
    area_code: Option<i64>,
    contains: Option<String>,
    near_number: Option<String>,
    near_lat_long: Option<String>,
    distance: Option<i64>,
    in_rate_center: Option<String>,
    in_lata: Option<String>,
}

/// Searches numbers to buy: `client.phone_numbers().available("US").local()`.
///
/// Checked before the request: the country is two capital letters; the area code three digits;
/// `contains` at least two characters of digits, letters and `*`; `near_number` E.164;
/// `near_lat_long` `latitude,longitude`; `distance` 0 to 500 miles; `in_rate_center` needs
/// `in_lata`.
#[derive(Clone, Debug)]
#[must_use = "nothing is sent until the list is fetched or streamed"]
pub struct SearchNumbers {
    client: Client,
    paging: Paging,
    country: String,
    request: Search,
    checked: Checked,
}

/// Setters of filters sent as given: forwarded to the generated request.
macro_rules! search_setters {
    ($($(#[$doc:meta])* $name:ident: $ty:ty;)*) => {$(
        $(#[$doc])*
        #[inline]
        pub fn $name(mut self, value: impl Into<$ty>) -> Self {
            let value: $ty = value.into();
            self.request = each_kind!(self.request, |r| r.$name(value));
            self
        }
    )*};
}

/// Setters of filters checked before sending: kept in [`Checked`] until then.
macro_rules! checked_setters {
    ($($(#[$doc:meta])* $name:ident: $ty:ty;)*) => {$(
        $(#[$doc])*
        #[inline]
        pub fn $name(mut self, value: impl Into<$ty>) -> Self {
            self.checked.$name = Some(value.into());
            self
        }
    )*};
}

impl SearchNumbers {
    checked_setters! {
        /// Only numbers in this area code (US and Canada).
        area_code: i64;
        /// Only numbers matching this pattern: digits, letters (as on a keypad) and `*`
        /// wildcards, at least two characters.
        contains: String;
        /// Only numbers near this one (E.164; US and Canada).
        near_number: String;
        /// Only numbers near this point, `latitude,longitude` (US and Canada).
        near_lat_long: String;
        /// How far from `near_number` / `near_lat_long`, in miles (0 to 500; default 25).
        distance: i64;
        /// Only numbers in this rate center; needs `in_lata`.
        in_rate_center: String;
        /// Only numbers in this LATA.
        in_lata: String;
    }

    search_setters! {
        /// Only numbers that can (or cannot) send and receive SMS.
        sms_enabled: bool;
        /// Only numbers that can (or cannot) send and receive MMS.
        mms_enabled: bool;
        /// Only numbers that can (or cannot) take calls.
        voice_enabled: bool;
        /// Only numbers that can (or cannot) take faxes.
        fax_enabled: bool;
        /// Leave out numbers that need any address.
        exclude_all_address_required: bool;
        /// Leave out numbers that need a local address.
        exclude_local_address_required: bool;
        /// Leave out numbers that need a foreign address.
        exclude_foreign_address_required: bool;
        /// Whether to include beta numbers.
        beta: bool;
        /// Only numbers in this postal code.
        in_postal_code: String;
        /// Only numbers in this region (state or province).
        in_region: String;
        /// Only numbers in this locality (city).
        in_locality: String;
    }

    #[inline]
    fn validate(&self) -> Result<(), Error> {
        rules::country_code("country", &self.country)?;
        let f = &self.checked;
        if let Some(code) = f.area_code {
            rules::in_range("area_code", code, 100, 999)?;
        }
        if let Some(pattern) = &f.contains
            && (pattern.chars().count() < 2
                || !pattern
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '*'))
        {
            return Err(Error::invalid_input(
                "contains",
                "use at least two digits, letters or `*` wildcards",
            ));
        }
        if let Some(number) = &f.near_number {
            check_e164("near_number", number)?;
        }
        if let Some(point) = &f.near_lat_long {
            let valid = point.split_once(',').is_some_and(|(lat, long)| {
                let lat: Option<f64> = lat.trim().parse().ok();
                let long: Option<f64> = long.trim().parse().ok();
                matches!((lat, long), (Some(lat), Some(long))
                    if (-90.0..=90.0).contains(&lat) && (-180.0..=180.0).contains(&long))
            });
            if !valid {
                return Err(Error::invalid_input(
                    "near_lat_long",
                    "write `latitude,longitude`, e.g. `37.840699,-122.461853`",
                ));
            }
        }
        if let Some(distance) = f.distance {
            rules::in_range("distance", distance, 0, 500)?;
        }
        if f.in_rate_center.is_some() && f.in_lata.is_none() {
            return Err(Error::invalid_input(
                "in_rate_center",
                "a rate center filter needs `in_lata` too",
            ));
        }
        Ok(())
    }

    #[inline]
    fn first_page(self, size: Option<NonZeroU64>) -> FirstPage<AvailablePhoneNumber> {
        Box::pin(async move {
            self.validate()?;
            let account = self.client.account_sid().await?;
            let (account, country) = (account.as_str(), self.country.as_str());
            let c = self.checked;
            let request = each_kind!(self.request, |r| {
                let mut r = r.account_sid(account).country_code(country);
                set_some!(r;
                    page_size: size,
                    area_code: c.area_code,
                    contains: c.contains,
                    near_number: c.near_number,
                    near_lat_long: c.near_lat_long,
                    distance: c.distance,
                    in_rate_center: c.in_rate_center,
                    in_lata: c.in_lata,
                );
                r
            });
            match request {
                Search::Local(r) => converted(r.send().await).await,
                Search::TollFree(r) => converted(r.send().await).await,
                Search::Mobile(r) => converted(r.send().await).await,
            }
        })
    }
}

// The three kinds' pages decode alike; later pages are read as the local kind's page type.
list_methods!(
    SearchNumbers,
    AvailablePhoneNumber,
    wire::AvailablePhoneNumberLocalPage
);
