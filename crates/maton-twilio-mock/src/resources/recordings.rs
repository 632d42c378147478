//! Call recordings: the one a call placed with `Record=true` leaves, the ones started on a live
//! call and paused, resumed or stopped through the API; the account's list sees them all.
//!
//! A recording keeps only what the clock cannot tell: when it started (a `Record=true`
//! recording starts when its call is answered), its pauses and resumptions, and when it was
//! stopped. It ends at its stop or its call's end, whichever comes first: `stopped` at that
//! instant when stopped through the API, `completed` after, with the seconds recorded outside
//! pauses as its duration (`-1` until then, as Twilio shows it).

use std::mem::size_of;
use std::sync::Arc;

use chrono::{DateTime, Utc};
use http::StatusCode;
use maton_twilio_api::twilio::types::{
    self, CallRecordingPage, CallRecordingSource, CallRecordingStatus, RecordingPage,
    RecordingSource, RecordingStatus,
};
use maton_twilio_rules::{RecordingSid, Sid};

use super::calls::CallRecord;
use super::live::{drop_record, estimate, keep};
use super::messages::numeric;
use super::{Ctx, Op, account_uri, records};
use crate::dates::{DateFilter, stamp};
use crate::footprint::Footprint;
use crate::paging::{Envelope, Order, PageRequest, PageType, walk};
use crate::reply::{ApiError, Reply};
use crate::store::Store;

/// The operations this module answers: a call's recordings, and the account's.
pub(crate) const OPERATIONS: super::Table = &[
    (Op::ListCallRecording, |s, c| list(s, c, true)),
    (Op::CreateCallRecording, create),
    (Op::FetchCallRecording, |s, c| fetch(s, c, true)),
    (Op::UpdateCallRecording, update),
    (Op::DeleteCallRecording, |s, c| delete(s, c, true)),
    (Op::ListRecording, |s, c| list(s, c, false)),
    (Op::FetchRecording, |s, c| fetch(s, c, false)),
    (Op::DeleteRecording, |s, c| delete(s, c, false)),
];

/// The SID Twilio accepts in place of a recording's to name the call's current one.
pub(crate) const CURRENT: &str = "Twilio.CURRENT";
/// The most pauses and resumptions one recording keeps (more are refused, 400 / 20001).
const MAX_CHANGES: usize = 100;

/// Whether a recording is capturing or paused from some instant on.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Phase {
    Recording,
    Paused,
}

/// A recording as stored.
#[derive(Clone, Debug)]
pub(crate) struct RecordingRecord {
    sid: String,
    account: Arc<str>,
    call_sid: String,
    call_seq: u64,
    /// Started through `CreateCallRecording` (at this instant), or by `Record=true` (`None`:
    /// when the call is answered).
    started: Option<DateTime<Utc>>,
    created: DateTime<Utc>,
    updated: DateTime<Utc>,
    changes: Vec<(DateTime<Utc>, Phase)>,
    stopped: Option<DateTime<Utc>>,
    /// The call's answer and end, kept when the call is deleted.
    frozen: Option<(Option<DateTime<Utc>>, DateTime<Utc>)>,
    channels: i64,
    track: String,
}

impl Footprint for RecordingRecord {
    fn footprint(&self) -> usize {
        estimate::<Self>(&[&self.sid, &self.account, &self.call_sid, &self.track])
            + self.changes.capacity() * size_of::<(DateTime<Utc>, Phase)>()
    }
}

/// A recording's state at one instant.
struct View {
    start: DateTime<Utc>,
    status: RecordingStatus,
    /// Seconds recorded, once it is over.
    duration: Option<i64>,
}

impl RecordingRecord {
    /// The call's answer and end as the recording sees them at `now`.
    fn call_times(
        &self,
        store: &Store,
        now: DateTime<Utc>,
    ) -> (Option<DateTime<Utc>>, Option<DateTime<Utc>>) {
        match store
            .calls
            .get(&self.call_seq)
            .filter(|c| c.sid == self.call_sid)
        {
            Some(call) => (call.answered(now), call.end_time(now)),
            None => match self.frozen {
                Some((answered, end)) => (answered, Some(end)),
                // The call was evicted: whatever was not over ended when it was made.
                None => (self.started, Some(self.started.unwrap_or(self.created))),
            },
        }
    }

