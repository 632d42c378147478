//! `demo`: a tour of the SDK against the emulator, started in-process. No network, no key.

use std::fmt::Display;
use std::time::Duration;

use maton_twilio::Client;
use maton_twilio::connections::ConnectionId;
use maton_twilio::model::Resource as _;
use maton_twilio_mock::MockGateway;

use super::{amount, text};
use crate::exit::{self, Failure};
use crate::output::Output;

/// The tour's output: numbered steps, each with what it did and what came back.
struct Tour {
    step: u32,
}

impl Tour {
    fn step(&mut self, title: &str) {
        self.step += 1;
        outln!("\n{}. {title}", self.step);
    }

    fn line(&self, text: impl AsRef<str>) {
        outln!("   {}", text.as_ref());
    }
}

/// `SID (status)` of what the tour just created, `-` for either when absent.
fn sid_and_status(sid: &Option<impl Display>, status: &Option<impl Display>) -> String {
    format!("{} ({})", text(sid), text(status))
}

fn emulator_failed(error: std::io::Error) -> Failure {
    Failure::Cli(
        exit::NETWORK,
        format!("could not start the emulator: {error}"),
    )
}

/// Runs the tour.
pub async fn run(output: Output) -> Result<(), Failure> {
    if output.is_json() {
        return Err(Failure::Cli(
            exit::USAGE,
            "the demo prints a tour for people; it has no --json form".into(),
        ));
    }
    // No connection yet: the tour starts by creating and authorising one, as a new user would.
    let mock = MockGateway::builder()
        .without_connection()
        .start()
        .await
        .map_err(emulator_failed)?;
    let result = tour(&mock).await;
    mock.shutdown().await;
    result
}

/// A client of `mock`. The emulator's 10 requests/second limit is off, so the client's limiter
/// can be too.
pub(super) fn client_for(mock: &MockGateway) -> Result<Client, Failure> {
    Ok(Client::builder()
        .api_key(mock.api_key())
        .base_url(mock.twilio_url())
        .control_base_url(mock.control_url())
        .no_rate_limit()
        .build()?)
}

async fn tour(mock: &MockGateway) -> Result<(), Failure> {
    let mut t = Tour { step: 0 };
    outln!("A tour of maton-twilio against the gateway emulator (no network, no real key).");
    outln!("  Twilio base URL:  {}", mock.twilio_url());
    outln!("  control plane:    {}", mock.control_url());

    let client = client_for(mock)?;

    t.step("Create a Twilio connection and authorise it");
    let created = client.connections().create("twilio").send().await?;
    let id = created.raw_id().unwrap_or_default().to_string();
    t.line(format!(
        "created {id}: {}",
        created.status().map(|s| s.to_string()).unwrap_or_default()
    ));
    t.line(format!(
        "authorisation URL: {}",
        created.url().unwrap_or("-")
    ));
    t.line("(a person would open it in a browser; the emulator stands in for the consent page)");
    mock.authorize_connection(&id);
    let active = client
        .connections()
        .wait_until_active(id.parse::<ConnectionId>()?)
        .send()
        .await
        .map_err(|e| Failure::Cli(exit::AUTH, e.to_string()))?;
    t.line(format!(
        "{id} is now {}",
        active.status().map(|s| s.to_string()).unwrap_or_default()
    ));

    t.step("Discover the account the connection reaches");
    let account = client.account_sid().await?;
    t.line(format!(
        "account {account} (found once from /Accounts.json, then cached)"
    ));

    t.step("Search a number and buy it");
    let found = client
        .phone_numbers()
        .available("US")
        .local()
        .area_code(415i64)
        .limit(3)
        .all()
        .await?;
    for number in &found {
        t.line(format!(
            "available: {} {}",
            text(&number.phone_number),
            text(&number.locality)
        ));
    }
    let Some(number) = found.first().and_then(|n| n.phone_number.clone()) else {
        return Err(Failure::Cli(
            exit::API,
            "the emulator offered no number".into(),
        ));
    };
    let bought = client
        .phone_numbers()
        .buy(number)
        .friendly_name("Demo line")
        .send()
        .await?;
    t.line(format!(
        "bought {} as {}",
        text(&bought.phone_number),
        text(&bought.sid)
    ));
    let from = bought.phone_number.clone().unwrap_or_default();

    t.step("Send SMS from it");
    let mut first = None;
    for i in 1..=12 {
        let message = client
            .messages()
            .send("+15559876543", from.as_str())
            .body(format!("Hello from Rust, message {i} of 12"))
            .send()
            .await?;
        if first.is_none() {
            first = message.sid();
            t.line(format!(
                "sent {}",
                sid_and_status(&message.sid, &message.status)
            ));
        }
    }
    t.line("... and 11 more");

    t.step("List them across pages of 5");
    let mut pages = client
        .messages()
        .list()
        .to("+15559876543")
        .page_size(5)
        .pages();
    let mut page_no = 0;
    while let Some(page) = pages.next().await {
        let page = page?;
        page_no += 1;
        t.line(format!("page {page_no}: {} messages", page.len()));
    }

    t.step("Let time pass: statuses advance");
    mock.advance(Duration::from_secs(5));
    if let Some(sid) = &first {
        let message = client.messages().fetch(sid).await?;
        t.line(format!("{sid} is now {}", text(&message.status)));
    }

    t.step("Place a call, then end it");
    let call = client
        .calls()
        .place("+15559876543", from.as_str())
        .url("https://demo.twilio.com/docs/voice.xml")
        .send()
        .await?;
    t.line(format!(
        "placed {}",
        sid_and_status(&call.sid, &call.status)
    ));
    mock.advance(Duration::from_secs(6));
    if let Some(sid) = call.sid() {
        let ringing = client.calls().fetch(&sid).await?;
        t.line(format!("after 6 s: {}", text(&ringing.status)));
        let ended = client.calls().hang_up(&sid).await?;
        t.line(format!("ended: {}", text(&ended.status)));
    }

    t.step("Usage records");
    let records = client.usage().records().limit(5).all().await?;
    for record in &records {
        t.line(format!(
            "{:<12} count {:<4} price {}",
            text(&record.category),
            text(&record.count),
            amount(&record.price, &record.price_unit)
        ));
    }

    t.step("Webhooks: signed callbacks to a local receiver, a call answered with TwiML");
    for line in super::demo_webhooks::round_trip().await? {
        t.line(line);
    }

    outln!("\nDone. With a real key, the same calls go to the Maton gateway: see README.md.");
    Ok(())
}
