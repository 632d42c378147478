//! Accounts: the connection's main account and its subaccounts.

use std::collections::BTreeMap;

use http::StatusCode;
use maton_twilio_api::twilio::Operation as Op;
use maton_twilio_api::twilio::types::{self, AccountPage, AccountStatus, AccountType};

use super::Ctx;
use crate::dates::stamp;
use crate::footprint::Footprint;
use crate::paging::{Envelope, Order, PageRequest, PageType, walk};
use crate::reply::{ApiError, Reply};
use crate::store::Store;
use maton_twilio_rules::{AccountSid, Sid};

const PREFIX: &[&str] = AccountSid::PREFIXES;

/// An account as stored: the generated type, kept as it is answered.
#[derive(Clone, Debug)]
pub(crate) struct AccountRecord {
    pub(crate) api: types::Account,
}

impl AccountRecord {
    pub(crate) fn sid(&self) -> &str {
        self.api.sid.as_deref().unwrap_or_default()
    }

    /// The main account this one belongs to (itself for a main account).
    pub(crate) fn owner(&self) -> &str {
        self.api.owner_account_sid.as_deref().unwrap_or_default()
    }

    pub(crate) fn is_active(&self) -> bool {
        self.api.status == Some(AccountStatus::Active)
    }
}

fn subresources(sid: &str) -> BTreeMap<String, String> {
    [
        ("addresses", "Addresses.json"),
        ("applications", "Applications.json"),
        ("available_phone_numbers", "AvailablePhoneNumbers.json"),
        ("calls", "Calls.json"),
        ("incoming_phone_numbers", "IncomingPhoneNumbers.json"),
        ("messages", "Messages.json"),
        ("queues", "Queues.json"),
        ("usage", "Usage.json"),
    ]
    .into_iter()
    .map(|(name, tail)| (name.to_string(), super::account_uri(sid, tail)))
    .collect()
}

/// Creates an account; `owner` is the main account for a subaccount, `None` for a main one.
pub(crate) fn insert(
    store: &mut Store,
    friendly_name: &str,
    owner: Option<&str>,
    now: chrono::DateTime<chrono::Utc>,
) -> String {
    let (seq, sid) = store.next_sid("AC");
    let date = stamp(now);
    let api = types::Account {
        auth_token: Some(format!(
            "{:032x}",
            crate::sid::mix(seq ^ store.seed ^ 0x70_6b)
        )),
        date_created: Some(date.clone()),
        date_updated: Some(date),
        friendly_name: Some(friendly_name.to_string()),
        owner_account_sid: Some(owner.unwrap_or(&sid).to_string()),
        sid: Some(sid.clone()),
        status: Some(AccountStatus::Active),
        subresource_uris: Some(subresources(&sid)),
        type_: Some(AccountType::Full),
        uri: Some(format!("/2010-04-01/Accounts/{sid}.json")),
        extra: serde_json::Map::new(),
    };
    let record = AccountRecord { api };
    store.bytes.other = store.bytes.other.saturating_add(record.footprint());
    store.accounts.insert(seq, record);
    sid
}

/// The stored account `sid`, if any.
pub(crate) fn get<'a>(store: &'a Store, sid: &str) -> Option<&'a AccountRecord> {
    let seq = store.find(&store.accounts, sid, PREFIX, |a| a.api.sid.as_deref())?;
    store.accounts.get(&seq)
}

/// Whether the connection whose main account is `main` may use account `sid`.
pub(crate) fn visible(store: &Store, main: &str, sid: &str) -> bool {
    get(store, sid).is_some_and(|a| a.sid() == main || a.owner() == main)
}

/// The operations this module answers. Fetching or updating an account needs it reachable with
/// the connection, not active.
pub(crate) const OPERATIONS: super::Table = &[
    (Op::ListAccount, |store, ctx| list(store, ctx)),
    (Op::CreateAccount, create),
    (Op::FetchAccount, |store, ctx| {
        check(store, ctx.main, ctx.sid(), ctx.path, false)?;
        fetch(store, ctx, ctx.sid())
    }),
    (Op::UpdateAccount, |store, ctx| {
        check(store, ctx.main, ctx.sid(), ctx.path, false)?;
        update(store, ctx, ctx.sid())
    }),
    (Op::FetchBalance, |store, ctx| balance(store, ctx)),
];

/// The balance of the account in the path (already found reachable and active), in US dollars:
/// what it started with, less what its messages and calls were charged (`prices`).
fn balance(store: &Store, ctx: &Ctx<'_>) -> Result<Reply, ApiError> {
    let left = super::prices::STARTING_BALANCE.saturating_add(store.usage.spent(ctx.account));
    let balance = types::Balance {
        account_sid: Some(ctx.account.to_string()),
        balance: Some(super::prices::balance_text(left)),
        currency: Some("USD".to_string()),
        extra: serde_json::Map::new(),
    };
    Ok(Reply::json(StatusCode::OK, &balance))
}

