//! The generic store: how the emulator answers every operation of the spec that no resource
//! module has a row for, from the operation table alone.
//!
//! A POST to a collection path creates a record with a fresh SID of the collection's kind
//! ([`shape::prefix`]); GET, POST and DELETE on an instance path fetch, update (the form's
//! fields the models know) and delete it; a GET of a collection lists its records, paged as
//! every list is ([`crate::paging`]). Records are kept under their concrete collection path,
//! which holds the account and every parent of the path: another account's SID, or one of
//! another parent, is Twilio's 404 (20404). Every parent in the path must exist (its fetch, by
//! hand row or by this store, succeeds), else 404. Collections Twilio fills itself
//! (conferences, recordings, notifications, ...) start empty; [`fill`] adds to them.

use std::collections::BTreeMap;

use http::header::LOCATION;
use http::{HeaderValue, Method, StatusCode};
use serde_json::{Map, Value};

use chrono::{DateTime, Utc};

use crate::dates::stamp;
use crate::footprint::Footprint;
use crate::paging::{Envelope, Order, PageRequest, walk};
use crate::params::Params;
use crate::reply::{ApiError, Reply};
use crate::resources::{self, Ctx, Op, accounts};
use crate::routes::{self, Target};
use crate::shared::{Shared, lock};
use crate::sid;
use crate::store::Store;

mod body;
pub(crate) mod shape;

use body::Models;

/// A record of the generic store.
#[derive(Clone, Debug)]
pub(crate) struct Record {
    /// The concrete collection path it belongs to (`/2010-04-01/Accounts/AC…/SIP/Domains.json`).
    collection: String,
    /// Its SID (or, for records named by another parameter, that parameter's value).
    id: String,
    /// The record as the API shows it.
    body: Map<String, Value>,
}

impl Footprint for Record {
    fn footprint(&self) -> usize {
        let json = serde_json::to_vec(&self.body).map_or(0, |b| b.len());
        std::mem::size_of::<Self>() + 64 + self.collection.len() + self.id.len() + json * 2
    }
}

/// Answers `ctx.op`, an operation without a hand-written row.
pub(crate) fn handle(store: &mut Store, ctx: &Ctx<'_>) -> Result<Reply, ApiError> {
    if !answers(ctx.op) {
        return Err(ApiError::not_found(ctx.path));
    }
    check_parents(store, ctx)?;
    if ctx.op == Op::FetchRecordingAddOnResultPayloadData {
        return Ok(payload_data(ctx));
    }
    let template = ctx.op.path();
    let (collection_template, _) = shape::split(template, template);
    let (collection, id) = shape::split(template, ctx.path);
    let instance = shape::is_instance(template);
    match (ctx.op.method(), instance) {
        (Method::GET, false) => list(store, ctx, &collection_template),
        (Method::POST, false) => {
            let record = create(store, ctx, &collection_template, &collection)?;
            Ok(Reply::json(StatusCode::CREATED, &record))
        }
        (method, true) => {
            let id = id.unwrap_or_default();
            let seq = find(store, &collection_template, &collection, id)
                .ok_or_else(|| ApiError::not_found(ctx.path))?;
            match method {
                Method::GET => show(store, seq, ctx),
                Method::DELETE => {
                    if let Some(gone) = store.generic.remove(&seq) {
                        store.release(gone.footprint());
                    }
                    Ok(Reply::empty(StatusCode::NO_CONTENT))
                }
                _ => update(store, ctx, &collection_template, seq),
            }
        }
        _ => Err(ApiError::not_found(ctx.path)),
    }
}

/// Whether the generic store has an answer for `op`: a create, fetch, update or delete, a list
/// with an item key, or the add-on payload's redirect. (Every operation of the spec has one;
/// a unit test of `resources` checks it.)
pub(crate) fn answers(op: Op) -> bool {
    let instance = shape::is_instance(op.path());
    match op.method() {
        Method::GET => {
            instance || op.item_key().is_some() || op == Op::FetchRecordingAddOnResultPayloadData
        }
        Method::POST => true,
        Method::DELETE => instance,
        _ => false,
    }
}

/// The key of record `id` of the concrete `collection`, if it is there.
fn find(store: &Store, template: &str, collection: &str, id: &str) -> Option<u64> {
    let prefix = shape::prefix(template);
    let seq = sid::decode(id, &[prefix], store.seed)?;
    store
        .generic
        .get(&seq)
        .filter(|r| r.collection == collection && r.id == id)
        .map(|_| seq)
}

