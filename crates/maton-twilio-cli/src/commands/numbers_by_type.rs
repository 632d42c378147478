//! `numbers list --type TYPE` and `numbers buy --type TYPE`: owned numbers through their type's
//! own endpoints (`IncomingPhoneNumbers/Local.json`, ...).

use maton_twilio::Client;

use super::views_numbers::{
    LOCAL_COLUMNS, LOCAL_DETAILS, MOBILE_COLUMNS, MOBILE_DETAILS, TOLL_FREE_COLUMNS,
    TOLL_FREE_DETAILS,
};
use super::{ApplyListing, Maybe, print_items};
use crate::cli::{Listing, NumberType};
use crate::exit::{self, Failure};
use crate::output::Output;

/// `numbers list --type TYPE [--phone-number P] [--friendly-name N]`.
pub async fn list(
    client: &Client,
    output: Output,
    kind: NumberType,
    phone_number: Option<String>,
    friendly_name: Option<String>,
    listing: Listing,
) -> Result<(), Failure> {
    let numbers = client.phone_numbers();
    // The three lists differ only in type: one body, written once per type.
    macro_rules! list {
        ($handler:expr, $columns:expr) => {{
            let list = $handler
                .list()
                .listing(listing)
                .maybe(phone_number, |b, number| b.phone_number(number))
                .maybe(friendly_name, |b, name| b.friendly_name(name));
            print_items(output, list.stream(), $columns).await
        }};
    }
    match kind {
        NumberType::Local => list!(numbers.local(), LOCAL_COLUMNS),
        NumberType::Mobile => list!(numbers.mobile(), MOBILE_COLUMNS),
        NumberType::TollFree => list!(numbers.toll_free(), TOLL_FREE_COLUMNS),
    }
}

/// `numbers buy --type TYPE --phone-number P [--friendly-name N]`.
pub async fn buy(
    client: &Client,
    output: Output,
    kind: NumberType,
    phone_number: Option<String>,
    friendly_name: Option<String>,
) -> Result<(), Failure> {
    let Some(number) = phone_number else {
        return Err(Failure::Cli(
            exit::USAGE,
            "--type needs --phone-number (buying by area code has no type)".into(),
        ));
    };
    let numbers = client.phone_numbers();
    match kind {
        NumberType::Local => {
            let buy = numbers.local().buy(number);
            let bought = buy.maybe(friendly_name, |b, n| b.friendly_name(n)).send();
            output.one(&bought.await?, LOCAL_DETAILS);
        }
        NumberType::Mobile => {
            let buy = numbers.mobile().buy(number);
            let bought = buy.maybe(friendly_name, |b, n| b.friendly_name(n)).send();
            output.one(&bought.await?, MOBILE_DETAILS);
        }
        NumberType::TollFree => {
            let buy = numbers.toll_free().buy(number);
            let bought = buy.maybe(friendly_name, |b, n| b.friendly_name(n)).send();
            output.one(&bought.await?, TOLL_FREE_DETAILS);
        }
    }
    Ok(())
}

/// `--limit` and `--page-size` on the typed lists.
macro_rules! apply_listing {
    ($($list:ty),*) => {$(
        impl ApplyListing for $list {
            fn with_page_size(self, size: u32) -> Self {
                self.page_size(size)
            }
            fn with_limit(self, limit: usize) -> Self {
                self.limit(limit)
            }
        }
    )*};
}

apply_listing!(
    maton_twilio::ListLocalNumbers,
    maton_twilio::ListMobileNumbers,
    maton_twilio::ListTollFreeNumbers
);