    /// The recording at `now`; `None` while a `Record=true` recording's call is not answered.
    fn view(&self, store: &Store, now: DateTime<Utc>) -> Option<View> {
        let (answered, call_end) = self.call_times(store, now);
        let start = self.started.or(answered)?;
        let end = match (self.stopped, call_end) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        };
        let Some(end) = end.filter(|end| *end <= now) else {
            let paused = self.phase_at(now) == Phase::Paused;
            return Some(View {
                start,
                status: if paused {
                    RecordingStatus::Paused
                } else {
                    RecordingStatus::InProgress
                },
                duration: None,
            });
        };
        let status = if end == now && self.stopped == Some(end) {
            RecordingStatus::Stopped
        } else {
            RecordingStatus::Completed
        };
        Some(View {
            start,
            status,
            duration: Some(self.recorded(start, end)),
        })
    }

    fn phase_at(&self, at: DateTime<Utc>) -> Phase {
        self.changes
            .iter()
            .rev()
            .find(|(when, _)| *when <= at)
            .map_or(Phase::Recording, |(_, phase)| *phase)
    }

    /// Seconds captured from `start` to `end`, pauses left out.
    fn recorded(&self, start: DateTime<Utc>, end: DateTime<Utc>) -> i64 {
        let mut total = 0;
        let mut from = start;
        let mut phase = Phase::Recording;
        for (when, next) in &self.changes {
            let when = (*when).clamp(start, end);
            if phase == Phase::Recording {
                total += (when - from).num_seconds().max(0);
            }
            from = when;
            phase = *next;
        }
        if phase == Phase::Recording {
            total += (end - from).num_seconds().max(0);
        }
        total
    }

    fn is_live(&self, store: &Store, now: DateTime<Utc>) -> bool {
        self.view(store, now).is_some_and(|v| {
            matches!(
                v.status,
                RecordingStatus::InProgress | RecordingStatus::Paused
            )
        })
    }

    fn source(&self) -> &'static str {
        if self.started.is_some() {
            "StartCallRecordingAPI"
        } else {
            "OutboundAPI"
        }
    }

    fn to_api(&self, view: &View) -> types::Recording {
        let uri = account_uri(&self.account, &format!("Recordings/{}.json", self.sid));
        let subresources = ["add_on_results", "transcriptions"]
            .into_iter()
            .map(|name| {
                let tail = if name == "transcriptions" {
                    "Transcriptions"
                } else {
                    "AddOnResults"
                };
                let path = format!("Recordings/{}/{tail}.json", self.sid);
                (name.to_string(), account_uri(&self.account, &path))
            })
            .collect();
        types::Recording {
            account_sid: Some(self.account.to_string()),
            api_version: Some("2010-04-01".to_string()),
            call_sid: Some(self.call_sid.clone()),
            channels: Some(self.channels),
            conference_sid: None,
            date_created: Some(stamp(self.created)),
            date_updated: Some(stamp(self.updated)),
            duration: Some(numeric(view.duration.unwrap_or(-1).to_string())),
            encryption_details: None,
            error_code: None,
            media_url: Some(format!(
                "https://api.twilio.com/2010-04-01/Accounts/{}/Recordings/{}",
                self.account, self.sid
            )),
            price: None,
            price_unit: Some("USD".to_string()),
            sid: Some(self.sid.clone()),
            source: Some(RecordingSource::from(self.source())),
            start_time: Some(stamp(view.start)),
            status: Some(view.status.clone()),
            subresource_uris: Some(subresources),
            uri: Some(uri),
            extra: serde_json::Map::new(),
        }
    }

    fn to_call_api(&self, view: &View) -> types::CallRecording {
        let path = format!("Calls/{}/Recordings/{}.json", self.call_sid, self.sid);
        types::CallRecording {
            account_sid: Some(self.account.to_string()),
            api_version: Some("2010-04-01".to_string()),
            call_sid: Some(self.call_sid.clone()),
            channels: Some(self.channels),
            conference_sid: None,
            date_created: Some(stamp(self.created)),
            date_updated: Some(stamp(self.updated)),
            duration: Some(numeric(view.duration.unwrap_or(-1).to_string())),
            encryption_details: None,
            error_code: None,
            price: None,
            price_unit: Some("USD".to_string()),
            sid: Some(self.sid.clone()),
            source: Some(CallRecordingSource::from(self.source())),
            start_time: Some(stamp(view.start)),
            status: Some(CallRecordingStatus::from(view.status.as_str())),
            track: Some(self.track.clone()),
            uri: Some(account_uri(&self.account, &path)),
            extra: serde_json::Map::new(),
        }
    }

    fn show(&self, view: &View, by_call: bool, status: StatusCode) -> Reply {
        if by_call {
            Reply::json(status, &self.to_call_api(view))
        } else {
            Reply::json(status, &self.to_api(view))
        }
    }
}

