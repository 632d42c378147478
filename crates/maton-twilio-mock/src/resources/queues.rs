//! Queues that hold calls waiting to be connected.

use http::StatusCode;
use maton_twilio_api::twilio::types::{Queue, QueuePage};

use super::{Ctx, account_uri};
use crate::dates::stamp;
use crate::footprint::Footprint;
use crate::paging::{Envelope, Order, PageRequest, PageType, walk};
use crate::params::Params;
use crate::reply::{ApiError, Reply};
use crate::store::Store;
use maton_twilio_rules::{QueueSid, Sid};

const PREFIX: &[&str] = QueueSid::PREFIXES;
/// Twilio's default and largest queue capacities.
const DEFAULT_MAX_SIZE: i64 = 1000;
const LARGEST_MAX_SIZE: i64 = 5000;

fn configure(queue: &mut Queue, form: &Params) -> Result<(), ApiError> {
    if let Some(name) = form.get("FriendlyName") {
        if name.is_empty() || name.chars().count() > 64 {
            return Err(ApiError::invalid("FriendlyName must be 1 to 64 characters"));
        }
        queue.friendly_name = Some(name.to_string());
    }
    if let Some(size) = form.int("MaxSize")? {
        if !(1..=LARGEST_MAX_SIZE).contains(&size) {
            return Err(ApiError::invalid(format!(
                "MaxSize must be from 1 to {LARGEST_MAX_SIZE}"
            )));
        }
        queue.max_size = Some(size);
    }
    Ok(())
}

pub(crate) fn create(store: &mut Store, ctx: &Ctx<'_>) -> Result<Reply, ApiError> {
    if ctx.form.non_empty("FriendlyName").is_none() {
        return Err(ApiError::invalid(
            "Missing required parameter FriendlyName in the post body",
        ));
    }
    store.check_room(store.queues.len(), "queues")?;
    let (seq, sid) = store.next_sid("QU");
    let date = stamp(ctx.now);
    let mut queue = Queue {
        account_sid: Some(ctx.account.to_string()),
        average_wait_time: Some(0),
        current_size: Some(0),
        date_created: Some(date.clone()),
        date_updated: Some(date),
        friendly_name: None,
        max_size: Some(DEFAULT_MAX_SIZE),
        sid: Some(sid.clone()),
        uri: Some(account_uri(ctx.account, &format!("Queues/{sid}.json"))),
        extra: serde_json::Map::new(),
    };
    configure(&mut queue, ctx.form)?;
    store.charge(0, queue.footprint())?;
    let reply = Reply::json(StatusCode::CREATED, &queue);
    store.queues.insert(seq, queue);
    Ok(reply)
}

fn find(store: &Store, ctx: &Ctx<'_>, sid: &str) -> Result<u64, ApiError> {
    store
        .find_owned(
            &store.queues,
            sid,
            PREFIX,
            ctx.account,
            |q| q.sid.as_deref(),
            |q| q.account_sid.as_deref(),
        )
        .ok_or_else(|| ApiError::not_found(ctx.path))
}

pub(crate) fn fetch(store: &Store, ctx: &Ctx<'_>, sid: &str) -> Result<Reply, ApiError> {
    let seq = find(store, ctx, sid)?;
    let queue = store
        .queues
        .get(&seq)
        .ok_or_else(|| ApiError::not_found(ctx.path))?;
    Ok(Reply::json(StatusCode::OK, queue))
}

pub(crate) fn update(store: &mut Store, ctx: &Ctx<'_>, sid: &str) -> Result<Reply, ApiError> {
    let seq = find(store, ctx, sid)?;
    let stored = store
        .queues
        .get(&seq)
        .ok_or_else(|| ApiError::not_found(ctx.path))?;
    let before = stored.footprint();
    let mut queue = stored.clone();
    configure(&mut queue, ctx.form)?;
    queue.date_updated = Some(stamp(ctx.now));
    store.charge(before, queue.footprint())?;
    let reply = Reply::json(StatusCode::OK, &queue);
    store.queues.insert(seq, queue);
    Ok(reply)
}

pub(crate) fn delete(store: &mut Store, ctx: &Ctx<'_>, sid: &str) -> Result<Reply, ApiError> {
    let seq = find(store, ctx, sid)?;
    if let Some(gone) = store.queues.remove(&seq) {
        store.release(gone.footprint());
    }
    Ok(Reply::empty(StatusCode::NO_CONTENT))
}

pub(crate) fn list(store: &Store, ctx: &Ctx<'_>) -> Result<Reply, ApiError> {
    let request = PageRequest::read(ctx.query, PREFIX, store.seed)?;
    let slice = walk(&store.queues, Order::OldestFirst, &request, |q| {
        q.account_sid.as_deref() == Some(ctx.account)
    });
    let envelope = Envelope::new(ctx.path, ctx.query, &request, &slice, "QU", store.seed);
    let items = slice.items.iter().map(|(_, q)| (*q).clone()).collect();
    Ok(Reply::json(
        StatusCode::OK,
        &QueuePage::from_parts(items, envelope),
    ))
}
