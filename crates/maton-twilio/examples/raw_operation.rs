//! An operation the facade has no handler for, through the generated client that `Client::raw()`
//! lends: the same key, connection, rate limit, retries and tracing, with typed request bodies
//! and models. Creates and lists a SIP domain and a usage trigger.
//!
//! The SIP operations are behind the cargo feature `sip`, usage triggers behind `usage` (`full`
//! turns every operation group on):
//!
//! ```sh
//! MATON_API_KEY=... cargo run -p maton-twilio --features sip,usage --example raw_operation
//! ```
//!
//! Against the emulator instead (`cargo run -p maton-twilio-mock -- --port 8080` prints its key):
//! `MATON_API_KEY=<its key> MATON_TWILIO_BASE_URL=http://127.0.0.1:8080/twilio
//! MATON_CTRL_BASE_URL=http://127.0.0.1:8080` before the same command. The emulator answers
//! every operation of the spec; SIP domains and usage triggers come from its generic store.

use maton_twilio::Client;
use maton_twilio::raw::twilio::types::{CreateSipDomainRequest, CreateUsageTriggerRequest};

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let client = Client::from_env()?;
    // The generated operations take the account SID as a path parameter: the facade's (given or
    // discovered) is the one its own handlers use.
    let account = client.account_sid().await?;
    let raw = client.raw();

    let domain = raw
        .create_sip_domain()
        .account_sid(account.clone())
        .body(
            CreateSipDomainRequest::builder()
                .domain_name(format!("example-{}.sip.twilio.com", std::process::id()))
                .friendly_name(Some("Office PBX".to_owned()))
                .voice_url(Some("https://example.com/sip".to_owned())),
        )
        .send()
        .await?
        .into_inner();
    println!(
        "created SIP domain {:?} ({:?})",
        domain.sid, domain.domain_name
    );

    let domains = raw
        .list_sip_domain()
        .account_sid(account.clone())
        .send()
        .await?
        .into_inner();
    for domain in domains.domains.unwrap_or_default() {
        println!("SIP domain {:?}: {:?}", domain.sid, domain.domain_name);
    }

    let trigger = raw
        .create_usage_trigger()
        .account_sid(account.clone())
        .body(
            CreateUsageTriggerRequest::builder()
                .usage_category("sms")
                .trigger_value("1000")
                .callback_url("https://example.com/usage")
                .friendly_name(Some("1000 SMS".to_owned())),
        )
        .send()
        .await?
        .into_inner();
    println!("created usage trigger {:?}", trigger.sid);

    let triggers = raw
        .list_usage_trigger()
        .account_sid(account)
        .send()
        .await?
        .into_inner();
    for trigger in triggers.usage_triggers.unwrap_or_default() {
        println!(
            "usage trigger {:?}: {:?} at {:?}",
            trigger.sid, trigger.usage_category, trigger.trigger_value
        );
    }
    Ok(())
}
