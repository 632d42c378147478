//! `accounts list|get|create|suspend|reactivate|close`.

use maton_twilio::Client;

use super::subaccounts::{self, Change};
use super::views::{ACCOUNT_COLUMNS, ACCOUNT_DETAILS};
use super::{ApplyListing, print_items, show};
use crate::cli::AccountsCmd;
use crate::exit::Failure;
use crate::output::Output;

/// Runs an `accounts` command.
pub async fn run(client: &Client, output: Output, command: AccountsCmd) -> Result<(), Failure> {
    let accounts = client.accounts();
    match command {
        AccountsCmd::List { listing } => {
            let list = accounts.list().listing(listing);
            print_items(output, list.stream(), ACCOUNT_COLUMNS).await?;
        }
        AccountsCmd::Get { sid: None } => output.one(&accounts.current().await?, ACCOUNT_DETAILS),
        AccountsCmd::Get { sid: Some(sid) } => {
            show(output, &sid, |s| accounts.fetch(s), ACCOUNT_DETAILS).await?
        }
        AccountsCmd::Create(args) => {
            subaccounts::create(client, output, args.friendly_name).await?
        }
        AccountsCmd::Suspend { sid } => {
            subaccounts::change(client, output, &sid, Change::Suspend).await?
        }
        AccountsCmd::Reactivate { sid } => {
            subaccounts::change(client, output, &sid, Change::Reactivate).await?
        }
        AccountsCmd::Close(args) => {
            let close = Change::Close {
                confirmed: args.yes,
            };
            subaccounts::change(client, output, &args.sid, close).await?
        }
    }
    Ok(())
}
