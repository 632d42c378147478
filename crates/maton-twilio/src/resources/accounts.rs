//! The account and its subaccounts.

use maton_twilio_api::twilio::Operation;
use std::num::NonZeroU64;

use maton_twilio_api::twilio::builder;
use maton_twilio_api::twilio::types::{self as wire, AccountStatus};

use crate::Error;
use crate::client::Client;
use crate::model::{Account, Balance};
use crate::pagination::{FirstPage, Paging, converted, list_methods};
use crate::resources::{finish_body, require_change};
use crate::response::{Pending, Response, finish};
use crate::rules::{self, MAX_FRIENDLY_NAME_CHARS};
use crate::sid::AccountSid;

/// The account and its subaccounts: `client.accounts()`.
#[derive(Clone, Debug)]
pub struct Accounts {
    client: Client,
}

impl Accounts {
    #[inline]
    pub(crate) fn new(client: Client) -> Self {
        Self { client }
    }

    /// Fetches the account the client works in (configured or discovered).
    #[inline]
    pub fn current(&self) -> Pending<Account> {
        let client = self.client.clone();
        Pending::new(async move {
            let sid = client.account_sid().await?;
            fetch(&client, &sid).await
        })
    }

    /// Fetches the balance of the account the client works in (configured or discovered), as
    /// decimal text with its currency. Twilio documents that subaccounts carry no balance
    /// information.
    #[inline]
    pub fn balance(&self) -> Pending<Balance> {
        let client = self.client.clone();
        Pending::new(async move { send_in_account!(client, FetchBalance => fetch_balance) })
    }

    /// Fetches an account by SID.
    #[inline]
    pub fn fetch(&self, sid: &AccountSid) -> Pending<Account> {
        let client = self.client.clone();
        let sid = sid.clone();
        Pending::new(async move { fetch(&client, &sid).await })
    }

    /// Lists the accounts the key sees: the main account and its subaccounts.
    #[inline]
    pub fn list(&self) -> ListAccounts {
        new_list!(self, ListAccounts => list_account)
    }

    /// Creates a subaccount, optionally named (at most 64 characters).
    #[inline]
    pub fn create_subaccount(&self, friendly_name: Option<String>) -> Pending<Account> {
        let client = self.client.clone();
        Pending::new(async move {
            if let Some(name) = &friendly_name {
                rules::max_chars("friendly_name", name, MAX_FRIENDLY_NAME_CHARS)?;
            }
            let result = client
                .api()
                .create_account()
                .body_map(move |b| b.friendly_name(friendly_name))
                .send()
                .await;
            finish(Operation::CreateAccount.id(), result).await
        })
    }

    /// Creates a subaccount named `friendly_name` (1 to 64 characters). Its SID comes back in
    /// the answer; [`Client::with_account`] works in it.
    #[inline]
    pub fn create(&self, friendly_name: impl Into<String>) -> Pending<Account> {
        let name = friendly_name.into();
        if let Err(error) = rules::not_blank("friendly_name", &name) {
            return Pending::new(async move { Err(error) });
        }
        self.create_subaccount(Some(name))
    }

    /// Suspends a subaccount: its numbers and resources stay, but it can send and receive
    /// nothing (and is not billed) until [`reactivate`](Self::reactivate)d.
    #[inline]
    pub fn suspend(&self, sid: &AccountSid) -> Pending<Account> {
        self.set_status(sid, AccountStatus::Suspended)
    }

    /// Reactivates a suspended subaccount.
    #[inline]
    pub fn reactivate(&self, sid: &AccountSid) -> Pending<Account> {
        self.set_status(sid, AccountStatus::Active)
    }

    /// Closes a subaccount. **This is final**: Twilio releases its phone numbers and deletes its
    /// resources; a closed account cannot be reactivated. Twilio refuses to close the main
    /// account through the API.
    #[inline]
    pub fn close(&self, sid: &AccountSid) -> Pending<Account> {
        self.set_status(sid, AccountStatus::Closed)
    }

    #[inline]
    fn set_status(&self, sid: &AccountSid, status: AccountStatus) -> Pending<Account> {
        let update = self.update(sid).status(status);
        Pending::new(update.send_with_meta())
    }

    /// Renames an account or changes its status (`suspended`, `active`, `closed`).
    #[inline]
    pub fn update(&self, sid: &AccountSid) -> UpdateAccount {
        UpdateAccount {
            client: self.client.clone(),
            sid: sid.clone(),
            body: Default::default(),
        }
    }
}

#[inline]
async fn fetch(client: &Client, sid: &AccountSid) -> Result<Response<Account>, Error> {
    let result = client.api().fetch_account().sid(sid.as_str()).send().await;
    finish(Operation::FetchAccount.id(), result).await
}

/// Changes to an account: `client.accounts().update(&sid)`.
#[derive(Clone, Debug)]
#[must_use = "nothing is sent until `send()` is awaited"]
pub struct UpdateAccount {
    client: Client,
    sid: AccountSid,
    body: wire::builder::UpdateAccountRequest,
}

impl UpdateAccount {
    super::body_setters! {
        /// A new display name, at most 64 characters.
        friendly_name: String;
        /// A new status: `Suspended`, `Active` or `Closed` (closing cannot be undone).
        status: AccountStatus;
    }

    send_methods! {
        /// Checks the changes and applies them.
        Account, |self| {
            let body: wire::UpdateAccountRequest = finish_body(self.body)?;
            require_change::<wire::builder::UpdateAccountRequest, _>(
                &body,
                "friendly_name",
                "nothing to change: give a name or a status",
            )?;
            rules::opt_friendly_name(&body.friendly_name)?;
            let result = self
                .client
                .api()
                .update_account()
                .sid(self.sid.as_str())
                .body(body)
                .send()
                .await;
            finish(Operation::UpdateAccount.id(), result).await
        }
    }
}

/// Lists accounts: `client.accounts().list()`.
#[derive(Clone, Debug)]
#[must_use = "nothing is sent until the list is fetched or streamed"]
pub struct ListAccounts {
    client: Client,
    paging: Paging,
    request: builder::ListAccount<'static>,
}

impl ListAccounts {
    query_setters! {
        /// Only accounts with this display name.
        friendly_name: String;
        /// Only accounts in this status.
        status: AccountStatus;
    }

    #[inline]
    fn first_page(self, size: Option<NonZeroU64>) -> FirstPage<Account> {
        Box::pin(async move {
            let mut request = self.request;
            if let Some(size) = size {
                request = request.page_size(size);
            }
            converted(request.send().await).await
        })
    }
}

list_methods!(ListAccounts, Account, wire::AccountPage);
