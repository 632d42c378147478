//! Incoming phone numbers: the numbers the account owns, the search for available ones, and
//! buying, configuring and releasing them.

use maton_twilio_api::twilio::Operation;
use std::num::NonZeroU64;

use maton_twilio_api::twilio::types::{
    self as wire, HttpMethod, IncomingPhoneNumberEmergencyStatus,
    IncomingPhoneNumberVoiceReceiveMode,
};

use crate::Error;
use crate::client::Client;
use crate::model::{AvailablePhoneNumber, IncomingPhoneNumber};
use crate::pagination::{FirstPage, Paging, converted, list_methods};
use crate::phone::check_e164;
use crate::response::{Pending, Response, finish};
use crate::rules;
use crate::sid::{AccountSid, AddressSid, ApplicationSid, BundleSid, PhoneNumberSid, TrunkSid};

/// The account's phone numbers: `client.phone_numbers()`.
#[derive(Clone, Debug)]
pub struct PhoneNumbers {
    client: Client,
}

impl PhoneNumbers {
    pub(crate) fn new(client: Client) -> Self {
        Self { client }
    }

    /// Lists the numbers the account owns.
    pub fn list(&self) -> ListPhoneNumbers {
        ListPhoneNumbers {
            client: self.client.clone(),
            paging: Paging::default(),
            beta: None,
            friendly_name: None,
            phone_number: None,
            origin: None,
        }
    }

    /// Fetches one owned number.
    pub fn fetch(&self, sid: &PhoneNumberSid) -> Pending<IncomingPhoneNumber> {
        let client = self.client.clone();
        let sid = sid.clone();
        Pending::new(async move {
            let account = client.account_sid().await?;
            let result = client
                .api()
                .fetch_incoming_phone_number()
                .account_sid(account.as_str())
                .sid(sid.as_str())
                .send()
                .await;
            finish(Operation::FetchIncomingPhoneNumber.id(), result).await
        })
    }

    /// Searches the numbers available to buy in a country (ISO 3166-1 alpha-2, `US`); pick the
    /// kind with [`local`](AvailableNumbers::local), [`toll_free`](AvailableNumbers::toll_free) or
    /// [`mobile`](AvailableNumbers::mobile).
    ///
    /// ```no_run
    /// # async fn run(client: maton_twilio::Client) -> Result<(), maton_twilio::Error> {
    /// let page = client
    ///     .phone_numbers()
    ///     .available("US")
    ///     .local()
    ///     .area_code(415)
    ///     .sms_enabled(true)
    ///     .page_size(5)
    ///     .page()
    ///     .await?;
    /// # Ok(())
    /// # }
    /// ```
    pub fn available(&self, country: impl Into<String>) -> AvailableNumbers {
        AvailableNumbers {
            client: self.client.clone(),
            country: country.into(),
        }
    }

    /// Buys this number (E.164, usually one found with [`available`](Self::available)).
    pub fn buy(&self, number: impl Into<String>) -> BuyNumber {
        BuyNumber::new(self.client.clone(), Some(number.into()), None)
    }

    /// Buys any available number in this US or Canadian area code.
    pub fn buy_in_area_code(&self, area_code: u16) -> BuyNumber {
        BuyNumber::new(self.client.clone(), None, Some(area_code))
    }

    /// Changes an owned number's configuration (webhooks, name, application, ...).
    pub fn update(&self, sid: &PhoneNumberSid) -> UpdatePhoneNumber {
        UpdatePhoneNumber {
            client: self.client.clone(),
            sid: sid.clone(),
            settings: NumberSettings::default(),
            move_to_account: None,
        }
    }

    /// Releases an owned number: it leaves the account and stops being billed.
    pub fn release(&self, sid: &PhoneNumberSid) -> Pending<()> {
        let client = self.client.clone();
        let sid = sid.clone();
        Pending::new(async move {
            let account = client.account_sid().await?;
            let result = client
                .api()
                .delete_incoming_phone_number()
                .account_sid(account.as_str())
                .sid(sid.as_str())
                .send()
                .await;
            finish(Operation::DeleteIncomingPhoneNumber.id(), result).await
        })
    }
}