fn new_record(
    store: &mut Store,
    ctx: &Ctx<'_>,
    call_seq: u64,
    call_sid: &str,
    started: Option<DateTime<Utc>>,
) -> (u64, RecordingRecord) {
    let (seq, sid) = store.next_sid(RecordingSid::PREFIXES[0]);
    let channels = if ctx.form.get("RecordingChannels") == Some("dual") {
        2
    } else {
        1
    };
    let record = RecordingRecord {
        sid,
        account: Arc::from(ctx.account),
        call_sid: call_sid.to_string(),
        call_seq,
        started,
        created: ctx.now,
        updated: ctx.now,
        changes: Vec::new(),
        stopped: None,
        frozen: None,
        channels,
        track: ctx.form.get("RecordingTrack").unwrap_or("both").to_string(),
    };
    (seq, record)
}

/// `Record=true` on `CreateCall`: the call stored under `call_seq` is recorded from its answer
/// to its end. Past the cap the oldest recording is evicted; a store without room for even one
/// records nothing.
pub(crate) fn record_call(store: &mut Store, ctx: &Ctx<'_>, call_seq: u64, call_sid: &str) {
    let (seq, record) = new_record(store, ctx, call_seq, call_sid, None);
    let _ = keep(
        store,
        |l| &mut l.recordings,
        seq,
        record,
        true,
        "recordings",
    );
}

/// Before the call under `call_seq` is deleted: its recordings keep its answer and its end
/// (now, if it was still live).
pub(crate) fn call_gone(store: &mut Store, call_seq: u64, now: DateTime<Utc>) {
    let Some(call) = store.calls.get(&call_seq) else {
        return;
    };
    let times = (call.answered(now), call.end_time(now).unwrap_or(now));
    let sid = call.sid.clone();
    for recording in store.live.recordings.values_mut() {
        if recording.call_seq == call_seq && recording.call_sid == sid && recording.frozen.is_none()
        {
            recording.frozen = Some(times);
        }
    }
}

/// The call in the path, or Twilio's 404.
fn call_seq(store: &Store, ctx: &Ctx<'_>) -> Result<u64, ApiError> {
    records::find::<CallRecord>(store, ctx, ctx.param("CallSid"))
}

/// The key of the recording `sid` names for this request: the account's, under the path's
/// call when `by_call`, and started (a `Record=true` recording of a call not yet answered does
/// not exist yet). `Twilio.CURRENT` names the call's newest recording still in progress or
/// paused.
fn find(store: &Store, ctx: &Ctx<'_>, sid: &str, by_call: bool) -> Result<u64, ApiError> {
    let call = ctx.param("CallSid");
    let found = if by_call && sid == CURRENT {
        store
            .live
            .recordings
            .iter()
            .rev()
            .find(|(_, r)| {
                *r.account == *ctx.account && r.call_sid == call && r.is_live(store, ctx.now)
            })
            .map(|(seq, _)| *seq)
    } else {
        store
            .find_owned(
                &store.live.recordings,
                sid,
                RecordingSid::PREFIXES,
                ctx.account,
                |r| Some(r.sid.as_str()),
                |r| Some(&*r.account),
            )
            .filter(|seq| {
                store.live.recordings.get(seq).is_some_and(|r| {
                    (!by_call || r.call_sid == call) && r.view(store, ctx.now).is_some()
                })
            })
    };
    found.ok_or_else(|| ApiError::not_found(ctx.path))
}

fn fetch(store: &mut Store, ctx: &Ctx<'_>, by_call: bool) -> Result<Reply, ApiError> {
    let seq = find(store, ctx, ctx.sid(), by_call)?;
    let record = store
        .live
        .recordings
        .get(&seq)
        .ok_or_else(|| ApiError::not_found(ctx.path))?;
    let view = record
        .view(store, ctx.now)
        .ok_or_else(|| ApiError::not_found(ctx.path))?;
    Ok(record.show(&view, by_call, StatusCode::OK))
}

fn delete(store: &mut Store, ctx: &Ctx<'_>, by_call: bool) -> Result<Reply, ApiError> {
    let seq = find(store, ctx, ctx.sid(), by_call)?;
    drop_record(store, |l| &mut l.recordings, seq);
    Ok(Reply::empty(StatusCode::NO_CONTENT))
}

