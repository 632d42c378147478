//! Addresses: the postal addresses that regulatory requirements and emergency calling need.

use maton_twilio_api::twilio::builder;
use maton_twilio_api::twilio::types as wire;

use crate::Error;
use crate::client::Client;
use crate::model::Address;
use crate::pagination::{Paging, list_methods};
use crate::resources::{finish_body, require_change};
use crate::rules::{self, MAX_FRIENDLY_NAME_CHARS};
use crate::sid::AddressSid;

/// The longest name of an emergency address.
const MAX_EMERGENCY_NAME_CHARS: usize = 32;

/// The account's addresses: `client.addresses()`.
#[derive(Clone, Debug)]
pub struct Addresses {
    client: Client,
}

impl Addresses {
    #[inline]
    pub(crate) fn new(client: Client) -> Self {
        Self { client }
    }

    /// Starts a new address for `customer_name`; set the street, city, region, postal code and
    /// country (all required), then [`send`](CreateAddress::send).
    ///
    /// ```no_run
    /// # async fn run(client: maton_twilio::Client) -> Result<(), maton_twilio::Error> {
    /// let address = client
    ///     .addresses()
    ///     .create("Ada Lovelace")
    ///     .street("1 Main St")
    ///     .city("San Francisco")
    ///     .region("CA")
    ///     .postal_code("94105")
    ///     .iso_country("US")
    ///     .send()
    ///     .await?;
    /// # Ok(())
    /// # }
    /// ```
    #[inline]
    pub fn create(&self, customer_name: impl Into<String>) -> CreateAddress {
        // Twilio requires the fields left empty here; `send` refuses them until they are set.
        let body = wire::CreateAddressRequest::builder()
            .customer_name(customer_name.into())
            .street(String::new())
            .city(String::new())
            .region(String::new())
            .postal_code(String::new())
            .iso_country(String::new());
        CreateAddress {
            client: self.client.clone(),
            body,
        }
    }

    /// Starts changes to an address.
    #[inline]
    pub fn update(&self, sid: &AddressSid) -> UpdateAddress {
        UpdateAddress {
            client: self.client.clone(),
            sid: sid.clone(),
            body: Default::default(),
        }
    }

    /// Lists the addresses.
    #[inline]
    pub fn list(&self) -> ListAddresses {
        new_list!(self, ListAddresses => list_address, iso_country: None)
    }

    pending_by_sid! {
        /// Fetches one address.
        fetch(AddressSid) -> Address = FetchAddress => fetch_address;

        /// Deletes an address (not while a number needs it).
        delete(AddressSid) -> () = DeleteAddress => delete_address;
    }
}

#[inline]
fn check_name(name: &Option<String>, emergency: Option<bool>) -> Result<(), Error> {
    if let Some(name) = name {
        let max = if emergency == Some(true) {
            MAX_EMERGENCY_NAME_CHARS
        } else {
            MAX_FRIENDLY_NAME_CHARS
        };
        rules::max_chars("friendly_name", name, max)?;
    }
    Ok(())
}

/// The street lines of a generated address body, each with its field name: required on a new
/// address, never blank in an update.
macro_rules! address_lines {
    ($body:expr) => {
        [
            ("street", &$body.street),
            ("city", &$body.city),
            ("region", &$body.region),
            ("postal_code", &$body.postal_code),
        ]
    };
}

