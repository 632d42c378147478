//! `calls create|list|get|end|delete`.

use maton_twilio::model::Call;
use maton_twilio::{ApplicationSid, CallSid, Client};

use super::{ApplyListing, Maybe, print_items, text, when};
use crate::cli::CallsCmd;
use crate::exit::Failure;
use crate::output::Output;

const HEADERS: &[&str] = &["SID", "STATUS", "FROM", "TO", "STARTED", "DURATION"];

fn row(c: &Call) -> Vec<String> {
    vec![
        text(&c.sid),
        text(&c.status),
        text(&c.from),
        text(&c.to),
        when(&c.start_time),
        text(&c.duration),
    ]
}

fn details(c: &Call) -> Vec<(&'static str, String)> {
    vec![
        ("sid", text(&c.sid)),
        ("status", text(&c.status)),
        ("direction", text(&c.direction)),
        ("from", text(&c.from)),
        ("to", text(&c.to)),
        ("started", when(&c.start_time)),
        ("ended", when(&c.end_time)),
        ("duration", text(&c.duration)),
        (
            "price",
            format!("{} {}", text(&c.price), text(&c.price_unit)),
        ),
    ]
}

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
            output.one(&call, details);
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
            print_items(output, list.stream(), HEADERS, row).await?;
        }
        CallsCmd::Get { sid } => {
            let call = calls.fetch(&super::sid::<CallSid>(&sid)?).await?;
            output.one(&call, details);
        }
        CallsCmd::End { sid } => {
            let call = calls.hang_up(&super::sid::<CallSid>(&sid)?).await?;
            output.done(
                &call,
                &format!("ended {sid} (status {})", text(&call.status)),
            );
        }
        CallsCmd::Delete { sid } => {
            calls.delete(&super::sid::<CallSid>(&sid)?).await?;
            output.done(
                &serde_json::json!({"deleted": sid}),
                &format!("deleted {sid}"),
            );
        }
    }
    Ok(())
}
