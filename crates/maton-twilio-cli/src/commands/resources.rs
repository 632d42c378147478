//! `applications`, `queues`, `addresses`: list, get, create, update, delete.

use maton_twilio::model::{Address, Application, Queue};
use maton_twilio::{AddressSid, ApplicationSid, Client, QueueSid};

use super::{ApplyListing, Maybe, print_items, text, when};
use crate::cli::{AddressesCmd, ApplicationsCmd, QueuesCmd};
use crate::exit::Failure;
use crate::output::Output;

fn deleted(output: Output, sid: &str) {
    output.done(
        &serde_json::json!({"deleted": sid}),
        &format!("deleted {sid}"),
    );
}

fn application_details(a: &Application) -> Vec<(&'static str, String)> {
    vec![
        ("sid", text(&a.sid)),
        ("name", text(&a.friendly_name)),
        ("voice url", text(&a.voice_url)),
        ("sms url", text(&a.sms_url)),
        ("created", when(&a.date_created)),
    ]
}

/// Runs an `applications` command.
pub async fn applications(
    client: &Client,
    output: Output,
    command: ApplicationsCmd,
) -> Result<(), Failure> {
    let apps = client.applications();
    match command {
        ApplicationsCmd::List {
            friendly_name,
            listing,
        } => {
            let list = apps
                .list()
                .listing(listing)
                .maybe(friendly_name, |b, name| b.friendly_name(name));
            let row = |a: &Application| {
                vec![
                    text(&a.sid),
                    text(&a.friendly_name),
                    text(&a.voice_url),
                    text(&a.sms_url),
                ]
            };
            print_items(
                output,
                list.stream(),
                &["SID", "NAME", "VOICE URL", "SMS URL"],
                row,
            )
            .await?;
        }
        ApplicationsCmd::Get { sid } => {
            let app = apps.fetch(&super::sid::<ApplicationSid>(&sid)?).await?;
            output.one(&app, application_details);
        }
        ApplicationsCmd::Create {
            friendly_name,
            voice_url,
            sms_url,
        } => {
            let create = apps
                .create()
                .friendly_name(friendly_name)
                .maybe(voice_url, |b, url| b.voice_url(url))
                .maybe(sms_url, |b, url| b.sms_url(url));
            output.one(&create.send().await?, application_details);
        }
        ApplicationsCmd::Update {
            sid,
            friendly_name,
            voice_url,
            sms_url,
        } => {
            let update = apps
                .update(&super::sid::<ApplicationSid>(&sid)?)
                .maybe(friendly_name, |b, name| b.friendly_name(name))
                .maybe(voice_url, |b, url| b.voice_url(url))
                .maybe(sms_url, |b, url| b.sms_url(url));
            output.one(&update.send().await?, application_details);
        }
        ApplicationsCmd::Delete { sid } => {
            apps.delete(&super::sid::<ApplicationSid>(&sid)?).await?;
            deleted(output, &sid);
        }
    }
    Ok(())
}

fn queue_details(q: &Queue) -> Vec<(&'static str, String)> {
    vec![
        ("sid", text(&q.sid)),
        ("name", text(&q.friendly_name)),
        ("size", text(&q.current_size)),
        ("max size", text(&q.max_size)),
        ("average wait (s)", text(&q.average_wait_time)),
    ]
}

/// Runs a `queues` command.
pub async fn queues(client: &Client, output: Output, command: QueuesCmd) -> Result<(), Failure> {
    let queues = client.queues();
    match command {
        QueuesCmd::List { listing } => {
            let row = |q: &Queue| {
                vec![
                    text(&q.sid),
                    text(&q.friendly_name),
                    text(&q.current_size),
                    text(&q.max_size),
                ]
            };
            let list = queues.list().listing(listing);
            print_items(output, list.stream(), &["SID", "NAME", "SIZE", "MAX"], row).await?;
        }
        QueuesCmd::Get { sid } => {
            output.one(
                &queues.fetch(&super::sid::<QueueSid>(&sid)?).await?,
                queue_details,
            );
        }
        QueuesCmd::Create {
            friendly_name,
            max_size,
        } => {
            output.one(
                &queues.create(friendly_name, max_size).await?,
                queue_details,
            );
        }
        QueuesCmd::Update {
            sid,
            friendly_name,
            max_size,
        } => {
            let queue = queues
                .update(&super::sid::<QueueSid>(&sid)?, friendly_name, max_size)
                .await?;
            output.one(&queue, queue_details);
        }
        QueuesCmd::Delete { sid } => {
            queues.delete(&super::sid::<QueueSid>(&sid)?).await?;
            deleted(output, &sid);
        }
    }
    Ok(())
}

fn address_details(a: &Address) -> Vec<(&'static str, String)> {
    vec![
        ("sid", text(&a.sid)),
        ("customer", text(&a.customer_name)),
        ("name", text(&a.friendly_name)),
        ("street", text(&a.street)),
        ("city", text(&a.city)),
        ("region", text(&a.region)),
        ("postal code", text(&a.postal_code)),
        ("country", text(&a.iso_country)),
    ]
}

/// Runs an `addresses` command.
pub async fn addresses(
    client: &Client,
    output: Output,
    command: AddressesCmd,
) -> Result<(), Failure> {
    let addresses = client.addresses();
    match command {
        AddressesCmd::List {
            customer_name,
            friendly_name,
            iso_country,
            listing,
        } => {
            let list = addresses
                .list()
                .listing(listing)
                .maybe(customer_name, |b, name| b.customer_name(name))
                .maybe(friendly_name, |b, name| b.friendly_name(name))
                .maybe(iso_country, |b, country| b.iso_country(country));
            let row = |a: &Address| {
                vec![
                    text(&a.sid),
                    text(&a.customer_name),
                    text(&a.city),
                    text(&a.iso_country),
                ]
            };
            print_items(
                output,
                list.stream(),
                &["SID", "CUSTOMER", "CITY", "COUNTRY"],
                row,
            )
            .await?;
        }
        AddressesCmd::Get { sid } => {
            output.one(
                &addresses.fetch(&super::sid::<AddressSid>(&sid)?).await?,
                address_details,
            );
        }
        AddressesCmd::Create {
            customer_name,
            street,
            city,
            region,
            postal_code,
            iso_country,
            friendly_name,
        } => {
            let create = addresses
                .create(customer_name)
                .street(street)
                .city(city)
                .region(region)
                .postal_code(postal_code)
                .iso_country(iso_country)
                .maybe(friendly_name, |b, name| b.friendly_name(name));
            output.one(&create.send().await?, address_details);
        }
        AddressesCmd::Update {
            sid,
            customer_name,
            street,
            city,
            region,
            postal_code,
            friendly_name,
        } => {
            let update = addresses
                .update(&super::sid::<AddressSid>(&sid)?)
                .maybe(customer_name, |b, v| b.customer_name(v))
                .maybe(street, |b, v| b.street(v))
                .maybe(city, |b, v| b.city(v))
                .maybe(region, |b, v| b.region(v))
                .maybe(postal_code, |b, v| b.postal_code(v))
                .maybe(friendly_name, |b, v| b.friendly_name(v));
            output.one(&update.send().await?, address_details);
        }
        AddressesCmd::Delete { sid } => {
            addresses.delete(&super::sid::<AddressSid>(&sid)?).await?;
            deleted(output, &sid);
        }
    }
    Ok(())
}
