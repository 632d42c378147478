//! `calls create|list|get|end|delete`.

use maton_twilio::model::Call;
use maton_twilio::{ApplicationSid, Client};

use super::views::{CALL_COLUMNS, CALL_DETAILS};
use super::{ApplyListing, Maybe, act, delete, print_items, show, text};
use crate::cli::CallsCmd;
use crate::exit::Failure;
use crate::output::Output;

/// Runs a `calls` command.
pub async fn run(client: &Client, output: Output, command: CallsCmd) -> Result<(), Failure> {
    let calls = client.calls();
    match command {
        CallsCmd::Create {
            to,
            from,
            source,
            status_callback,
            ring_timeout,
            record,
        } => {
            let mut place = calls.place(to, from);
            if let Some(url) = source.url {
                place = place.url(url);
            }
            if let Some(twiml) = source.twiml {
                place = place.twiml(twiml);
            }
            if let Some(application) = source.application {
                place = place.application(&application.parse::<ApplicationSid>()?);
            }
            place = place.maybe(status_callback, |b, url| b.status_callback(url));
            place = place.maybe(ring_timeout, |b, seconds| b.timeout(i64::from(seconds)));
            if record {
                place = place.record(true);
            }
            let call = place.send().await?;
            output.one(&call, CALL_DETAILS);
        }
        CallsCmd::List {
            to,
            from,
            status,
            listing,
        } => {
            let mut list = calls
                .list()
                .listing(listing)
                .maybe(to, |b, to| b.to(to))
                .maybe(from, |b, from| b.from(from));
            list = list.maybe(status, |b, status| {
                b.status(maton_twilio::model::CallStatus::from(status.as_str()))
            });
            print_items(output, list.stream(), CALL_COLUMNS).await?;
        }
        CallsCmd::Get { sid } => show(output, &sid, |s| calls.fetch(s), CALL_DETAILS).await?,
        CallsCmd::End { sid } => {
            let said = |call: &Call| format!("ended {sid} (status {})", text(&call.status));
            act(output, &sid, |s| calls.hang_up(s), said).await?
        }
        CallsCmd::Delete { sid } => delete(output, &sid, |s| calls.delete(s)).await?,
        CallsCmd::Record(command) => super::voice::call_record(client, output, command).await?,
    }
    Ok(())
}
