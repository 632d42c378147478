//! `applications`, `queues`, `addresses`: list, get, create, update, delete.

use maton_twilio::model::{Address, Application, Queue};
use maton_twilio::{AddressSid, ApplicationSid, Client, QueueSid};

use super::{ApplyListing, print_items, text, when};
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
            let mut list = apps.list().listing(listing);
            if let Some(name) = friendly_name {
                list = list.friendly_name(name);
            }
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
            let app = apps.fetch(&sid.parse::<ApplicationSid>()?).await?;
            output.one(&app, application_details);
        }
        ApplicationsCmd::Create {
            friendly_name,
            voice_url,
            sms_url,
        } => {
            let mut create = apps.create().friendly_name(friendly_name);
            if let Some(url) = voice_url {
                create = create.voice_url(url);
            }
            if let Some(url) = sms_url {
                create = create.sms_url(url);
            }
            output.one(&create.send().await?, application_details);
        }
        ApplicationsCmd::Update {
            sid,
            friendly_name,
            voice_url,
            sms_url,
        } => {
            let mut update = apps.update(&sid.parse::<ApplicationSid>()?);
            if let Some(name) = friendly_name {
                update = update.friendly_name(name);
            }
            if let Some(url) = voice_url {
                update = update.voice_url(url);
            }
            if let Some(url) = sms_url {
                update = update.sms_url(url);
            }
            output.one(&update.send().await?, application_details);
        }
        ApplicationsCmd::Delete { sid } => {
            apps.delete(&sid.parse::<ApplicationSid>()?).await?;
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
                &queues.fetch(&sid.parse::<QueueSid>()?).await?,
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
                .update(&sid.parse::<QueueSid>()?, friendly_name, max_size)
                .await?;
            output.one(&queue, queue_details);
        }
        QueuesCmd::Delete { sid } => {
            queues.delete(&sid.parse::<QueueSid>()?).await?;
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
            let mut list = addresses.list().listing(listing);
            if let Some(name) = customer_name {
                list = list.customer_name(name);
            }
            if let Some(name) = friendly_name {
                list = list.friendly_name(name);
            }
            if let Some(country) = iso_country {
                list = list.iso_country(country);
            }
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
                &addresses.fetch(&sid.parse::<AddressSid>()?).await?,
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
            let mut create = addresses
                .create(customer_name)
                .street(street)
                .city(city)
                .region(region)
                .postal_code(postal_code)
                .iso_country(iso_country);
            if let Some(name) = friendly_name {
                create = create.friendly_name(name);
            }
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
            let mut update = addresses.update(&sid.parse::<AddressSid>()?);
            if let Some(v) = customer_name {
                update = update.customer_name(v);
            }
            if let Some(v) = street {
                update = update.street(v);
            }
            if let Some(v) = city {
                update = update.city(v);
            }
            if let Some(v) = region {
                update = update.region(v);
            }
            if let Some(v) = postal_code {
                update = update.postal_code(v);
            }
            if let Some(v) = friendly_name {
                update = update.friendly_name(v);
            }
            output.one(&update.send().await?, address_details);
        }
        AddressesCmd::Delete { sid } => {
            addresses.delete(&sid.parse::<AddressSid>()?).await?;
            deleted(output, &sid);
        }
    }
    Ok(())
}
