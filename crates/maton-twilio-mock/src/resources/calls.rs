//! Calls: placing them, the ringing-to-completed timeline, ending and redirecting live calls.

use std::collections::BTreeMap;
use std::sync::Arc;
use std::time::Duration;

use chrono::{DateTime, TimeDelta, Utc};
use http::StatusCode;
use maton_twilio_api::twilio::types::{self, CallPage, CallStatus};

use super::messages::numeric;
use super::{Ctx, account_uri, records};
use crate::dates::{DateFilter, stamp};
use crate::paging::{Envelope, Order, PageType, walk};
use crate::phone::{self, Outcome};
use crate::reply::{ApiError, Reply};
use crate::store::{Store, insert_evicting};

/// The operations this module answers.
pub(crate) const OPERATIONS: super::Table = super::standard_rows! {
    CallRecord: ListCall CreateCall FetchCall UpdateCall DeleteCall
};

/// A queued call starts ringing this long after it was created.
pub const RINGING_AFTER: Duration = Duration::from_secs(1);
/// A ringing call is answered (or found busy, or unanswered) this long after creation.
pub const ANSWERED_AFTER: Duration = Duration::from_secs(5);
/// An answered call that nobody ends hangs up on its own this long after creation (10 s talk).
pub const COMPLETED_AFTER: Duration = Duration::from_secs(15);
/// The minutes booked when a call is placed: one for a number that answers (it talks 10 s
/// unless ended sooner), none otherwise.
fn minutes_booked(outcome: Outcome) -> i64 {
    i64::from(outcome == Outcome::Normal)
}

/// A call as stored.
#[derive(Clone, Debug)]
pub(crate) struct CallRecord {
    pub(crate) sid: String,
    pub(crate) account: Arc<str>,
    pub(crate) to: String,
    pub(crate) from: String,
    pub(crate) phone_number_sid: Option<String>,
    pub(crate) created: DateTime<Utc>,
    /// When and how the call was ended through the API, if it was.
    pub(crate) ended: Option<(DateTime<Utc>, CallStatus)>,
    pub(crate) updated: DateTime<Utc>,
    pub(crate) outcome: Outcome,
}

struct View {
    status: CallStatus,
    start_time: Option<DateTime<Utc>>,
    end_time: Option<DateTime<Utc>>,
    /// Seconds talked, once the call is over.
    duration: Option<i64>,
}

fn after(at: DateTime<Utc>, by: Duration) -> DateTime<Utc> {
    TimeDelta::from_std(by)
        .ok()
        .and_then(|d| at.checked_add_signed(d))
        .unwrap_or(at)
}

impl CallRecord {
    fn answered_at(&self) -> DateTime<Utc> {
        after(self.created, ANSWERED_AFTER)
    }

    /// When the call was answered, if it was by `now` (so recordings can start then).
    pub(crate) fn answered(&self, now: DateTime<Utc>) -> Option<DateTime<Utc>> {
        let at = self.answered_at();
        let ended_before = self.ended.as_ref().is_some_and(|(end, _)| *end < at);
        (self.outcome == Outcome::Normal && now >= at && !ended_before).then_some(at)
    }

    /// When the call ended, if it has by `now`.
    pub(crate) fn end_time(&self, now: DateTime<Utc>) -> Option<DateTime<Utc>> {
        self.view(now).end_time
    }

    fn view(&self, now: DateTime<Utc>) -> View {
        let ringing = after(self.created, RINGING_AFTER);
        let answered = self.answered_at();
        let completed = after(self.created, COMPLETED_AFTER);
        let over = |status, end: DateTime<Utc>, talked: bool| View {
            status,
            start_time: (end >= ringing).then_some(ringing),
            end_time: Some(end),
            duration: Some(if talked {
                (end - answered).num_seconds().max(0)
            } else {
                0
            }),
        };
        if let Some((at, status)) = self.ended.clone() {
            return over(status, at, at >= answered);
        }
        let live = |status, start_time| View {
            status,
            start_time,
            end_time: None,
            duration: None,
        };
        if now < ringing {
            return live(CallStatus::Queued, None);
        }
        if self.outcome == Outcome::Failed {
            return over(CallStatus::Failed, ringing, false);
        }
        if now < answered {
            return live(CallStatus::Ringing, Some(ringing));
        }
        match self.outcome {
            Outcome::Undelivered => over(CallStatus::Busy, answered, false),
            Outcome::Unanswered => over(CallStatus::NoAnswer, answered, false),
            _ if now < completed => live(CallStatus::InProgress, Some(ringing)),
            _ => over(CallStatus::Completed, completed, true),
        }
    }

