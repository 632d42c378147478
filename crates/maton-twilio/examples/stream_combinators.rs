//! Composes the message stream with `futures`' `StreamExt` / `TryStreamExt`: filter, map, take
//! and collect, while only one page is held in memory at a time.
//!
//! ```sh
//! MATON_API_KEY=... cargo run -p maton-twilio --example stream_combinators
//! ```
//!
//! Without a key, it runs against the emulator (`maton-twilio-mock`, in-process).

use futures_util::{StreamExt, TryStreamExt};
use maton_twilio::Client;
use maton_twilio::model::MessageStatus;

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    // A real key if there is one, else the emulator with a few messages to read.
    let (client, mock) = match Client::from_env() {
        Ok(client) => (client, None),
        Err(_) => {
            let mock = maton_twilio_mock::MockGateway::start().await?;
            let client = Client::builder()
                .api_key(mock.api_key())
                .base_url(mock.twilio_url())
                .control_base_url(mock.control_url())
                .build()?;
            for n in 0..7 {
                let to = if n % 2 == 0 {
                    "+15005550010"
                } else {
                    "+15559876543"
                };
                client
                    .messages()
                    .send(to, "+15551234567")
                    .body(format!("reminder {n}"))
                    .send()
                    .await?;
            }
            mock.advance(std::time::Duration::from_secs(5));
            (client, Some(mock))
        }
    };

    // The bodies of the first three failed messages, most recent first.
    let failed: Vec<String> = client
        .messages()
        .list()
        .page_size(2)
        .stream()
        .try_filter(|m| std::future::ready(m.status == Some(MessageStatus::Failed)))
        .map_ok(|m| m.body.unwrap_or_default())
        .take(3)
        .try_collect()
        .await?;
    println!("failed: {failed:?}");

    // Count every message by status without collecting them.
    let (delivered, other) = client
        .messages()
        .list()
        .stream()
        .try_fold((0u32, 0u32), |(d, o), m| async move {
            Ok(if m.status == Some(MessageStatus::Delivered) {
                (d + 1, o)
            } else {
                (d, o + 1)
            })
        })
        .await?;
    println!("delivered {delivered}, other {other}");

    if let Some(mock) = mock {
        mock.shutdown().await;
    }
    Ok(())
}
