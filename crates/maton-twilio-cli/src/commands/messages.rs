//! `messages send|list|get|redact|cancel|delete`.

use maton_twilio::model::Message;
use maton_twilio::{Client, MessagingServiceSid};

use super::views::{MESSAGE_COLUMNS, MESSAGE_DETAILS};
use super::{ApplyListing, Maybe, act, delete, parse_time, print_items, schedule, show, text};
use crate::cli::MessagesCmd;
use crate::exit::{self, Failure};
use crate::output::Output;

/// Runs a `messages` command.
pub async fn run(client: &Client, output: Output, command: MessagesCmd) -> Result<(), Failure> {
    let messages = client.messages();
    match command {
        MessagesCmd::Send {
            to,
            from,
            messaging_service,
            send_at,
            body,
            media_url,
            status_callback,
        } => {
            if from.is_none() && messaging_service.is_none() {
                return Err(Failure::Cli(
                    exit::USAGE,
                    "one of --from or --messaging-service is required".into(),
                ));
            }
            let service = messaging_service
                .map(|s| s.parse::<MessagingServiceSid>())
                .transpose()?;
            let send_at = send_at
                .map(|t| schedule::send_at(&t, service.is_some(), chrono::Utc::now()))
                .transpose()?;
            let send = messages
                .create(to)
                .maybe(from, |b, from| b.from(from))
                .maybe(service.as_ref(), |b, service| b.messaging_service(service))
                .maybe(send_at, |b, t| b.send_at(t));
            let send = media_url
                .into_iter()
                .fold(send, |b, url| b.media_url(url))
                .maybe(body, |b, body| b.body(body))
                .maybe(status_callback, |b, url| b.status_callback(url));
            let message = send.send().await?;
            output.one(&message, MESSAGE_DETAILS);
        }
        MessagesCmd::List {
            to,
            from,
            sent_after,
            sent_before,
            listing,
        } => {
            let mut list = messages
                .list()
                .listing(listing)
                .maybe(to, |b, to| b.to(to))
                .maybe(from, |b, from| b.from(from));
            let after = sent_after
                .map(|t| parse_time("sent-after", &t))
                .transpose()?;
            list = list.maybe(after, |b, t| b.sent_on_or_after(t));
            let before = sent_before
                .map(|t| parse_time("sent-before", &t))
                .transpose()?;
            list = list.maybe(before, |b, t| b.sent_on_or_before(t));
            print_items(output, list.stream(), MESSAGE_COLUMNS).await?;
        }
        MessagesCmd::Get { sid } => {
            show(output, &sid, |s| messages.fetch(s), MESSAGE_DETAILS).await?
        }
        MessagesCmd::Redact { sid } => {
            let said = |_: &Message| format!("redacted {sid}");
            act(output, &sid, |s| messages.redact(s), said).await?
        }
        MessagesCmd::Cancel { sid } => {
            let said = |m: &Message| format!("canceled {sid} (status {})", text(&m.status));
            act(output, &sid, |s| messages.cancel(s), said).await?
        }
        MessagesCmd::Delete { sid } => delete(output, &sid, |s| messages.delete(s)).await?,
    }
    Ok(())
}
