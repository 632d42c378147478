//! Everything the emulator remembers, behind one lock.

use std::collections::BTreeMap;

use maton_twilio_api::twilio::types;

use crate::connections::Connections;
use crate::footprint::Footprint;
use crate::limits::Limits;
use crate::reply::ApiError;
use crate::resources::accounts::AccountRecord;
use crate::resources::calls::CallRecord;
use crate::resources::live::Live;
use crate::resources::messages::MessageRecord;
use crate::resources::usage::Usage;
use crate::sid;

/// The emulator's state: Twilio's records for every account, and the control plane's
/// connections. Record maps are keyed by a creation sequence shared by all kinds, so that SIDs
/// and page tokens can name a position.
#[derive(Debug)]
pub(crate) struct Store {
    pub(crate) seed: u64,
    next_seq: u64,
    pub(crate) limits: Limits,
    pub(crate) accounts: BTreeMap<u64, AccountRecord>,
    pub(crate) messages: BTreeMap<u64, MessageRecord>,
    pub(crate) calls: BTreeMap<u64, CallRecord>,
    pub(crate) numbers: BTreeMap<u64, types::IncomingPhoneNumber>,
    pub(crate) applications: BTreeMap<u64, types::Application>,
    pub(crate) queues: BTreeMap<u64, types::Queue>,
    pub(crate) addresses: BTreeMap<u64, types::Address>,
    pub(crate) usage: Usage,
    /// Recordings, conferences, participants, media and queue members.
    pub(crate) live: Live,
    pub(crate) connections: Connections,
    pub(crate) evicted: u64,
    /// Estimated bytes of the messages, of the calls, and of every other record.
    pub(crate) bytes: StoreBytes,
}

/// The store's estimated memory, by the kinds that evict and the rest.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(crate) struct StoreBytes {
    pub(crate) messages: usize,
    pub(crate) calls: usize,
    pub(crate) other: usize,
}

impl StoreBytes {
    pub(crate) fn total(&self) -> usize {
        self.messages
            .saturating_add(self.calls)
            .saturating_add(self.other)
    }
}

/// The refusal when the byte budget leaves no room.
pub(crate) fn store_full(budget: usize) -> ApiError {
    ApiError::invalid(format!(
        "The emulator's store is full (its budget is {budget} bytes); delete some records first"
    ))
}

impl Store {
    pub(crate) fn new(seed: u64, limits: Limits) -> Self {
        Self {
            seed,
            next_seq: 1,
            limits,
            accounts: BTreeMap::new(),
            messages: BTreeMap::new(),
            calls: BTreeMap::new(),
            numbers: BTreeMap::new(),
            applications: BTreeMap::new(),
            queues: BTreeMap::new(),
            addresses: BTreeMap::new(),
            usage: Usage::default(),
            live: Live::default(),
            connections: Connections::default(),
            evicted: 0,
            bytes: StoreBytes::default(),
        }
    }

    /// A fresh sequence number and the SID it gives with `prefix`.
    pub(crate) fn next_sid(&mut self, prefix: &str) -> (u64, String) {
        let seq = self.next_seq;
        self.next_seq += 1;
        (seq, sid::make(prefix, seq, self.seed))
    }

    /// A fresh sequence number alone.
    pub(crate) fn next_seq(&mut self) -> u64 {
        let seq = self.next_seq;
        self.next_seq += 1;
        seq
    }

    /// The key of the record `sid` names in `map`, if its SID is one of ours and it is there.
    pub(crate) fn find<T>(
        &self,
        map: &BTreeMap<u64, T>,
        sid: &str,
        prefixes: &[&str],
        sid_of: impl Fn(&T) -> Option<&str>,
    ) -> Option<u64> {
        let seq = sid::decode(sid, prefixes, self.seed)?;
        map.get(&seq)
            .filter(|record| sid_of(record) == Some(sid))
            .map(|_| seq)
    }

    /// Like [`find`](Self::find), for a record that must also belong to `account`: another
    /// account's SID is as unknown as a made-up one, as on Twilio.
    pub(crate) fn find_owned<T>(
        &self,
        map: &BTreeMap<u64, T>,
        sid: &str,
        prefixes: &[&str],
        account: &str,
        sid_of: impl Fn(&T) -> Option<&str>,
        account_of: impl Fn(&T) -> Option<&str>,
    ) -> Option<u64> {
        self.find(map, sid, prefixes, sid_of)
            .filter(|seq| map.get(seq).and_then(&account_of) == Some(account))
    }

    /// Refuses a create when a capped kind is full.
    pub(crate) fn check_room(&self, len: usize, what: &str) -> Result<(), ApiError> {
        if len >= self.limits.max_resources {
            return Err(ApiError::invalid(format!(
                "The emulator keeps at most {} {what}; delete some first",
                self.limits.max_resources
            )));
        }
        Ok(())
    }
}

/// Inserts `value` under `key`, evicting the oldest entries while the map holds `cap` or the
/// store would go past `budget` bytes; returns how many went. `own` is the map's share of the
/// store's bytes, `others` everything else's. Refused (nothing evicted) when even an empty map
/// would leave no room.
pub(crate) fn insert_evicting<T: Footprint>(
    map: &mut BTreeMap<u64, T>,
    own: &mut usize,
    others: usize,
    key: u64,
    value: T,
    cap: usize,
    budget: usize,
) -> Result<u64, ApiError> {
    let size = value.footprint();
    if others.saturating_add(size) > budget {
        return Err(store_full(budget));
    }
    let mut evicted = 0;
    while map.len() >= cap.max(1) || others.saturating_add(*own).saturating_add(size) > budget {
        let Some((_, old)) = map.pop_first() else {
            break;
        };
        *own = own.saturating_sub(old.footprint());
        evicted += 1;
    }
    map.insert(key, value);
    *own = own.saturating_add(size);
    Ok(evicted)
}

/// Removes the entry under `key`, if there, and takes its bytes off `own`, the map's share of
/// the store's bytes: the counterpart of [`insert_evicting`].
pub(crate) fn remove_counted<T: Footprint>(map: &mut BTreeMap<u64, T>, own: &mut usize, key: u64) {
    if let Some(gone) = map.remove(&key) {
        *own = own.saturating_sub(gone.footprint());
    }
}

impl Store {
    /// Makes room for a record of another kind growing from `before` to `after` bytes (0 for a
    /// new one), or refuses when that would go past the budget. Shrinking always succeeds.
    pub(crate) fn charge(&mut self, before: usize, after: usize) -> Result<(), ApiError> {
        let budget = self.limits.max_store_bytes;
        let other = self
            .bytes
            .other
            .saturating_sub(before)
            .saturating_add(after);
        let total = self
            .bytes
            .messages
            .saturating_add(self.bytes.calls)
            .saturating_add(other);
        if after > before && total > budget {
            return Err(store_full(budget));
        }
        self.bytes.other = other;
        Ok(())
    }

    /// Gives back the bytes of a record of another kind that was removed.
    pub(crate) fn release(&mut self, bytes: usize) {
        self.bytes.other = self.bytes.other.saturating_sub(bytes);
    }
}