/// The account in the path must exist (404), belong to the connection's Twilio account (401,
/// 20003) and, for its resources, be active (401, 20005).
pub(crate) fn check(
    store: &Store,
    main: &str,
    sid: &str,
    path: &str,
    need_active: bool,
) -> Result<(), ApiError> {
    let account = get(store, sid).ok_or_else(|| ApiError::not_found(path))?;
    if !visible(store, main, sid) {
        return Err(ApiError::new(
            StatusCode::UNAUTHORIZED,
            20003,
            "Authenticate: the account is not reachable with this connection",
        ));
    }
    if need_active && !account.is_active() {
        return Err(ApiError::new(
            StatusCode::UNAUTHORIZED,
            20005,
            "Account is not active",
        ));
    }
    Ok(())
}

pub(crate) fn list(store: &Store, ctx: &Ctx<'_>) -> Result<Reply, ApiError> {
    let request = PageRequest::read(ctx.query, PREFIX, store.seed)?;
    let name = ctx.query.get("FriendlyName");
    let status = ctx.query.get("Status").map(AccountStatus::from);
    let main = ctx.account;
    let slice = walk(&store.accounts, Order::OldestFirst, &request, |a| {
        (a.sid() == main || a.owner() == main)
            && name.is_none_or(|n| a.api.friendly_name.as_deref() == Some(n))
            && status
                .as_ref()
                .is_none_or(|s| a.api.status.as_ref() == Some(s))
    });
    let envelope = Envelope::new(ctx.path, ctx.query, &request, &slice, "AC", store.seed);
    let items = slice.items.iter().map(|(_, a)| a.api.clone()).collect();
    Ok(Reply::json(
        StatusCode::OK,
        &AccountPage::from_parts(items, envelope),
    ))
}

pub(crate) fn create(store: &mut Store, ctx: &Ctx<'_>) -> Result<Reply, ApiError> {
    store.check_room(store.accounts.len(), "accounts")?;
    let default_name = format!(
        "SubAccount Created at {}",
        ctx.now.format("%Y-%m-%d %I:%M %p")
    );
    let name = ctx
        .form
        .non_empty("FriendlyName")
        .unwrap_or(&default_name)
        .to_string();
    if name.chars().count() > 64 {
        return Err(ApiError::invalid(
            "FriendlyName must be at most 64 characters",
        ));
    }
    if store.bytes.total() >= store.limits.max_store_bytes {
        return Err(crate::store::store_full(store.limits.max_store_bytes));
    }
    let sid = insert(store, &name, Some(ctx.account), ctx.now);
    fetch_as(store, &sid, StatusCode::CREATED, ctx.path)
}

pub(crate) fn fetch(store: &Store, ctx: &Ctx<'_>, sid: &str) -> Result<Reply, ApiError> {
    fetch_as(store, sid, StatusCode::OK, ctx.path)
}

fn fetch_as(store: &Store, sid: &str, status: StatusCode, path: &str) -> Result<Reply, ApiError> {
    let account = get(store, sid).ok_or_else(|| ApiError::not_found(path))?;
    Ok(Reply::json(status, &account.api))
}

pub(crate) fn update(store: &mut Store, ctx: &Ctx<'_>, sid: &str) -> Result<Reply, ApiError> {
    let new_status = ctx
        .form
        .one_of("Status", &["active", "suspended", "closed"])?
        .map(|s| AccountStatus::from(s.as_str()));
    let name = ctx.form.get("FriendlyName");
    super::check_friendly_name(name)?;
    let seq = store
        .find(&store.accounts, sid, PREFIX, |a| a.api.sid.as_deref())
        .ok_or_else(|| ApiError::not_found(ctx.path))?;
    let record = store
        .accounts
        .get_mut(&seq)
        .ok_or_else(|| ApiError::not_found(ctx.path))?;
    if let Some(status) = new_status {
        if record.sid() == record.owner() && status != AccountStatus::Active {
            return Err(ApiError::invalid(
                "The main account cannot be suspended or closed",
            ));
        }
        if record.api.status == Some(AccountStatus::Closed) && status != AccountStatus::Closed {
            return Err(ApiError::invalid("A closed account cannot be reopened"));
        }
        record.api.status = Some(status);
    }
    let before = record.footprint();
    if let Some(name) = name {
        record.api.friendly_name = Some(name.to_string());
    }
    record.api.date_updated = Some(stamp(ctx.now));
    let (after, reply) = (record.footprint(), Reply::json(StatusCode::OK, &record.api));
    // A name is at most 64 characters: the change is small and always kept.
    store.bytes.other = store
        .bytes
        .other
        .saturating_sub(before)
        .saturating_add(after);
    Ok(reply)
}
