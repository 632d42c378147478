//! `media list|get|delete MESSAGE_SID ...`.

use maton_twilio::{Client, MediaSid, MessageSid};

use super::views_numbers::{MEDIA_COLUMNS, MEDIA_DETAILS};
use super::{ApplyListing, Maybe, parse_time, print_items};
use crate::cli::MediaCmd;
use crate::exit::{self, Failure};
use crate::output::Output;

/// Parses a positional SID; an error names it as the help does (`MESSAGE_SID`, `MEDIA_SID`).
fn positional<T: std::str::FromStr<Err = maton_twilio::ParseError>>(
    text: &str,
    name: &str,
) -> Result<T, Failure> {
    text.parse()
        .map_err(|e| exit::input(maton_twilio::Error::from(e), name))
}

/// Runs a `media` command.
pub async fn run(client: &Client, output: Output, command: MediaCmd) -> Result<(), Failure> {
    match command {
        MediaCmd::List {
            message_sid,
            created_on,
            created_after,
            created_before,
            listing,
        } => {
            let message: MessageSid = positional(&message_sid, "MESSAGE_SID")?;
            let on = created_on
                .map(|t| parse_time("created-on", &t))
                .transpose()?;
            let after = created_after
                .map(|t| parse_time("created-after", &t))
                .transpose()?;
            let before = created_before
                .map(|t| parse_time("created-before", &t))
                .transpose()?;
            let list = client
                .messages()
                .media(&message)
                .list()
                .listing(listing)
                .maybe(on, |b, t| b.date_created(t))
                .maybe(after, |b, t| b.created_on_or_after(t))
                .maybe(before, |b, t| b.created_on_or_before(t));
            print_items(output, list.stream(), MEDIA_COLUMNS).await
        }
        MediaCmd::Get {
            message_sid,
            media_sid,
        } => {
            let message: MessageSid = positional(&message_sid, "MESSAGE_SID")?;
            let media: MediaSid = positional(&media_sid, "MEDIA_SID")?;
            let item = client.messages().media(&message).fetch(&media).await?;
            output.one(&item, MEDIA_DETAILS);
            Ok(())
        }
        MediaCmd::Delete {
            message_sid,
            media_sid,
        } => {
            let message: MessageSid = positional(&message_sid, "MESSAGE_SID")?;
            let media: MediaSid = positional(&media_sid, "MEDIA_SID")?;
            client.messages().media(&message).delete(&media).await?;
            output.deleted(&media_sid);
            Ok(())
        }
    }
}

impl ApplyListing for maton_twilio::ListMedia {
    fn with_page_size(self, size: u32) -> Self {
        self.page_size(size)
    }
    fn with_limit(self, limit: usize) -> Self {
        self.limit(limit)
    }
}
