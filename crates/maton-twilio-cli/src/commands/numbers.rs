//! `numbers list|get|update|release|search|buy`.

use maton_twilio::{Client, NumberKind, PhoneNumberSid};

use super::views::{AVAILABLE_NUMBER_COLUMNS, OWNED_NUMBER_COLUMNS, OWNED_NUMBER_DETAILS};
use super::{ApplyListing, ApplyNameAndUrls, Maybe, print_items, show};
use crate::cli::{NumberType, NumbersCmd};
use crate::exit::{self, Failure};
use crate::output::Output;

/// Runs a `numbers` command.
pub async fn run(client: &Client, output: Output, command: NumbersCmd) -> Result<(), Failure> {
    let numbers = client.phone_numbers();
    match command {
        NumbersCmd::List {
            kind: Some(kind),
            phone_number,
            friendly_name,
            listing,
        } => {
            super::numbers_by_type::list(client, output, kind, phone_number, friendly_name, listing)
                .await?
        }
        NumbersCmd::List {
            kind: None,
            phone_number,
            friendly_name,
            listing,
        } => {
            let list = numbers
                .list()
                .listing(listing)
                .maybe(phone_number, |b, number| b.phone_number(number))
                .maybe(friendly_name, |b, name| b.friendly_name(name));
            print_items(output, list.stream(), OWNED_NUMBER_COLUMNS).await?;
        }
        NumbersCmd::Get { sid } => {
            show(output, &sid, |s| numbers.fetch(s), OWNED_NUMBER_DETAILS).await?
        }
        NumbersCmd::Update { sid, change } => {
            if change.is_empty() {
                return Err(Failure::Cli(
                    exit::USAGE,
                    "nothing to change: give --friendly-name, --voice-url or --sms-url".into(),
                ));
            }
            let update = numbers
                .update(&super::sid::<PhoneNumberSid>(&sid)?)
                .name_and_urls(change);
            let number = update.send().await?;
            output.one(&number, OWNED_NUMBER_DETAILS);
        }
        NumbersCmd::Release { sid } => {
            numbers
                .release(&super::sid::<PhoneNumberSid>(&sid)?)
                .await?;
            output.done(
                &serde_json::json!({"released": sid}),
                &format!("released {sid}"),
            );
        }
        NumbersCmd::Search {
            country,
            area_code,
            contains,
            kind,
            listing,
        } => {
            let kind = match kind {
                NumberType::Local => NumberKind::Local,
                NumberType::TollFree => NumberKind::TollFree,
                NumberType::Mobile => NumberKind::Mobile,
            };
            let search = numbers
                .available(country)
                .kind(kind)
                .listing(listing)
                .maybe(area_code, |b, code| b.area_code(i64::from(code)))
                .maybe(contains, |b, pattern| b.contains(pattern));
            print_items(output, search.stream(), AVAILABLE_NUMBER_COLUMNS).await?;
        }
        NumbersCmd::Buy {
            kind: Some(kind),
            phone_number,
            friendly_name,
            ..
        } => super::numbers_by_type::buy(client, output, kind, phone_number, friendly_name).await?,
        NumbersCmd::Buy {
            kind: None,
            phone_number,
            area_code,
            friendly_name,
        } => {
            let mut buy = match (phone_number, area_code) {
                (Some(number), _) => numbers.buy(number),
                (None, Some(code)) => {
                    let code = u16::try_from(code).map_err(|_| {
                        Failure::Cli(exit::USAGE, format!("--area-code {code} is out of range"))
                    })?;
                    numbers.buy_in_area_code(code)
                }
                (None, None) => {
                    return Err(Failure::Cli(
                        exit::USAGE,
                        "give --phone-number or --area-code".into(),
                    ));
                }
            };
            buy = buy.maybe(friendly_name, |b, name| b.friendly_name(name));
            let number = buy.send().await?;
            output.one(&number, OWNED_NUMBER_DETAILS);
        }
    }
    Ok(())
}
