//! Which messages and calls have callbacks, and finding their status changes on the clock.

use chrono::{DateTime, TimeDelta, Utc};
use http::Method;
use maton_twilio_api::twilio::Operation;
use maton_twilio_api::twilio::types::CallStatus;
use maton_twilio_rules::{CallSid, MessageSid, Sid};

use super::{CallbackDelivery, CallbackKind, InboundError, Job, call_event};
use crate::params::Params;
use crate::resources::calls::{ANSWERED_AFTER, COMPLETED_AFTER, RINGING_AFTER};
use crate::resources::messages::{DELIVERED_AFTER, SENT_AFTER};
use crate::shared::{Shared, lock};
use crate::store::Store;

const API_VERSION: &str = "2010-04-01";

#[derive(Debug, Default)]
pub(crate) struct State {
    watches: Vec<Watch>,
    pub(super) deliveries: Vec<CallbackDelivery>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Twiml {
    /// No `Url` to fetch, or fetched.
    None,
    /// To fetch once answered.
    Due,
    /// Being fetched: nothing more for this call until it is done.
    Fetching,
}

#[derive(Debug)]
struct Watch {
    call: bool,
    sid: String,
    /// `StatusCallback` and its method.
    callback: Option<(String, Method)>,
    /// For calls: the `StatusCallbackEvent`s asked for (`completed` if none).
    events: Vec<String>,
    /// For calls: `Url` and `Method`.
    url: Option<(String, Method)>,
    twiml: Twiml,
    last: Option<String>,
    checked: DateTime<Utc>,
    sequence: u32,
    done: bool,
}

fn method(form: &Params, key: &str) -> Method {
    match form.get(key) {
        Some(m) if m.eq_ignore_ascii_case("GET") => Method::GET,
        _ => Method::POST,
    }
}

/// After a request was answered with success: starts watching what was created with
/// callbacks, then looks for status changes (an update may have ended a call).
pub(crate) fn after_request(shared: &Shared, operation: &str, body: &[u8], reply: &[u8]) {
    if !shared.callbacks.enabled() {
        return;
    }
    let call = operation == Operation::CreateCall.id();
    if call || operation == Operation::CreateMessage.id() {
        watch_created(shared, call, body, reply);
    }
    process(shared);
}

fn watch_created(shared: &Shared, call: bool, body: &[u8], reply: &[u8]) {
    let Ok(form) = Params::parse(body) else {
        return;
    };
    let callback = form
        .non_empty("StatusCallback")
        .map(|u| (u.to_string(), method(&form, "StatusCallbackMethod")));
    let url = form
        .non_empty("Url")
        .filter(|_| call && form.non_empty("Twiml").is_none())
        .map(|u| (u.to_string(), method(&form, "Method")));
    if callback.is_none() && url.is_none() {
        return;
    }
    // The record is the one the answer names (others may have been created since).
    let Some(sid) = serde_json::from_slice::<serde_json::Value>(reply)
        .ok()
        .and_then(|v| v.get("sid").and_then(|s| s.as_str()).map(str::to_string))
    else {
        return;
    };
    let store = lock(&shared.store);
    let created = if call {
        store
            .find(&store.calls, &sid, CallSid::PREFIXES, |c| {
                Some(c.sid.as_str())
            })
            .and_then(|seq| store.calls.get(&seq))
            .map(|c| c.created)
    } else {
        store
            .find(&store.messages, &sid, MessageSid::PREFIXES, |m| {
                Some(m.sid.as_str())
            })
            .and_then(|seq| store.messages.get(&seq))
            .map(|m| m.created)
    };
    drop(store);
    let Some(created) = created else {
        return;
    };
    let mut events: Vec<String> = form
        .all("StatusCallbackEvent")
        .iter()
        .flat_map(|e| e.split(' '))
        .filter(|e| !e.is_empty())
        .map(str::to_string)
        .collect();
    if events.is_empty() {
        events.push("completed".to_string());
    }
    let twiml = if url.is_some() {
        Twiml::Due
    } else {
        Twiml::None
    };
    lock(&shared.callbacks.state).watches.push(Watch {
        call,
        sid,
        callback,
        events,
        url,
        twiml,
        last: None,
        checked: created - TimeDelta::milliseconds(1),
        sequence: 0,
        done: false,
    });
}

fn after(at: DateTime<Utc>, by: std::time::Duration) -> DateTime<Utc> {
    TimeDelta::from_std(by)
        .ok()
        .and_then(|d| at.checked_add_signed(d))
        .unwrap_or(at)
}

/// What a record looks like at `at`: status, and the parameters of its callback.
struct Seen {
    status: String,
    terminal: bool,
    params: Vec<(String, String)>,
}

fn pair(k: &str, v: impl Into<String>) -> (String, String) {
    (k.to_string(), v.into())
}

fn message_at(store: &Store, sid: &str, at: DateTime<Utc>) -> Option<Seen> {
    let seq = store.find(&store.messages, sid, MessageSid::PREFIXES, |m| {
        Some(m.sid.as_str())
    })?;
    let message = store.messages.get(&seq)?.to_api(at);
    let status = message.status?.as_str().to_string();
    let mut params = vec![
        pair("MessageSid", sid),
        pair("SmsSid", sid),
        pair("AccountSid", message.account_sid.unwrap_or_default()),
        pair("From", message.from.unwrap_or_default()),
        pair("To", message.to.unwrap_or_default()),
        pair("MessageStatus", status.clone()),
        pair("SmsStatus", status.clone()),
        pair("ApiVersion", API_VERSION),
    ];
    if let Some(code) = message.error_code {
        params.push(pair("ErrorCode", code.to_string()));
    }
    let terminal = matches!(
        status.as_str(),
        "delivered" | "undelivered" | "failed" | "canceled" | "read"
    );
    Some(Seen {
        status,
        terminal,
        params,
    })
}

fn call_at(store: &Store, sid: &str, at: DateTime<Utc>) -> Option<(Seen, CallStatus)> {
    let seq = store.find(&store.calls, sid, CallSid::PREFIXES, |c| {
        Some(c.sid.as_str())
    })?;
    let call = store.calls.get(&seq)?.to_api(at);
    let status = call.status?;
    let from = call.from.unwrap_or_default();
    let to = call.to.unwrap_or_default();
    let mut params = vec![
        pair("CallSid", sid),
        pair("AccountSid", call.account_sid.unwrap_or_default()),
        pair("From", from.clone()),
        pair("To", to.clone()),
        pair("Caller", from),
        pair("Called", to),
        pair("CallStatus", status.as_str()),
        pair("Direction", "outbound-api"),
        pair("ApiVersion", API_VERSION),
    ];
    if let Some(duration) = call.duration {
        params.push(pair("CallDuration", duration.to_string()));
    }
    let terminal = call_event(&status) == "completed";
    Some((
        Seen {
            status: status.as_str().to_string(),
            terminal,
            params,
        },
        status,
    ))
}

/// The instants where `watch`'s record may change, after it was last checked, up to `now`
/// (always included).
fn instants(store: &Store, watch: &Watch, now: DateTime<Utc>) -> Vec<DateTime<Utc>> {
    let mut out = Vec::new();
    if watch.call {
        let seq = store.find(&store.calls, &watch.sid, CallSid::PREFIXES, |c| {
            Some(c.sid.as_str())
        });
        if let Some(call) = seq.and_then(|s| store.calls.get(&s)) {
            out.push(call.created);
            for offset in [RINGING_AFTER, ANSWERED_AFTER, COMPLETED_AFTER] {
                out.push(after(call.created, offset));
            }
        }
    } else {
        let seq = store.find(&store.messages, &watch.sid, MessageSid::PREFIXES, |m| {
            Some(m.sid.as_str())
        });
        if let Some(message) = seq.and_then(|s| store.messages.get(&s)) {
            let start = message.send_at.unwrap_or(message.created);
            out.extend([message.created, start]);
            for offset in [SENT_AFTER, DELIVERED_AFTER] {
                out.push(after(start, offset));
            }
        }
    }
    // Now is always looked at: a request (hanging up) changes a status without moving time.
    out.retain(|t| *t > watch.checked && *t < now);
    out.push(now);
    out.sort();
    out.dedup();
    out
}

/// Looks for status changes up to the clock's now and queues their callbacks, in order.
pub(crate) fn process(shared: &Shared) {
    if !shared.callbacks.enabled() {
        return;
    }
    let now = shared.clock.now();
    let mut jobs = Vec::new();
    {
        let store = lock(&shared.store);
        let mut state = lock(&shared.callbacks.state);
        for watch in state.watches.iter_mut() {
            if watch.twiml == Twiml::Fetching {
                continue;
            }
            step(&store, watch, now, &mut jobs);
        }
        state.watches.retain(|w| !w.done);
    }
    shared.callbacks.enqueue(jobs);
}

fn step(store: &Store, watch: &mut Watch, now: DateTime<Utc>, jobs: &mut Vec<Job>) {
    for at in instants(store, watch, now) {
        watch.checked = at;
        let (seen, call_status) = if watch.call {
            match call_at(store, &watch.sid, at) {
                Some((seen, status)) => (seen, Some(status)),
                None => {
                    watch.done = true;
                    return;
                }
            }
        } else {
            match message_at(store, &watch.sid, at) {
                Some(seen) => (seen, None),
                None => {
                    watch.done = true;
                    return;
                }
            }
        };
        if watch.last.as_deref() == Some(seen.status.as_str()) {
            continue;
        }
        watch.last = Some(seen.status.clone());
        let mut params = seen.params;
        let wanted = match &call_status {
            Some(status) => watch.events.iter().any(|e| e == call_event(status)),
            None => true,
        };
        let answered = call_status == Some(CallStatus::InProgress);
        if answered
            && watch.twiml == Twiml::Due
            && let Some((url, method)) = watch.url.clone()
        {
            watch.twiml = Twiml::Fetching;
            let voice: Vec<_> = params.clone();
            if wanted {
                status_job(watch, &mut params, at, jobs);
            }
            jobs.push(Job {
                kind: CallbackKind::VoiceUrl,
                sid: watch.sid.clone(),
                url,
                method,
                params: voice,
                at,
            });
            return;
        }
        if wanted {
            status_job(watch, &mut params, at, jobs);
        }
        if seen.terminal {
            watch.done = true;
            return;
        }
    }
}

fn status_job(
    watch: &mut Watch,
    params: &mut Vec<(String, String)>,
    at: DateTime<Utc>,
    jobs: &mut Vec<Job>,
) {
    let Some((url, method)) = watch.callback.clone() else {
        return;
    };
    if watch.call {
        params.push(pair("CallbackSource", "call-progress-events"));
        params.push(pair("SequenceNumber", watch.sequence.to_string()));
        params.push(pair("Timestamp", at.to_rfc2822()));
        watch.sequence += 1;
    }
    jobs.push(Job {
        kind: if watch.call {
            CallbackKind::CallStatus
        } else {
            CallbackKind::MessageStatus
        },
        sid: watch.sid.clone(),
        url,
        method,
        params: std::mem::take(params),
        at,
    });
}

/// The call's TwiML fetch finished: its status changes are looked for again.
pub(super) fn twiml_done(shared: &Shared, sid: &str) {
    let mut state = lock(&shared.callbacks.state);
    if let Some(watch) = state.watches.iter_mut().find(|w| w.call && w.sid == sid) {
        watch.twiml = Twiml::None;
    }
}

/// Fails a call whose TwiML could not be fetched, as of when it was answered.
pub(super) fn fail_call(shared: &Shared, sid: &str, at: DateTime<Utc>) {
    let mut store = lock(&shared.store);
    let seq = store.find(&store.calls, sid, CallSid::PREFIXES, |c| {
        Some(c.sid.as_str())
    });
    if let Some(call) = seq.and_then(|s| store.calls.get_mut(&s))
        && call.ended.is_none()
    {
        call.ended = Some((at, CallStatus::Failed));
        call.updated = at;
    }
}

/// The delivery of an inbound SMS to the `SmsUrl` of the number `to`.
pub(super) fn inbound_job(
    shared: &Shared,
    to: &str,
    from: &str,
    body: &str,
) -> Result<Job, InboundError> {
    let now = shared.clock.now();
    let mut store = lock(&shared.store);
    let number = store
        .numbers
        .values()
        .find(|n| n.phone_number.as_deref() == Some(to))
        .ok_or(InboundError::NotOwned)?;
    let account = number.account_sid.clone().unwrap_or_default();
    let url = number
        .sms_url
        .clone()
        .filter(|u| !u.is_empty())
        .ok_or(InboundError::NoSmsUrl)?;
    let method = match &number.sms_method {
        Some(m) if m.as_str().eq_ignore_ascii_case("GET") => Method::GET,
        _ => Method::POST,
    };
    let (_, sid) = store.next_sid("SM");
    let segments = body.chars().count().div_ceil(160).max(1);
    Ok(Job {
        kind: CallbackKind::IncomingMessage,
        url,
        method,
        params: vec![
            pair("ToCountry", "US"),
            pair("SmsMessageSid", sid.clone()),
            pair("NumMedia", "0"),
            pair("SmsSid", sid.clone()),
            pair("SmsStatus", "received"),
            pair("Body", body),
            pair("To", to),
            pair("NumSegments", segments.to_string()),
            pair("MessageSid", sid.clone()),
            pair("AccountSid", account),
            pair("From", from),
            pair("ApiVersion", API_VERSION),
        ],
        sid,
        at: now,
    })
}
