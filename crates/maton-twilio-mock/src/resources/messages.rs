//! Messages: sending, the delivery timeline, redaction, cancellation of scheduled messages.

use std::collections::BTreeMap;
use std::sync::Arc;
use std::time::Duration;

use chrono::{DateTime, TimeDelta, Utc};
use http::StatusCode;
use maton_twilio_api::Numeric;
use maton_twilio_api::twilio::types::{self, MessageDirection, MessagePage, MessageStatus};

use super::{Ctx, account_uri, records};
use crate::dates::{DateFilter, stamp};
use crate::paging::{Envelope, Order, PageType, walk};
use crate::phone::{self, Outcome};
use crate::reply::ApiError;
use crate::reply::Reply;
use crate::store::{Store, insert_evicting};
use maton_twilio_rules::{
    MAX_BODY_CHARS, MAX_MEDIA_URLS, MAX_VALIDITY_PERIOD, MIN_VALIDITY_PERIOD, MessagingServiceSid,
    Sid, body_chars,
};

/// The operations this module answers.
pub(crate) const OPERATIONS: super::Table = super::standard_rows! {
    MessageRecord: ListMessage CreateMessage FetchMessage UpdateMessage DeleteMessage
};

/// A queued message counts as sent this long after it was created (or after its `SendAt`).
pub const SENT_AFTER: Duration = Duration::from_secs(1);
/// A sent message counts as delivered (or undelivered, or failed) this long after creation.
pub const DELIVERED_AFTER: Duration = Duration::from_secs(3);

/// A message as stored: only what cannot be derived from the clock.
#[derive(Clone, Debug)]
pub(crate) struct MessageRecord {
    pub(crate) sid: String,
    pub(crate) account: Arc<str>,
    pub(crate) to: String,
    pub(crate) from: Option<String>,
    pub(crate) body: String,
    pub(crate) num_media: u32,
    pub(crate) segments: u32,
    pub(crate) messaging_service_sid: Option<String>,
    pub(crate) created: DateTime<Utc>,
    pub(crate) send_at: Option<DateTime<Utc>>,
    pub(crate) canceled_at: Option<DateTime<Utc>>,
    pub(crate) updated: DateTime<Utc>,
    pub(crate) outcome: Outcome,
}

/// A message's state at one moment.
struct View {
    status: MessageStatus,
    date_sent: Option<DateTime<Utc>>,
    changed: DateTime<Utc>,
    error: Option<(i64, &'static str)>,
}

fn after(at: DateTime<Utc>, by: Duration) -> DateTime<Utc> {
    TimeDelta::from_std(by)
        .ok()
        .and_then(|d| at.checked_add_signed(d))
        .unwrap_or(at)
}

impl MessageRecord {
    fn view(&self, now: DateTime<Utc>) -> View {
        if let Some(at) = self.canceled_at {
            return View {
                status: MessageStatus::Canceled,
                date_sent: None,
                changed: at,
                error: None,
            };
        }
        let start = self.send_at.unwrap_or(self.created);
        let sent = after(start, SENT_AFTER);
        let done = after(start, DELIVERED_AFTER);
        let view = |status, date_sent, changed, error| View {
            status,
            date_sent,
            changed,
            error,
        };
        if now < start {
            return view(MessageStatus::Scheduled, None, self.created, None);
        }
        if now < sent {
            return view(MessageStatus::Queued, None, start, None);
        }
        if self.outcome == Outcome::Failed {
            return view(
                MessageStatus::Failed,
                None,
                sent,
                Some((30008, "Unknown error")),
            );
        }
        if now < done {
            return view(MessageStatus::Sent, Some(sent), sent, None);
        }
        match self.outcome {
            Outcome::Undelivered => view(
                MessageStatus::Undelivered,
                Some(sent),
                done,
                Some((30003, "Unreachable destination handset")),
            ),
            Outcome::Unanswered => view(
                MessageStatus::Undelivered,
                Some(sent),
                done,
                Some((30005, "Unknown destination handset")),
            ),
            _ => view(MessageStatus::Delivered, Some(sent), done, None),
        }
    }