    pub(crate) fn to_api(&self, now: DateTime<Utc>) -> types::Call {
        let view = self.view(now);
        let subresources: BTreeMap<String, String> = [
            "Events",
            "Notifications",
            "Payments",
            "Recordings",
            "Siprec",
            "Streams",
            "UserDefinedMessageSubscriptions",
            "UserDefinedMessages",
        ]
        .into_iter()
        .map(|name| {
            let key = snake(name);
            (
                key,
                account_uri(&self.account, &format!("Calls/{}/{name}.json", self.sid)),
            )
        })
        .collect();
        let price = view
            .duration
            .filter(|seconds| *seconds > 0)
            .map(|seconds| numeric(phone::price(super::prices::call((seconds + 59) / 60))));
        types::Call {
            account_sid: Some(self.account.to_string()),
            answered_by: None,
            api_version: Some("2010-04-01".to_string()),
            caller_name: None,
            date_created: Some(stamp(self.created)),
            date_updated: Some(stamp(
                self.updated
                    .max(view.end_time.or(view.start_time).unwrap_or(self.created)),
            )),
            direction: Some("outbound-api".to_string()),
            duration: view.duration.map(|d| numeric(d.to_string())),
            end_time: view.end_time.map(stamp),
            forwarded_from: None,
            from: Some(self.from.clone()),
            from_formatted: Some(formatted(&self.from)),
            group_sid: None,
            parent_call_sid: None,
            phone_number_sid: self.phone_number_sid.clone(),
            price,
            price_unit: Some("USD".to_string()),
            queue_time: Some(numeric("0".to_string())),
            sid: Some(self.sid.clone()),
            start_time: view.start_time.map(stamp),
            status: Some(view.status),
            subresource_uris: Some(subresources),
            to: Some(self.to.clone()),
            to_formatted: Some(formatted(&self.to)),
            trunk_sid: None,
            uri: Some(account_uri(
                &self.account,
                &format!("Calls/{}.json", self.sid),
            )),
            extra: serde_json::Map::new(),
        }
    }
}

fn snake(name: &str) -> String {
    let mut out = String::new();
    for (i, c) in name.chars().enumerate() {
        if c.is_ascii_uppercase() && i > 0 {
            out.push('_');
        }
        out.push(c.to_ascii_lowercase());
    }
    out
}

/// `(555) 123-4567` for North American numbers, the number itself otherwise.
fn formatted(number: &str) -> String {
    match number.strip_prefix("+1") {
        Some(rest) if rest.len() == 10 && rest.bytes().all(|b| b.is_ascii_digit()) => {
            format!("({}) {}-{}", &rest[..3], &rest[3..6], &rest[6..])
        }
        _ => number.to_string(),
    }
}

/// The longest `client:` or `sip:` address a call accepts, in characters.
pub(crate) const MAX_ENDPOINT_CHARS: usize = 256;

/// An E.164 number (bounded by its format), or a `client:` / `sip:` address of bounded length.
fn is_endpoint(value: &str) -> bool {
    phone::is_e164(value)
        || ((value.starts_with("client:") || value.starts_with("sip:"))
            && value.len() > 4
            && value.chars().count() <= MAX_ENDPOINT_CHARS)
}

fn is_url(value: &str) -> bool {
    value.starts_with("https://") || value.starts_with("http://")
}

fn check_methods(ctx: &Ctx<'_>, keys: &[&str]) -> Result<(), ApiError> {
    for key in keys {
        ctx.form.method(key)?;
    }
    Ok(())
}