/// What a number does with calls and messages; shared by [`BuyNumber`] and
/// [`UpdatePhoneNumber`].
#[derive(Clone, Debug, Default)]
struct NumberSettings {
    friendly_name: Option<String>,
    voice_url: Option<String>,
    voice_method: Option<HttpMethod>,
    voice_fallback_url: Option<String>,
    voice_fallback_method: Option<HttpMethod>,
    voice_caller_id_lookup: Option<bool>,
    voice_application: Option<ApplicationSid>,
    voice_receive_mode: Option<IncomingPhoneNumberVoiceReceiveMode>,
    sms_url: Option<String>,
    sms_method: Option<HttpMethod>,
    sms_fallback_url: Option<String>,
    sms_fallback_method: Option<HttpMethod>,
    sms_application: Option<ApplicationSid>,
    status_callback: Option<String>,
    status_callback_method: Option<HttpMethod>,
    address: Option<AddressSid>,
    emergency_address: Option<AddressSid>,
    emergency_status: Option<IncomingPhoneNumberEmergencyStatus>,
    bundle: Option<BundleSid>,
    trunk: Option<TrunkSid>,
}

impl NumberSettings {
    fn validate(&self) -> Result<(), Error> {
        rules::opt_friendly_name(&self.friendly_name)?;
        rules::opt_url_or_clear("voice_url", &self.voice_url)?;
        rules::opt_url_or_clear("voice_fallback_url", &self.voice_fallback_url)?;
        rules::opt_url_or_clear("sms_url", &self.sms_url)?;
        rules::opt_url_or_clear("sms_fallback_url", &self.sms_fallback_url)?;
        rules::opt_url_or_clear("status_callback", &self.status_callback)?;
        Ok(())
    }

    fn is_empty(&self) -> bool {
        self.friendly_name.is_none()
            && self.voice_url.is_none()
            && self.voice_method.is_none()
            && self.voice_fallback_url.is_none()
            && self.voice_fallback_method.is_none()
            && self.voice_caller_id_lookup.is_none()
            && self.voice_application.is_none()
            && self.voice_receive_mode.is_none()
            && self.sms_url.is_none()
            && self.sms_method.is_none()
            && self.sms_fallback_url.is_none()
            && self.sms_fallback_method.is_none()
            && self.sms_application.is_none()
            && self.status_callback.is_none()
            && self.status_callback_method.is_none()
            && self.address.is_none()
            && self.emergency_address.is_none()
            && self.emergency_status.is_none()
            && self.bundle.is_none()
            && self.trunk.is_none()
    }
}

/// Applies [`NumberSettings`] to a generated create or update body builder (same setters).
macro_rules! apply_settings {
    ($b:expr, $s:expr) => {{
        let s = $s;
        $b.friendly_name(s.friendly_name)
            .voice_url(s.voice_url)
            .voice_method(s.voice_method)
            .voice_fallback_url(s.voice_fallback_url)
            .voice_fallback_method(s.voice_fallback_method)
            .voice_caller_id_lookup(s.voice_caller_id_lookup)
            .voice_application_sid(s.voice_application.map(String::from))
            .voice_receive_mode(s.voice_receive_mode)
            .sms_url(s.sms_url)
            .sms_method(s.sms_method)
            .sms_fallback_url(s.sms_fallback_url)
            .sms_fallback_method(s.sms_fallback_method)
            .sms_application_sid(s.sms_application.map(String::from))
            .status_callback(s.status_callback)
            .status_callback_method(s.status_callback_method)
            .address_sid(s.address.map(String::from))
            .emergency_address_sid(s.emergency_address.map(String::from))
            .emergency_status(s.emergency_status)
            .bundle_sid(s.bundle.map(String::from))
            .trunk_sid(s.trunk.map(String::from))
    }};
}

