//! `numbers list|get|update|release|search|buy`.

use maton_twilio::model::{AvailablePhoneNumber, IncomingPhoneNumber, PhoneNumberCapabilities};
use maton_twilio::{Client, NumberKind, PhoneNumberSid};

use super::{ApplyListing, Maybe, print_items, text};
use crate::cli::{NumberType, NumbersCmd};
use crate::exit::{self, Failure};
use crate::output::Output;

fn capabilities(c: &Option<PhoneNumberCapabilities>) -> String {
    let Some(c) = c else { return "-".into() };
    let flag = |on: Option<bool>, name: &str| on.unwrap_or(false).then(|| name.to_string());
    let names: Vec<String> = [
        flag(c.voice, "voice"),
        flag(
            c.sms.or(c.extra.get("SMS").and_then(|v| v.as_bool())),
            "sms",
        ),
        flag(
            c.mms.or(c.extra.get("MMS").and_then(|v| v.as_bool())),
            "mms",
        ),
        flag(c.fax, "fax"),
    ]
    .into_iter()
    .flatten()
    .collect();
    if names.is_empty() {
        "-".into()
    } else {
        names.join(",")
    }
}

fn owned_row(n: &IncomingPhoneNumber) -> Vec<String> {
    vec![
        text(&n.sid),
        text(&n.phone_number),
        text(&n.friendly_name),
        capabilities(&n.capabilities),
    ]
}

fn owned_details(n: &IncomingPhoneNumber) -> Vec<(&'static str, String)> {
    vec![
        ("sid", text(&n.sid)),
        ("number", text(&n.phone_number)),
        ("name", text(&n.friendly_name)),
        ("capabilities", capabilities(&n.capabilities)),
        ("voice url", text(&n.voice_url)),
        ("sms url", text(&n.sms_url)),
    ]
}

fn available_row(n: &AvailablePhoneNumber) -> Vec<String> {
    vec![
        text(&n.phone_number),
        text(&n.locality),
        text(&n.region),
        text(&n.iso_country),
        capabilities(&n.capabilities),
    ]
}

/// Runs a `numbers` command.
pub async fn run(client: &Client, output: Output, command: NumbersCmd) -> Result<(), Failure> {
    let numbers = client.phone_numbers();
    match command {
        NumbersCmd::List {
            phone_number,
            friendly_name,
            listing,
        } => {
            let list = numbers
                .list()
                .listing(listing)
                .maybe(phone_number, |b, number| b.phone_number(number))
                .maybe(friendly_name, |b, name| b.friendly_name(name));
            let headers = ["SID", "NUMBER", "NAME", "CAPABILITIES"];
            print_items(output, list.stream(), &headers, owned_row).await?;
        }
        NumbersCmd::Get { sid } => {
            let number = numbers.fetch(&super::sid::<PhoneNumberSid>(&sid)?).await?;
            output.one(&number, owned_details);
        }
        NumbersCmd::Update {
            sid,
            friendly_name,
            voice_url,
            sms_url,
        } => {
            if friendly_name.is_none() && voice_url.is_none() && sms_url.is_none() {
                return Err(Failure::Cli(
                    exit::USAGE,
                    "nothing to change: give --friendly-name, --voice-url or --sms-url".into(),
                ));
            }
            let update = numbers
                .update(&super::sid::<PhoneNumberSid>(&sid)?)
                .maybe(friendly_name, |b, name| b.friendly_name(name))
                .maybe(voice_url, |b, url| b.voice_url(url))
                .maybe(sms_url, |b, url| b.sms_url(url));
            let number = update.send().await?;
            output.one(&number, owned_details);
        }
        NumbersCmd::Release { sid } => {
            numbers
                .release(&super::sid::<PhoneNumberSid>(&sid)?)
                .await?;
            output.done(
                &serde_json::json!({"released": sid}),
                &format!("released {sid}"),
            );
        }
        NumbersCmd::Search {
            country,
            area_code,
            contains,
            kind,
            listing,
        } => {
            let kind = match kind {
                NumberType::Local => NumberKind::Local,
                NumberType::TollFree => NumberKind::TollFree,
                NumberType::Mobile => NumberKind::Mobile,
            };
            let search = numbers
                .available(country)
                .kind(kind)
                .listing(listing)
                .maybe(area_code, |b, code| b.area_code(i64::from(code)))
                .maybe(contains, |b, pattern| b.contains(pattern));
            let headers = ["NUMBER", "LOCALITY", "REGION", "COUNTRY", "CAPABILITIES"];
            print_items(output, search.stream(), &headers, available_row).await?;
        }
        NumbersCmd::Buy {
            phone_number,
            area_code,
            friendly_name,
        } => {
            let mut buy = match (phone_number, area_code) {
                (Some(number), _) => numbers.buy(number),
                (None, Some(code)) => {
                    let code = u16::try_from(code).map_err(|_| {
                        Failure::Cli(exit::USAGE, format!("--area-code {code} is out of range"))
                    })?;
                    numbers.buy_in_area_code(code)
                }
                (None, None) => {
                    return Err(Failure::Cli(
                        exit::USAGE,
                        "give --phone-number or --area-code".into(),
                    ));
                }
            };
            buy = buy.maybe(friendly_name, |b, name| b.friendly_name(name));
            let number = buy.send().await?;
            output.one(&number, owned_details);
        }
    }
    Ok(())
}
