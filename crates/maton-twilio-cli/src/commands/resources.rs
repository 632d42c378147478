//! `applications`, `queues`, `addresses`: list, get, create, update, delete.

use maton_twilio::{AddressSid, ApplicationSid, Client, QueueSid};

use super::views::{
    ADDRESS_COLUMNS, ADDRESS_DETAILS, APPLICATION_COLUMNS, APPLICATION_DETAILS, QUEUE_COLUMNS,
    QUEUE_DETAILS,
};
use super::{ApplyListing, ApplyNameAndUrls, Maybe, delete, print_items, show};
use crate::cli::{AddressesCmd, ApplicationsCmd, QueuesCmd};
use crate::exit::Failure;
use crate::output::Output;

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
        ApplicationsCmd::Update { sid, change } => {
            let update = apps
                .update(&super::sid::<ApplicationSid>(&sid)?)
                .name_and_urls(change);
            output.one(&update.send().await?, APPLICATION_DETAILS);
        }
        ApplicationsCmd::Delete { sid } => delete(output, &sid, |s| apps.delete(s)).await?,
    }
    Ok(())
}

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
        QueuesCmd::Members(args) => super::voice::members(client, output, args).await?,
        QueuesCmd::Dequeue(args) => super::voice::dequeue(client, output, args).await?,
    }
    Ok(())
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
