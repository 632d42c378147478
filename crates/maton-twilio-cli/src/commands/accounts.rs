//! `accounts list|get`.

use maton_twilio::model::Account;
use maton_twilio::{AccountSid, Client};

use super::{ApplyListing, print_items, show, text, when};
use crate::cli::AccountsCmd;
use crate::exit::Failure;
use crate::output::{Columns, Field, Output};

const DETAILS: &[Field<Account>] = &[
    ("sid", |a| text(&a.sid)),
    ("name", |a| text(&a.friendly_name)),
    ("status", |a| text(&a.status)),
    ("type", |a| text(&a.type_)),
    ("owner", |a| text(&a.owner_account_sid)),
    ("created", |a| when(&a.date_created)),
];

/// The list's columns: these details, titled in capitals.
const COLUMNS: Columns<Account> = Columns::pick(DETAILS, &["sid", "name", "status", "type"]);

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
            show(output, &sid, |s: &AccountSid| accounts.fetch(s), DETAILS).await?
        }
    }
    Ok(())
}
