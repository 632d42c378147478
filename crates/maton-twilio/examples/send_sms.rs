//! Sends an SMS.
//!
//! ```sh
//! MATON_API_KEY=... TO=+15559876543 FROM=+15551234567 cargo run -p maton-twilio --example send_sms
//! ```

use maton_twilio::{Client, ErrorKind, Outcome};

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let client = Client::from_env()?;
    let to = std::env::var("TO")?;
    let from = std::env::var("FROM")?;

    let sent = client
        .messages()
        .send(to, from)
        .body("Hello from maton-twilio!")
        .send()
        .await;
    match sent {
        Ok(message) => println!(
            "sent {} ({}), {} segment(s)",
            message.sid.as_deref().unwrap_or("?"),
            message.status.map(|s| s.to_string()).unwrap_or_default(),
            message
                .num_segments
                .as_ref()
                .and_then(|n| n.to_u64())
                .unwrap_or(0),
        ),
        Err(e) if e.kind() == ErrorKind::InvalidInput => {
            eprintln!("fix the input ({}): {e}", e.field().unwrap_or("?"));
        }
        Err(e) if e.outcome() == Outcome::Unknown => {
            eprintln!("the message may have gone out; check before resending: {e}");
        }
        Err(e) => return Err(e.into()),
    }
    Ok(())
}