pub(crate) fn create(store: &mut Store, ctx: &Ctx<'_>) -> Result<Reply, ApiError> {
    let form = ctx.form;
    let to = form
        .non_empty("To")
        .ok_or_else(|| ApiError::required(21201, "No 'To' number is specified"))?;
    let from = form
        .non_empty("From")
        .ok_or_else(|| ApiError::required(21213, "No 'From' number is specified"))?;
    let url = form.non_empty("Url");
    let application = form.non_empty("ApplicationSid");
    if url.is_none() && form.non_empty("Twiml").is_none() && application.is_none() {
        return Err(ApiError::required(
            21205,
            "A Url, Twiml or ApplicationSid parameter is required.",
        ));
    }
    if !is_endpoint(to) {
        return Err(ApiError::required(
            21211,
            format!("Invalid 'To' Phone Number: {to}"),
        ));
    }
    if !is_endpoint(from) {
        return Err(ApiError::required(
            21212,
            format!("Invalid 'From' Phone Number: {from}"),
        ));
    }
    let phone_number_sid = super::numbers::sid_of(store, ctx.account, from);
    if phone::is_e164(from) && phone_number_sid.is_none() {
        return Err(ApiError::required(
            21210,
            format!(
                "The source phone number provided, {from}, is not yet verified for your account."
            ),
        ));
    }
    if let Some(url) = url.filter(|u| !is_url(u)) {
        return Err(ApiError::required(
            21205,
            format!("Url is not a valid URL: {url}"),
        ));
    }
    if let Some(app) = application
        && !super::applications::exists(store, ctx.account, app)
    {
        return Err(ApiError::required(
            21218,
            format!("Invalid ApplicationSid: {app}"),
        ));
    }
    check_methods(
        ctx,
        &[
            "Method",
            "FallbackMethod",
            "StatusCallbackMethod",
            "RecordingStatusCallbackMethod",
            "AsyncAmdStatusCallbackMethod",
        ],
    )?;
    form.check_ints(&[
        "MachineDetectionSilenceTimeout",
        "MachineDetectionSpeechEndThreshold",
        "MachineDetectionSpeechThreshold",
        "MachineDetectionTimeout",
        "TimeLimit",
    ])?;
    if let Some(timeout) = form.int("Timeout")?
        && !(1..=600).contains(&timeout)
    {
        return Err(ApiError::invalid("Timeout must be from 1 to 600 seconds"));
    }
    form.bool("Record")?;
    if let Some(event) = form
        .all("StatusCallbackEvent")
        .into_iter()
        .find(|e| !matches!(*e, "initiated" | "ringing" | "answered" | "completed"))
    {
        return Err(ApiError::invalid(format!(
            "StatusCallbackEvent {event:?} is not one of initiated, ringing, answered, completed"
        )));
    }
    if form
        .get("SendDigits")
        .is_some_and(|d| d.chars().count() > 32)
    {
        return Err(ApiError::invalid(
            "SendDigits must be at most 32 characters",
        ));
    }
    if let Some(error) = phone::create_error(to, false) {
        return Err(error);
    }
    let (seq, sid) = store.next_sid("CA");
    let record = CallRecord {
        sid,
        account: Arc::from(ctx.account),
        to: to.to_string(),
        from: from.to_string(),
        phone_number_sid,
        created: ctx.now,
        ended: None,
        updated: ctx.now,
        outcome: phone::outcome(to),
    };
    let api = record.to_api(ctx.now);
    let (cap, budget) = (store.limits.max_calls, store.limits.max_store_bytes);
    let others = store.bytes.total().saturating_sub(store.bytes.calls);
    store.evicted += insert_evicting(
        &mut store.calls,
        &mut store.bytes.calls,
        others,
        seq,
        record,
        cap,
        budget,
    )?;
    super::live::call_placed(store, ctx, seq, api.sid.as_deref().unwrap_or_default());
    let minutes = minutes_booked(phone::outcome(to));
    store
        .usage
        .book_call(ctx.account, ctx.now.date_naive(), minutes);
    Ok(Reply::json(StatusCode::CREATED, &api))
}

