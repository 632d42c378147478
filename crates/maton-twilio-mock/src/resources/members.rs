//! Queue members: the calls waiting in a queue, listed in order, fetched by call SID or as
//! `Front`, and dequeued by `UpdateMember` with a `Url`.
//!
//! A call joins a queue through a test hook: `CreateCall` whose `Twiml` holds
//! `<Enqueue>NAME</Enqueue>` puts the new call at the back of the account's queue named NAME
//! (made, as Twilio does, when the account has none; a full queue takes no one). It waits there
//! until dequeued, whatever its own status, and the queue's `current_size` counts its members.

use std::collections::BTreeMap;
use std::sync::Arc;

use chrono::{DateTime, Utc};
use http::StatusCode;
use maton_twilio_api::twilio::types::{Member, MemberPage, Queue};
use maton_twilio_rules::{QueueSid, Sid};

use super::live::{drop_record, estimate, keep};
use super::{Ctx, Op, account_uri, records};
use crate::dates::stamp;
use crate::footprint::Footprint;
use crate::paging::{Envelope, Order, PageRequest, PageType, walk};
use crate::params::Params;
use crate::reply::{ApiError, Reply};
use crate::store::Store;

/// The operations this module answers.
pub(crate) const OPERATIONS: super::Table = &[
    (Op::ListMember, |s, c| list(s, c)),
    (Op::FetchMember, |s, c| fetch(s, c)),
    (Op::UpdateMember, update),
];

/// What `{CallSid}` may be instead of a call's SID: the member at the front of the queue.
const FRONT: &str = "Front";

/// A call waiting in a queue.
#[derive(Clone, Debug)]
pub(crate) struct MemberRecord {
    account: Arc<str>,
    queue_sid: String,
    call_sid: String,
    enqueued: DateTime<Utc>,
}

impl Footprint for MemberRecord {
    fn footprint(&self) -> usize {
        estimate::<Self>(&[&self.account, &self.queue_sid, &self.call_sid])
    }
}

impl MemberRecord {
    fn to_api(&self, position: i64, now: DateTime<Utc>) -> Member {
        let tail = format!("Queues/{}/Members/{}.json", self.queue_sid, self.call_sid);
        Member {
            call_sid: Some(self.call_sid.clone()),
            date_enqueued: Some(stamp(self.enqueued)),
            position: Some(position),
            queue_sid: Some(self.queue_sid.clone()),
            uri: Some(account_uri(&self.account, &tail)),
            wait_time: Some((now - self.enqueued).num_seconds().max(0)),
            extra: serde_json::Map::new(),
        }
    }
}

/// Adds `delta` to the `current_size` of the queue stored under `seq`.
fn resize(store: &mut Store, seq: u64, delta: i64) {
    let Some(queue) = store.queues.get_mut(&seq) else {
        return;
    };
    let before = queue.footprint();
    let size = queue.current_size.unwrap_or(0).saturating_add(delta).max(0);
    queue.current_size = Some(size);
    let after = queue.footprint();
    // A few digits more or less: kept whatever the budget says.
    let _ = store.charge(before, after);
}

/// The test hook of `<Enqueue>NAME</Enqueue>`: the call `call_sid` joins the account's queue
/// NAME, made when missing. Nothing happens when the queue is full or cannot be made.
pub(crate) fn enqueue(store: &mut Store, ctx: &Ctx<'_>, call_sid: &str, name: &str) {
    let found = store
        .queues
        .iter()
        .find(|(_, q)| {
            q.account_sid.as_deref() == Some(ctx.account)
                && q.friendly_name.as_deref() == Some(name)
        })
        .map(|(seq, q)| (*seq, q.sid.clone().unwrap_or_default()));
    let (queue_seq, queue_sid) = match found {
        Some(found) => found,
        None => {
            let body = form_urlencoded::Serializer::new(String::new())
                .append_pair("FriendlyName", name)
                .finish();
            let Ok(form) = Params::parse(body.as_bytes()) else {
                return;
            };
            let made = Ctx {
                form: &form,
                ..*ctx
            };
            if super::queues::create(store, &made).is_err() {
                return;
            }
            match store.queues.last_key_value() {
                Some((seq, q)) => (*seq, q.sid.clone().unwrap_or_default()),
                None => return,
            }
        }
    };
    let full = store
        .queues
        .get(&queue_seq)
        .is_some_and(|q| q.current_size.unwrap_or(0) >= q.max_size.unwrap_or(0));
    if full {
        return;
    }
    let record = MemberRecord {
        account: Arc::from(ctx.account),
        queue_sid,
        call_sid: call_sid.to_string(),
        enqueued: ctx.now,
    };
    let seq = store.next_seq();
    if keep(
        store,
        |l| &mut l.members,
        seq,
        record,
        false,
        "queue members",
    )
    .is_ok()
    {
        resize(store, queue_seq, 1);
    }
}

