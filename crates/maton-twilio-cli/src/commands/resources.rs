//! `applications`, `queues`, `addresses`: list, get, create, update, delete.

use maton_twilio::model::{Address, Application, Queue};
use maton_twilio::{AddressSid, ApplicationSid, Client, QueueSid};

use super::{ApplyListing, Maybe, delete, print_items, show, text, when};
use crate::cli::{AddressesCmd, ApplicationsCmd, NameAndUrls, QueuesCmd};
use crate::exit::Failure;
use crate::output::{Columns, Field, Output};

const APPLICATION_DETAILS: &[Field<Application>] = &[
    ("sid", |a| text(&a.sid)),
    ("name", |a| text(&a.friendly_name)),
    ("voice url", |a| text(&a.voice_url)),
    ("sms url", |a| text(&a.sms_url)),
    ("created", |a| when(&a.date_created)),
];

/// The list's columns: these application details, titled in capitals.
const APPLICATION_COLUMNS: Columns<Application> = Columns::pick(
    APPLICATION_DETAILS,
    &["sid", "name", "voice url", "sms url"],
);

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
            print_items(output, list.stream(), APPLICATION_COLUMNS).await?;
        }
        ApplicationsCmd::Get { sid } => {
            show(output, &sid, |s| apps.fetch(s), APPLICATION_DETAILS).await?
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
            output.one(&create.send().await?, APPLICATION_DETAILS);
        }
        ApplicationsCmd::Update {
            sid,
            change:
                NameAndUrls {
                    friendly_name,
                    voice_url,
                    sms_url,
                },
        } => {
            let update = apps
                .update(&super::sid::<ApplicationSid>(&sid)?)
                .maybe(friendly_name, |b, name| b.friendly_name(name))
                .maybe(voice_url, |b, url| b.voice_url(url))
                .maybe(sms_url, |b, url| b.sms_url(url));
            output.one(&update.send().await?, APPLICATION_DETAILS);
        }
        ApplicationsCmd::Delete { sid } => delete(output, &sid, |s| apps.delete(s)).await?,
    }
    Ok(())
}

const QUEUE_DETAILS: &[Field<Queue>] = &[
    ("sid", |q| text(&q.sid)),
    ("name", |q| text(&q.friendly_name)),
    ("size", |q| text(&q.current_size)),
    ("max size", |q| text(&q.max_size)),
    ("average wait (s)", |q| text(&q.average_wait_time)),
];

/// The list's columns: these queue details, titled in capitals (`max size` as `MAX`).
const QUEUE_COLUMNS: Columns<Queue> =
    Columns::pick(QUEUE_DETAILS, &["sid", "name", "size", "max size"])
        .renamed(&[("max size", "MAX")]);

/// Runs a `queues` command.
pub async fn queues(client: &Client, output: Output, command: QueuesCmd) -> Result<(), Failure> {
    let queues = client.queues();
    match command {
        QueuesCmd::List { listing } => {
            let list = queues.list().listing(listing);
            print_items(output, list.stream(), QUEUE_COLUMNS).await?;
        }
        QueuesCmd::Get { sid } => show(output, &sid, |s| queues.fetch(s), QUEUE_DETAILS).await?,
        QueuesCmd::Create {
            friendly_name,
            max_size,
        } => {
            output.one(
                &queues.create(friendly_name, max_size).await?,
                QUEUE_DETAILS,
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
            output.one(&queue, QUEUE_DETAILS);
        }
        QueuesCmd::Delete { sid } => delete(output, &sid, |s| queues.delete(s)).await?,
    }
    Ok(())
}

const ADDRESS_DETAILS: &[Field<Address>] = &[
    ("sid", |a| text(&a.sid)),
    ("customer", |a| text(&a.customer_name)),
    ("name", |a| text(&a.friendly_name)),
    ("street", |a| text(&a.street)),
    ("city", |a| text(&a.city)),
    ("region", |a| text(&a.region)),
    ("postal code", |a| text(&a.postal_code)),
    ("country", |a| text(&a.iso_country)),
];

/// The list's columns: these address details, titled in capitals.
const ADDRESS_COLUMNS: Columns<Address> =
    Columns::pick(ADDRESS_DETAILS, &["sid", "customer", "city", "country"]);

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
            print_items(output, list.stream(), ADDRESS_COLUMNS).await?;
        }
        AddressesCmd::Get { sid } => {
            show(output, &sid, |s| addresses.fetch(s), ADDRESS_DETAILS).await?
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
            output.one(&create.send().await?, ADDRESS_DETAILS);
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
            output.one(&update.send().await?, ADDRESS_DETAILS);
        }
        AddressesCmd::Delete { sid } => delete(output, &sid, |s| addresses.delete(s)).await?,
    }
    Ok(())
}
