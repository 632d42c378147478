//! `accounts list|get`.

use maton_twilio::model::Account;
use maton_twilio::{AccountSid, Client};

use super::{ApplyListing, print_items, text, when};
use crate::cli::AccountsCmd;
use crate::exit::Failure;
use crate::output::Output;

fn details(a: &Account) -> Vec<(&'static str, String)> {
    vec![
        ("sid", text(&a.sid)),
        ("name", text(&a.friendly_name)),
        ("status", text(&a.status)),
        ("type", text(&a.type_)),
        ("owner", text(&a.owner_account_sid)),
        ("created", when(&a.date_created)),
    ]
}

/// Runs an `accounts` command.
pub async fn run(client: &Client, output: Output, command: AccountsCmd) -> Result<(), Failure> {
    let accounts = client.accounts();
    match command {
        AccountsCmd::List { listing } => {
            let row = |a: &Account| {
                vec![
                    text(&a.sid),
                    text(&a.friendly_name),
                    text(&a.status),
                    text(&a.type_),
                ]
            };
            let list = accounts.list().listing(listing);
            print_items(
                output,
                list.stream(),
                &["SID", "NAME", "STATUS", "TYPE"],
                row,
            )
            .await?;
        }
        AccountsCmd::Get { sid: None } => output.one(&accounts.current().await?, details),
        AccountsCmd::Get { sid: Some(sid) } => {
            output.one(
                &accounts.fetch(&super::sid::<AccountSid>(&sid)?).await?,
                details,
            );
        }
    }
    Ok(())
}
