//! Reaches an operation the facade does not wrap, with the client's key, account, rate limit,
//! retries and errors: the account's balance, then its call recordings page by page.
//!
//! ```sh
//! MATON_API_KEY=... cargo run -p maton-twilio --example any_request
//! ```
//!
//! The emulator (`maton-twilio-mock`) answers both: the balance falls with what was sent, and
//! the recordings are those of calls placed with `Record=true`.

use maton_twilio::{Client, Method};

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let client = Client::from_env()?;

    // `{AccountSid}` is filled with the client's account (configured or discovered).
    let balance = client
        .request(
            Method::Get,
            "/2010-04-01/Accounts/{AccountSid}/Balance.json",
        )
        .send()
        .await?
        .into_value();
    println!("balance: {} {}", balance["balance"], balance["currency"]);

    // A list, one page at a time; `paginate()` would collect every item instead.
    let mut pages = client
        .request(
            Method::Get,
            "/2010-04-01/Accounts/{AccountSid}/Recordings.json",
        )
        .query("PageSize", "50")
        .pages();
    while let Some(page) = pages.next().await {
        let page = page?;
        for recording in pages.items_of(&page)? {
            println!("{} {}s", recording["sid"], recording["duration"]);
        }
    }
    Ok(())
}