/// Setters of the fields Twilio requires on a new address: stored as given, checked in `send`.
macro_rules! required_setters {
    ($($(#[$doc:meta])* $name:ident;)*) => {$(
        $(#[$doc])*
        #[inline]
        pub fn $name(mut self, value: impl Into<String>) -> Self {
            self.body = self.body.$name(value.into());
            self
        }
    )*};
}

/// A new address: `client.addresses().create(customer_name)`.
///
/// Checked in [`send`](Self::send): customer name, street, city, region and postal code given
/// and not blank; the country two capital letters (ISO 3166-1 alpha-2); a name of at most 64
/// characters, 32 for an emergency address.
#[derive(Clone, Debug)]
#[must_use = "nothing is sent until `send()` is awaited"]
pub struct CreateAddress {
    client: Client,
    body: wire::builder::CreateAddressRequest,
}

impl CreateAddress {
    required_setters! {
        /// The street (number and name). Required.
        street;
        /// The city. Required.
        city;
        /// The state or region. Required.
        region;
        /// The postal code. Required.
        postal_code;
        /// The country, ISO 3166-1 alpha-2 (`US`). Required.
        iso_country;
    }

    body_setters! {
        /// A second street line (suite, floor).
        street_secondary: String;
        /// A display name.
        friendly_name: String;
        /// Whether the address is used for emergency calls.
        emergency_enabled: bool;
        /// Whether Twilio may correct the address (on by default).
        auto_correct_address: bool;
    }

    send_methods! {
        /// Checks the address and creates it.
        Address, |self| {
            let body: wire::CreateAddressRequest = finish_body(self.body)?;
            rules::not_blank("customer_name", &body.customer_name)?;
            let country = [("iso_country", &body.iso_country)];
            for (field, value) in address_lines!(body).into_iter().chain(country) {
                if value.trim().is_empty() {
                    return Err(Error::invalid_input(field, "required"));
                }
            }
            rules::country_code("iso_country", &body.iso_country)?;
            check_name(&body.friendly_name, body.emergency_enabled)?;
            send_in_account!(self.client, CreateAddress => create_address.body(body))
        }
    }
}

/// Changes to an address: `client.addresses().update(&sid)`.
///
/// Checked in [`send`](Self::send): something to change; no blank required field; a name of at
/// most 64 characters (32 for an emergency address).
#[derive(Clone, Debug)]
#[must_use = "nothing is sent until `send()` is awaited"]
pub struct UpdateAddress {
    client: Client,
    sid: AddressSid,
    body: wire::builder::UpdateAddressRequest,
}

impl UpdateAddress {
    body_setters! {
        /// A new customer name.
        customer_name: String;
        /// A new street.
        street: String;
        /// A new second street line.
        street_secondary: String;
        /// A new city.
        city: String;
        /// A new region.
        region: String;
        /// A new postal code.
        postal_code: String;
        /// A new display name.
        friendly_name: String;
        /// Whether the address is used for emergency calls.
        emergency_enabled: bool;
        /// Whether Twilio may correct the address.
        auto_correct_address: bool;
    }

    send_methods! {
        /// Checks the changes and applies them.
        Address, |self| {
            let body: wire::UpdateAddressRequest = finish_body(self.body)?;
            let name = [("customer_name", &body.customer_name)];
            for (field, value) in name.into_iter().chain(address_lines!(body)) {
                if let Some(value) = value {
                    rules::not_blank(field, value)?;
                }
            }
            require_change::<wire::builder::UpdateAddressRequest, _>(
                &body,
                "address",
                "nothing to change: set a field to update",
            )?;
            check_name(&body.friendly_name, body.emergency_enabled)?;
            send_in_account!(self.client, UpdateAddress => update_address
                .sid(self.sid.as_str())
                .body(body)
            )
        }
    }
}

/// Lists addresses: `client.addresses().list()`.
#[derive(Clone, Debug)]
#[must_use = "nothing is sent until the list is fetched or streamed"]
pub struct ListAddresses {
    client: Client,
    paging: Paging,
    request: builder::ListAddress<'static>,
    /// Kept to be checked before the request is sent.
    iso_country: Option<String>,
}

impl ListAddresses {
    query_setters! {
        /// Only addresses of this customer.
        customer_name: String;
        /// Only addresses with this display name.
        friendly_name: String;
        /// Only addresses that are (or are not) enabled for emergency calls.
        emergency_enabled: bool;
    }

    kept_setters! {
        /// Only addresses in this country (ISO 3166-1 alpha-2).
        iso_country(country): impl Into<String>;
    }

    account_first_page!(Address, |self| {
        let mut request = self.request;
        if let Some(country) = self.iso_country {
            rules::country_code("iso_country", &country)?;
            request = request.iso_country(country);
        }
        request
    });
}

list_methods!(ListAddresses, Address, wire::AddressPage);
