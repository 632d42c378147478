//! Lists the last messages sent to a number in the past week, streaming page after page.
//!
//! ```sh
//! MATON_API_KEY=... TO=+15559876543 cargo run -p maton-twilio --example list_messages
//! ```

use chrono::{Duration, Utc};
use futures_util::TryStreamExt;
use maton_twilio::Client;

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let client = Client::from_env()?;
    let mut list = client
        .messages()
        .list()
        .sent_on_or_after(Utc::now() - Duration::days(7))
        .page_size(50)
        .limit(120);
    if let Ok(to) = std::env::var("TO") {
        list = list.to(to);
    }

    // Only one page is held in memory at a time; the walk stops after 120 messages.
    let mut messages = list.stream();
    let mut total_price = 0.0;
    while let Some(message) = messages.try_next().await? {
        let sent = message.date_sent.as_ref().and_then(|d| d.utc());
        let price = message
            .price
            .as_ref()
            .and_then(|p| p.to_f64())
            .unwrap_or(0.0);
        total_price += price;
        println!(
            "{:?} {:?} -> {:?}: {:?}",
            sent, message.from, message.to, message.status
        );
    }
    println!("total price: {total_price:.4}");
    Ok(())
}