pub(crate) fn update(store: &mut Store, ctx: &Ctx<'_>, sid: &str) -> Result<Reply, ApiError> {
    let form = ctx.form;
    let status = form.one_of("Status", &["canceled", "completed"])?;
    check_methods(ctx, &["Method", "FallbackMethod", "StatusCallbackMethod"])?;
    form.int("TimeLimit")?;
    if let Some(url) = form.non_empty("Url").filter(|u| !is_url(u)) {
        return Err(ApiError::required(
            21205,
            format!("Url is not a valid URL: {url}"),
        ));
    }
    let redirect = [
        "Url",
        "Twiml",
        "Method",
        "FallbackUrl",
        "FallbackMethod",
        "StatusCallback",
        "StatusCallbackMethod",
        "TimeLimit",
    ]
    .iter()
    .any(|k| form.has(k));
    let seq = records::find::<CallRecord>(store, ctx, sid)?;
    let call = store
        .calls
        .get_mut(&seq)
        .ok_or_else(|| ApiError::not_found(ctx.path))?;
    let current = call.view(ctx.now).status;
    let live = matches!(
        current,
        CallStatus::Queued | CallStatus::Ringing | CallStatus::InProgress
    );
    if !live && (redirect || status.is_some()) {
        return Err(ApiError::required(
            21220,
            "Call is not in-progress. Cannot redirect.",
        ));
    }
    match (status.as_deref(), &current) {
        (Some("canceled" | "completed"), CallStatus::Queued | CallStatus::Ringing) => {
            call.ended = Some((ctx.now, CallStatus::Canceled));
            // Never answered: the minute booked when it was placed is not charged (its record
            // reports no price either).
            let day = call.created.date_naive();
            store
                .usage
                .unbook_call_minutes(&call.account, day, minutes_booked(call.outcome));
        }
        (Some("completed"), CallStatus::InProgress) => {
            call.ended = Some((ctx.now, CallStatus::Completed));
        }
        _ => {}
    }
    call.updated = ctx.now;
    Ok(Reply::json(StatusCode::OK, &call.to_api(ctx.now)))
}

pub(crate) fn delete(store: &mut Store, ctx: &Ctx<'_>, sid: &str) -> Result<Reply, ApiError> {
    let seq = records::find::<CallRecord>(store, ctx, sid)?;
    super::recordings::call_gone(store, seq, ctx.now);
    crate::store::remove_counted(&mut store.calls, &mut store.bytes.calls, seq);
    Ok(Reply::empty(StatusCode::NO_CONTENT))
}

pub(crate) fn list(store: &Store, ctx: &Ctx<'_>) -> Result<Reply, ApiError> {
    let query = ctx.query;
    let request = records::page_request::<CallRecord>(store, ctx)?;
    let to = query.get("To");
    let from = query.get("From");
    let parent = query.get("ParentCallSid");
    let status = query.get("Status").map(CallStatus::from);
    let start_time = DateFilter::read(query, "StartTime")?;
    let end_time = DateFilter::read(query, "EndTime")?;
    let now = ctx.now;
    let slice = walk(&store.calls, Order::NewestFirst, &request, |c| {
        if *c.account != *ctx.account || parent.is_some() {
            return false;
        }
        if to.is_some_and(|t| c.to != t) || from.is_some_and(|f| c.from != f) {
            return false;
        }
        if status.is_none() && start_time.is_empty() && end_time.is_empty() {
            return true;
        }
        let view = c.view(now);
        status.as_ref().is_none_or(|s| *s == view.status)
            && start_time.accepts(view.start_time)
            && end_time.accepts(view.end_time)
    });
    let envelope = Envelope::new(ctx.path, query, &request, &slice, "CA", store.seed);
    let items = slice.items.iter().map(|(_, c)| c.to_api(now)).collect();
    Ok(Reply::json(
        StatusCode::OK,
        &CallPage::from_parts(items, envelope),
    ))
}
