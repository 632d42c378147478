//! Searches for a local number, buys it, points it at a webhook, and (with RELEASE=1) releases it.
//!
//! ```sh
//! MATON_API_KEY=... AREA_CODE=415 SMS_URL=https://example.com/sms \
//!   cargo run -p maton-twilio --example manage_numbers
//! ```

use maton_twilio::Client;
use maton_twilio::model::Resource;

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let client = Client::from_env()?;
    let area_code: i64 = std::env::var("AREA_CODE")
        .unwrap_or_else(|_| "415".into())
        .parse()?;
    let sms_url = std::env::var("SMS_URL").unwrap_or_else(|_| "https://example.com/sms".into());

    let available = client
        .phone_numbers()
        .available("US")
        .local()
        .area_code(area_code)
        .sms_enabled(true)
        .page_size(5)
        .page()
        .await?;
    for number in &available.items {
        println!(
            "available: {:?} in {:?}",
            number.phone_number, number.locality
        );
    }
    let Some(choice) = available.items.first().and_then(|n| n.phone_number.clone()) else {
        println!("nothing available in area code {area_code}");
        return Ok(());
    };

    let bought = client
        .phone_numbers()
        .buy(choice)
        .friendly_name("maton-twilio example")
        .send()
        .await?;
    let sid = bought.sid().ok_or("the new number has no SID")?;
    println!("bought {:?} as {sid}", bought.phone_number);

    let updated = client
        .phone_numbers()
        .update(&sid)
        .sms_url(sms_url)
        .send()
        .await?;
    println!("messages now go to {:?}", updated.sms_url);

    for owned in client.phone_numbers().list().limit(20).all().await? {
        println!("owned: {:?} {:?}", owned.phone_number, owned.friendly_name);
    }

    if std::env::var("RELEASE").as_deref() == Ok("1") {
        client.phone_numbers().release(&sid).await?;
        println!("released {sid}");
    }
    Ok(())
}