/// Setters for [`NumberSettings`] on a builder that holds one in `settings`.
macro_rules! number_setters {
    () => {
        /// A display name, at most 64 characters.
        pub fn friendly_name(mut self, name: impl Into<String>) -> Self {
            self.settings.friendly_name = Some(name.into());
            self
        }
        /// The URL Twilio fetches TwiML from when the number is called (absolute http(s)).
        pub fn voice_url(mut self, url: impl Into<String>) -> Self {
            self.settings.voice_url = Some(url.into());
            self
        }
        /// The HTTP method for `voice_url`.
        pub fn voice_method(mut self, method: HttpMethod) -> Self {
            self.settings.voice_method = Some(method);
            self
        }
        /// The URL Twilio tries when `voice_url` fails.
        pub fn voice_fallback_url(mut self, url: impl Into<String>) -> Self {
            self.settings.voice_fallback_url = Some(url.into());
            self
        }
        /// The HTTP method for `voice_fallback_url`.
        pub fn voice_fallback_method(mut self, method: HttpMethod) -> Self {
            self.settings.voice_fallback_method = Some(method);
            self
        }
        /// Looks up callers' names (CNAM), billed per lookup.
        pub fn voice_caller_id_lookup(mut self, yes: bool) -> Self {
            self.settings.voice_caller_id_lookup = Some(yes);
            self
        }
        /// A TwiML application that handles calls (its URLs win over `voice_url`).
        pub fn voice_application(mut self, application: &ApplicationSid) -> Self {
            self.settings.voice_application = Some(application.clone());
            self
        }
        /// Whether the number takes voice calls or faxes.
        pub fn voice_receive_mode(mut self, mode: IncomingPhoneNumberVoiceReceiveMode) -> Self {
            self.settings.voice_receive_mode = Some(mode);
            self
        }
        /// The URL Twilio calls when the number receives a message (absolute http(s)).
        pub fn sms_url(mut self, url: impl Into<String>) -> Self {
            self.settings.sms_url = Some(url.into());
            self
        }
        /// The HTTP method for `sms_url`.
        pub fn sms_method(mut self, method: HttpMethod) -> Self {
            self.settings.sms_method = Some(method);
            self
        }
        /// The URL Twilio tries when `sms_url` fails.
        pub fn sms_fallback_url(mut self, url: impl Into<String>) -> Self {
            self.settings.sms_fallback_url = Some(url.into());
            self
        }
        /// The HTTP method for `sms_fallback_url`.
        pub fn sms_fallback_method(mut self, method: HttpMethod) -> Self {
            self.settings.sms_fallback_method = Some(method);
            self
        }
        /// A TwiML application that handles messages.
        pub fn sms_application(mut self, application: &ApplicationSid) -> Self {
            self.settings.sms_application = Some(application.clone());
            self
        }
        /// Where Twilio posts status changes of calls to the number.
        pub fn status_callback(mut self, url: impl Into<String>) -> Self {
            self.settings.status_callback = Some(url.into());
            self
        }
        /// The HTTP method for `status_callback`.
        pub fn status_callback_method(mut self, method: HttpMethod) -> Self {
            self.settings.status_callback_method = Some(method);
            self
        }
        /// The address that satisfies the number's address requirement.
        pub fn address(mut self, address: &AddressSid) -> Self {
            self.settings.address = Some(address.clone());
            self
        }
        /// The emergency address of the number.
        pub fn emergency_address(mut self, address: &AddressSid) -> Self {
            self.settings.emergency_address = Some(address.clone());
            self
        }
        /// Turns emergency calling on or off.
        pub fn emergency_status(mut self, status: IncomingPhoneNumberEmergencyStatus) -> Self {
            self.settings.emergency_status = Some(status);
            self
        }
        /// The regulatory bundle the number's country requires.
        pub fn bundle(mut self, bundle: &BundleSid) -> Self {
            self.settings.bundle = Some(bundle.clone());
            self
        }
        /// A SIP trunk that handles calls (its settings win over the voice URLs).
        pub fn trunk(mut self, trunk: &TrunkSid) -> Self {
            self.settings.trunk = Some(trunk.clone());
            self
        }
    };
}

/// Buys a number: `client.phone_numbers().buy("+1…")` or `.buy_in_area_code(415)`.
///
/// Checked in [`send`](Self::send): the number is E.164, or the area code three digits (100 to
/// 999); webhook URLs absolute `http(s)`; a name of at most 64 characters.
#[derive(Clone, Debug)]
#[must_use = "nothing is sent until `send()` is awaited"]
pub struct BuyNumber {
    client: Client,
    phone_number: Option<String>,
    area_code: Option<u16>,
    settings: NumberSettings,
}

impl BuyNumber {
    fn new(client: Client, phone_number: Option<String>, area_code: Option<u16>) -> Self {
        Self {
            client,
            phone_number,
            area_code,
            settings: NumberSettings::default(),
        }
    }

    number_setters!();

    fn validate(&self) -> Result<(), Error> {
        match (&self.phone_number, self.area_code) {
            (Some(number), None) => check_e164("phone_number", number)?,
            (None, Some(code)) => rules::in_range("area_code", i64::from(code), 100, 999)?,
            _ => {
                return Err(Error::invalid_input(
                    "phone_number",
                    "give exactly one of a phone number and an area code",
                ));
            }
        }
        self.settings.validate()
    }

    /// Checks the request and buys the number. Not retried on a timeout: check the account's
    /// numbers before trying again.
    pub async fn send(self) -> Result<IncomingPhoneNumber, Error> {
        self.send_with_meta().await.map(Response::into_value)
    }

