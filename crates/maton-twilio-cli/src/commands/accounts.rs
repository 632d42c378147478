//! `accounts list|get`.

use maton_twilio::model::Account;
use maton_twilio::{AccountSid, Client};

use super::{ApplyListing, print_items, text, when};
use crate::cli::AccountsCmd;
use crate::exit::Failure;
use crate::output::{Field, Output};

const COLUMNS: &[Field<Account>] = &[
    ("SID", |a| text(&a.sid)),
    ("NAME", |a| text(&a.friendly_name)),
    ("STATUS", |a| text(&a.status)),
    ("TYPE", |a| text(&a.type_)),
];

const DETAILS: &[Field<Account>] = &[
    ("sid", |a| text(&a.sid)),
    ("name", |a| text(&a.friendly_name)),
    ("status", |a| text(&a.status)),
    ("type", |a| text(&a.type_)),
    ("owner", |a| text(&a.owner_account_sid)),
    ("created", |a| when(&a.date_created)),
];

/// Runs an `accounts` command.
pub async fn run(client: &Client, output: Output, command: AccountsCmd) -> Result<(), Failure> {
    let accounts = client.accounts();
    match command {
        AccountsCmd::List { listing } => {
            let list = accounts.list().listing(listing);
            print_items(output, list.stream(), COLUMNS).await?;
        }
        AccountsCmd::Get { sid: None } => output.one(&accounts.current().await?, DETAILS),
        AccountsCmd::Get { sid: Some(sid) } => {
            let account = accounts.fetch(&super::sid::<AccountSid>(&sid)?).await?;
            output.one(&account, DETAILS);
        }
    }
    Ok(())
}
