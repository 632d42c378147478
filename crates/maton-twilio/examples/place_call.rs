//! Places a call that says a sentence, then shows its status.
//!
//! ```sh
//! MATON_API_KEY=... TO=+15559876543 FROM=+15551234567 cargo run -p maton-twilio --example place_call
//! ```

use maton_twilio::Client;
use maton_twilio::model::Resource;

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let client = Client::from_env()?;
    let to = std::env::var("TO")?;
    let from = std::env::var("FROM")?;

    let call = client
        .calls()
        .place(to, from)
        .twiml("<Response><Say>Hello from Rust.</Say></Response>")
        .status_callback_event("completed")
        .timeout(30)
        .send()
        .await?;
    println!("placed {:?}: {:?}", call.sid, call.status);

    if let Some(sid) = call.sid() {
        let call = client.calls().fetch(&sid).await?;
        println!("now {:?}", call.status);
    }
    Ok(())
}
