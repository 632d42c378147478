//! `caller-ids list|get|rename|delete|verify`.

use maton_twilio::{Client, PhoneNumberSid};

use super::views_numbers::{CALLER_ID_COLUMNS, CALLER_ID_DETAILS, VALIDATION_DETAILS};
use super::{ApplyListing, Maybe, delete, print_items, show};
use crate::cli::{CallerIdsCmd, VerifyArgs};
use crate::exit::{self, Failure};
use crate::output::Output;

/// Runs a `caller-ids` command.
pub async fn run(client: &Client, output: Output, command: CallerIdsCmd) -> Result<(), Failure> {
    let ids = client.caller_ids();
    match command {
        CallerIdsCmd::List {
            phone_number,
            friendly_name,
            listing,
        } => {
            let list = ids
                .list()
                .listing(listing)
                .maybe(phone_number, |b, number| b.phone_number(number))
                .maybe(friendly_name, |b, name| b.friendly_name(name));
            print_items(output, list.stream(), CALLER_ID_COLUMNS).await?;
        }
        CallerIdsCmd::Get { sid } => {
            show(output, &sid, |s| ids.fetch(s), CALLER_ID_DETAILS).await?
        }
        CallerIdsCmd::Rename { sid, friendly_name } => {
            let sid = super::sid::<PhoneNumberSid>(&sid)?;
            let renamed = ids.rename(&sid, friendly_name).await?;
            output.one(&renamed, CALLER_ID_DETAILS);
        }
        CallerIdsCmd::Delete { sid } => delete(output, &sid, |s| ids.delete(s)).await?,
        CallerIdsCmd::Verify(VerifyArgs {
            phone_number,
            friendly_name,
            call_delay,
            extension,
        }) => {
            let verify = ids
                .verify(phone_number)
                .maybe(friendly_name, |b, name| b.friendly_name(name))
                .maybe(call_delay, |b, delay| b.call_delay(delay))
                .maybe(extension, |b, digits| b.extension(digits));
            // The number is positional: an error about it names it as the help does.
            let request = verify.send().await.map_err(|e| match e.field() {
                Some("phone_number") => exit::input(e, "PHONE_NUMBER"),
                _ => e.into(),
            })?;
            output.one(&request, VALIDATION_DETAILS);
        }
    }
    Ok(())
}

impl ApplyListing for maton_twilio::ListCallerIds {
    fn with_page_size(self, size: u32) -> Self {
        self.page_size(size)
    }
    fn with_limit(self, limit: usize) -> Self {
        self.limit(limit)
    }
}
