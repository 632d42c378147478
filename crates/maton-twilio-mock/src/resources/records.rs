//! The shape that every account-owned resource shares: found by a SID of its kind that belongs
//! to the request's account, fetched as JSON, and, for records kept whole as their generated
//! type, created, changed on a copy, deleted and listed with the store's byte budget kept.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};

use http::StatusCode;
use maton_twilio_api::Timestamp;
use maton_twilio_api::twilio::types;
use serde::Serialize;

use super::Ctx;
use crate::dates::stamp;
use crate::footprint::Footprint;
use crate::paging::{Envelope, Order, PageRequest, PageType, walk};
use crate::reply::{ApiError, Reply};
use crate::resources::calls::CallRecord;
use crate::resources::messages::MessageRecord;
use crate::store::Store;
use maton_twilio_rules::{
    AddressSid, ApplicationSid, CallSid, MessageSid, PhoneNumberSid, QueueSid, Sid,
};

/// A record kept in its own map of the store and owned by one account.
pub(crate) trait Owned: Sized {
    /// The SID prefixes that name a record of this kind.
    const PREFIX: &'static [&'static str];
    fn map(store: &Store) -> &BTreeMap<u64, Self>;
    fn sid(&self) -> Option<&str>;
    fn account(&self) -> Option<&str>;
    /// The record as Twilio shows it at `now`.
    fn show(&self, now: DateTime<Utc>) -> Reply;
}

/// The key of the record `sid` names, or Twilio's 404 when it is not one of the account's.
pub(crate) fn find<T: Owned>(store: &Store, ctx: &Ctx<'_>, sid: &str) -> Result<u64, ApiError> {
    store
        .find_owned(
            T::map(store),
            sid,
            T::PREFIX,
            ctx.account,
            T::sid,
            T::account,
        )
        .ok_or_else(|| ApiError::not_found(ctx.path))
}

/// The record `sid` names, or Twilio's 404.
pub(crate) fn get<'s, T: Owned>(
    store: &'s Store,
    ctx: &Ctx<'_>,
    sid: &str,
) -> Result<(u64, &'s T), ApiError> {
    let seq = find::<T>(store, ctx, sid)?;
    T::map(store)
        .get(&seq)
        .map(|record| (seq, record))
        .ok_or_else(|| ApiError::not_found(ctx.path))
}

/// A record kept whole as its generated API type, with its own SID prefix and list page.
pub(crate) trait Kept: Owned + Clone + Footprint + Serialize {
    /// The SID prefix new records and page tokens get.
    const KIND: &'static str;
    type Page: PageType<Item = Self> + Serialize;
    fn map_mut(store: &mut Store) -> &mut BTreeMap<u64, Self>;
    fn set_updated(&mut self, date: Timestamp);
}

/// A key and SID for a new record of kind `T`, or the refusal when the store keeps as many
/// `what` as it may.
pub(crate) fn reserve<T: Kept>(store: &mut Store, what: &str) -> Result<(u64, String), ApiError> {
    store.check_room(T::map(store).len(), what)?;
    Ok(store.next_sid(T::KIND))
}

/// Stores a new record when the budget has room for it, and answers it as created.
pub(crate) fn insert<T: Kept>(store: &mut Store, seq: u64, record: T) -> Result<Reply, ApiError> {
    store.charge(0, record.footprint())?;
    let reply = Reply::json(StatusCode::CREATED, &record);
    T::map_mut(store).insert(seq, record);
    Ok(reply)
}

/// Answers the record `sid` names.
pub(crate) fn fetch<T: Owned>(store: &Store, ctx: &Ctx<'_>, sid: &str) -> Result<Reply, ApiError> {
    let (_, record) = get::<T>(store, ctx, sid)?;
    Ok(record.show(ctx.now))
}