    /// [`send`](Self::send), with the response's status and headers.
    pub async fn send_with_meta(self) -> Result<Response<IncomingPhoneNumber>, Error> {
        self.validate()?;
        let account = self.client.account_sid().await?;
        let area_code = self.area_code.map(|c| c.to_string());
        let result = self
            .client
            .api()
            .create_incoming_phone_number()
            .account_sid(account.as_str())
            .body_map(move |b| {
                let b = b.phone_number(self.phone_number).area_code(area_code);
                apply_settings!(b, self.settings)
            })
            .send()
            .await;
        finish(Operation::CreateIncomingPhoneNumber.id(), result).await
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
    settings: NumberSettings,
    move_to_account: Option<AccountSid>,
}

impl UpdatePhoneNumber {
    number_setters!();

    /// Moves the number to another account (a subaccount or the parent).
    pub fn move_to_account(mut self, account: &AccountSid) -> Self {
        self.move_to_account = Some(account.clone());
        self
    }

    /// Checks the changes and applies them.
    pub async fn send(self) -> Result<IncomingPhoneNumber, Error> {
        self.send_with_meta().await.map(Response::into_value)
    }

    /// [`send`](Self::send), with the response's status and headers.
    pub async fn send_with_meta(self) -> Result<Response<IncomingPhoneNumber>, Error> {
        if self.settings.is_empty() && self.move_to_account.is_none() {
            return Err(Error::invalid_input(
                "phone_number",
                "nothing to change: set a name, a webhook, an application, ...",
            ));
        }
        self.settings.validate()?;
        let account = self.client.account_sid().await?;
        let result = self
            .client
            .api()
            .update_incoming_phone_number()
            .account_sid(account.as_str())
            .sid(self.sid.as_str())
            .body_map(move |b| {
                let b = b.account_sid(self.move_to_account.map(String::from));
                apply_settings!(b, self.settings)
            })
            .send()
            .await;
        finish(Operation::UpdateIncomingPhoneNumber.id(), result).await
    }
}

/// Lists the numbers the account owns: `client.phone_numbers().list()`.
#[derive(Clone, Debug)]
#[must_use = "nothing is sent until the list is fetched or streamed"]
pub struct ListPhoneNumbers {
    client: Client,
    paging: Paging,
    beta: Option<bool>,
    friendly_name: Option<String>,
    phone_number: Option<String>,
    origin: Option<String>,
}

impl ListPhoneNumbers {
    super::setters! {
        /// Whether to include (`true`) or leave out (`false`) beta numbers.
        beta: bool;
        /// Only numbers with this display name.
        friendly_name: String;
        /// Only numbers matching this pattern (digits and `*` wildcards, e.g. `+1415*`).
        phone_number: String;
        /// Only numbers of this origin: `twilio` or `hosted`.
        origin: String;
    }

    fn first_page(self, size: Option<NonZeroU64>) -> FirstPage<IncomingPhoneNumber> {
        Box::pin(async move {
            let account = self.client.account_sid().await?;
            let mut request = self
                .client
                .api()
                .list_incoming_phone_number()
                .account_sid(account.as_str());
            if let Some(size) = size {
                request = request.page_size(size);
            }
            if let Some(beta) = self.beta {
                request = request.beta(beta);
            }
            if let Some(name) = self.friendly_name {
                request = request.friendly_name(name);
            }
            if let Some(number) = self.phone_number {
                request = request.phone_number(number);
            }
            if let Some(origin) = self.origin {
                request = request.origin(origin);
            }
            converted(request.send().await).await
        })
    }
}

list_methods!(
    ListPhoneNumbers,
    IncomingPhoneNumber,
    wire::IncomingPhoneNumberPage
);

/// The kinds of number Twilio sells.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
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
    /// Local (geographic) numbers.
    pub fn local(&self) -> SearchNumbers {
        self.kind(NumberKind::Local)
    }

    /// Toll-free numbers.
    pub fn toll_free(&self) -> SearchNumbers {
        self.kind(NumberKind::TollFree)
    }

    /// Mobile numbers.
    pub fn mobile(&self) -> SearchNumbers {
        self.kind(NumberKind::Mobile)
    }

    /// Numbers of the given kind.
    pub fn kind(&self, kind: NumberKind) -> SearchNumbers {
        SearchNumbers {
            client: self.client.clone(),
            paging: Paging::default(),
            country: self.country.clone(),
            kind,
            filters: SearchFilters::default(),
        }
    }
}

#[derive(Clone, Debug, Default)]
struct SearchFilters {
    area_code: Option<i64>,
    contains: Option<String>,
    sms_enabled: Option<bool>,
    mms_enabled: Option<bool>,
    voice_enabled: Option<bool>,
    fax_enabled: Option<bool>,
    exclude_all_address_required: Option<bool>,
    exclude_local_address_required: Option<bool>,
    exclude_foreign_address_required: Option<bool>,
    beta: Option<bool>,
    near_number: Option<String>,
    near_lat_long: Option<String>,
    distance: Option<i64>,
    in_postal_code: Option<String>,
    in_region: Option<String>,
    in_rate_center: Option<String>,
    in_lata: Option<String>,
    in_locality: Option<String>,
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
    kind: NumberKind,
    filters: SearchFilters,
}

