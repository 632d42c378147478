//! Incoming phone numbers: the numbers the account owns, the search for available ones, and
//! buying, configuring and releasing them.

//!
//! The handler and the list of owned numbers are here; [`settings`] holds buying and
//! configuring (one set of number settings for both), [`search`] the available-number search.

use maton_twilio_api::twilio::builder;
use maton_twilio_api::twilio::types as wire;

use crate::client::Client;
use crate::model::IncomingPhoneNumber;
use crate::pagination::{Paging, list_methods};
use crate::sid::PhoneNumberSid;

#[cfg(feature = "numbers")]
mod by_type;
mod search;
mod settings;

#[cfg(feature = "numbers")]
pub use by_type::{
    BuyLocalNumber, BuyMobileNumber, BuyTollFreeNumber, ListLocalNumbers, ListMobileNumbers,
    ListTollFreeNumbers, LocalNumbers, MobileNumbers, TollFreeNumbers,
};

pub use search::{AvailableNumbers, NumberKind, SearchNumbers};
pub use settings::{BuyNumber, UpdatePhoneNumber};

/// The account's phone numbers: `client.phone_numbers()`.
#[derive(Clone, Debug)]
pub struct PhoneNumbers {
    client: Client,
}

impl PhoneNumbers {
    #[inline]
    pub(crate) fn new(client: Client) -> Self {
        Self { client }
    }

    /// Lists the numbers the account owns.
    #[inline]
    pub fn list(&self) -> ListPhoneNumbers {
        new_list!(self, ListPhoneNumbers => list_incoming_phone_number)
    }

    pending_by_sid! {
        /// Fetches one owned number.
        fetch(PhoneNumberSid) -> IncomingPhoneNumber = FetchIncomingPhoneNumber => fetch_incoming_phone_number;
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
    #[inline]
    pub fn available(&self, country: impl Into<String>) -> AvailableNumbers {
        AvailableNumbers::new(self.client.clone(), country.into())
    }

    /// Buys this number (E.164, usually one found with [`available`](Self::available)).
    #[inline]
    pub fn buy(&self, number: impl Into<String>) -> BuyNumber {
        BuyNumber::number(self.client.clone(), number.into())
    }

    /// Buys any available number in this US or Canadian area code.
    #[inline]
    pub fn buy_in_area_code(&self, area_code: u16) -> BuyNumber {
        BuyNumber::in_area_code(self.client.clone(), area_code)
    }

    /// Changes an owned number's configuration (webhooks, name, application, ...).
    #[inline]
    pub fn update(&self, sid: &PhoneNumberSid) -> UpdatePhoneNumber {
        UpdatePhoneNumber::new(self.client.clone(), sid.clone())
    }

    pending_by_sid! {
        /// Releases an owned number: it leaves the account and stops being billed.
        release(PhoneNumberSid) -> () = DeleteIncomingPhoneNumber => delete_incoming_phone_number;
    }
}

/// Lists the numbers the account owns: `client.phone_numbers().list()`.
#[derive(Clone, Debug)]
#[must_use = "nothing is sent until the list is fetched or streamed"]
pub struct ListPhoneNumbers {
    client: Client,
    paging: Paging,
    request: builder::ListIncomingPhoneNumber<'static>,
}

impl ListPhoneNumbers {
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

    account_first_page!(IncomingPhoneNumber);
}

list_methods!(
    ListPhoneNumbers,
    IncomingPhoneNumber,
    wire::IncomingPhoneNumberPage
);