    fn date_sent(&self, now: DateTime<Utc>) -> Option<DateTime<Utc>> {
        self.view(now).date_sent
    }

    pub(crate) fn to_api(&self, now: DateTime<Utc>) -> types::Message {
        let view = self.view(now);
        let uri = account_uri(&self.account, &format!("Messages/{}.json", self.sid));
        let subresources: BTreeMap<String, String> = [
            ("media", format!("Messages/{}/Media.json", self.sid)),
            ("feedback", format!("Messages/{}/Feedback.json", self.sid)),
        ]
        .into_iter()
        .map(|(name, tail)| (name.to_string(), account_uri(&self.account, &tail)))
        .collect();
        let priced = view.date_sent.is_some();
        types::Message {
            account_sid: Some(self.account.to_string()),
            api_version: Some("2010-04-01".to_string()),
            body: Some(self.body.clone()),
            date_created: Some(stamp(self.created)),
            date_sent: view.date_sent.map(stamp),
            date_updated: Some(stamp(view.changed.max(self.updated))),
            direction: Some(MessageDirection::OutboundApi),
            error_code: view.error.map(|(code, _)| code),
            error_message: view.error.map(|(_, message)| message.to_string()),
            from: self.from.clone(),
            messaging_service_sid: self.messaging_service_sid.clone(),
            num_media: Some(numeric(self.num_media.to_string())),
            num_segments: Some(numeric(self.segments.to_string())),
            price: priced.then(|| numeric(phone::price(super::prices::message(self.segments)))),
            price_unit: Some("USD".to_string()),
            sid: Some(self.sid.clone()),
            status: Some(view.status),
            subresource_uris: Some(subresources),
            to: Some(self.to.clone()),
            uri: Some(uri),
            extra: serde_json::Map::new(),
        }
    }
}

/// Twilio's number-as-string.
pub(crate) fn numeric(text: String) -> Numeric {
    match text.parse::<Numeric>() {
        Ok(n) => n,
        Err(never) => match never {},
    }
}

/// What a create request asks for, checked against Twilio's rules.
struct NewMessage {
    to: String,
    from: Option<String>,
    body: String,
    media: u32,
    messaging_service_sid: Option<String>,
    send_at: Option<DateTime<Utc>>,
    mms: bool,
}

fn check_create(store: &Store, ctx: &Ctx<'_>) -> Result<NewMessage, ApiError> {
    let form = ctx.form;
    let to = form
        .non_empty("To")
        .ok_or_else(|| ApiError::required(21604, "A 'To' phone number is required."))?;
    let from = form.non_empty("From");
    let service = form.non_empty("MessagingServiceSid");
    if from.is_none() && service.is_none() {
        return Err(ApiError::required(
            21603,
            "A 'From' phone number is required.",
        ));
    }
    let body = form.get("Body").unwrap_or_default();
    let media = form.all("MediaUrl");
    if body.is_empty() && media.is_empty() && form.non_empty("ContentSid").is_none() {
        return Err(ApiError::required(21602, "Message body is required."));
    }
    if body_chars(body) > MAX_BODY_CHARS {
        return Err(ApiError::required(
            21617,
            "The concatenated message body exceeds the 1600 character limit.",
        ));
    }
    if !phone::is_e164(to) {
        return Err(ApiError::required(
            21211,
            format!("The 'To' number {to} is not a valid phone number."),
        ));
    }
    if let Some(from) = from {
        if !phone::is_e164(from) {
            return Err(ApiError::required(
                21212,
                format!(
                    "The 'From' number {from} is not a valid phone number, shortcode, or alphanumeric sender ID."
                ),
            ));
        }
        let bare = from.rsplit(':').next().unwrap_or(from);
        if !super::numbers::owns(store, ctx.account, bare) {
            return Err(ApiError::required(
                21606,
                format!(
                    "The From phone number {from} is not a valid, SMS-capable inbound phone number or short code for your account."
                ),
            ));
        }
        if from == to {
            return Err(ApiError::required(
                21266,
                "'To' and 'From' number cannot be the same",
            ));
        }
    }
    if let Some(service) = service
        && !MessagingServiceSid::is_valid(service)
    {
        return Err(ApiError::required(
            21701,
            format!("The Messaging Service Sid {service} is invalid."),
        ));
    }
    if media.len() > MAX_MEDIA_URLS {
        return Err(ApiError::required(
            21620,
            format!("A message can carry at most {MAX_MEDIA_URLS} media URLs."),
        ));
    }
    if let Some(bad) = media
        .iter()
        .find(|u| !(u.starts_with("https://") || u.starts_with("http://")))
    {
        return Err(ApiError::required(
            21620,
            format!("Media urls: {bad} are invalid. Please use only valid http and https urls"),
        ));
    }
    form.check_bools(&[
        "ForceDelivery",
        "ProvideFeedback",
        "SendAsMms",
        "ShortenUrls",
        "SmartEncoded",
    ])?;
    form.one_of("AddressRetention", &["retain", "obfuscate"])?;
    form.one_of("ContentRetention", &["retain", "discard"])?;
    form.one_of("RiskCheck", &["enable", "disable"])?;
    form.one_of("TrafficType", &["free"])?;
    form.int("Attempt")?;
    if let Some(validity) = form.int("ValidityPeriod")?
        && !(i64::from(MIN_VALIDITY_PERIOD)..=i64::from(MAX_VALIDITY_PERIOD)).contains(&validity)
    {
        return Err(ApiError::invalid(format!(
            "ValidityPeriod must be from {MIN_VALIDITY_PERIOD} to {MAX_VALIDITY_PERIOD} seconds"
        )));
    }
    let send_at = schedule(ctx, service)?;
    if let Some(error) = phone::create_error(to, true) {
        return Err(error);
    }
    let from = match from {
        Some(from) => Some(from.to_string()),
        None => super::numbers::first_owned(store, ctx.account),
    };
    Ok(NewMessage {
        to: to.to_string(),
        from,
        body: body.to_string(),
        media: u32::try_from(media.len()).unwrap_or(10),
        messaging_service_sid: service.map(str::to_string),
        send_at,
        mms: !media.is_empty() || form.bool("SendAsMms")? == Some(true),
    })
}

/// How soon a scheduled message may be sent, at the earliest.
pub const SCHEDULE_MIN_AHEAD: Duration = Duration::from_secs(15 * 60);
/// How far ahead a message may be scheduled, at the latest.
pub const SCHEDULE_MAX_AHEAD: Duration = Duration::from_secs(35 * 24 * 60 * 60);

/// Twilio's scheduling rules: `ScheduleType=fixed` (else 35115) with a `SendAt` between 15
/// minutes and 35 days ahead of the emulated clock, inclusive (else 35114), through a
/// Messaging Service (else 35111).
fn schedule(ctx: &Ctx<'_>, service: Option<&str>) -> Result<Option<DateTime<Utc>>, ApiError> {
    let form = ctx.form;
    let kind = match form.get("ScheduleType") {
        None => None,
        Some("fixed") => Some("fixed"),
        Some(other) => {
            return Err(ApiError::required(
                35115,
                format!("Invalid ScheduleType {other:?}: the only one is fixed"),
            ));
        }
    };
    let text = match (kind, form.non_empty("SendAt")) {
        (None, None) => return Ok(None),
        (None, Some(_)) => return Err(ApiError::invalid("SendAt needs ScheduleType=fixed")),
        (Some(_), None) => return Err(ApiError::invalid("ScheduleType=fixed needs SendAt")),
        (Some(_), Some(text)) => text,
    };
    if service.is_none() {
        return Err(ApiError::required(
            35111,
            "Invalid Parameter: MessagingServiceSid is required to schedule a message",
        ));
    }
    let at = DateTime::parse_from_rfc3339(text)
        .map_err(|_| {
            ApiError::invalid(format!(
                "SendAt must be an ISO 8601 date-time, not {text:?}"
            ))
        })?
        .with_timezone(&Utc);
    let earliest = after(ctx.now, SCHEDULE_MIN_AHEAD);
    let latest = after(ctx.now, SCHEDULE_MAX_AHEAD);
    if at < earliest || at > latest {
        return Err(ApiError::required(
            35114,
            "Scheduling does not support this timestamp: SendAt must be between 15 minutes and 35 days ahead",
        ));
    }
    Ok(Some(at))
}

pub(crate) fn create(store: &mut Store, ctx: &Ctx<'_>) -> Result<Reply, ApiError> {
    let new = check_create(store, ctx)?;
    let (seq, sid) = store.next_sid(if new.mms { "MM" } else { "SM" });
    let segments = phone::segments(&new.body);
    let record = MessageRecord {
        sid,
        account: Arc::from(ctx.account),
        outcome: phone::outcome(&new.to),
        to: new.to,
        from: new.from,
        body: new.body,
        num_media: new.media,
        segments,
        messaging_service_sid: new.messaging_service_sid,
        created: ctx.now,
        send_at: new.send_at,
        canceled_at: None,
        updated: ctx.now,
    };
    let api = record.to_api(ctx.now);
    let (cap, budget) = (store.limits.max_messages, store.limits.max_store_bytes);
    let others = store.bytes.total().saturating_sub(store.bytes.messages);
    store.evicted += insert_evicting(
        &mut store.messages,
        &mut store.bytes.messages,
        others,
        seq,
        record,
        cap,
        budget,
    )?;
    super::media::attach(store, ctx, api.sid.as_deref().unwrap_or_default());
    store
        .usage
        .book_message(ctx.account, ctx.now.date_naive(), segments);
    Ok(Reply::json(StatusCode::CREATED, &api))
}

pub(crate) fn update(store: &mut Store, ctx: &Ctx<'_>, sid: &str) -> Result<Reply, ApiError> {
    let status = ctx.form.one_of("Status", &["canceled"])?;
    let body = ctx.form.get("Body");
    if body.is_some_and(|b| !b.is_empty()) {
        return Err(ApiError::invalid(
            "Body can only be set to an empty string, which redacts the message",
        ));
    }
    let seq = records::find::<MessageRecord>(store, ctx, sid)?;
    let message = store
        .messages
        .get_mut(&seq)
        .ok_or_else(|| ApiError::not_found(ctx.path))?;
    if status.is_some() {
        if message.view(ctx.now).status != MessageStatus::Scheduled {
            return Err(ApiError::invalid(
                "Only a scheduled message can be canceled",
            ));
        }
        message.canceled_at = Some(ctx.now);
        // Never sent, so never charged: the balance and usage records forget it.
        let day = message.created.date_naive();
        store
            .usage
            .unbook_message(&message.account, day, message.segments);
    }
    if body.is_some() {
        message.body.clear();
    }
    message.updated = ctx.now;
    Ok(Reply::json(StatusCode::OK, &message.to_api(ctx.now)))
}

pub(crate) fn delete(store: &mut Store, ctx: &Ctx<'_>, sid: &str) -> Result<Reply, ApiError> {
    let seq = records::find::<MessageRecord>(store, ctx, sid)?;
    crate::store::remove_counted(&mut store.messages, &mut store.bytes.messages, seq);
    Ok(Reply::empty(StatusCode::NO_CONTENT))
}

pub(crate) fn list(store: &Store, ctx: &Ctx<'_>) -> Result<Reply, ApiError> {
    let request = records::page_request::<MessageRecord>(store, ctx)?;
    let to = ctx.query.get("To");
    let from = ctx.query.get("From");
    let date_sent = DateFilter::read(ctx.query, "DateSent")?;
    let now = ctx.now;
    let slice = walk(&store.messages, Order::NewestFirst, &request, |m| {
        *m.account == *ctx.account
            && to.is_none_or(|t| m.to == t)
            && from.is_none_or(|f| m.from.as_deref() == Some(f))
            && (date_sent.is_empty() || date_sent.accepts(m.date_sent(now)))
    });
    let envelope = Envelope::new(ctx.path, ctx.query, &request, &slice, "SM", store.seed);
    let items = slice.items.iter().map(|(_, m)| m.to_api(now)).collect();
    Ok(Reply::json(
        StatusCode::OK,
        &MessagePage::from_parts(items, envelope),
    ))
}