fn show(store: &Store, seq: u64, ctx: &Ctx<'_>) -> Result<Reply, ApiError> {
    let record = store
        .generic
        .get(&seq)
        .ok_or_else(|| ApiError::not_found(ctx.path))?;
    Ok(Reply::json(StatusCode::OK, &record.body))
}

/// Makes a record in the concrete `collection` from the request's path and form, stores it and
/// returns its JSON.
fn create(
    store: &mut Store,
    ctx: &Ctx<'_>,
    template: &str,
    collection: &str,
) -> Result<Map<String, Value>, ApiError> {
    let held = store
        .generic
        .values()
        .filter(|r| r.collection == collection)
        .count();
    store.check_room(held, "records in one collection")?;
    let prefix = shape::prefix(template);
    let (seq, id) = store.next_sid(prefix);
    let models = Models::of(template, ctx.op);
    let mut body = Map::new();
    let id_field =
        shape::instance_op(template).map_or("sid".to_string(), |(_, name)| shape::snake(name));
    // The record's own SID is always there, also where no model names it, so that it can be
    // found again.
    body.insert(id_field.clone(), Value::from(id.clone()));
    for (name, value) in &ctx.route_params() {
        if snake_eq(name, &id_field) {
            continue;
        }
        models.set(
            &mut body,
            &shape::snake(name),
            [Value::from(value.as_str())],
        );
    }
    let date = serde_json::to_value(stamp(ctx.now)).unwrap_or(Value::Null);
    models.set(&mut body, "date_created", [date.clone()]);
    models.set(&mut body, "date_updated", [date]);
    let uri = format!("{}/{id}.json", collection.trim_end_matches(".json"));
    models.set(&mut body, "uri", [Value::from(uri)]);
    models.apply_form(&mut body, ctx.form.pairs());
    body.insert(id_field, Value::from(id.clone()));
    let record = Record {
        collection: collection.to_string(),
        id,
        body,
    };
    store.charge(0, record.footprint())?;
    let json = record.body.clone();
    store.generic.insert(seq, record);
    Ok(json)
}

fn snake_eq(name: &str, field: &str) -> bool {
    shape::snake(name) == field
}

/// Applies the form to a copy of the record under `seq`, so that a refusal leaves it as it was.
fn update(store: &mut Store, ctx: &Ctx<'_>, template: &str, seq: u64) -> Result<Reply, ApiError> {
    let Some(stored) = store.generic.get(&seq) else {
        return Err(ApiError::not_found(ctx.path));
    };
    let before = stored.footprint();
    let mut record = stored.clone();
    let models = Models::of(template, ctx.op);
    let id = record.body.get(&id_key(template)).cloned();
    models.apply_form(&mut record.body, ctx.form.pairs());
    if let Some(id) = id {
        // The form never renames a record.
        record.body.insert(id_key(template), id);
    }
    let date = serde_json::to_value(stamp(ctx.now)).unwrap_or(Value::Null);
    models.set(&mut record.body, "date_updated", [date]);
    store.charge(before, record.footprint())?;
    let reply = Reply::json(StatusCode::OK, &record.body);
    store.generic.insert(seq, record);
    Ok(reply)
}

fn id_key(template: &str) -> String {
    shape::instance_op(template).map_or("sid".to_string(), |(_, name)| shape::snake(name))
}

/// The page the query asks for of the records of the request's collection, oldest first.
fn list(store: &Store, ctx: &Ctx<'_>, template: &str) -> Result<Reply, ApiError> {
    let Some(key) = ctx.op.item_key() else {
        return Err(ApiError::not_found(ctx.path));
    };
    let prefix = shape::prefix(template);
    let request = PageRequest::read(ctx.query, &[prefix], store.seed)?;
    let slice = walk(&store.generic, Order::OldestFirst, &request, |r| {
        r.collection == ctx.path
    });
    let envelope = Envelope::new(ctx.path, ctx.query, &request, &slice, prefix, store.seed);
    let items: Vec<&Map<String, Value>> = slice.items.iter().map(|(_, r)| &r.body).collect();
    let mut page = Map::new();
    page.insert(
        key.to_string(),
        serde_json::to_value(items).unwrap_or_default(),
    );
    page.insert("page".into(), envelope.page.into());
    page.insert("page_size".into(), envelope.page_size.into());
    page.insert("start".into(), envelope.start.into());
    page.insert("end".into(), envelope.end.into());
    page.insert("uri".into(), envelope.uri.into());
    page.insert("first_page_uri".into(), envelope.first_page_uri.into());
    page.insert("next_page_uri".into(), envelope.next_page_uri.into());
    page.insert(
        "previous_page_uri".into(),
        envelope.previous_page_uri.into(),
    );
    Ok(Reply::json(StatusCode::OK, &page))
}