/// Starts a recording on the call in the path, which must be in progress (else 400, 21220).
fn create(store: &mut Store, ctx: &Ctx<'_>) -> Result<Reply, ApiError> {
    let form = ctx.form;
    form.one_of("RecordingChannels", &["mono", "dual"])?;
    form.one_of("RecordingTrack", &["inbound", "outbound", "both"])?;
    form.one_of("Trim", &["trim-silence", "do-not-trim"])?;
    form.method("RecordingStatusCallbackMethod")?;
    let call_seq = call_seq(store, ctx)?;
    let call = store
        .calls
        .get(&call_seq)
        .ok_or_else(|| ApiError::not_found(ctx.path))?;
    if call.answered(ctx.now).is_none() || call.end_time(ctx.now).is_some() {
        return Err(ApiError::required(
            21220,
            "Call is not in-progress. Cannot start a recording.",
        ));
    }
    let call_sid = call.sid.clone();
    let (seq, record) = new_record(store, ctx, call_seq, &call_sid, Some(ctx.now));
    let view = record
        .view(store, ctx.now)
        .ok_or_else(|| ApiError::not_found(ctx.path))?;
    let reply = record.show(&view, true, StatusCode::CREATED);
    keep(
        store,
        |l| &mut l.recordings,
        seq,
        record,
        false,
        "recordings",
    )?;
    Ok(reply)
}

/// `Status=paused|in-progress|stopped` on a recording still in progress or paused.
fn update(store: &mut Store, ctx: &Ctx<'_>) -> Result<Reply, ApiError> {
    let status = ctx
        .form
        .one_of("Status", &["paused", "in-progress", "stopped"])?
        .ok_or_else(|| ApiError::invalid("Missing required parameter Status in the post body"))?;
    ctx.form.one_of("PauseBehavior", &["skip", "silence"])?;
    let seq = find(store, ctx, ctx.sid(), true)?;
    let now = ctx.now;
    let live = store
        .live
        .recordings
        .get(&seq)
        .is_some_and(|r| r.is_live(store, now));
    if !live {
        return Err(ApiError::invalid("The recording is over and cannot change"));
    }
    let record = store
        .live
        .recordings
        .get_mut(&seq)
        .ok_or_else(|| ApiError::not_found(ctx.path))?;
    match status.as_str() {
        "stopped" => record.stopped = Some(now),
        phase => {
            if record.changes.len() >= MAX_CHANGES {
                return Err(ApiError::invalid(format!(
                    "A recording keeps at most {MAX_CHANGES} pauses and resumptions"
                )));
            }
            let phase = if phase == "paused" {
                Phase::Paused
            } else {
                Phase::Recording
            };
            record.changes.push((now, phase));
        }
    }
    record.updated = now;
    let record = store
        .live
        .recordings
        .get(&seq)
        .ok_or_else(|| ApiError::not_found(ctx.path))?;
    let view = record
        .view(store, now)
        .ok_or_else(|| ApiError::not_found(ctx.path))?;
    Ok(record.show(&view, true, StatusCode::OK))
}

/// A page of the call's recordings (`by_call`) or the account's, newest first; the account's
/// list filters by `CallSid`, `ConferenceSid` (no recording here has one) and `DateCreated`.
fn list(store: &mut Store, ctx: &Ctx<'_>, by_call: bool) -> Result<Reply, ApiError> {
    let store = &*store;
    let query = ctx.query;
    let request = PageRequest::read(query, RecordingSid::PREFIXES, store.seed)?;
    let call = if by_call {
        call_seq(store, ctx)?;
        Some(ctx.param("CallSid"))
    } else {
        query.get("CallSid")
    };
    let conference = query.get("ConferenceSid");
    let created = DateFilter::read(query, "DateCreated")?;
    query.bool("IncludeSoftDeleted")?;
    let now = ctx.now;
    let slice = walk(&store.live.recordings, Order::NewestFirst, &request, |r| {
        *r.account == *ctx.account
            && call.is_none_or(|c| r.call_sid == c)
            && conference.is_none()
            && created.accepts(Some(r.created))
            && r.view(store, now).is_some()
    });
    let envelope = Envelope::new(ctx.path, query, &request, &slice, "RE", store.seed);
    let views = slice
        .items
        .iter()
        .filter_map(|(_, r)| r.view(store, now).map(|v| (*r, v)));
    if by_call {
        let items = views.map(|(r, v)| r.to_call_api(&v)).collect();
        Ok(Reply::json(
            StatusCode::OK,
            &CallRecordingPage::from_parts(items, envelope),
        ))
    } else {
        let items = views.map(|(r, v)| r.to_api(&v)).collect();
        Ok(Reply::json(
            StatusCode::OK,
            &RecordingPage::from_parts(items, envelope),
        ))
    }
}