macro_rules! search_setters {
    ($($(#[$doc:meta])* $name:ident: $ty:ty;)*) => {$(
        $(#[$doc])*
        pub fn $name(mut self, value: impl Into<$ty>) -> Self {
            self.filters.$name = Some(value.into());
            self
        }
    )*};
}

/// Applies [`SearchFilters`] to one of the three generated search builders (same setters).
macro_rules! apply_filters {
    ($request:expr, $f:expr, $size:expr) => {{
        let f = $f;
        let mut r = $request;
        if let Some(size) = $size {
            r = r.page_size(size);
        }
        if let Some(v) = f.area_code {
            r = r.area_code(v);
        }
        if let Some(v) = f.contains {
            r = r.contains(v);
        }
        if let Some(v) = f.sms_enabled {
            r = r.sms_enabled(v);
        }
        if let Some(v) = f.mms_enabled {
            r = r.mms_enabled(v);
        }
        if let Some(v) = f.voice_enabled {
            r = r.voice_enabled(v);
        }
        if let Some(v) = f.fax_enabled {
            r = r.fax_enabled(v);
        }
        if let Some(v) = f.exclude_all_address_required {
            r = r.exclude_all_address_required(v);
        }
        if let Some(v) = f.exclude_local_address_required {
            r = r.exclude_local_address_required(v);
        }
        if let Some(v) = f.exclude_foreign_address_required {
            r = r.exclude_foreign_address_required(v);
        }
        if let Some(v) = f.beta {
            r = r.beta(v);
        }
        if let Some(v) = f.near_number {
            r = r.near_number(v);
        }
        if let Some(v) = f.near_lat_long {
            r = r.near_lat_long(v);
        }
        if let Some(v) = f.distance {
            r = r.distance(v);
        }
        if let Some(v) = f.in_postal_code {
            r = r.in_postal_code(v);
        }
        if let Some(v) = f.in_region {
            r = r.in_region(v);
        }
        if let Some(v) = f.in_rate_center {
            r = r.in_rate_center(v);
        }
        if let Some(v) = f.in_lata {
            r = r.in_lata(v);
        }
        if let Some(v) = f.in_locality {
            r = r.in_locality(v);
        }
        r
    }};
}

impl SearchNumbers {
    search_setters! {
        /// Only numbers in this area code (US and Canada).
        area_code: i64;
        /// Only numbers matching this pattern: digits, letters (as on a keypad) and `*`
        /// wildcards, at least two characters.
        contains: String;
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
        /// Only numbers near this one (E.164; US and Canada).
        near_number: String;
        /// Only numbers near this point, `latitude,longitude` (US and Canada).
        near_lat_long: String;
        /// How far from `near_number` / `near_lat_long`, in miles (0 to 500; default 25).
        distance: i64;
        /// Only numbers in this postal code.
        in_postal_code: String;
        /// Only numbers in this region (state or province).
        in_region: String;
        /// Only numbers in this rate center; needs `in_lata`.
        in_rate_center: String;
        /// Only numbers in this LATA.
        in_lata: String;
        /// Only numbers in this locality (city).
        in_locality: String;
    }

    fn validate(&self) -> Result<(), Error> {
        rules::country_code("country", &self.country)?;
        let f = &self.filters;
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

    fn first_page(self, size: Option<NonZeroU64>) -> FirstPage<AvailablePhoneNumber> {
        Box::pin(async move {
            self.validate()?;
            let account = self.client.account_sid().await?;
            let api = self.client.api();
            let account = account.as_str();
            let country = self.country.as_str();
            match self.kind {
                NumberKind::Local => {
                    let request = api
                        .list_available_phone_number_local()
                        .account_sid(account)
                        .country_code(country);
                    let request = apply_filters!(request, self.filters, size);
                    converted(request.send().await).await
                }
                NumberKind::TollFree => {
                    let request = api
                        .list_available_phone_number_toll_free()
                        .account_sid(account)
                        .country_code(country);
                    let request = apply_filters!(request, self.filters, size);
                    converted(request.send().await).await
                }
                NumberKind::Mobile => {
                    let request = api
                        .list_available_phone_number_mobile()
                        .account_sid(account)
                        .country_code(country);
                    let request = apply_filters!(request, self.filters, size);
                    converted(request.send().await).await
                }
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