/// Twilio's answer for an add-on payload's data: a redirect to where it is stored, as `Location`
/// and as `redirect_to`. The address is under `.invalid`, so nothing ever follows it anywhere.
fn payload_data(ctx: &Ctx<'_>) -> Reply {
    let url = format!(
        "https://payloads.maton-twilio-mock.invalid/{}",
        ctx.param("PayloadSid")
    );
    let mut body = Map::new();
    body.insert("redirect_to".into(), Value::from(url.clone()));
    let reply = Reply::json(StatusCode::TEMPORARY_REDIRECT, &body);
    match HeaderValue::from_str(&url) {
        Ok(location) => reply.with_header(LOCATION, location),
        Err(_) => reply,
    }
}

/// Refuses (404) a request whose path names a parent record that does not exist: each path
/// parameter before the last segment, other than the account and a country, names the record
/// its path prefix fetches (`…/Calls/{CallSid}` is the call `…/Calls/{CallSid}.json`).
fn check_parents(store: &mut Store, ctx: &Ctx<'_>) -> Result<(), ApiError> {
    let template: Vec<&str> = ctx.op.path().split('/').collect();
    let concrete: Vec<&str> = ctx.path.split('/').collect();
    if template.len() != concrete.len() {
        return Err(ApiError::not_found(ctx.path));
    }
    let last = template.len().saturating_sub(1);
    for (i, segment) in template.iter().enumerate().take(last) {
        if !segment.starts_with('{') || matches!(*segment, "{AccountSid}" | "{CountryCode}") {
            continue;
        }
        let parent = format!("{}.json", concrete[..=i].join("/"));
        if !exists(store, ctx, &parent) {
            return Err(ApiError::not_found(ctx.path));
        }
    }
    Ok(())
}

/// Whether the record at `path` (an instance path below `/twilio`) can be fetched.
fn exists(store: &mut Store, ctx: &Ctx<'_>, path: &str) -> bool {
    let Ok(route) = routes::resolve(&Method::GET, &format!("/twilio{path}")) else {
        return false;
    };
    let Target::Twilio { op, .. } = route.target else {
        return false;
    };
    let query = Params::default();
    let parent = Ctx {
        path,
        query: &query,
        form: &query,
        op,
        route: &route,
        ..*ctx
    };
    let answer = match resources::handler(op) {
        Some(handler) => handler(store, &parent),
        None => handle(store, &parent),
    };
    answer.is_ok_and(|reply| reply.is_success())
}

/// [`MockGateway::fill`](crate::MockGateway::fill): adds a record to the concrete collection
/// `path` (below `/twilio`) as Twilio would have made it.
pub(crate) fn fill(shared: &Shared, path: &str, now: DateTime<Utc>) -> Option<String> {
    let route = [Method::GET, Method::POST]
        .iter()
        .find_map(|method| routes::resolve(method, &format!("/twilio{path}")).ok())?;
    let Target::Twilio { op, .. } = route.target else {
        return None;
    };
    if resources::handler(op).is_some() || shape::is_instance(op.path()) {
        return None;
    }
    let (template, _) = shape::split(op.path(), op.path());
    // What the API creates is made through it.
    if Op::ALL
        .iter()
        .any(|o| o.path() == template && o.method() == Method::POST)
    {
        return None;
    }
    if let Some((instance, _)) = shape::instance_op(&template)
        && resources::handler(instance).is_some()
    {
        return None;
    }
    let account = route.param("AccountSid")?;
    let mut store = lock(&shared.store);
    let store = &mut *store;
    accounts::check(store, account, account, path, false).ok()?;
    let empty = Params::default();
    let ctx = Ctx {
        now,
        path,
        query: &empty,
        form: &empty,
        account,
        main: account,
        op,
        route: &route,
    };
    check_parents(store, &ctx).ok()?;
    let record = create(store, &ctx, &template, path).ok()?;
    record
        .get(&id_key(&template))
        .and_then(Value::as_str)
        .map(str::to_string)
}

impl Ctx<'_> {
    /// The path parameters of the request, by name.
    fn route_params(&self) -> BTreeMap<&'static str, String> {
        match &self.route.target {
            Target::Twilio { params, .. } => params.iter().cloned().collect(),
            _ => BTreeMap::new(),
        }
    }
}
