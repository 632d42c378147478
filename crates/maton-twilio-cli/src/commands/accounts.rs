//! `accounts list|get`.

use maton_twilio::Client;

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
    }
    Ok(())
}
