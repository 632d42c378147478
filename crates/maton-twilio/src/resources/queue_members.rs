//! A queue's members (feature `voice`): `client.queues().members(&queue_sid)`: list, fetch,
//! dequeue.

use maton_twilio_api::twilio::builder;
use maton_twilio_api::twilio::types::{self as wire, HttpMethod};

use crate::client::Client;
use crate::model::Member;
use crate::pagination::{Paging, list_methods};
use crate::resources::finish_body;
use crate::response::Pending;
use crate::rules;
use crate::sid::{CallSid, QueueSid};

/// Which member of a queue: a call in it, or the one at the front (`Front`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum MemberKey {
    /// The member with this call.
    Call(CallSid),
    /// The call that has waited longest.
    Front,
}

impl MemberKey {
    #[inline]
    fn path_text(&self) -> String {
        match self {
            Self::Call(sid) => sid.as_str().to_owned(),
            Self::Front => "Front".to_owned(),
        }
    }
}

impl From<CallSid> for MemberKey {
    #[inline]
    fn from(sid: CallSid) -> Self {
        Self::Call(sid)
    }
}

impl From<&CallSid> for MemberKey {
    #[inline]
    fn from(sid: &CallSid) -> Self {
        Self::Call(sid.clone())
    }
}

/// The calls waiting in one queue: `client.queues().members(&queue_sid)`.
#[derive(Clone, Debug)]
pub struct QueueMembers {
    client: Client,
    queue: QueueSid,
}

impl QueueMembers {
    #[inline]
    pub(crate) fn new(client: Client, queue: QueueSid) -> Self {
        Self { client, queue }
    }

    /// Lists the calls waiting, in queue order.
    #[inline]
    pub fn list(&self) -> ListQueueMembers {
        ListQueueMembers {
            request: self
                .client
                .api()
                .list_member()
                .queue_sid(self.queue.clone())
                .into_owned(),
            client: self.client.clone(),
            paging: Paging::default(),
        }
    }

    /// Fetches one member: a call in the queue, or [`MemberKey::Front`].
    #[inline]
    pub fn fetch(&self, member: impl Into<MemberKey>) -> Pending<Member> {
        let (client, queue, key) = (self.client.clone(), self.queue.clone(), member.into());
        Pending::new(async move {
            send_in_account!(client, FetchMember => fetch_member
                .queue_sid(queue)
                .call_sid(key.path_text())
            )
        })
    }

    /// Takes a member out of the queue and runs the TwiML at `url` (absolute http(s)) on its
    /// call; set the method if need be, then [`send`](Dequeue::send).
    #[inline]
    pub fn dequeue(&self, member: impl Into<MemberKey>, url: impl Into<String>) -> Dequeue {
        Dequeue {
            client: self.client.clone(),
            queue: self.queue.clone(),
            key: member.into(),
            body: wire::UpdateMemberRequest::builder().url(url.into()),
        }
    }
}

/// A member to take out of its queue: `client.queues().members(&sid).dequeue(member, url)`.
///
/// Checked in [`send`](Self::send) before anything is sent: `url` absolute `http(s)`.
#[derive(Clone, Debug)]
#[must_use = "nothing is sent until `send()` is awaited"]
pub struct Dequeue {
    client: Client,
    queue: QueueSid,
    key: MemberKey,
    body: wire::builder::UpdateMemberRequest,
}

impl Dequeue {
    body_setters! {
        /// The HTTP method for `url` (`POST` by default).
        method: HttpMethod;
    }

    send_methods! {
        /// Checks the URL and dequeues the member.
        Member, |self| {
            let body: wire::UpdateMemberRequest = finish_body(self.body)?;
            rules::absolute_url("url", &body.url)?;
            send_in_account!(self.client, UpdateMember => update_member
                .queue_sid(self.queue)
                .call_sid(self.key.path_text())
                .body(body)
            )
        }
    }
}

/// Lists a queue's members: `client.queues().members(&queue_sid).list()`.
#[derive(Clone, Debug)]
#[must_use = "nothing is sent until the list is fetched or streamed"]
pub struct ListQueueMembers {
    client: Client,
    paging: Paging,
    request: builder::ListMember<'static>,
}

impl ListQueueMembers {
    account_first_page!(Member);
}

list_methods!(ListQueueMembers, Member, wire::MemberPage);
