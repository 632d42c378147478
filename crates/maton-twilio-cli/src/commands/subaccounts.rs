//! `accounts create|suspend|reactivate|close`: subaccounts.

use maton_twilio::{AccountSid, Client};

use super::views::ACCOUNT_DETAILS;
use crate::exit::{self, Failure};
use crate::output::Output;

/// What to do with a subaccount.
pub enum Change {
    Suspend,
    Reactivate,
    /// Only with `--yes`: closing is final.
    Close {
        confirmed: bool,
    },
}

/// `accounts create --friendly-name NAME`.
pub async fn create(client: &Client, output: Output, name: String) -> Result<(), Failure> {
    let account = client.accounts().create(name).await?;
    output.one(&account, ACCOUNT_DETAILS);
    Ok(())
}

/// `accounts suspend|reactivate|close SID`.
pub async fn change(
    client: &Client,
    output: Output,
    sid: &str,
    change: Change,
) -> Result<(), Failure> {
    let sid = super::sid::<AccountSid>(sid)?;
    let accounts = client.accounts();
    let account = match change {
        Change::Suspend => accounts.suspend(&sid).await?,
        Change::Reactivate => accounts.reactivate(&sid).await?,
        Change::Close { confirmed: false } => {
            return Err(Failure::Cli(
                exit::USAGE,
                "closing a subaccount is final (Twilio releases its numbers and deletes its \
                 resources): add --yes to confirm"
                    .into(),
            ));
        }
        Change::Close { confirmed: true } => accounts.close(&sid).await?,
    };
    output.one(&account, ACCOUNT_DETAILS);
    Ok(())
}
