//! `messages send|list|get|redact|cancel|delete`.

use maton_twilio::model::Message;
use maton_twilio::{Client, MessageSid, MessagingServiceSid};

use super::{ApplyListing, parse_time, print_items, text, when};
use crate::cli::MessagesCmd;
use crate::exit::Failure;
use crate::output::Output;

const HEADERS: &[&str] = &["SID", "STATUS", "FROM", "TO", "SENT", "BODY"];

fn row(m: &Message) -> Vec<String> {
    vec![
        text(&m.sid),
        text(&m.status),
        text(&m.from),
        text(&m.to),
        when(&m.date_sent),
        text(&m.body),
    ]
}

fn details(m: &Message) -> Vec<(&'static str, String)> {
    vec![
        ("sid", text(&m.sid)),
        ("status", text(&m.status)),
        ("direction", text(&m.direction)),
        ("from", text(&m.from)),
        ("to", text(&m.to)),
        ("body", text(&m.body)),
        ("segments", text(&m.num_segments)),
        ("media", text(&m.num_media)),
        (
            "price",
            format!("{} {}", text(&m.price), text(&m.price_unit)),
        ),
        ("created", when(&m.date_created)),
        ("sent", when(&m.date_sent)),
        ("error", text(&m.error_code)),
    ]
}

/// Runs a `messages` command.
pub async fn run(client: &Client, output: Output, command: MessagesCmd) -> Result<(), Failure> {
    let messages = client.messages();
    match command {
        MessagesCmd::Send {
            to,
            from,
            messaging_service,
            body,
            media_url,
            status_callback,
        } => {
            let mut send = match (from, messaging_service) {
                (_, Some(service)) => {
                    messages.send_with_service(to, &service.parse::<MessagingServiceSid>()?)
                }
                (Some(from), None) => messages.send(to, from),
                (None, None) => messages.create(to),
            };
            if let Some(body) = body {
                send = send.body(body);
            }
            for url in media_url {
                send = send.media_url(url);
            }
            if let Some(url) = status_callback {
                send = send.status_callback(url);
            }
            let message = send.send().await?;
            output.one(&message, details);
        }
        MessagesCmd::List {
            to,
            from,
            sent_after,
            sent_before,
            listing,
        } => {
            let mut list = messages.list().listing(listing);
            if let Some(to) = to {
                list = list.to(to);
            }
            if let Some(from) = from {
                list = list.from(from);
            }
            if let Some(after) = sent_after {
                list = list.sent_on_or_after(parse_time("sent-after", &after)?);
            }
            if let Some(before) = sent_before {
                list = list.sent_on_or_before(parse_time("sent-before", &before)?);
            }
            print_items(output, list.stream(), HEADERS, row).await?;
        }
        MessagesCmd::Get { sid } => {
            let message = messages.fetch(&sid.parse::<MessageSid>()?).await?;
            output.one(&message, details);
        }
        MessagesCmd::Redact { sid } => {
            let message = messages.redact(&sid.parse::<MessageSid>()?).await?;
            output.done(&message, &format!("redacted {sid}"));
        }
        MessagesCmd::Cancel { sid } => {
            let message = messages.cancel(&sid.parse::<MessageSid>()?).await?;
            output.done(
                &message,
                &format!("canceled {sid} (status {})", text(&message.status)),
            );
        }
        MessagesCmd::Delete { sid } => {
            messages.delete(&sid.parse::<MessageSid>()?).await?;
            output.done(
                &serde_json::json!({"deleted": sid}),
                &format!("deleted {sid}"),
            );
        }
    }
    Ok(())
}