/// Applies `change` to a copy of the record `sid` names, so that a refused change leaves it as
/// it was; then stamps it, charges its growth to the budget and stores it.
pub(crate) fn update<T: Kept>(
    store: &mut Store,
    ctx: &Ctx<'_>,
    sid: &str,
    change: impl FnOnce(&mut T) -> Result<(), ApiError>,
) -> Result<Reply, ApiError> {
    let (seq, stored) = get::<T>(store, ctx, sid)?;
    let before = stored.footprint();
    let mut record = stored.clone();
    change(&mut record)?;
    record.set_updated(stamp(ctx.now));
    store.charge(before, record.footprint())?;
    let reply = Reply::json(StatusCode::OK, &record);
    T::map_mut(store).insert(seq, record);
    Ok(reply)
}

/// Removes the record under `seq` and gives its bytes back.
pub(crate) fn remove<T: Kept>(store: &mut Store, seq: u64) -> Reply {
    if let Some(gone) = T::map_mut(store).remove(&seq) {
        store.release(gone.footprint());
    }
    Reply::empty(StatusCode::NO_CONTENT)
}

/// Deletes the record `sid` names.
pub(crate) fn delete<T: Kept>(
    store: &mut Store,
    ctx: &Ctx<'_>,
    sid: &str,
) -> Result<Reply, ApiError> {
    let seq = find::<T>(store, ctx, sid)?;
    Ok(remove::<T>(store, seq))
}

/// The page `request` asks for of the account's records that `keep` accepts, oldest first.
pub(crate) fn list<T: Kept>(
    store: &Store,
    ctx: &Ctx<'_>,
    request: &PageRequest,
    keep: impl Fn(&T) -> bool,
) -> Reply {
    let slice = walk(T::map(store), Order::OldestFirst, request, |r| {
        r.account() == Some(ctx.account) && keep(r)
    });
    let envelope = Envelope::new(ctx.path, ctx.query, request, &slice, T::KIND, store.seed);
    let items = slice.items.iter().map(|(_, r)| (*r).clone()).collect();
    Reply::json(StatusCode::OK, &T::Page::from_parts(items, envelope))
}

/// The page request of a list of `T`, read from the query.
pub(crate) fn page_request<T: Owned>(
    store: &Store,
    ctx: &Ctx<'_>,
) -> Result<PageRequest, ApiError> {
    PageRequest::read(ctx.query, T::PREFIX, store.seed)
}

macro_rules! kept {
    ($($ty:ident, $page:ident, $sid:ident, $kind:literal, $field:ident;)*) => {$(
        impl Owned for types::$ty {
            const PREFIX: &'static [&'static str] = $sid::PREFIXES;
            fn map(store: &Store) -> &BTreeMap<u64, Self> {
                &store.$field
            }
            fn sid(&self) -> Option<&str> {
                self.sid.as_deref()
            }
            fn account(&self) -> Option<&str> {
                self.account_sid.as_deref()
            }
            fn show(&self, _now: DateTime<Utc>) -> Reply {
                Reply::json(StatusCode::OK, self)
            }
        }

        impl Kept for types::$ty {
            const KIND: &'static str = $kind;
            type Page = types::$page;
            fn map_mut(store: &mut Store) -> &mut BTreeMap<u64, Self> {
                &mut store.$field
            }
            fn set_updated(&mut self, date: Timestamp) {
                self.date_updated = Some(date);
            }
        }
    )*};
}

kept! {
    Address, AddressPage, AddressSid, "AD", addresses;
    Application, ApplicationPage, ApplicationSid, "AP", applications;
    IncomingPhoneNumber, IncomingPhoneNumberPage, PhoneNumberSid, "PN", numbers;
    Queue, QueuePage, QueueSid, "QU", queues;
}

macro_rules! owned_record {
    ($($ty:ident, $sid:ident, $field:ident;)*) => {$(
        impl Owned for $ty {
            const PREFIX: &'static [&'static str] = $sid::PREFIXES;
            fn map(store: &Store) -> &BTreeMap<u64, Self> {
                &store.$field
            }
            fn sid(&self) -> Option<&str> {
                Some(self.sid.as_str())
            }
            fn account(&self) -> Option<&str> {
                Some(&*self.account)
            }
            fn show(&self, now: DateTime<Utc>) -> Reply {
                Reply::json(StatusCode::OK, &self.to_api(now))
            }
        }
    )*};
}

owned_record! {
    CallRecord, CallSid, calls;
    MessageRecord, MessageSid, messages;
}