/// The queue in the path (the account's, else 404): its key and SID.
fn queue(store: &Store, ctx: &Ctx<'_>) -> Result<(u64, String), ApiError> {
    let sid = ctx.param("QueueSid");
    records::find::<Queue>(store, ctx, sid).map(|seq| (seq, sid.to_string()))
}

/// The queue's members in order: key and 1-based position.
fn positions(store: &Store, queue_sid: &str) -> BTreeMap<u64, i64> {
    store
        .live
        .members
        .iter()
        .filter(|(_, m)| m.queue_sid == queue_sid)
        .zip(1..)
        .map(|((seq, _), position)| (*seq, position))
        .collect()
}

/// The member `{CallSid}` names (or the front one), its key and position.
fn find(store: &Store, ctx: &Ctx<'_>) -> Result<(u64, i64), ApiError> {
    let (_, queue_sid) = queue(store, ctx)?;
    let call = ctx.param("CallSid");
    let positions = positions(store, &queue_sid);
    positions
        .iter()
        .find(|(seq, _)| {
            call == FRONT
                || store
                    .live
                    .members
                    .get(seq)
                    .is_some_and(|m| m.call_sid == call)
        })
        .map(|(seq, position)| (*seq, *position))
        .ok_or_else(|| ApiError::not_found(ctx.path))
}

fn fetch(store: &Store, ctx: &Ctx<'_>) -> Result<Reply, ApiError> {
    let (seq, position) = find(store, ctx)?;
    let member = store
        .live
        .members
        .get(&seq)
        .ok_or_else(|| ApiError::not_found(ctx.path))?;
    Ok(Reply::json(
        StatusCode::OK,
        &member.to_api(position, ctx.now),
    ))
}

/// Dequeues the member to the TwiML at `Url` (required): it leaves the queue.
fn update(store: &mut Store, ctx: &Ctx<'_>) -> Result<Reply, ApiError> {
    let url = ctx
        .form
        .non_empty("Url")
        .ok_or_else(|| ApiError::invalid("Missing required parameter Url in the post body"))?;
    if !(url.starts_with("https://") || url.starts_with("http://")) {
        return Err(ApiError::required(
            21205,
            format!("Url is not a valid URL: {url}"),
        ));
    }
    ctx.form.method("Method")?;
    let (queue_seq, _) = queue(store, ctx)?;
    let (seq, position) = find(store, ctx)?;
    let member =
        drop_record(store, |l| &mut l.members, seq).ok_or_else(|| ApiError::not_found(ctx.path))?;
    resize(store, queue_seq, -1);
    Ok(Reply::json(
        StatusCode::OK,
        &member.to_api(position, ctx.now),
    ))
}

/// The queue's members, front first.
fn list(store: &Store, ctx: &Ctx<'_>) -> Result<Reply, ApiError> {
    let (_, queue_sid) = queue(store, ctx)?;
    let request = PageRequest::read(ctx.query, QueueSid::PREFIXES, store.seed)?;
    let positions = positions(store, &queue_sid);
    let slice = walk(&store.live.members, Order::OldestFirst, &request, |m| {
        m.queue_sid == queue_sid
    });
    let envelope = Envelope::new(ctx.path, ctx.query, &request, &slice, "QU", store.seed);
    let items = slice
        .items
        .iter()
        .map(|(seq, m)| m.to_api(positions.get(seq).copied().unwrap_or(0), ctx.now))
        .collect();
    Ok(Reply::json(
        StatusCode::OK,
        &MemberPage::from_parts(items, envelope),
    ))
}
