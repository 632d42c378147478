//! Queues that hold calls waiting to be connected.

use maton_twilio_api::twilio::types::Queue;

use super::{Ctx, account_uri, records};
use crate::dates::stamp;
use crate::params::Params;
use crate::reply::{ApiError, Reply};
use crate::store::Store;

/// The operations this module answers.
pub(crate) const OPERATIONS: super::Table = super::standard_rows! {
    Queue: ListQueue CreateQueue FetchQueue UpdateQueue DeleteQueue; configure
};

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
    let (seq, sid) = records::reserve::<Queue>(store, "queues")?;
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
    records::insert(store, seq, queue)
}

pub(crate) fn list(store: &Store, ctx: &Ctx<'_>) -> Result<Reply, ApiError> {
    let request = records::page_request::<Queue>(store, ctx)?;
    Ok(records::list::<Queue>(store, ctx, &request, |_| true))
}
