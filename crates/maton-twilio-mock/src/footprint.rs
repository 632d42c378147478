//! Estimates of what a stored record costs in memory, for the store's byte budget
//! ([`Limits::max_store_bytes`](crate::Limits::max_store_bytes)).
//!
//! An estimate is the record's inline size, the capacity of each string it owns, and a fixed
//! allowance per heap allocation and per map entry (allocator rounding, the map's node share).
//! Records kept as generated API types are estimated from their JSON length, which counts every
//! string they hold plus the field names: an overestimate, which is the safe side.

use std::io;
use std::mem::size_of;

use maton_twilio_api::twilio::types;

use crate::resources::accounts::AccountRecord;
use crate::resources::calls::CallRecord;
use crate::resources::messages::MessageRecord;

/// What one map entry costs beyond its value: the key, the node's share, allocator rounding.
const ENTRY: usize = 64;
/// What one heap allocation costs beyond its bytes.
const ALLOCATION: usize = 16;

/// A record whose memory the store budgets for.
pub(crate) trait Footprint {
    /// Estimated bytes, inline and on the heap.
    fn footprint(&self) -> usize;
}

fn string(text: &str, capacity: usize) -> usize {
    if capacity == 0 {
        0
    } else {
        capacity.max(text.len()) + ALLOCATION
    }
}

fn owned(text: &String) -> usize {
    string(text, text.capacity())
}

/// A shared `Arc<str>`, counted whole for each record that holds it (its text and the two
/// reference counts): an overestimate, the safe side.
fn shared(text: &str) -> usize {
    string(text, text.len() + 2 * size_of::<usize>())
}

fn optional(text: &Option<String>) -> usize {
    text.as_ref().map_or(0, owned)
}

/// What messages and calls both hold: the entry, their SID, account and `To`.
fn addressed<T>(sid: &String, account: &str, to: &String) -> usize {
    size_of::<T>() + ENTRY + owned(sid) + shared(account) + owned(to)
}

impl Footprint for MessageRecord {
    fn footprint(&self) -> usize {
        addressed::<Self>(&self.sid, &self.account, &self.to)
            + optional(&self.from)
            + owned(&self.body)
            + optional(&self.messaging_service_sid)
    }
}

impl Footprint for CallRecord {
    fn footprint(&self) -> usize {
        addressed::<Self>(&self.sid, &self.account, &self.to)
            + owned(&self.from)
            + optional(&self.phone_number_sid)
    }
}

/// Counts the bytes written to it.
struct Counter(usize);

impl io::Write for Counter {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.0 = self.0.saturating_add(buf.len());
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

/// The JSON length of `value`, plus its inline size and an entry's share.
fn json<T: serde::Serialize>(value: &T) -> usize {
    let mut counter = Counter(0);
    // Writing to a counter cannot fail; a type that could not serialise counts as its size.
    let _ = serde_json::to_writer(&mut counter, value);
    size_of::<T>() + ENTRY + counter.0
}

macro_rules! by_json {
    ($($ty:ty),* $(,)?) => {$(
        impl Footprint for $ty {
            fn footprint(&self) -> usize {
                json(self)
            }
        }
    )*};
}

by_json!(
    types::IncomingPhoneNumber,
    types::Application,
    types::Queue,
    types::Address,
);

impl Footprint for AccountRecord {
    fn footprint(&self) -> usize {
        json(&self.api)
    }
}
