//! Call queues.

use maton_twilio_api::twilio::builder;
use maton_twilio_api::twilio::types as wire;

use crate::Error;
use crate::client::Client;
use crate::model::Queue;
use crate::pagination::{Paging, list_methods};
use crate::response::Pending;
use crate::rules::{self, MAX_FRIENDLY_NAME_CHARS};
use crate::sid::QueueSid;

/// The largest `max_size` Twilio allows.
const MAX_QUEUE_SIZE: i64 = 5000;

/// The account's call queues: `client.queues()`.
#[derive(Clone, Debug)]
pub struct Queues {
    client: Client,
}

impl Queues {
    #[inline]
    pub(crate) fn new(client: Client) -> Self {
        Self { client }
    }

    /// Creates a queue named `friendly_name` (1 to 64 characters) holding at most `max_size`
    /// calls (1 to 5000; Twilio's default, 1000, when `None`).
    #[inline]
    pub fn create(
        &self,
        friendly_name: impl Into<String>,
        max_size: Option<u32>,
    ) -> Pending<Queue> {
        let client = self.client.clone();
        let name = friendly_name.into();
        Pending::new(async move {
            let max_size = check(Some(&name), max_size)?;
            send_in_account!(client, CreateQueue => create_queue
                .body_map(move |b| b.friendly_name(name).max_size(max_size))
            )
        })
    }

    /// Renames a queue and/or changes its capacity; at least one must be given.
    #[inline]
    pub fn update(
        &self,
        sid: &QueueSid,
        friendly_name: Option<String>,
        max_size: Option<u32>,
    ) -> Pending<Queue> {
        let client = self.client.clone();
        let sid = sid.clone();
        Pending::new(async move {
            if friendly_name.is_none() && max_size.is_none() {
                return Err(Error::invalid_input(
                    "friendly_name",
                    "nothing to change: give a name or a maximum size",
                ));
            }
            let max_size = check(friendly_name.as_deref(), max_size)?;
            send_in_account!(client, UpdateQueue => update_queue
                .sid(sid.as_str())
                .body_map(move |b| b.friendly_name(friendly_name).max_size(max_size))
            )
        })
    }

    /// Lists the queues.
    #[inline]
    pub fn list(&self) -> ListQueues {
        new_list!(self, ListQueues => list_queue)
    }

    /// The calls waiting in one queue (feature `voice`).
    #[cfg(feature = "voice")]
    #[inline]
    pub fn members(&self, queue: &QueueSid) -> crate::resources::QueueMembers {
        crate::resources::QueueMembers::new(self.client.clone(), queue.clone())
    }

    pending_by_sid! {
        /// Fetches one queue.
        fetch(QueueSid) -> Queue = FetchQueue => fetch_queue;

        /// Deletes a queue (it must be empty).
        delete(QueueSid) -> () = DeleteQueue => delete_queue;
    }
}

/// Checks a queue's name (1 to 64 characters) and maximum size (1 to 5000), when given; gives
/// the size as the wire's integer.
#[inline]
fn check(friendly_name: Option<&str>, max_size: Option<u32>) -> Result<Option<i64>, Error> {
    if let Some(name) = friendly_name {
        rules::not_blank("friendly_name", name)?;
        rules::max_chars("friendly_name", name, MAX_FRIENDLY_NAME_CHARS)?;
    }
    let max_size = max_size.map(i64::from);
    if let Some(size) = max_size {
        rules::in_range("max_size", size, 1, MAX_QUEUE_SIZE)?;
    }
    Ok(max_size)
}

/// Lists queues: `client.queues().list()`.
#[derive(Clone, Debug)]
#[must_use = "nothing is sent until the list is fetched or streamed"]
pub struct ListQueues {
    client: Client,
    paging: Paging,
    request: builder::ListQueue<'static>,
}

impl ListQueues {
    account_first_page!(Queue);
}

list_methods!(ListQueues, Queue, wire::QueuePage);
